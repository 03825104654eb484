#!/usr/bin/env node
// `npm run audit:electron`: Electronegativity over the Electron side of Layerlab, offline, with a gate.
//  1. stages what ships into a temp folder: src/main (no *.test.ts), src/preload, the renderer's
//     index.html, package.json — and, unless --no-built, the electron-vite build (out/main,
//     out/preload, out/renderer/index.html: the bundle, third-party code included);
//  2. runs Electronegativity's library API over it (its CLI fetches translations and Electron's
//     release list from the internet: `got` is replaced by a stub that fails at once, the release
//     check AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK is left out, and the Electron version is the one
//     installed in node_modules);
//  3. writes SARIF 2.1.0 (default reports/electronegativity.sarif) with each finding's severity and
//     confidence, explained findings carrying an external suppression with the reason;
//  4. fails (exit 1) on any finding of severity MEDIUM or above that the table under
//     "## Electronegativity findings explained" in docs/security.md does not explain
//     (| check | file | reason |), on a table row that explains nothing (stale), and on a file
//     Electronegativity could not parse. A finding in the built output (out/…) is explained when
//     the same check is explained for a source file: the build may repeat findings, not add new ones.
// Usage: node scripts/audit-electron.mjs [--root DIR] [--input PATH]... [--doc FILE] [--sarif FILE] [--no-built]
//   --input: files/folders relative to --root to scan instead of the defaults (implies --no-built).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import Module, { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export const GATE_SEVERITY = 'MEDIUM'
const SEVERITY_RANK = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 }
export const DEFAULT_INPUTS = ['src/main', 'src/preload', 'src/renderer/index.html', 'package.json']
const BUILT_INPUTS = ['out/main', 'out/preload', 'out/renderer/index.html']
/** Needs Electron's release list from github.com: cannot run offline (docs/security.md). */
const NETWORK_CHECKS = ['availablesecurityfixesglobalcheck']
/**
 * The renderer's webPreferences switches are the checklist's core, but Electronegativity reports an
 * explicit `nodeIntegration: true` (and the other switches' unsafe values) only as INFORMATIONAL
 * when the Electron version's default is safe. Layerlab's policy: any report of these checks is HIGH.
 */
export const RAISED_TO_HIGH = new Set([
  'NODE_INTEGRATION_JS_CHECK',
  'NODE_INTEGRATION_HTML_CHECK',
  'NODE_INTEGRATION_ATTACH_EVENT_JS_CHECK',
  'CONTEXT_ISOLATION_JS_CHECK',
  'SANDBOX_JS_CHECK',
  'WEB_SECURITY_JS_CHECK',
  'WEB_SECURITY_HTML_CHECK',
  'INSECURE_CONTENT_JS_CHECK',
  'INSECURE_CONTENT_HTML_CHECK',
  'EXPERIMENTAL_FEATURES_JS_CHECK',
  'EXPERIMENTAL_FEATURES_HTML_CHECK',
  'BLINK_FEATURES_JS_CHECK',
  'BLINK_FEATURES_HTML_CHECK',
  'ALLOWPOPUPS_HTML_CHECK',
  'REMOTE_MODULE_JS_CHECK',
])
/**
 * Layerlab's complement: Electronegativity drops its nodeIntegration finding whenever `sandbox` is
 * set to a literal (NodeIntegrationJSCheck), so an unsafe switch written next to `sandbox: true`
 * goes unreported. This line check reports any unsafe literal value of a webPreferences switch.
 */
