#!/usr/bin/env node
// Checks the packaging configuration with no download (CI runs it; `npm run check:builder`):
//  1. each YAML file parses and validates against electron-builder's own JSON schema
//     (node_modules/app-builder-lib/scheme.json) with ajv;
//  2. the effective config (after `extends`, merged by electron-builder's own loader) validates too;
//  3. every file it names exists (icons, entitlements, extraResources, buildResources, package.json);
//  4. the release fuses are set, and a test profile (*.test.yml) differs only by the inspect fuse.
// Usage: node scripts/check-builder-config.mjs [--project DIR] [config.yml ...]
//   (default: electron-builder.yml and electron-builder.test.yml in the project directory)
// Exit status 0 when all is well, 1 with one line per problem otherwise.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import Ajv from 'ajv'
import yaml from 'js-yaml'

const require = createRequire(import.meta.url)

/** The fuse values a release build must have (docs/security.md). */
export const RELEASE_FUSES = Object.freeze({
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
})
/** Linux icon sizes make-icons.mjs renders into build/icons. */
const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]

let compiled = null
function schemaValidator() {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'))
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true })
    compiled = ajv.compile(schema)
  }
  return compiled
}

/** ajv's errors as short, de-duplicated sentences (an unknown key is named, anyOf noise dropped). */
function schemaProblems(label, config) {
  const validate = schemaValidator()
  if (validate(config)) return []
  const out = new Set()
  for (const e of validate.errors ?? []) {
    const where = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : '(top level)'
    if (e.keyword === 'additionalProperties') out.add(`${label}: unknown option "${e.params.additionalProperty}" in ${where}`)
    else if (e.keyword === 'type' || e.keyword === 'enum') out.add(`${label}: ${where} ${e.message}${e.params.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : ''}`)
  }
  if (out.size === 0) for (const e of validate.errors ?? []) out.add(`${label}: ${e.instancePath || '(top level)'} ${e.message}`)
  return [...out].map((m) => `${m} — not valid for electron-builder's schema (app-builder-lib/scheme.json)`)
}

/** electron-builder's own loader: resolves `extends` and merges like the real build does. */
async function effectiveConfig(projectDir, configFile) {
  const { getConfig } = require('app-builder-lib/out/util/config/config.js')
  const { log } = require('builder-util')
  const info = log.info
  log.info = () => {} // silence its "loaded configuration" lines; warnings and errors still print
  try {
    return await getConfig(projectDir, configFile, null)
  } finally {
    log.info = info
  }
}

