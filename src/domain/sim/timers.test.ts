/**
 * Processes in time (SimulatorOptions.timers): a hand-rolled scheduler over a fake clock that the
 * test moves forward; each timer due by then fires at its own moment, in order.
 */
import { describe, expect, it } from 'vitest'
import { createSimulator, type SimState, type SimTimers } from './index'
import { isCancelledError, isEngineError } from '../errors'
import { runDockerCommand } from '../cli'
import type { DockerEvent } from '../types'
import { seededRandom } from '../random'

const T0 = Date.parse('2026-01-01T00:00:00Z')

function fakeTime() {
  const clock = { t: T0 }
  type Timer = { at: number; seq: number; fn: () => void }
  let timers: Timer[] = []
  let seq = 0
  const scheduler: SimTimers = {
    setTimeout(fn, ms) {
      const h: Timer = { at: clock.t + ms, seq: seq++, fn }
      timers.push(h)
      return h
    },
    clearTimeout(h) {
      timers = timers.filter((x) => x !== h)
    },
  }
  const settle = () => new Promise((r) => setImmediate(r))
  /** moves the clock forward by ms, firing each timer at its moment */
  const advance = async (ms: number) => {
    const end = clock.t + ms
    await settle()
    for (;;) {
      const due = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0]
      if (!due) break
      timers = timers.filter((x) => x !== due)
      clock.t = Math.max(clock.t, due.at)
      due.fn()
      await settle()
    }
    clock.t = end
    await settle()
  }
  return { clock, scheduler, advance, settle, armed: () => timers.length }
}

function make() {
  const time = fakeTime()
  const sim = createSimulator({ clock: () => time.clock.t, random: seededRandom(1), timers: time.scheduler })
  const events: Array<{ action: string; id: string; at: number; attrs: Record<string, string> }> = []
  sim.onEvent((e: DockerEvent) => events.push({ action: e.Action, id: e.Actor.ID, at: e.timeNano / 1e6 - T0, attrs: e.Actor.Attributes }))
  return { sim, events, ...time }
}

/** a simulator in time with these images pulled */
async function ready(...images: string[]) {
  const t = make()
  for (const image of images) await t.sim.pullImage(image)
  return t
}

async function run(sim: ReturnType<typeof make>['sim'], cmd: string[], extra: Record<string, unknown> = {}) {
  const { Id } = await sim.createContainer({ Image: 'busybox', Cmd: cmd, ...extra })
  await sim.startContainer(Id)
  return Id
}

/** a promise's outcome so far, without waiting for it */
function watch<T>(p: Promise<T>) {
  const w: { done: boolean; value?: T; error?: unknown } = { done: false }
  p.then(
    (v) => Object.assign(w, { done: true, value: v }),
    (e: unknown) => Object.assign(w, { done: true, error: e }),
  )
  return w
}

