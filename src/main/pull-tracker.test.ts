import { describe, expect, it } from 'vitest'
import { CancelledError } from '../domain/errors'
import { applyPullMessage, createPullTracker, layerFraction } from './pull-tracker'
import type { DockerEngine, ProgressFn, CallOptions } from '../domain/engine'
import type { JsonMessage } from '../domain/types'
import type { PullProgress } from '../shared/contract'

const fresh = (): PullProgress => ({ pullId: 'p', runId: 'r', ref: 'x', state: 'running', layers: [], message: '', startedAt: 0, endedAt: null })

describe('applyPullMessage', () => {
  it('folds docker\'s pull stream into one row per layer, in first-seen order', () => {
    const p = fresh()
    const stream: JsonMessage[] = [
      { status: 'Pulling from library/ubuntu', id: '14.04' },
      { status: 'Already exists', progressDetail: {}, id: 'aaa' },
      { status: 'Pulling fs layer', progressDetail: {}, id: 'bbb' },
      { status: 'Waiting', progressDetail: {}, id: 'bbb' },
      { status: 'Downloading', progressDetail: { current: 512, total: 2048 }, progress: '[===>   ]', id: 'bbb' },
    ]
    for (const m of stream) applyPullMessage(p, m)
    expect(p.layers).toEqual([
      { id: 'aaa', status: 'Already exists' },
      { id: 'bbb', status: 'Downloading', current: 512, total: 2048 },
    ])
    expect(layerFraction(p.layers[1]!)).toBe(0.25)
    applyPullMessage(p, { status: 'Verifying Checksum', progressDetail: {}, id: 'bbb' })
    expect(layerFraction(p.layers[1]!)).toBeNull() // no size given: an indeterminate bar
    applyPullMessage(p, { status: 'Extracting', progressDetail: { current: 4096, total: 8192 }, id: 'bbb' })
    expect(p.layers[1]).toEqual({ id: 'bbb', status: 'Extracting', current: 4096, total: 8192 })
    applyPullMessage(p, { status: 'Pull complete', progressDetail: {}, id: 'bbb' })
    expect(p.layers[1]).toEqual({ id: 'bbb', status: 'Pull complete' })
    expect(layerFraction(p.layers[1]!)).toBe(1)
    applyPullMessage(p, { status: 'Status: Downloaded newer image for ubuntu:14.04' })
    expect(p.message).toBe('Status: Downloaded newer image for ubuntu:14.04')
    applyPullMessage(p, { error: 'manifest unknown', errorDetail: { message: 'manifest unknown: manifest unknown' } })
    expect(p.message).toBe('manifest unknown: manifest unknown')
    expect(p.layers).toHaveLength(2)
  })
  it('gives Waiting an empty bar', () => {
    expect(layerFraction({ id: 'a', status: 'Waiting' })).toBe(0)
  })
})

/** An engine whose pull sends `messages` one per tick and stops (rejects) when its signal aborts. */
function slowEngine(messages: JsonMessage[], tickMs = 5) {
  const seen: { signal?: CallOptions['signal'] } = {}
  const engine = {
    kind: 'simulator',
    marker: 42,
    other() {
      return this.marker
    },
    async pullImage(_ref: string, onProgress?: ProgressFn, opts?: CallOptions) {
      seen.signal = opts?.signal
      for (const m of messages) {
        if (opts?.signal?.aborted) throw new CancelledError()
        onProgress?.(m)
        await new Promise((r) => setTimeout(r, tickMs))
      }
      if (opts?.signal?.aborted) throw new CancelledError()
    },
  }
  return { engine: engine as unknown as DockerEngine & { other(): number }, seen }
}

const downloads = (n: number): JsonMessage[] =>
  Array.from({ length: n }, (_, i) => ({ status: 'Downloading', id: 'l1', progressDetail: { current: i + 1, total: n } }))