function resourceProblems(label, projectDir, config) {
  const problems = []
  const buildResources = path.resolve(projectDir, config.directories?.buildResources ?? 'build')
  const rel = (p) => path.relative(projectDir, p) || '.'
  if (!existsSync(buildResources) || !statSync(buildResources).isDirectory()) {
    problems.push(`${label}: directories.buildResources "${rel(buildResources)}" is not a directory`)
  }
  // electron-builder looks a resource up in buildResources first, then in the project directory
  const found = (p) => [path.resolve(buildResources, p), path.resolve(projectDir, p)].find((c) => existsSync(c))
  const named = [
    ['icon', config.icon],
    ['linux.icon', config.linux?.icon],
    ['win.icon', config.win?.icon],
    ['mac.icon', config.mac?.icon],
    ['dmg.icon', config.dmg?.icon],
    ['dmg.background', config.dmg?.background],
    ['nsis.installerIcon', config.nsis?.installerIcon],
    ['nsis.uninstallerIcon', config.nsis?.uninstallerIcon],
    ['nsis.installerHeaderIcon', config.nsis?.installerHeaderIcon],
    ['nsis.include', config.nsis?.include],
    ['nsis.license', config.nsis?.license],
    ['mac.entitlements', config.mac?.entitlements],
    ['mac.entitlementsInherit', config.mac?.entitlementsInherit],
  ]
  for (const [key, value] of named) {
    if (typeof value !== 'string') continue
    if (!found(value)) problems.push(`${label}: ${key} names "${value}", which does not exist (looked in ${rel(buildResources)}/ and the project directory)`)
  }
  const linuxIcon = typeof config.linux?.icon === 'string' ? found(config.linux.icon) : undefined
  if (linuxIcon && statSync(linuxIcon).isDirectory()) {
    const have = new Set(readdirSync(linuxIcon))
    const missing = LINUX_ICON_SIZES.filter((s) => !have.has(`${s}x${s}.png`))
    if (missing.length) problems.push(`${label}: linux.icon folder ${rel(linuxIcon)} lacks ${missing.map((s) => `${s}x${s}.png`).join(', ')} (run npm run icons)`)
  }
  for (const key of ['entitlements', 'entitlementsInherit']) {
    const file = typeof config.mac?.[key] === 'string' ? found(config.mac[key]) : undefined
    if (!file) continue
    try {
      const parsed = require('plist').parse(readFileSync(file, 'utf8'))
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('top level is not a <dict>')
    } catch (err) {
      problems.push(`${label}: mac.${key} ${rel(file)} is not a valid property list: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
    }
  }
  for (const key of ['extraResources', 'extraFiles']) {
    for (const entry of [config[key] ?? []].flat()) {
      const from = typeof entry === 'string' ? entry : entry?.from
      if (typeof from === 'string' && !existsSync(path.resolve(projectDir, from))) problems.push(`${key} names "${from}", which does not exist`.replace(/^/, `${label}: `))
    }
  }
  if (!existsSync(path.join(projectDir, 'package.json'))) problems.push(`${label}: package.json is missing from the project directory`)
  else {
    const main = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8')).main
    const patterns = [config.files ?? []].flat().flatMap((f) => (typeof f === 'string' ? [f] : [f?.filter ?? []].flat()))
    const topDirs = patterns.map((p) => p.split('/')[0]).filter((p) => !p.includes('*') && !p.startsWith('!'))
    const mainTop = typeof main === 'string' ? path.normalize(main).split(path.sep)[0] : undefined
    if (!mainTop || !topDirs.includes(mainTop)) problems.push(`${label}: package.json "main" (${main}) is not inside the packaged files (${patterns.join(', ')})`)
  }
  return problems
}

function fuseProblems(label, configFile, config) {
  const isTestProfile = /\.test\.ya?ml$/i.test(configFile)
  const expected = { ...RELEASE_FUSES, ...(isTestProfile ? { enableNodeCliInspectArguments: true } : {}) }
  const actual = config.electronFuses ?? {}
  const problems = []
  for (const [fuse, value] of Object.entries(expected)) {
    if (actual[fuse] !== value) problems.push(`${label}: electronFuses.${fuse} must be ${value}${isTestProfile ? ' in the test profile' : ' in a release build'} (is ${actual[fuse] ?? 'unset'})`)
  }
  return problems
}

/**
 * Checks the given config files (paths relative to projectDir or absolute).
 * @returns {Promise<string[]>} one sentence per problem; empty when everything is fine
 */
export async function checkBuilderConfig(projectDir, configFiles) {
  const problems = []
  for (const configFile of configFiles) {
    const file = path.resolve(projectDir, configFile)
    const label = path.relative(projectDir, file).startsWith('..') ? file : path.relative(projectDir, file)
    if (!existsSync(file)) {
      problems.push(`${label}: file not found`)
      continue
    }
    let raw
    try {
      raw = yaml.load(readFileSync(file, 'utf8'))
    } catch (err) {
      problems.push(`${label}: not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
      continue
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push(`${label}: the top level must be a mapping of electron-builder options`)
      continue
    }
    const own = schemaProblems(label, raw)
    problems.push(...own)
    let merged
    try {
      merged = await effectiveConfig(projectDir, file)
    } catch (err) {
      problems.push(`${label}: electron-builder could not load it: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
      continue
    }
    if (raw.extends != null) {
      const { extends: _ignored, ...rest } = merged
      // the parent's own problems are reported once, for the parent; only report new ones here
      if (own.length === 0) problems.push(...schemaProblems(`${label} (after extends)`, rest))
    }
    problems.push(...resourceProblems(label, projectDir, merged))
    problems.push(...fuseProblems(label, file, merged))
  }
  return [...new Set(problems)]
}

async function main(argv) {
  let projectDir = process.cwd()
  const files = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--project') projectDir = path.resolve(argv[++i] ?? '.')
    else files.push(argv[i])
  }
  if (files.length === 0) files.push('electron-builder.yml', 'electron-builder.test.yml')
  const problems = await checkBuilderConfig(projectDir, files)
  if (problems.length) {
    for (const p of problems) console.error(`✗ ${p}`)
    console.error(`check-builder-config: ${problems.length} problem(s); packaging would fail or ship an unsafe build.`)
    process.exit(1)
  }
  console.log(`check-builder-config: ${files.join(', ')} valid against electron-builder's schema; all resources present; fuses as required.`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`check-builder-config: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  })
}