export const WEBPREFS_CHECK = 'LAYERLAB_WEBPREFERENCES_CHECK'
const UNSAFE_SWITCHES = [
  /\b(nodeIntegration|nodeIntegrationInWorker|nodeIntegrationInSubFrames|webviewTag|allowRunningInsecureContent|experimentalFeatures|enableRemoteModule)\s*:\s*(true|!0)\b/,
  /\b(contextIsolation|sandbox|webSecurity)\s*:\s*(false|!1)\b/,
  /\b(enableBlinkFeatures)\s*:/,
]
export function unsafeSwitches(file, text) {
  const out = []
  text.split(/\r?\n/).forEach((line, i) => {
    for (const re of UNSAFE_SWITCHES) {
      const m = re.exec(line)
      if (m)
        out.push({
          id: WEBPREFS_CHECK,
          file,
          line: i + 1,
          column: m.index,
          severity: 'HIGH',
          reportedSeverity: 'HIGH',
          confidence: 'FIRM',
          manualReview: false,
          description: `Unsafe webPreferences switch "${m[0]}": the renderer must keep contextIsolation, sandbox and webSecurity on and Node, webview, insecure content and experimental/Blink features off.`,
        })
    }
  })
  return out
}
function walk(dir, base = dir) {
  const out = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...walk(p, base))
    else if (/\.(c|m)?(j|t)sx?$/.test(e.name)) out.push(path.relative(base, p).split(path.sep).join('/'))
  }
  return out
}

export const TABLE_HEADING = '## Electronegativity findings explained'

/** Electronegativity, loaded with `got` replaced by a stub: no request leaves the machine. */
function loadElectronegativity() {
  const load = Module._load
  Module._load = function (request, ...rest) {
    if (request === 'got') {
      const offline = () => Promise.reject(new Error('offline: audit:electron makes no network request'))
      offline.head = offline
      offline.get = offline
      return offline
    }
    return load.call(this, request, ...rest)
  }
  try {
    const mod = require('@doyensec/electronegativity')
    return { run: mod.default ?? mod, version: require('@doyensec/electronegativity/package.json').version }
  } finally {
    Module._load = load
  }
}

function installedElectronVersion() {
  try {
    return JSON.parse(readFileSync(path.join(PROJECT, 'node_modules/electron/package.json'), 'utf8')).version
  } catch {
    const range = JSON.parse(readFileSync(path.join(PROJECT, 'package.json'), 'utf8')).devDependencies?.electron ?? ''
    return range.replace(/^[^\d]*/, '') || undefined
  }
}

/**
 * The explanation table of docs/security.md: rows `| CHECK_ID | path/to/file | reason |` after the
 * heading, until the next heading. Returns rows and format problems.
 */
export function parseExplanations(markdown) {
  const lines = markdown.split(/\r?\n/)
  const start = lines.findIndex((l) => l.trim() === TABLE_HEADING)
  if (start < 0) return { rows: [], problems: [`no "${TABLE_HEADING}" section`] }
  const rows = []
  const problems = []
  for (let i = start + 1; i < lines.length && !/^#{1,6} /.test(lines[i]); i++) {
    const line = lines[i].trim()
    if (!line.startsWith('|')) continue
    const cells = line
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim().replace(/^`|`$/g, ''))
    if (cells[0] === 'check' || /^-+$/.test(cells[0].replace(/:/g, ''))) continue
    const [check, file, reason] = cells
    if (!/^[A-Z0-9_]+$/.test(check ?? '') || !file || !reason || reason.length < 20) {
      problems.push(`docs table row ${i + 1} is not "| CHECK_ID | file | reason (a sentence) |": ${line}`)
      continue
    }
    rows.push({ check, file, reason, line: i + 1 })
  }
  return { rows, problems }
}

/** Gate decision for findings (files relative to the project) against explanation rows. */
export function gate(issues, rows) {
  const used = new Set()
  const explain = (issue) => {
    const direct = rows.find((r) => r.check === issue.id && r.file === issue.file)
    if (direct) return direct
    // built output: the same check must be explained for a source file
    if (issue.file.startsWith('out/')) return rows.find((r) => r.check === issue.id && !r.file.startsWith('out/'))
    return undefined
  }
  const findings = issues.map((issue) => {
    const row = explain(issue)
    if (row && !issue.file.startsWith('out/')) used.add(row)
    if (row && issue.file.startsWith('out/') && row.file === issue.file) used.add(row)
    return {
      ...issue,
      explanation: row?.reason ?? null,
      gated: SEVERITY_RANK[issue.severity] >= SEVERITY_RANK[GATE_SEVERITY],
    }
  })
  const unexplained = findings.filter((f) => f.gated && !f.explanation)
  const stale = rows.filter((r) => !used.has(r))
  return { findings, unexplained, stale }
}

