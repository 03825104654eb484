import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setApiClient } from '../api/client'
import { useEngineStore } from './engine'
import { fakeClient, status } from './test-client'

beforeEach(() => setActivePinia(createPinia()))

describe('engine store', () => {
  it('takes the status, follows engine:status events and switches to the simulator', async () => {
    const f = fakeClient({ 'engine:status': () => status('live'), 'engine:select': (r) => ({ ok: true, status: status((r as { mode: 'simulator' }).mode) }) })
    setApiClient(f.client)
    const s = useEngineStore()
    await s.init()
    expect(s.status?.kind).toBe('live')
    f.emit('engine:status', status('live', false))
    expect(s.status?.connected).toBe(false)
    await s.select('simulator')
    expect(f.calls.at(-1)).toEqual(['engine:select', { mode: 'simulator' }])
    expect(s.status?.reason).toContain('no Docker socket')
  })
  it('queues confirm requests and answers them', async () => {
    const f = fakeClient({ 'engine:status': () => status('live'), 'confirm:answer': () => ({ ok: true }) })
    setApiClient(f.client)
    const s = useEngineStore()
    await s.init()
    f.emit('confirm:request', { id: 'c1', action: 'remove', kind: 'container', target: 'web' })
    expect(s.confirms.map((c) => c.target)).toEqual(['web'])
    await s.answer('c1', false)
    expect(s.confirms).toEqual([])
    expect(f.calls.at(-1)).toEqual(['confirm:answer', { id: 'c1', allow: false }])
  })
  it('keeps a readable error when the status call fails', async () => {
    setApiClient(fakeClient({}).client)
    const s = useEngineStore()
    await s.init()
    expect(s.error).toBe('no handler for engine:status')
  })
})

describe('engine settings (probe, typed endpoint)', () => {
  const bad = { ok: false, tried: [{ endpoint: 'x', source: 'typed endpoint', ok: false, reason: 'malformed', code: 'malformed', hint: 'has no scheme', detail: 'has no scheme' }] }
  const good = { ok: true, tried: [{ endpoint: 'unix:///d.sock', source: 'typed endpoint', ok: true, reason: 'ok' }] }
  it('switches only when the typed endpoint answers; a failing one leaves the engine as it was', async () => {
    const f = fakeClient({
      'engine:status': () => status('simulator'),
      'engine:probe': (r) => ((r as { endpoint: string }).endpoint === 'unix:///d.sock' ? good : bad),
      'engine:select': () => ({ ok: true, status: { ...status('live'), endpoint: 'unix:///d.sock' } }),
    })
    setApiClient(f.client)
    const s = useEngineStore()
    await s.init()
    expect(await s.connectTo(' x ')).toEqual(bad)
    expect(f.calls.map((c) => c[0])).toEqual(['engine:status', 'engine:probe'])
    expect(f.calls.at(-1)).toEqual(['engine:probe', { endpoint: 'x' }])
    expect(s.status?.kind).toBe('simulator')
    await s.connectTo('unix:///d.sock')
    expect(f.calls.at(-1)).toEqual(['engine:select', { mode: 'live', endpoint: 'unix:///d.sock' }])
    expect(s.status?.kind).toBe('live')
    expect(s.probe).toEqual(good)
    await s.runProbe()
    expect(f.calls.at(-1)).toEqual(['engine:probe', undefined])
    // DOCKER_HOST kept the others from being tried: the learner asks for them
    await s.runProbe(undefined, { others: true })
    expect(f.calls.at(-1)).toEqual(['engine:probe', { others: true }])
  })
  it('a slow probe of every endpoint does not land over the report of an endpoint typed after it (Podman answers /version in seconds)', async () => {
    let releaseSlow: () => void = () => {}
    const all = { ok: true, tried: [{ endpoint: 'unix:///run/podman/podman.sock', source: 'Podman socket', ok: true, reason: 'ok', code: 'ok' }] }
    const f = fakeClient({
      'engine:status': () => status('simulator'),
      'engine:probe': (r) => (r === undefined ? new Promise((res) => (releaseSlow = () => res(all))) : bad),
    })
    setApiClient(f.client)
    const s = useEngineStore()
    await s.init()
    const slow = s.runProbe()
    expect(await s.connectTo('x')).toEqual(bad)
    releaseSlow()
    expect(await slow).toEqual(all)
    expect(s.probe).toEqual(bad)
  })
  it('an endpoint engine:select refuses (malformed): its coded attempt is the answer and the report, the engine as it was', async () => {
    const refused = { endpoint: 'tcp://h:0', source: 'typed endpoint', ok: false, reason: 'malformed', code: 'malformed', params: { error: 'port', port: '0' }, hint: 'typed endpoint="tcp://h:0": port "0" is not a number from 1 to 65535' }
    const f = fakeClient({
      'engine:status': () => status('simulator'),
      // the probe let it through (an older main, another parser): main's select has the last word
      'engine:probe': () => ({ ok: true, tried: [{ endpoint: 'tcp://h:0', source: 'typed endpoint', ok: true, reason: 'ok', code: 'ok' }] }),
      'engine:select': () => ({ ok: false, refused, status: status('simulator') }),
    })
    setApiClient(f.client)
    const s = useEngineStore()
    await s.init()
    expect(await s.connectTo('tcp://h:0')).toEqual({ ok: false, tried: [refused] })
    expect(f.calls.at(-1)).toEqual(['engine:select', { mode: 'live', endpoint: 'tcp://h:0' }])
    expect(s.probe).toEqual({ ok: false, tried: [refused] })
    expect(s.status?.kind).toBe('simulator')
    expect(s.error).toBe('')
  })
})