describe('createPullTracker', () => {
  it('emits a start, throttled updates and the final state; the CLI still gets every message', async () => {
    const events: PullProgress[] = []
    const tracker = createPullTracker((p) => events.push(p), { throttleMs: 20 })
    const { engine } = slowEngine([...downloads(20), { status: 'Pull complete', id: 'l1', progressDetail: {} }, { status: 'Status: Downloaded newer image for x:1' }])
    const wrapped = tracker.wrap(engine, 'run-1')
    expect(wrapped.other()).toBe(42) // everything but pullImage passes through, bound to the engine
    const cli: JsonMessage[] = []
    await wrapped.pullImage('x:1', (m) => cli.push(m))
    expect(cli).toHaveLength(22)
    expect(events[0]).toMatchObject({ state: 'running', runId: 'run-1', ref: 'x:1', layers: [] })
    const last = events.at(-1)!
    expect(last).toMatchObject({ state: 'done', layers: [{ id: 'l1', status: 'Pull complete' }], message: 'Status: Downloaded newer image for x:1' })
    expect(last.endedAt).not.toBeNull()
    // throttled: fewer events than messages, but some in between
    expect(events.length).toBeLessThan(22)
    expect(events.some((e) => e.state === 'running' && e.layers.length === 1)).toBe(true)
    // events are copies: later changes do not rewrite what was already sent
    expect(events[0]!.layers).toEqual([])
    expect(tracker.active()).toEqual([])
  })

  it('cancel(pullId) aborts exactly that pull; the pull ends as cancelled and the error reaches the caller', async () => {
    const events: PullProgress[] = []
    const tracker = createPullTracker((p) => events.push(p), { throttleMs: 5 })
    const { engine, seen } = slowEngine(downloads(1000))
    const pulling = tracker.wrap(engine, 'run-2').pullImage('big:1')
    await new Promise((r) => setTimeout(r, 30))
    const [running] = tracker.active()
    expect(running?.state).toBe('running')
    expect(tracker.cancel('no-such-pull')).toBe(false)
    expect(tracker.cancel(running!.pullId)).toBe(true)
    await expect(pulling).rejects.toBeInstanceOf(CancelledError)
    expect(seen.signal?.aborted).toBe(true)
    expect(events.at(-1)).toMatchObject({ pullId: running!.pullId, state: 'cancelled', message: 'cancelled' })
    expect(tracker.cancel(running!.pullId)).toBe(false) // finished: nothing to cancel
  })

  it('a cancel that arrives after the daemon reported the image pulled leaves the pull done (no error)', async () => {
    const events: PullProgress[] = []
    const tracker = createPullTracker((p) => events.push(p))
    const { engine } = slowEngine([{ status: 'Pull complete', id: 'l1' }, { status: 'Status: Downloaded newer image for x:1' }, ...downloads(1000).map(() => ({}))], 5)
    const pulling = tracker.wrap(engine, 'r').pullImage('x:1')
    await new Promise((r) => setTimeout(r, 30))
    expect(tracker.cancel(tracker.active()[0]!.pullId)).toBe(true)
    await expect(pulling).resolves.toBeUndefined()
    expect(events.at(-1)).toMatchObject({ state: 'done', message: 'Status: Downloaded newer image for x:1' })
  })

  it('a failing pull ends as failed with the error text; an outer signal also cancels', async () => {
    const events: PullProgress[] = []
    const tracker = createPullTracker((p) => events.push(p))
    const failing = { kind: 'simulator', pullImage: async () => { throw new Error('manifest for x:9 not found') } } as unknown as DockerEngine
    await expect(tracker.wrap(failing, 'r').pullImage('x:9')).rejects.toThrow('not found')
    expect(events.at(-1)).toMatchObject({ state: 'failed', message: 'manifest for x:9 not found' })

    const ac = new AbortController()
    const { engine } = slowEngine(downloads(1000))
    const p = tracker.wrap(engine, 'r').pullImage('big:1', undefined, { signal: ac.signal })
    await new Promise((r) => setTimeout(r, 15))
    ac.abort()
    await expect(p).rejects.toBeInstanceOf(CancelledError)
    expect(events.at(-1)!.state).toBe('cancelled')
  })
})
