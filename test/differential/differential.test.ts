/**
 * Differential test: every scenario (scenarios/*.txt, one docker command per line) runs through the
 * simulator with Layerlab's CLI emulator and through the real docker CLI against the daemon CI
 * starts, both from the same base image (`docker import` of the same busybox tarball). Outputs are
 * normalised (IDs → placeholders by first appearance, relative times, column spacing) and compared
 * line by line; the match rate is printed per scenario and must stay above the threshold.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createSimulator } from '../../src/domain/sim'
import { runDockerCommand } from '../../src/domain/cli'
import { createNodeHostFs } from '../../src/main/host-fs'
import { splitLine } from '../../src/domain/cli'

const ROOT = path.resolve(__dirname, '../..')
const TAR = process.env.LAYERLAB_BASE_TAR ?? '/tmp/layerlab-services/busybox-rootfs.tar'
const BASE = 'lldiff/busybox:base'
/** raise as the simulator improves */
const THRESHOLD = 0.95

function daemonUp(): boolean {
  return spawnSync('docker', ['version'], { stdio: 'ignore' }).status === 0
}

interface Result {
  out: string
  err: string
  code: number
}

function realDocker(line: string): Result {
  const words = splitLine(line)
  const r = spawnSync(words[0], words.slice(1), { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '0' }, timeout: 60_000 })
  return { out: r.stdout ?? '', err: r.stderr ?? '', code: r.status ?? -1 }
}

function cleanReal() {
  const ids = execFileSync('docker', ['ps', '-aq', '--filter', 'name=lldiff-'], { encoding: 'utf8' }).split('\n').filter(Boolean)
  const named = spawnSync('docker', ['ps', '-aq', '--filter', 'name=^/x$'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)
  if (ids.length || named.length) spawnSync('docker', ['rm', '-f', ...ids, ...named], { stdio: 'ignore' })
  const imgs = execFileSync('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}'], { encoding: 'utf8' })
    .split('\n')
    .filter((r) => r.startsWith('lldiff/') && r !== BASE)
  if (imgs.length) spawnSync('docker', ['rmi', '-f', ...imgs], { stdio: 'ignore' })
}

/** IDs → <id1>, <id2>… by first appearance (a 12-hex short form shares its full ID's placeholder). */
function normalizer() {
  const seen: string[] = []
  const idOf = (hex: string) => {
    let i = seen.findIndex((h) => h.startsWith(hex) || hex.startsWith(h))
    if (i < 0) i = seen.push(hex) - 1
    else if (hex.length > seen[i].length) seen[i] = hex
    return `<id${i + 1}>`
  }
  return (text: string) =>
    text
      .replace(/DEPRECATED: The legacy builder[\s\S]*?environment-variable\.\n/g, '')
      .replace(/\b[0-9a-f]{64}\b|\b[0-9a-f]{12}\b/g, (m) => idOf(m))
      .replace(/(Less than a second|About a minute|About an hour|\d+ (seconds?|minutes?|hours?|days?|weeks?|months?|years?)) ago/g, '<ago>')
      .replace(/Up (Less than a second|About a minute|\d+ \w+)/g, 'Up <t>')
      .replace(/Exited \((\d+)\) <ago>/g, 'Exited ($1) <ago>')
      .replace(/[ \t]+/g, ' ')
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l !== '')
}

function compare(a: string[], b: string[]): { same: number; total: number; diffs: string[] } {
  const total = Math.max(a.length, b.length)
  let same = 0
  const diffs: string[] = []
  for (let i = 0; i < total; i++) {
    if (a[i] === b[i]) same++
    else diffs.push(`  sim:  ${a[i] ?? '(none)'}\n  real: ${b[i] ?? '(none)'}`)
  }
  return { same, total, diffs }
}

const scenarios = readdirSync(path.join(ROOT, 'scenarios')).filter((f) => f.endsWith('.txt')).sort()
const available = daemonUp() && existsSync(TAR)
if (!available && process.env.CI !== 'true') console.warn(`differential tests skipped: ${existsSync(TAR) ? 'no Docker daemon' : `no base tarball at ${TAR}`} (CI=true makes this a failure)`)

describe.runIf(available || process.env.CI === 'true')('simulator vs a real daemon, through the same docker command lines', () => {
  const rates: Array<{ name: string; same: number; total: number }> = []
  // leave the daemon as we found it: no base image left behind (a re-import would leave it dangling)
  afterAll(() => {
    if (daemonUp()) spawnSync('docker', ['rmi', '-f', BASE], { stdio: 'ignore' })
  })

  it('has a daemon and the base tarball (CI starts both)', () => {
    expect(daemonUp(), 'no Docker daemon answers').toBe(true)
    expect(existsSync(TAR), `no ${TAR}`).toBe(true)
    const r = realDocker(`docker import ${TAR} ${BASE}`)
    expect(r.code, r.err).toBe(0)
  })

  for (const file of scenarios) {
    it(`scenario ${file}`, async () => {
      cleanReal()
      const lines = readFileSync(path.join(ROOT, 'scenarios', file), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
      const engine = createSimulator()
      const host = createNodeHostFs(ROOT)
      const silent = { stdout: () => {}, stderr: () => {} }
      expect(await runDockerCommand(`docker import ${TAR} ${BASE}`, { engine, host, io: silent })).toBe(0)
      const normSim = normalizer()
      const normReal = normalizer()
      let simText = ''
      let realText = ''
      for (const line of lines) {
        let out = ''
        let err = ''
        const code = await runDockerCommand(line, { engine, host, io: { stdout: (s) => (out += s), stderr: (s) => (err += s) } })
        // the daemon lists a container's changes in no fixed order: compare `docker diff` as a set
        const order = (text: string) => (/^docker (container )?diff /.test(line) ? text.split('\n').filter(Boolean).sort().map((l) => l + '\n').join('') : text)
        simText += `$ ${line}\n${order(out)}${err}[exit ${code}]\n`
        const real = realDocker(line)
        realText += `$ ${line}\n${order(real.out)}${real.err}[exit ${real.code}]\n`
      }
      cleanReal()
      const { same, total, diffs } = compare(normSim(simText), normReal(realText))
      rates.push({ name: file, same, total })
      const rate = same / total
      console.log(`differential ${file}: ${same}/${total} lines match (${(rate * 100).toFixed(1)}%)${diffs.length ? '\n' + diffs.join('\n') : ''}`)
      expect(rate, `${file} matches ${(rate * 100).toFixed(1)}% (< ${THRESHOLD * 100}%)`).toBeGreaterThanOrEqual(THRESHOLD)
    })
  }

  it('overall match rate', () => {
    const same = rates.reduce((a, r) => a + r.same, 0)
    const total = rates.reduce((a, r) => a + r.total, 0)
    console.log(
      `differential match rate:\n${rates.map((r) => `  ${r.name.padEnd(32)} ${((r.same / r.total) * 100).toFixed(1).padStart(5)}%  (${r.same}/${r.total})`).join('\n')}\n  ${'overall'.padEnd(32)} ${((same / total) * 100).toFixed(1).padStart(5)}%  (${same}/${total})`,
    )
    expect(total).toBeGreaterThan(50)
    expect(same / total).toBeGreaterThanOrEqual(THRESHOLD)
  })
})
