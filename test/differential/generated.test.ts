/**
 * Generated docker sessions (fast-check) against the real daemon: sequences over a small world — an
 * imported base image, images committed from containers of it and of each other (legacy parent
 * chains), tags and re-tags, rmi by tag and by ID, with and without -f, with dependent children and
 * containers using the image; create/run/start/stop/kill/rm/rename/commit/exec/diff/inspect/history
 * over a few container names that collide on purpose. `--pull never` keeps the world closed: this
 * machine has no Docker Hub to pull a removed image from. Each sequence runs with the docker CLI on the
 * daemon, with the CLI emulator on the simulator, and with the CLI emulator over the live engine on
 * the same daemon (under names of its own); the transcripts are compared strictly
 * (harness.ts), and a failing sequence is shrunk to the shortest one that still differs.
 *
 * CI runs a fixed seed (`LAYERLAB_GEN_RUNS` sequences of up to `LAYERLAB_GEN_LENGTH` commands);
 * `npm run fuzz:differential -- --runs N --seed S` runs longer. Every sequence it ever finds becomes
 * a named scenario in scenarios/ (the regression list).
 */
import fc from 'fast-check'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { runDockerCommand, splitLine } from '../../src/domain/cli'
import { createSimulator } from '../../src/domain/sim'
import { createNodeHostFs } from '../../src/main/host-fs'
import type { DockerEngine } from '../../src/domain/engine'
import { connectLive } from '../../src/main/live/live-engine'
import { canonicalTables, diffChunks, entry, realDocker, showChunks, strictNormalizer, type Result } from './harness'

const ROOT = path.resolve(__dirname, '../..')
const TAR = process.env.LAYERLAB_BASE_TAR ?? '/tmp/layerlab-services/busybox-rootfs.tar'
const RUNS = Number(process.env.LAYERLAB_GEN_RUNS ?? 100)
const LENGTH = Number(process.env.LAYERLAB_GEN_LENGTH ?? 15)
const SEED = Number(process.env.LAYERLAB_GEN_SEED ?? 20261208)
const RUN = `llg${Date.now().toString(36).slice(-4)}${process.pid.toString(36).slice(-2)}`

/** The world: a base image, four image names of two tags, three container names. */
const IMAGES = ['base:1', 'i0:1', 'i0:2', 'i1:1', 'i2:1'] as const
const CONTAINERS = ['c0', 'c1', 'c2'] as const
type Img = (typeof IMAGES)[number]
type Ctr = (typeof CONTAINERS)[number]

/** One command of a session, abstract: names become this run's, `#id` the image's ID on that side. */
type Cmd =
  | { k: 'create' | 'runD'; c: Ctr; i: Img }
  | { k: 'runFg'; c: Ctr; i: Img; code: number }
  | { k: 'start' | 'stop' | 'kill' | 'diff' | 'state' | 'exec'; c: Ctr }
  | { k: 'rm'; c: Ctr; force: boolean }
  | { k: 'rename'; c: Ctr; to: Ctr }
  | { k: 'commit'; c: Ctr; i: Img }
  | { k: 'tag'; i: Img; to: Img }
  | { k: 'rmi'; i: Img; force: boolean; byId: boolean }
  | { k: 'inspectImage'; i: Img; byId: boolean }
  | { k: 'history'; i: Img }

const img = fc.constantFrom(...IMAGES)
const notBase = fc.constantFrom(...IMAGES.filter((i) => i !== 'base:1'))
const ctr = fc.constantFrom(...CONTAINERS)
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { arbitrary: fc.record({ k: fc.constantFrom('create' as const, 'runD' as const), c: ctr, i: img }), weight: 4 },
  { arbitrary: fc.record({ k: fc.constant('runFg' as const), c: ctr, i: img, code: fc.constantFrom(0, 3) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constantFrom('start' as const, 'stop' as const, 'kill' as const, 'diff' as const, 'state' as const, 'exec' as const), c: ctr }), weight: 4 },
  { arbitrary: fc.record({ k: fc.constant('rm' as const), c: ctr, force: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant('rename' as const), c: ctr, to: ctr }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('commit' as const), c: ctr, i: notBase }), weight: 4 },
  { arbitrary: fc.record({ k: fc.constant('tag' as const), i: img, to: notBase }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant('rmi' as const), i: img, force: fc.boolean(), byId: fc.boolean() }), weight: 5 },
  { arbitrary: fc.record({ k: fc.constant('inspectImage' as const), i: img, byId: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('history' as const), i: img }), weight: 1 },
)

