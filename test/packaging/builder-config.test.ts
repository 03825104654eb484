/**
 * The packaging configuration, checked with no download: scripts/check-builder-config.mjs run as CI
 * runs it (a child process, exit status + messages), on the real files and on broken temp copies,
 * so the check is shown to fail when it should.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import yaml from 'js-yaml'

const root = path.resolve(__dirname, '../..')
const script = path.join(root, 'scripts/check-builder-config.mjs')
let tmp = ''

function check(...args: string[]) {
  const r = spawnSync(process.execPath, [script, '--project', root, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

/** A temp copy of electron-builder.yml with `edit` applied; returns its absolute path. */
function brokenCopy(name: string, edit: (c: Record<string, any>) => void): string {
  const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>
  edit(config)
  const file = path.join(tmp, name)
  writeFileSync(file, yaml.dump(config))
  return file
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'layerlab-builder-'))
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('scripts/check-builder-config.mjs', () => {
  it('accepts electron-builder.yml and the Playwright profile electron-builder.test.yml', () => {
    const r = check()
    expect(r.out).toContain('electron-builder.yml, electron-builder.test.yml valid')
    expect(r.status).toBe(0)
  })

  it('rejects an option electron-builder does not know, naming it', () => {
    const r = check(brokenCopy('unknown-key.yml', (c) => (c.mac.notarise = true)))
    expect(r.status).toBe(1)
    expect(r.out).toMatch(/unknown option "notarise" in mac/)
  })

  it('rejects a value of the wrong type', () => {
    const r = check(brokenCopy('wrong-type.yml', (c) => (c.asar = 'yes please')))
    expect(r.status).toBe(1)
    expect(r.out).toMatch(/asar/)
  })

  it('rejects a missing icon, missing entitlements and missing extraResources', () => {
    const r = check(
      brokenCopy('missing.yml', (c) => {
        c.win.icon = 'build/no-such-icon.ico'
        c.mac.entitlements = 'build/no-such.plist'
        c.extraResources = [{ from: 'no-such-lessons', to: 'lessons' }]
      }),
    )
    expect(r.status).toBe(1)
    expect(r.out).toContain('win.icon names "build/no-such-icon.ico", which does not exist')
    expect(r.out).toContain('mac.entitlements names "build/no-such.plist", which does not exist')
    expect(r.out).toContain('extraResources names "no-such-lessons", which does not exist')
  })

  it('rejects a release config with a Node entry point left open, and a test profile that changes more than the inspect fuse', () => {
    const release = check(brokenCopy('open-fuse.yml', (c) => (c.electronFuses.runAsNode = true)))
    expect(release.status).toBe(1)
    expect(release.out).toContain('electronFuses.runAsNode must be false in a release build (is true)')

    const profile = path.join(tmp, 'bad.test.yml')
    writeFileSync(profile, yaml.dump({ extends: './electron-builder.yml', electronFuses: { enableNodeCliInspectArguments: true, enableNodeOptionsEnvironmentVariable: true } }))
    const test = check(profile)
    expect(test.status).toBe(1)
    expect(test.out).toContain('electronFuses.enableNodeOptionsEnvironmentVariable must be false in the test profile (is true)')
    expect(test.out).not.toContain('enableNodeCliInspectArguments must be')
  })

  it('the real test profile differs from the release config only in the inspect fuse', () => {
    const release = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>
    const profile = yaml.load(readFileSync(path.join(root, 'electron-builder.test.yml'), 'utf8')) as Record<string, any>
    expect(profile.extends).toBe('./electron-builder.yml')
    expect(release.electronFuses.enableNodeCliInspectArguments).toBe(false)
    expect(profile.electronFuses).toEqual({ enableNodeCliInspectArguments: true })
  })

  it('every generated icon is present with the size its name says', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const png = readFileSync(path.join(root, `build/icons/${size}x${size}.png`))
      // PNG IHDR: width and height are big-endian uint32 at bytes 16 and 20
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], `${size}x${size}.png`).toEqual([size, size])
    }
    expect(readFileSync(path.join(root, 'build/icon.ico')).readUInt16BE(0)).toBe(0) // ICONDIR reserved
    expect(readFileSync(path.join(root, 'build/icon.ico')).readUInt16LE(2)).toBe(1) // type 1 = icon
    expect(readFileSync(path.join(root, 'build/icon.icns')).subarray(0, 4).toString('latin1')).toBe('icns')
    expect(existsSync(path.join(root, 'build/icon.svg'))).toBe(true)
  })
})