function stage(root, inputs) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-audit-'))
  for (const input of inputs) {
    const from = path.join(root, input)
    if (!existsSync(from)) throw new Error(`audit:electron: ${input} does not exist under ${root}`)
    const to = path.join(dir, input)
    mkdirSync(path.dirname(to), { recursive: true })
    cpSync(from, to, {
      recursive: true,
      filter: (src) => !/\.test\.[cm]?[jt]s$/.test(src) && !src.includes(`${path.sep}node_modules`),
    })
  }
  return dir
}

function toSarif(toolVersion, findings) {
  const rules = [...new Map(findings.map((f) => [f.id, f])).values()].map((f) => ({
    id: f.id,
    shortDescription: { text: f.description.split('\n')[0].slice(0, 200) },
    fullDescription: { text: f.description },
    helpUri: `https://github.com/doyensec/electronegativity/wiki/${f.id}`,
    properties: { category: 'Security' },
  }))
  const level = (s) => (s === 'HIGH' ? 'error' : s === 'MEDIUM' ? 'warning' : 'note')
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Electronegativity',
            version: toolVersion,
            informationUri: 'https://github.com/doyensec/electronegativity',
            rules,
          },
        },
        originalUriBaseIds: { PROJECTROOT: { uri: './' } },
        results: findings.map((f) => ({
          ruleId: f.id,
          level: level(f.severity),
          message: { text: f.description },
          locations: [
            {
              physicalLocation: {
                artifactLocation:
                  f.file === 'N/A'
                    ? { uri: 'package.json', uriBaseId: 'PROJECTROOT' }
                    : { uri: f.file, uriBaseId: 'PROJECTROOT' },
                region: { startLine: Math.max(1, f.line), startColumn: f.column + 1 },
              },
            },
          ],
          properties: {
            severity: f.severity,
            reportedSeverity: f.reportedSeverity,
            confidence: f.confidence,
            manualReview: f.manualReview,
            gated: f.gated,
          },
          ...(f.explanation
            ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.explanation }] }
            : {}),
        })),
      },
    ],
  }
}

