/**
 * Differential tests: every scenario (scenarios/*.txt, one docker command per line) runs through the
 * real docker CLI against the daemon CI starts and, through Layerlab's CLI emulator, on
 *   1. the simulator (from the same base image: `docker import` of the same busybox tarball);
 *   2. the live engine, on the same daemon (the CLI emulator over dockerode against the docker CLI).
 * Strict (harness.ts): stdout and stderr apart and whole, tables checked for docker's alignment and
 * compared cell by cell, nothing collapsed. A difference is allowed only when KNOWN names it (by
 * scenario and command) with its reason; a known difference that went away fails too.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createSimulator } from '../../src/domain/sim'
import { runDockerCommand, splitLine } from '../../src/domain/cli'
import type { DockerEngine } from '../../src/domain/engine'
import { createNodeHostFs } from '../../src/main/host-fs'
import { connectLive } from '../../src/main/live/live-engine'
import { canonicalTables, diffChunks, entry, judge, realDocker, showChunks, sortUploads, strictNormalizer, type Known, type Result } from './harness'

const ROOT = path.resolve(__dirname, '../..')
const TAR = process.env.LAYERLAB_BASE_TAR ?? '/tmp/layerlab-services/busybox-rootfs.tar'
const SOCKET = process.env.LAYERLAB_TEST_DOCKER ?? 'unix:///var/run/docker.sock'
/**
 * Every name a scenario writes as `lldiff…` becomes `<side><run>…`, so concurrent runs on a shared
 * daemon (and the registry, which keeps what earlier runs pushed) never meet, and the two sides of
 * the live differential never meet each other: `lldr` the docker CLI, `llde` the emulator, both the
 * same length so that tables are as wide on both.
 */
const RUN = `${Date.now().toString(36).slice(-4)}${process.pid.toString(36).slice(-2)}`
const nsOf = (side: 'lldr' | 'llde') => `${side}${RUN}`

/**
 * Differences known by name, each with why. `at` matches the command under which it shows (with
 * this run's names written back as `lldiff`).
 */
const KNOWN: Record<'simulator' | 'live', Record<string, Known[]>> = {
  simulator: {},
  live: {},
}

function daemonUp(): boolean {
  return spawnSync('docker', ['version'], { stdio: 'ignore' }).status === 0
}

async function registryUp(): Promise<boolean> {
  try {
    return (await fetch('http://127.0.0.1:5000/v2/', { signal: AbortSignal.timeout(2000) })).ok
  } catch {
    return false
  }
}

const real = (line: string): Result => realDocker(splitLine(line), { cwd: ROOT })

/** Removes what a namespace created on the daemon (its containers, its images but its base unless `all`); nothing else. */
function cleanReal(ns: string, all = false) {
  const ids = execFileSync('docker', ['ps', '-aq', '--filter', `name=${ns}`], { encoding: 'utf8' }).split('\n').filter(Boolean)
  if (ids.length) spawnSync('docker', ['rm', '-f', ...ids], { stdio: 'ignore' })
  const imgs = execFileSync('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}'], { encoding: 'utf8' })
    .split('\n')
    .filter((r) => r.includes(ns) && (all || r !== `${ns}/busybox:base`))
  if (imgs.length) spawnSync('docker', ['rmi', '-f', ...imgs], { stdio: 'ignore' })
}

/** A build context copied to a temporary folder with these names in its Dockerfile. */
function contexts(ns: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lldiff-ctx-'))
  cpSync(path.join(__dirname, 'contexts'), dir, { recursive: true })
  for (const name of readdirSync(dir)) {
    const df = path.join(dir, name, 'Dockerfile')
    if (existsSync(df)) writeFileSync(df, readFileSync(df, 'utf8').replace(/lldiff/g, ns))
  }
  return dir
}

