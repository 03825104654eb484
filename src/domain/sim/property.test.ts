import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulator } from './index'
import { isEngineError } from '../errors'
import { writeTar } from '../tar'
import { humanDuration, containerStatus } from './humanize'

const word = fc.oneof(
  fc.constantFrom('busybox', 'ubuntu:14.04', 'alpine', 'nosuch', 'Bad', '', 'a:b:c', 'web', '/web', 'sha256:', '0', 'ab', '127.0.0.1:5001/x', 'localhost:5000/x'),
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[0-9a-f]{1,12}$/),
)

type Op = { op: string; a: string; b: string; n: number; flag: boolean }
const opArb: fc.Arbitrary<Op> = fc.record({
  op: fc.constantFrom('pull', 'create', 'start', 'stop', 'kill', 'pause', 'unpause', 'rm', 'rename', 'rmi', 'tag', 'commit', 'exec', 'inspect', 'inspectImage', 'history', 'restart', 'push', 'import', 'build', 'ps', 'images', 'wait', 'diff', 'tick'),
  a: word,
  b: word,
  n: fc.integer({ min: 0, max: 200 }),
  flag: fc.boolean(),
})

describe('hostile calls', () => {
  it('throw only EngineError, and a failed call leaves the state unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        let t = Date.parse('2026-01-01T00:00:00Z')
        let r = 1
        const sim = createSimulator({ clock: () => t, random: () => ((r = (r * 48271) % 2147483647) / 2147483647) })
        await sim.pullImage('busybox')
        const ids: string[] = []
        for (const o of ops) {
          const target = o.flag && ids.length ? ids[o.n % ids.length] : o.a
          const before = JSON.stringify(sim.saveState())
          try {
            switch (o.op) {
              case 'pull': await sim.pullImage(o.a); break
              case 'create': ids.push((await sim.createContainer({ Image: o.flag ? 'busybox' : o.a, Cmd: o.n % 2 ? ['sleep', String(o.n)] : ['sh', '-c', o.b], name: o.n % 3 ? undefined : o.b })).Id); break
              case 'start': await sim.startContainer(target); break
              case 'stop': await sim.stopContainer(target); break
              case 'kill': await sim.killContainer(target, { signal: o.n % 2 ? o.b : undefined }); break
              case 'pause': await sim.pauseContainer(target); break
              case 'unpause': await sim.unpauseContainer(target); break
              case 'rm': await sim.removeContainer(target, { force: o.n % 2 === 0 }); break
              case 'rename': await sim.renameContainer(target, o.b); break
              case 'rmi': await sim.removeImage(o.a, { force: o.flag }); break
              case 'tag': await sim.tagImage(o.flag ? 'busybox' : o.a, o.b, o.n % 2 ? undefined : String(o.n)); break
              case 'commit': await sim.commitContainer(target, { repo: o.n % 2 ? o.b : undefined }); break
              case 'exec': await sim.exec(target, { Cmd: ['sh', '-c', o.b] }); break
              case 'inspect': await sim.inspectContainer(target); break
              case 'inspectImage': await sim.inspectImage(o.a); break
              case 'history': await sim.imageHistory(o.a); break
              case 'restart': await sim.restartContainer(target); break
              case 'push': await sim.pushImage(o.a); break
              case 'import': await sim.importImage(new TextEncoder().encode(o.b), { repo: o.a }); break
              case 'build': await sim.buildImage(writeTar([{ name: 'Dockerfile', content: `FROM ${o.a}\nRUN ${o.b}\n` }]), { t: [o.b] }); break
              case 'ps': await sim.listContainers({ all: o.flag, filters: { name: [o.b], status: o.n % 5 ? undefined : [o.a] } }); break
              case 'images': await sim.listImages({ filters: { reference: [o.a] } }); break
              case 'wait': await sim.waitContainer(target); break
              case 'diff': await sim.containerChanges(target); break
              case 'tick': t += o.n * 1000; break
            }
          } catch (e) {
            if (!isEngineError(e)) throw new Error(`${o.op}(${JSON.stringify(o)}) threw a non-EngineError: ${String(e)}`)
            expect(e.message.length).toBeGreaterThan(0)
            expect(JSON.stringify(sim.saveState())).toBe(before)
          }
        }
        await sim.snapshot()
        // every container is found by its name (the simulator keeps a name index through all of the above)
        for (const c of Object.values(sim.saveState().containers)) expect((await sim.inspectContainer(c.name)).Id).toBe(c.id)
      }),
      { numRuns: 150 },
    )
  })
})

describe('go-units HumanDuration and status texts', () => {
  // go-units' table as the simulator's status texts see it (humanize.ts); units.test.ts checks a few rows of units.ts directly
  it.each([
    [0, 'Less than a second'],
    [999, 'Less than a second'],
    [1000, '1 second'],
    [59_000, '59 seconds'],
    [60_000, 'About a minute'],
    [119_000, 'About a minute'],
    [120_000, '2 minutes'],
    [59 * 60_000, '59 minutes'],
    [60 * 60_000, 'About an hour'],
    [90 * 60_000, '2 hours'],
    [47 * 3600_000, '47 hours'],
    [48 * 3600_000, '2 days'],
    [14 * 24 * 3600_000, '2 weeks'],
    [60 * 24 * 3600_000, '2 months'],
    [730 * 24 * 3600_000, '2 years'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text)
  })
  it('status texts', () => {
    const base = { running: false, paused: false, startedAt: 0, finishedAt: 0, exitCode: 0 }
    expect(containerStatus(base, 5000)).toBe('Created')
    expect(containerStatus({ ...base, running: true, startedAt: 1000 }, 4000)).toBe('Up 3 seconds')
    expect(containerStatus({ ...base, running: true, paused: true, startedAt: 1000 }, 121_000)).toBe('Up 2 minutes (Paused)')
    expect(containerStatus({ ...base, startedAt: 1, finishedAt: 1000, exitCode: 0 }, 6000)).toBe('Exited (0) 5 seconds ago')
  })
})