/** Runs the audit; returns the decision (and writes SARIF when `sarif` is set). */
export async function audit({
  root = PROJECT,
  inputs = DEFAULT_INPUTS,
  doc = path.join(PROJECT, 'docs/security.md'),
  sarif = null,
  quiet = false,
} = {}) {
  const { run, version } = loadElectronegativity()
  const electronVersion = installedElectronVersion()
  const dir = stage(root, inputs)
  const log = console.log
  // Electronegativity prints "could not retrieve translations" etc. for each run: keep the output to ours
  console.log = (...a) => {
    if (!quiet && !String(a[0] ?? '').match(/translations|Electron's (new )?releases/)) log(...a)
  }
  let result
  let extra = []
  try {
    for (const f of walk(dir)) extra.push(...unsafeSwitches(f, readFileSync(path.join(dir, f), 'utf8')))
    result = await run({
      input: dir,
      isRelative: true,
      customScan: [],
      excludeFromScan: [...NETWORK_CHECKS],
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    })
  } finally {
    console.log = log
    rmSync(dir, { recursive: true, force: true })
  }
  const issues = result.issues.map((i) => ({
    id: i.id,
    file: i.file === 'N/A' ? 'N/A' : i.file.split(path.sep).join('/'),
    line: i.location?.line ?? 0,
    column: i.location?.column ?? 0,
    severity: RAISED_TO_HIGH.has(i.id) ? 'HIGH' : i.severity.name,
    reportedSeverity: i.severity.name,
    confidence: i.confidence.name,
    manualReview: Boolean(i.manualReview),
    description: String(i.description ?? ''),
  }))
  issues.push(...extra)
  const { rows, problems } = existsSync(doc)
    ? parseExplanations(readFileSync(doc, 'utf8'))
    : { rows: [], problems: [`${doc} does not exist`] }
  const decision = gate(issues, rows)
  const parseErrors = result.errors
    .filter((e) => !e.tolerable)
    .map((e) => `${path.relative(dir, e.file)}: ${e.message}`)
  if (sarif) {
    mkdirSync(path.dirname(sarif), { recursive: true })
    writeFileSync(sarif, JSON.stringify(toSarif(version, decision.findings), null, 2) + '\n')
  }
  return {
    ...decision,
    problems,
    parseErrors,
    checks: result.globalChecks + result.atomicChecks,
    electronVersion,
    toolVersion: version,
  }
}

function counts(findings) {
  const c = { HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 }
  for (const f of findings) c[f.severity]++
  return Object.entries(c)
    .map(([k, v]) => `${v} ${k.toLowerCase()}`)
    .join(', ')
}

async function main(argv) {
  const args = { root: PROJECT, inputs: [], doc: null, sarif: null, built: true }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--root') args.root = path.resolve(argv[++i])
    else if (a === '--input') args.inputs.push(argv[++i])
    else if (a === '--doc') args.doc = path.resolve(argv[++i])
    else if (a === '--sarif') args.sarif = path.resolve(argv[++i])
    else if (a === '--no-built') args.built = false
    else throw new Error(`audit:electron: unknown argument ${a}`)
  }
  let inputs = args.inputs
  if (inputs.length === 0) {
    inputs = [...DEFAULT_INPUTS]
    if (args.built) {
      // the bundle as it ships (electron-vite needs no Electron binary to build)
      const b = spawnSync(
        process.execPath,
        [path.join(PROJECT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'error'],
        { cwd: args.root, encoding: 'utf8' },
      )
      if (b.status !== 0) {
        console.error(
          `audit:electron: electron-vite build failed, cannot audit the built output:\n${b.stderr || b.stdout}`,
        )
        return 1
      }
      inputs.push(...BUILT_INPUTS)
    }
  }
  const doc = args.doc ?? path.join(args.root, 'docs/security.md')
  const sarif = args.sarif ?? path.join(args.root, 'reports/electronegativity.sarif')
  const r = await audit({ root: args.root, inputs, doc, sarif })
  console.log(
    `Electronegativity ${r.toolVersion} (${r.checks} checks, Electron ${r.electronVersion}) over ${inputs.join(', ')}`,
  )
  console.log(`findings: ${counts(r.findings)}; SARIF: ${path.relative(process.cwd(), sarif)}`)
  for (const f of r.findings.filter((x) => x.gated)) {
    console.log(`  ${f.explanation ? 'explained' : 'UNEXPLAINED'} ${f.severity} ${f.id} ${f.file}:${f.line}`)
  }
  const failures = [
    ...r.unexplained.map(
      (f) =>
        `${f.severity} ${f.id} at ${f.file}:${f.line} is not explained in ${path.relative(args.root, doc)} — ${f.description.split('\n')[0]}`,
    ),
    ...r.stale.map(
      (s) =>
        `${path.relative(args.root, doc)}:${s.line} explains ${s.check} in ${s.file}, which the audit no longer reports: remove the row`,
    ),
    ...r.problems,
    ...r.parseErrors.map((e) => `could not parse ${e}`),
  ]
  if (failures.length) {
    for (const f of failures) console.error(`audit:electron: ${f}`)
    return 1
  }
  console.log(`audit:electron: no unexplained finding of severity ${GATE_SEVERITY} or above`)
  return 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`audit:electron: ${e.message}`)
      process.exit(1)
    },
  )
}