function scenarioLines(file: string): string[] {
  return readFileSync(path.join(ROOT, 'scenarios', file), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
}

/** One side's transcript of a scenario: its names written back as `lldiff`, then normalised. */
async function transcript(lines: string[], ns: string, run: (line: string) => Promise<Result>, kernel: string): Promise<string[]> {
  const ctxDir = contexts(ns)
  let text = ''
  try {
    for (const template of lines) {
      const line = template.replace(/lldiff/g, ns).replace(/@CTX@/g, ctxDir).replace(/@TAR@/g, TAR)
      const r = await run(line)
      // the daemon lists a container's changes in no fixed order: compare `docker diff` as a set
      const out = /^docker (container )?diff /.test(template) ? r.out.split('\n').filter(Boolean).sort().map((l) => l + '\n').join('') : r.out
      text += entry(template, { ...r, out })
    }
  } finally {
    rmSync(ctxDir, { recursive: true, force: true })
  }
  // tables are checked as printed (this run's names in them), then names written back and normalised
  const unname = canonicalTables(text).split(ns).join('lldiff').split(ctxDir).join('@CTX@')
  return sortUploads(strictNormalizer(kernel)(unname).split('\n'))
}

function emulated(engine: DockerEngine): (line: string) => Promise<Result> {
  const host = createNodeHostFs(ROOT)
  return async (line) => {
    let out = ''
    let err = ''
    const code = await runDockerCommand(line, { engine, host, io: { stdout: (s) => (out += s), stderr: (s) => (err += s) } })
    return { out, err, code }
  }
}

function verdict(kind: 'simulator' | 'live', file: string, ours: string[], theirs: string[]) {
  const chunks = diffChunks(ours, theirs)
  const { unexplained, unused } = judge(chunks, KNOWN[kind][file] ?? [])
  const same = Math.max(ours.length, theirs.length) - chunks.reduce((a, c) => a + Math.max(c.ours.length, c.real.length), 0)
  console.log(`differential (${kind}) ${file}: ${same}/${Math.max(ours.length, theirs.length)} lines the same${chunks.length ? `, ${chunks.length} known difference(s)` : ''}`)
  for (const k of KNOWN[kind][file] ?? []) if (!unused.includes(k)) console.log(`  known: ${k.name} — ${k.why}`)
  expect(unexplained, `${kind} ${file} differs from docker:\n${showChunks(unexplained)}`).toEqual([])
  expect(unused.map((k) => k.name), `${kind} ${file}: listed as known differences but no longer seen — take them off KNOWN`).toEqual([])
}

const scenarios = readdirSync(path.join(ROOT, 'scenarios')).filter((f) => f.endsWith('.txt')).sort()
const available = daemonUp() && existsSync(TAR)
if (!available && process.env.CI !== 'true') console.warn(`differential tests skipped: ${existsSync(TAR) ? 'no Docker daemon' : `no base tarball at ${TAR}`} (CI=true makes this a failure)`)

describe.runIf(available || process.env.CI === 'true')('the docker CLI emulator vs the docker CLI, through the same command lines', () => {
  const realNs = nsOf('lldr')
  const emuNs = nsOf('llde')
  // leave the daemon as we found it: no base image left behind (a re-import would leave it dangling)
  afterAll(() => {
    if (!daemonUp()) return
    for (const ns of [realNs, emuNs]) cleanReal(ns, true)
  })

  it('has a daemon and the base tarball (CI starts both)', () => {
    expect(daemonUp(), 'no Docker daemon answers').toBe(true)
    expect(existsSync(TAR), `no ${TAR}`).toBe(true)
    for (const ns of [realNs, emuNs]) {
      const r = real(`docker import ${TAR} ${ns}/busybox:base`)
      expect(r.code, r.err).toBe(0)
    }
  })

  const kernelOf = async (engine: DockerEngine) => (await engine.version()).KernelVersion
  const realKernel = () => real("docker version -f '{{.Server.KernelVersion}}'").out.trim()

  for (const file of scenarios) {
    it(`scenario ${file}`, async (t) => {
      // a scenario that talks to the registry needs the one CI starts on 127.0.0.1:5000
      if (readFileSync(path.join(ROOT, 'scenarios', file), 'utf8').includes('127.0.0.1:5000') && !(await registryUp())) {
        if (process.env.CI === 'true') throw new Error('no registry answers on 127.0.0.1:5000 (bash .ci/services.sh start)')
        console.warn(`differential ${file} skipped: no registry answers on 127.0.0.1:5000 (CI=true makes this a failure)`)
        t.skip(`no registry answers on 127.0.0.1:5000`)
      }
      const lines = scenarioLines(file)
      const kernel = realKernel()

      // the docker CLI on the daemon
      cleanReal(realNs)
      const theirs = await transcript(lines, realNs, async (line) => real(line), kernel)
      cleanReal(realNs)

      // 1. the emulator on the simulator, from the same base image
      const sim = createSimulator()
      expect(await emulated(sim)(`docker import ${TAR} ${realNs}/busybox:base`)).toMatchObject({ code: 0 })
      const simLines = await transcript(lines, realNs, emulated(sim), await kernelOf(sim))
      if (process.env.LAYERLAB_DIFF_DUMP) {
        writeFileSync(path.join(process.env.LAYERLAB_DIFF_DUMP, `${file}.sim`), simLines.join('\n'))
        writeFileSync(path.join(process.env.LAYERLAB_DIFF_DUMP, `${file}.real`), theirs.join('\n'))
      }
      verdict('simulator', file, simLines, theirs)

      // 2. the emulator over the live engine, on the same daemon, under its own names
      const live = await connectLive(SOCKET, { timeoutMs: 20_000, followEvents: false })
      try {
        cleanReal(emuNs)
        const liveLines = await transcript(lines, emuNs, emulated(live), kernel)
        cleanReal(emuNs)
        if (process.env.LAYERLAB_DIFF_DUMP) writeFileSync(path.join(process.env.LAYERLAB_DIFF_DUMP, `${file}.live`), liveLines.join('\n'))
        verdict('live', file, liveLines, theirs)
      } finally {
        await live.close()
      }
      // each line runs the real docker CLI twice over (builds and docker stop's 10 s included)
    }, 240_000)
  }
})
