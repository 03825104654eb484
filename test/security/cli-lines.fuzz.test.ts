/**
 * No command line crashes anything: random and mutated docker lines, with names holding `/`,
 * `..`, `%`, `?`, `#`, spaces and unicode, through the CLI emulator over the simulator and over
 * the live engine on the real daemon (CI starts it). Every line must end as a command ends — an
 * exit code, a message on stderr — never as an exception out of runDockerCommand or one thrown
 * outside it (which vitest reports as an unhandled error, failing the run), and the engine must
 * still answer afterwards.
 *
 * On the live daemon only names of this run's prefix are used, and only commands that can change
 * nothing but what carries that prefix: the learner's (or CI's) own resources are never named.
 */
import fc from 'fast-check'
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { runDockerCommand } from '../../src/domain/cli'
import type { DockerEngine } from '../../src/domain/engine'
import { createSimulator } from '../../src/domain/sim'
import { seededRandom } from '../../src/domain/random'
import { liveForTest } from '../helpers/live'

const P = `llfz${randomBytes(2).toString('hex')}`
const SEED = Number(process.env.LAYERLAB_FUZZ_SEED ?? 20261208)
/** lines per run (LAYERLAB_FUZZ_LINES for a long run) */
const SIM_LINES = Number(process.env.LAYERLAB_FUZZ_LINES ?? 40_000)
const LIVE_LINES = Math.max(1, Math.round(SIM_LINES / 4))

/** What makes a name hard: URL syntax, path segments, spaces, unicode, quotes. */
const oddPart = fc.constantFrom('/', '//', '..', '.', '%', '%2F', '?', '#', ' ', 'é', '名', '\u202e', '"', "'", ':', '@', 'sha256:', '-', '_', 'A', '\\', '*', '&', '=')
const plain = fc.stringMatching(/^[a-z0-9]{1,6}$/)
const suffix = fc.array(fc.oneof(oddPart, plain), { minLength: 0, maxLength: 4 }).map((a) => a.join(''))
/** A name of this run (optionally behind slashes), so a live command can only ever reach our own. */
const name = fc.tuple(fc.constantFrom('', '/', '//'), suffix).map(([lead, s]) => `${lead}${P}${s}`)
const quoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** Commands that, given only names of this run, change nothing else on a real daemon. */
const safeLine = fc.oneof(
  name.map((n) => `docker inspect ${quoted(n)}`),
  name.map((n) => `docker image inspect ${quoted(n)}`),
  name.map((n) => `docker container inspect -f '{{.Name}}' ${quoted(n)}`),
  name.map((n) => `docker rm -f ${quoted(n)}`),
  name.map((n) => `docker rm ${quoted(n)}`),
  name.map((n) => `docker stop -t 0 ${quoted(n)}`),
  name.map((n) => `docker start ${quoted(n)}`),
  name.map((n) => `docker kill ${quoted(n)}`),
  name.map((n) => `docker logs ${quoted(n)}`),
  name.map((n) => `docker diff ${quoted(n)}`),
  name.map((n) => `docker history ${quoted(n)}`),
  name.map((n) => `docker rmi ${quoted(n)}`),
  name.map((n) => `docker rmi -f ${quoted(n)}`),
  name.map((n) => `docker port ${quoted(n)}`),
  name.map((n) => `docker pause ${quoted(n)}`),
  name.map((n) => `docker exec ${quoted(n)} ls`),
  fc.tuple(name, name).map(([a, b]) => `docker rename ${quoted(a)} ${quoted(b)}`),
  fc.tuple(name, name).map(([a, b]) => `docker tag ${quoted(a)} ${quoted(b)}`),
  fc.tuple(name, name).map(([a, b]) => `docker commit ${quoted(a)} ${quoted(b)}`),
  name.map((n) => `docker ps -a --filter name=${quoted(n)}`),
  name.map((n) => `docker images ${quoted(n)}`),
)

