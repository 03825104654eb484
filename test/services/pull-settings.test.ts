/**
 * Through the contract as the renderer uses it (simulator): a pull pushes structured progress
 * (pull:progress) beside the terminal text, pull:cancel of an unknown or finished pull says so,
 * engine:probe reports endpoints without switching, and a malformed typed endpoint is refused by
 * engine:select with a clear message while the engine in use stays.
 */
import { describe, expect, it } from 'vitest'
import { useServices } from '../helpers/services'
import type { PullProgress } from '../../src/shared/contract'

const startServices = useServices()

async function start() {
  const h = await startServices({ seed: 7 })
  const pulls = () => h.events.filter((e) => e.event === 'pull:progress').map((e) => e.payload as PullProgress)
  return { ...h, pulls }
}

describe('pull progress and engine settings through the contract (simulator)', () => {
  it('a typed pull pushes pull:progress with every layer complete, tied to its terminal run', async () => {
    const { call, pulls } = await start()
    const r = await call('terminal:run', { line: 'docker pull ubuntu:14.04', runId: 'run-a' })
    expect(r.exitCode).toBe(0)
    const ps = pulls()
    expect(ps[0]).toMatchObject({ runId: 'run-a', ref: 'ubuntu:14.04', state: 'running' })
    const last = ps.at(-1)!
    expect(last.state).toBe('done')
    expect(last.layers.length).toBeGreaterThan(1)
    expect(last.layers.every((l) => l.status === 'Pull complete')).toBe(true)
    // the terminal still prints docker's lines for the same layers
    for (const l of last.layers) expect(r.stdout).toContain(`${l.id}: Pull complete`)
    expect(last.message).toMatch(/^Status: Downloaded newer image for ubuntu:14.04$/)
    // a second pull of a image sharing layers reports 'Already exists' for them
    await call('terminal:run', { line: 'docker pull ubuntu:14.04', runId: 'run-b' })
    expect(pulls().at(-1)).toMatchObject({ runId: 'run-b', state: 'done' })
    expect(pulls().at(-1)!.layers.every((l) => l.status === 'Already exists')).toBe(true)
    // the pull implied by docker run is tracked too
    await call('terminal:run', { line: 'docker run busybox echo hi', runId: 'run-c' })
    expect(pulls().at(-1)).toMatchObject({ runId: 'run-c', ref: 'busybox', state: 'done' })
  })

  it('pull:cancel answers ok:false for a pull that is not running, and refuses a bad payload', async () => {
    const { call, pulls } = await start()
    await call('terminal:run', { line: 'docker pull busybox' })
    expect(await call('pull:cancel', { pullId: pulls().at(-1)!.pullId })).toEqual({ ok: false })
    expect(await call('pull:cancel', { pullId: 'nope' })).toEqual({ ok: false })
    await expect(call('pull:cancel', { pullId: '' })).rejects.toThrow(/invalid payload for pull:cancel: pullId/)
    await expect(call('pull:cancel', { id: 'x' })).rejects.toThrow(/invalid payload for pull:cancel/)
  })

  it('engine:probe reports endpoints without switching; a malformed typed endpoint is refused and nothing changes', async () => {
    const { call, services } = await start()
    const before = services.engine()
    const probe = await call('engine:probe', undefined)
    expect(probe.tried.length).toBeGreaterThan(0)
    for (const a of probe.tried) expect(typeof a.reason).toBe('string')
    expect(services.engine()).toBe(before)
    expect(services.status().kind).toBe('simulator')
    const typed = await call('engine:probe', { endpoint: 'localhost:2375' })
    expect(typed).toMatchObject({ ok: false, tried: [{ reason: 'malformed', code: 'malformed', source: 'typed endpoint' }] })
    await expect(call('engine:select', { mode: 'live', endpoint: 'localhost:2375' })).rejects.toThrow(/has no scheme; expected unix:\/\//)
    expect(services.engine()).toBe(before)
    await expect(call('engine:probe', { endpoint: 1 })).rejects.toThrow(/invalid payload for engine:probe/)
  })
})
