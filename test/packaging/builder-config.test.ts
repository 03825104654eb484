/**
 * electron-builder.yml checked without any download: against electron-builder's own JSON schema
 * (app-builder-lib/scheme.json), with every resource it names present.
 */
import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import yaml from 'js-yaml'
import Ajv from 'ajv'

const root = path.resolve(__dirname, '../..')
const require = createRequire(import.meta.url)

function validator() {
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'))
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true })
  return ajv.compile(schema)
}

describe('electron-builder.yml', () => {
  const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>

  it('validates against electron-builder’s schema', () => {
    const validate = validator()
    const ok = validate(config)
    expect(ok, JSON.stringify(validate.errors, null, 2)).toBe(true)
  })

  it('a config with an unknown key is rejected (the check can fail)', () => {
    const validate = validator()
    expect(validate({ ...config, notAnOption: true })).toBe(false)
  })

  it('names only resources that exist, and fuses that close Node entry points', () => {
    for (const p of [config.linux.icon, config.win.icon, config.mac.icon, 'build/icons/512x512.png', 'lessons']) {
      expect(existsSync(path.join(root, p)), p).toBe(true)
    }
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false })
  })
})
