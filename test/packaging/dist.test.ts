/**
 * scripts/dist.mjs decides, before any build, whether packaging can get Electron's binaries:
 * from the @electron/get cache, or else from the download host (3 s probe). Network traffic stays on
 * loopback: the "unreachable host" is a closed local port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

const root = path.resolve(__dirname, '../..')
const script = path.join(root, 'scripts/dist.mjs')
const version = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version as string
let tmp = ''
let closedPort = 0

function dist(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'layerlab-dist-'))
  // a port that was free a moment ago and is closed now: connecting is refused at once
  closedPort = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('scripts/dist.mjs', () => {
  it('with no cached Electron and an unreachable download host, fails fast with one clear sentence', () => {
    const empty = path.join(tmp, 'empty-cache')
    mkdirSync(empty)
    const started = Date.now()
    const r = dist({ ELECTRON_CACHE: empty, ELECTRON_MIRROR: `https://127.0.0.1:${closedPort}/` }, '--dry-run')
    const elapsedMs = Date.now() - started
    expect(r.status).toBe(1)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`Electron ${version}'s binaries`)
    expect(lines[0]).toContain(`127.0.0.1:${closedPort} could not be reached`)
    expect(lines[0]).toContain(empty)
    expect(r.stdout).not.toContain('would run') // nothing was built
    console.log(`dist.mjs refused in ${elapsedMs} ms`)
  })

  it('with the Electron zip in the cache, goes on to build without probing the network', () => {
    const cache = path.join(tmp, 'cache')
    mkdirSync(path.join(cache, 'abc123hash'), { recursive: true })
    writeFileSync(path.join(cache, 'abc123hash', `electron-v${version}-${process.platform}-${process.arch}.zip`), 'zip')
    const r = dist({ ELECTRON_CACHE: cache, ELECTRON_MIRROR: `https://127.0.0.1:${closedPort}/` }, '--dry-run', '--linux', 'AppImage')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain(`Electron ${version} cached in ${cache}`)
    expect(r.stdout).toContain('would run: electron-vite build && electron-builder --linux AppImage')
  })

  it('a zip for another Electron version does not count as cached', () => {
    const cache = path.join(tmp, 'other-cache')
    mkdirSync(path.join(cache, 'h'), { recursive: true })
    writeFileSync(path.join(cache, 'h', `electron-v1.0.0-${process.platform}-${process.arch}.zip`), 'zip')
    const r = dist({ ELECTRON_CACHE: cache, ELECTRON_MIRROR: `https://127.0.0.1:${closedPort}/` }, '--dry-run')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('could not be reached')
  })
})