/** The command line, with `#ID(name)` where the image's ID goes (the side knows it). */
export function lineOf(c: Cmd): string {
  const i = (x: Img) => `@NS@/${x}`
  const n = (x: Ctr) => `@NS@-${x}`
  switch (c.k) {
    case 'create':
      return `docker create --pull never --name ${n(c.c)} ${i(c.i)} sleep 1000`
    case 'runD':
      return `docker run -d --pull never --name ${n(c.c)} ${i(c.i)} sleep 1000`
    case 'runFg':
      return `docker run --pull never --name ${n(c.c)} ${i(c.i)} sh -c 'echo ${c.c} > /${c.c}; exit ${c.code}'`
    case 'start':
      return `docker start ${n(c.c)}`
    case 'stop':
      return `docker stop -t 0 ${n(c.c)}`
    case 'kill':
      return `docker kill ${n(c.c)}`
    case 'diff':
      return `docker diff ${n(c.c)}`
    case 'state':
      return `docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.Image}}' ${n(c.c)}`
    case 'exec':
      return `docker exec ${n(c.c)} sh -c 'echo x > /x'`
    case 'rm':
      return `docker rm ${c.force ? '-f ' : ''}${n(c.c)}`
    case 'rename':
      return `docker rename ${n(c.c)} ${n(c.to)}`
    case 'commit':
      return `docker commit ${n(c.c)} ${i(c.i)}`
    case 'tag':
      return `docker tag ${i(c.i)} ${i(c.to)}`
    case 'rmi':
      return `docker rmi ${c.force ? '-f ' : ''}${c.byId ? `#ID(${c.i})` : i(c.i)}`
    case 'inspectImage':
      return `docker image inspect -f '{{.RepoTags}} {{.Parent}}' ${c.byId ? `#ID(${c.i})` : i(c.i)}`
    case 'history':
      return `docker history -q ${i(c.i)}`
  }
}

interface Side {
  ns: string
  run(line: string): Promise<Result>
  /** the image's ID on this side, as far as it was ever known (an untagged image keeps its ID) */
  ids: Map<string, string>
}