/** Mutations: a safe line with characters dropped, doubled or swapped in — the shapes typos take. */
const mutated = fc.tuple(safeLine, fc.nat(200), fc.constantFrom('', '"', "'", '\\', '|', ';', '$(', '`', '\n', '--', '-', '=', '{{', '}}')).map(([line, at, ins]) => {
  const i = at % (line.length + 1)
  // never cut into this run's prefix: a mutated name must still be one of ours
  const p = line.indexOf(P)
  const j = p >= 0 && i > p && i < p + P.length ? p + P.length : i
  return line.slice(0, j) + ins + line.slice(j + (ins ? 0 : 1))
})

async function runAll(engine: DockerEngine, lines: fc.Arbitrary<string>, numRuns: number): Promise<{ lines: number; exits: Map<number, number> }> {
  const exits = new Map<number, number>()
  const slow: string[] = []
  let inside = 0
  const started = performance.now()
  let count = 0
  await fc.assert(
    fc.asyncProperty(lines, async (line) => {
      let err = ''
      const t0 = performance.now()
      const code = await runDockerCommand(line, { engine, io: { stdout: () => {}, stderr: (s) => (err += s) } })
      const ms = performance.now() - t0
      inside += ms
      if (ms > 50) slow.push(`${ms.toFixed(0)} ms: ${line}`)
      count++
      exits.set(code, (exits.get(code) ?? 0) + 1)
      expect(Number.isInteger(code)).toBe(true)
      // a failure says something (docker never fails silently), and never in JavaScript's words
      if (code !== 0 && code !== 130) expect(err, `${line} → ${code} with nothing on stderr`).not.toBe('')
      expect(err).not.toMatch(/TypeError|ReferenceError|ERR_INVALID_URL|Cannot read properties|undefined undefined|\[object Object\]/)
    }),
    { numRuns, seed: SEED, endOnFailure: true },
  )
  console.log(`[cli fuzz] ${count} lines: ${(performance.now() - started).toFixed(0)} ms in all, ${inside.toFixed(0)} ms running them`)
  if (slow.length) console.log(`[cli fuzz] ${slow.length} lines over 50 ms:\n${slow.slice(0, 5).join('\n')}`)
  return { lines: count, exits }
}

describe('docker command lines never crash the emulator or its engine', () => {
  it(`simulator: ${SIM_LINES} random and mutated lines`, async () => {
    const engine = createSimulator({ random: seededRandom(7) })
    await runDockerCommand('docker pull busybox', { engine, io: { stdout: () => {}, stderr: () => {} } })
    await runDockerCommand(`docker run -d --name ${P}box busybox sleep 1000`, { engine, io: { stdout: () => {}, stderr: () => {} } })
    const r = await runAll(engine, fc.oneof(safeLine, mutated), SIM_LINES)
    console.log(`[cli fuzz] simulator: ${r.lines} lines, exit codes ${JSON.stringify(Object.fromEntries(r.exits))}`)
    expect(r.lines).toBe(SIM_LINES)
    expect((await engine.listContainers({ all: true })).length).toBeGreaterThanOrEqual(0)
  }, 300_000)
})

const { live } = await liveForTest('test/security/cli-lines.fuzz', {}, (l) => l.ping())
describe.skipIf(!live)('docker command lines never crash the live engine (the real daemon)', () => {
  afterAll(async () => {
    if (!live) return
    for (const c of await live.listContainers({ all: true, filters: { name: [P] } })) await live.removeContainer(c.Id, { force: true }).catch(() => {})
    for (const i of await live.listImages({ all: true })) for (const t of i.RepoTags ?? []) if (t.includes(P)) await live.removeImage(t, { force: true }).catch(() => {})
    await live.close()
  })
  // no mutations here: a dropped quote could split a name into words, and a short word is an ID prefix of someone else's container
  it(`${LIVE_LINES} random lines naming only this run’s resources; the daemon still answers after`, async () => {
    const engine = live!
    await runDockerCommand(`docker create --name ${P}box layerlab/busybox:base sleep 1000`, { engine, io: { stdout: () => {}, stderr: () => {} } })
    const r = await runAll(engine, safeLine, LIVE_LINES)
    console.log(`[cli fuzz] live: ${r.lines} lines, exit codes ${JSON.stringify(Object.fromEntries(r.exits))}`)
    expect(r.lines).toBe(LIVE_LINES)
    await engine.ping()
    expect(Array.isArray(await engine.listContainers({ all: true }))).toBe(true)
  }, 600_000)
})