describe('processes in time (with a scheduler)', () => {
  it('sleep N ends at N seconds by itself: state, die event and exit code then', async () => {
    const t = await ready('busybox')
    const id = await run(t.sim, ['sh', '-c', 'sleep 5; exit 3'])
    await t.advance(4999)
    expect((await t.sim.inspectContainer(id)).State.Status).toBe('running')
    expect(t.events.filter((e) => e.action === 'die')).toEqual([])
    await t.advance(1)
    const die = t.events.filter((e) => e.action === 'die')
    expect(die).toEqual([{ action: 'die', id, at: 5000, attrs: expect.objectContaining({ exitCode: '3' }) }])
    const info = await t.sim.inspectContainer(id)
    expect([info.State.Status, info.State.ExitCode, Date.parse(info.State.FinishedAt) - T0]).toEqual(['exited', 3, 5000])
    expect((await t.sim.snapshot()).containers[0]).toMatchObject({ state: 'exited', exitCode: 3 })
    expect(t.armed()).toBe(0)
  })

  it('a process that runs until stopped (a server, sleep infinity) arms nothing', async () => {
    const t = await ready('busybox')
    await run(t.sim, ['sleep', 'infinity'])
    expect(t.armed()).toBe(0)
    await t.advance(3_600_000)
    expect((await t.sim.listContainers()).length).toBe(1)
  })

  it('wait resolves when the process ends, with its code; a cancelled wait leaves it running', async () => {
    const t = await ready('busybox')
    const id = await run(t.sim, ['sh', '-c', 'sleep 2; exit 4'])
    const w = watch(t.sim.waitContainer(id))
    await t.advance(1999)
    expect(w.done).toBe(false)
    await t.advance(1)
    expect(w).toEqual({ done: true, value: { StatusCode: 4 } })
    // an exited container answers at once
    expect(await t.sim.waitContainer(id)).toEqual({ StatusCode: 4 })

    const other = await run(t.sim, ['sleep', '60'])
    const ac = new AbortController()
    const c = watch(t.sim.waitContainer(other, { signal: ac.signal }))
    await t.advance(1000)
    ac.abort()
    await t.settle()
    expect(c.done).toBe(true)
    expect(isCancelledError(c.error)).toBe(true)
    expect((await t.sim.inspectContainer(other)).State.Running).toBe(true)
    // already aborted: cancelled at once
    const pre = new AbortController()
    pre.abort()
    expect(isCancelledError(await t.sim.waitContainer(other, { signal: pre.signal }).catch((e: unknown) => e))).toBe(true)
    // a wait for a container removed meanwhile: docker rm -f kills it, the wait answers 137
    const k = watch(t.sim.waitContainer(other))
    await t.sim.removeContainer(other, { force: true })
    await t.settle()
    expect(k.value).toEqual({ StatusCode: 137 })
  })

  it('docker stop waits the grace period for a process that ignores SIGTERM, then kills it (137)', async () => {
    const t = await ready('busybox')
    const id = await run(t.sim, ['sleep', '100'])
    t.events.length = 0
    const s = watch(t.sim.stopContainer(id))
    await t.advance(9999)
    expect(s.done).toBe(false)
    expect((await t.sim.inspectContainer(id)).State.Status).toBe('running')
    await t.advance(1)
    expect(s.done && !s.error).toBe(true)
    expect((await t.sim.inspectContainer(id)).State.ExitCode).toBe(137)
    expect(t.events.map((e) => [e.action, e.at, e.attrs.signal ?? e.attrs.exitCode])).toEqual([
      ['kill', 0, '15'],
      ['kill', 10000, '9'],
      ['die', 10000, '137'],
      ['stop', 10000, undefined],
    ])
  })

  it('docker stop -t N waits N seconds; -t 0 kills at once; a process ending within the grace period keeps its code', async () => {
    const t = await ready('busybox')
    const a = await run(t.sim, ['sleep', '100'])
    const s = watch(t.sim.stopContainer(a, { t: 2 }))
    await t.advance(1999)
    expect(s.done).toBe(false)
    await t.advance(1)
    expect(s.done).toBe(true)
    expect((await t.sim.inspectContainer(a)).State.ExitCode).toBe(137)

    const b = await run(t.sim, ['sleep', '100'])
    await t.sim.stopContainer(b, { t: 0 })
    expect((await t.sim.inspectContainer(b)).State.ExitCode).toBe(137)

    const c = await run(t.sim, ['sh', '-c', 'sleep 3; exit 5'])
    const sc = watch(t.sim.stopContainer(c))
    await t.advance(3000)
    expect(sc.done).toBe(true)
    expect((await t.sim.inspectContainer(c)).State.ExitCode).toBe(5)
    expect(t.armed()).toBe(0)
  })

  it('docker stop of a process that obeys SIGTERM returns at once (nginx 0, neo4j 143)', async () => {
    const t = await ready('nginx', 'neo4j:2.1.5')
    const { Id: web } = await t.sim.createContainer({ Image: 'nginx' })
    await t.sim.startContainer(web)
    await t.sim.stopContainer(web)
    expect((await t.sim.inspectContainer(web)).State.ExitCode).toBe(0)
    const { Id: db } = await t.sim.createContainer({ Image: 'neo4j:2.1.5' })
    await t.sim.startContainer(db)
    expect((await t.sim.inspectContainer(db)).State.Running).toBe(true)
    await t.sim.stopContainer(db)
    expect((await t.sim.inspectContainer(db)).State.ExitCode).toBe(143)
  })

  it('docker restart waits the grace period too, then starts the process again', async () => {
    const t = await ready('busybox')
    const id = await run(t.sim, ['sleep', '100'])
    const r = watch(t.sim.restartContainer(id, { t: 1 }))
    await t.advance(1000)
    expect(r.done && !r.error).toBe(true)
    const info = await t.sim.inspectContainer(id)
    expect([info.State.Status, Date.parse(info.State.StartedAt) - T0]).toEqual(['running', 1000])
    await t.advance(100_000)
    expect((await t.sim.inspectContainer(id)).State.Status).toBe('exited')
  })

  it('AutoRemove: the container is destroyed when its process ends; a wait still gets the code', async () => {
    const t = await ready('busybox')
    const id = await run(t.sim, ['sh', '-c', 'sleep 2; exit 7'], { HostConfig: { AutoRemove: true } })
    const w = watch(t.sim.waitContainer(id))
    await t.advance(2000)
    expect(w.value).toEqual({ StatusCode: 7 })
    expect(t.events.filter((e) => e.id === id).map((e) => [e.action, e.at])).toEqual([
      ['create', 0],
      ['start', 0],
      ['die', 2000],
      ['destroy', 2000],
    ])
    expect(await t.sim.listContainers({ all: true })).toEqual([])
  })

  it('undo (restoreState) re-arms a sleeping container, or ends it when its time has passed', async () => {
    const t = await ready('busybox')
    const id = await run(t.sim, ['sleep', '10'])
    const saved = t.sim.saveState()
    await t.advance(4000)
    await t.sim.removeContainer(id, { force: true })
    t.sim.restoreState(saved)
    expect((await t.sim.inspectContainer(id)).State.Status).toBe('running')
    await t.advance(5999)
    expect((await t.sim.inspectContainer(id)).State.Status).toBe('running')
    await t.advance(1)
    expect((await t.sim.inspectContainer(id)).State.Status).toBe('exited')
    // the same checkpoint once its end has passed: restored, then ended at once (with its event)
    t.events.length = 0
    t.sim.restoreState(saved)
    expect(t.events.map((e) => e.action)).toEqual(['restore', 'die'])
    const info = await t.sim.inspectContainer(id)
    expect([info.State.Status, Date.parse(info.State.FinishedAt) - T0]).toEqual(['exited', 10000])
    expect(t.armed()).toBe(0)
  })

  it('a saved state loads with its sleepers re-armed, or ended if the app was closed past their end', async () => {
    const t = await ready('busybox')
    const id = await run(t.sim, ['sleep', '10'])
    await t.advance(3000)
    const text = JSON.stringify(t.sim.saveState())
    await t.sim.close()
    expect(t.armed()).toBe(0) // close clears the timers

    const again = fakeTime()
    again.clock.t = T0 + 3000
    const reloaded = createSimulator({ clock: () => again.clock.t, random: seededRandom(1), timers: again.scheduler, state: JSON.parse(text) as SimState })
    expect((await reloaded.inspectContainer(id)).State.Status).toBe('running')
    await again.advance(7000)
    expect((await reloaded.inspectContainer(id)).State.Status).toBe('exited')

    const late = fakeTime()
    late.clock.t = T0 + 60_000
    const closedLong = createSimulator({ clock: () => late.clock.t, random: seededRandom(1), timers: late.scheduler, state: JSON.parse(text) as SimState })
    const info = await closedLong.inspectContainer(id)
    expect([info.State.Status, Date.parse(info.State.FinishedAt) - T0]).toEqual(['exited', 10000])
    expect(late.armed()).toBe(0)
  })

  it('a foreground docker run takes the seconds its process sleeps, prints its output as it is written and exits with its code', async () => {
    const t = await ready('busybox')
    let out = ''
    const code = watch(runDockerCommand('docker run busybox sh -c "echo first; sleep 2; echo second; exit 3"', { engine: t.sim, io: { stdout: (s) => (out += s), stderr: (s) => (out += s) } }))
    await t.advance(1999)
    expect([code.done, out]).toEqual([false, 'first\n'])
    await t.advance(1)
    expect(code.value).toBe(3)
    expect(out).toBe('first\nsecond\n')
  })

  it('output after a sleep is written when the sleep is over (logs, saved state); a killed process never writes it', async () => {
    const t = await ready('busybox')
    const a = await run(t.sim, ['sh', '-c', 'echo one; sleep 1; echo two; sh -c "sleep 1; echo three"; sleep 1'])
    expect((await t.sim.containerLogs(a)).stdout).toBe('one\n')
    await t.advance(1000)
    expect((await t.sim.containerLogs(a)).stdout).toBe('one\ntwo\n')
    const saved = JSON.parse(JSON.stringify(t.sim.saveState())) as SimState
    await t.advance(1000)
    expect((await t.sim.containerLogs(a)).stdout).toBe('one\ntwo\nthree\n')
    expect((await t.sim.inspectContainer(a)).State.Running).toBe(true)
    await t.advance(1000)
    expect((await t.sim.inspectContainer(a)).State.Status).toBe('exited')
    // restored before 'three': it is written again in time
    t.clock.t = T0 + 1500
    t.sim.restoreState(saved)
    expect((await t.sim.containerLogs(a)).stdout).toBe('one\ntwo\n')
    await t.advance(500)
    expect((await t.sim.containerLogs(a)).stdout).toBe('one\ntwo\nthree\n')

    const b = await run(t.sim, ['sh', '-c', 'echo one; sleep 5; echo two'])
    await t.sim.killContainer(b)
    await t.advance(10_000)
    expect((await t.sim.containerLogs(b)).stdout).toBe('one\n')
    const c = await run(t.sim, ['sh', '-c', 'echo up; sleep infinity; echo never'])
    await t.advance(10_000)
    expect((await t.sim.containerLogs(c)).stdout).toBe('up\n')
  })

  it('errors stay the daemon\'s: stop of a missing container, wait for one that runs until stopped', async () => {
    const t = await ready('busybox')
    const e = await t.sim.stopContainer('nope').catch((x: unknown) => x)
    expect(isEngineError(e) && e.statusCode).toBe(404)
    const id = await run(t.sim, ['sleep', 'infinity'])
    const w = await t.sim.waitContainer(id).catch((x: unknown) => x)
    expect(isEngineError(w) && w.statusCode).toBe(500)
  })
})