/** Runs a session on one side: the transcript, names written back as `@NS@`, IDs as placeholders. */
async function session(side: Side, cmds: Cmd[], kernel: string): Promise<string[]> {
  let text = ''
  const learn = async (name: string) => {
    const r = await side.run(`docker image inspect -f '{{.Id}}' ${side.ns}/${name}`)
    if (r.code === 0) side.ids.set(name, r.out.trim())
  }
  for (const name of IMAGES) await learn(name)
  for (const c of cmds) {
    const template = lineOf(c)
    const line = template.replaceAll('@NS@', side.ns).replace(/#ID\(([^)]+)\)/g, (_m, name: string) => side.ids.get(name) ?? `sha256:${'0'.repeat(64)}`)
    const r = await side.run(line)
    const out = c.k === 'diff' ? r.out.split('\n').filter(Boolean).sort().map((l) => l + '\n').join('') : r.out
    text += entry(template, { ...r, out })
    if (c.k === 'commit' || c.k === 'tag') await learn(c.k === 'commit' ? c.i : c.to)
  }
  return strictNormalizer(kernel)(canonicalTables(text).split(side.ns).join('@NS@')).split('\n')
}

const daemonUp = () => spawnSync('docker', ['version'], { stdio: 'ignore' }).status === 0
const available = daemonUp() && existsSync(TAR)
const why = available ? '' : existsSync(TAR) ? 'no Docker daemon answers' : `no base tarball at ${TAR} (bash .ci/services.sh start)`
if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`)
if (why) console.log(`[generated differential] skipped: ${why}`)

function cleanReal(ns: string) {
  const ps = realDocker(['docker', 'ps', '-aq', '--filter', `name=${ns}`], { cwd: ROOT }).out.split('\n').filter(Boolean)
  if (ps.length) realDocker(['docker', 'rm', '-f', ...ps], { cwd: ROOT })
  const imgs = realDocker(['docker', 'images', '-a', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'], { cwd: ROOT })
    .out.split('\n')
    .filter((l) => l.includes(ns))
    .map((l) => l.split(' ')[0]!)
  if (imgs.length) realDocker(['docker', 'rmi', '-f', ...imgs], { cwd: ROOT })
  // images this session left untagged (parents whose tags went): by the IDs it learned
}

function emulatedOn(engine: DockerEngine, host: ReturnType<typeof createNodeHostFs>): (line: string) => Promise<Result> {
  return async (line) => {
    let out = ''
    let err = ''
    const code = await runDockerCommand(line, { engine, host, io: { stdout: (s) => (out += s), stderr: (s) => (err += s) } })
    return { out, err, code }
  }
}

const live = available ? await connectLive(process.env.LAYERLAB_TEST_DOCKER ?? 'unix:///var/run/docker.sock', { timeoutMs: 20_000, followEvents: false }) : null

describe('generated docker sessions: the simulator and the live engine against the real daemon', () => {
  const leftIds = new Set<string>()
  afterAll(async () => {
    await live?.close()
    cleanReal(RUN)
    if (leftIds.size) realDocker(['docker', 'rmi', '-f', ...leftIds], { cwd: ROOT })
  })

  it(`${RUNS} sequences of up to ${LENGTH} commands (seed ${SEED}) behave as on the daemon`, async (ctx) => {
    if (why) return ctx.skip(why)
    const kernel = realDocker(['docker', 'version', '-f', '{{.Server.KernelVersion}}'], { cwd: ROOT }).out.trim()
    const host = createNodeHostFs(ROOT)
    let n = 0
    let liveRuns = 0
    const found: string[] = []
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: LENGTH }), async (cmds) => {
        const ns = `${RUN}x${(n++).toString(36)}`
        /** A session on the daemon under names of its own, from the base image imported for it; what it made goes after. */
        const onDaemon = async (names: string, run: Side['run']) => {
          expect(realDocker(['docker', 'import', TAR, `${names}/base:1`], { cwd: ROOT }).code).toBe(0)
          const side: Side = { ns: names, ids: new Map(), run }
          try {
            return await session(side, cmds, kernel)
          } finally {
            for (const id of side.ids.values()) leftIds.add(id)
            cleanReal(names)
          }
        }
        // the docker CLI on the daemon
        const theirs = await onDaemon(ns, async (line) => realDocker(splitLine(line), { cwd: ROOT }))
        // the simulator, from the same tarball
        const sim = createSimulator()
        const emu = emulatedOn(sim, host)
        expect((await emu(`docker import ${TAR} ${ns}/base:1`)).code).toBe(0)
        // the daemon holds the same tarball's layer under layerlab/busybox:base (CI imports it), so removing
        // the base image there deletes no layer: the simulator holds it too
        expect((await emu(`docker import ${TAR} layerlab/busybox:base`)).code).toBe(0)
        const ours = await session({ ns, ids: new Map(), run: emu }, cmds, (await sim.version()).KernelVersion)
        const chunks = diffChunks(ours, theirs)
        if (chunks.length) found.push(`${cmds.map(lineOf).join('\n')}\n${showChunks(chunks)}`)
        expect(chunks, `the simulator differs from the daemon:\n${showChunks(chunks)}\nsession:\n${cmds.map(lineOf).join('\n')}`).toEqual([])
        // the same session through the emulator over the live engine, on the same daemon, under names of its own
        const overLive = await onDaemon(ns.replace(`${RUN}x`, `${RUN}y`), emulatedOn(live!, host))
        liveRuns++
        const liveChunks = diffChunks(overLive, theirs)
        if (liveChunks.length) found.push(`(live) ${cmds.map(lineOf).join('\n')}\n${showChunks(liveChunks)}`)
        expect(liveChunks, `the emulator over the live engine differs from the docker CLI:\n${showChunks(liveChunks)}\nsession:\n${cmds.map(lineOf).join('\n')}`).toEqual([])
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: false, interruptAfterTimeLimit: 15 * 60_000, markInterruptAsFailure: false },
    )
    console.log(`[generated differential] ${n} sessions run (seed ${SEED}): each with the docker CLI, on the simulator and (${liveRuns}) over the live engine; ${found.length} differed before shrinking`)
    expect(liveRuns).toBe(n)
  }, 20 * 60_000)
})
