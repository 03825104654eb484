/**
 * The browser-mode client against a fake WebSocket: what is sent and when, answers matched to their
 * calls, events, a lost connection.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createWsClient } from './client'
import { BOOT_DATA_ID, type WireMessage, type WireRequest } from '../../../shared/wire'

class FakeSocket extends EventTarget {
  static CONNECTING = 0
  static OPEN = 1
  static CLOSING = 2
  static CLOSED = 3
  static made: FakeSocket[] = []
  readyState = FakeSocket.CONNECTING
  sent: WireRequest[] = []
  constructor(readonly url: string) {
    super()
    FakeSocket.made.push(this)
  }
  send(data: string) {
    if (this.readyState !== FakeSocket.OPEN) throw new Error('send before open')
    this.sent.push(JSON.parse(data) as WireRequest)
  }
  open() {
    this.readyState = FakeSocket.OPEN
    this.dispatchEvent(new Event('open'))
  }
  deliver(m: WireMessage) {
    const e = new Event('message') as Event & { data: string }
    e.data = JSON.stringify(m)
    this.dispatchEvent(e)
  }
  close() {
    this.readyState = FakeSocket.CLOSED
    this.dispatchEvent(new Event('close'))
  }
}
const reply = (id: number, result: unknown): WireMessage => ({ kind: 'reply', id, envelope: { result } })

beforeEach(() => {
  FakeSocket.made = []
  vi.stubGlobal('WebSocket', FakeSocket)
  vi.stubGlobal('performance', { mark: () => {} })
})
afterEach(() => vi.unstubAllGlobals())

describe('browser-mode client', () => {
  it('waits for the socket to open, matches answers to calls by id whatever their order, and passes events on', async () => {
    const client = createWsClient('ws://127.0.0.1:4000/ws?token=t')
    const ws = FakeSocket.made[0]
    expect(ws.url).toBe('ws://127.0.0.1:4000/ws?token=t')
    const a = client.invoke('lessons:list', undefined)
    const b = client.invoke('engine:status', undefined)
    await Promise.resolve()
    expect(ws.sent).toEqual([]) // nothing before open
    ws.open()
    await new Promise((r) => setTimeout(r, 0))
    expect(ws.sent.map((r) => [r.id, r.channel])).toEqual([
      [1, 'lessons:list'],
      [2, 'engine:status'],
    ])
    ws.deliver(reply(2, { kind: 'simulator' }))
    ws.deliver({ kind: 'reply', id: 1, envelope: { error: { name: 'LessonError', message: 'no lessons' } } })
    await expect(b).resolves.toEqual({ kind: 'simulator' })
    await expect(a).rejects.toMatchObject({ name: 'LessonError', message: 'no lessons' })
    const seen: unknown[] = []
    client.on('engine:status', (p) => seen.push(p))
    ws.deliver({ kind: 'event', event: 'engine:status', payload: 'x' })
    const bad = new Event('message') as Event & { data: string }
    bad.data = '{not json'
    ws.dispatchEvent(bad) // ignored, not thrown
    expect(seen).toEqual(['x'])
  })

  it('a lost connection fails the calls in flight with a clear message, tells listeners, and reconnects', async () => {
    vi.useFakeTimers()
    try {
      const client = createWsClient('ws://x/ws?token=t')
      const ups: boolean[] = []
      client.onConnection!((up) => ups.push(up))
      const ws = FakeSocket.made[0]
      ws.open()
      const call = client.invoke('lessons:list', undefined)
      await vi.advanceTimersByTimeAsync(0)
      ws.close()
      await expect(call).rejects.toThrow('connection to Layerlab lost')
      vi.advanceTimersByTime(1000)
      expect(FakeSocket.made).toHaveLength(2)
      expect(FakeSocket.made[1].url).toBe('ws://x/ws?token=t')
      FakeSocket.made[1].open()
      expect(ups).toEqual([true, false, true])
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('first-screen data written into the page (browser mode)', () => {
  /** a fresh client module (its connection and prefetched answers are module state) in a page holding `text` as the data element */
  async function pageWith(text: string | null) {
    const removed: string[] = []
    vi.stubGlobal('location', { search: '?token=t', host: '127.0.0.1:4000' })
    vi.stubGlobal('document', {
      getElementById: (id: string) => (text === null ? null : { textContent: text, remove: () => removed.push(id) }),
    })
    vi.resetModules()
    const mod = await import('./client')
    return { mod, removed }
  }

  it('answers from the page need no round trip; an error envelope there rejects as the socket would; the connection still opens', async () => {
    const { mod, removed } = await pageWith(
      JSON.stringify({ 'lessons:list': { result: [{ id: 'a' }] }, 'progress:get': { error: { name: 'ProgressError', message: 'unreadable' } } }),
    )
    mod.prefetch(['lessons:list', 'progress:get'])
    expect(removed).toEqual([BOOT_DATA_ID]) // taken once: the document does not keep the learner's data
    await expect(mod.takePrefetched('lessons:list')).resolves.toEqual([{ id: 'a' }])
    await expect(mod.takePrefetched('progress:get')).rejects.toMatchObject({ name: 'ProgressError', message: 'unreadable' })
    expect(FakeSocket.made).toHaveLength(1) // opened early, for the first click
    FakeSocket.made[0].open()
    await new Promise((r) => setTimeout(r, 0))
    expect(FakeSocket.made[0].sent).toEqual([])
  })

  it('a channel the page lacks, unreadable data or no data at all: asked over the socket', async () => {
    for (const text of [JSON.stringify({ 'lessons:list': { result: [] } }), '{"lessons:list": ', 'null', null]) {
      FakeSocket.made = []
      const { mod } = await pageWith(text)
      mod.prefetch(['lessons:list', 'progress:get'])
      const ws = FakeSocket.made[0]
      ws.open()
      await new Promise((r) => setTimeout(r, 0))
      const asked = ws.sent.map((r) => r.channel)
      expect(asked, String(text)).toEqual(text?.startsWith('{"lessons:list":{') ? ['progress:get'] : ['lessons:list', 'progress:get'])
    }
  })
})
