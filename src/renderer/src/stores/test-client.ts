/**
 * Test support for the store specs (imported by them only): an api client that answers from a
 * table of handlers and lets a test push events, an engine status, and a turn of the event loop.
 */
import type { ApiClient } from '../api/client'
import type { EngineStatus, EventMap, EventName } from '../../../shared/contract'

type Handler = (req: unknown) => unknown
export function fakeClient(handlers: Record<string, Handler>) {
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const calls: Array<[string, unknown]> = []
  const client: ApiClient = {
    async invoke(channel, request) {
      calls.push([channel, request])
      const h = handlers[channel]
      if (!h) throw new Error(`no handler for ${channel}`)
      return (await h(request)) as never
    },
    on(event, cb) {
      const s = listeners.get(event) ?? new Set()
      listeners.set(event, s)
      s.add(cb as (p: unknown) => void)
      return () => s.delete(cb as (p: unknown) => void)
    },
  }
  const emit = <E extends EventName>(e: E, p: EventMap[E]) => listeners.get(e)?.forEach((l) => l(p))
  return { client, calls, emit, listeners }
}
export const status = (kind: 'simulator' | 'live', connected = true): EngineStatus => ({
  kind, reason: kind === 'simulator' ? 'Simulator — no Docker socket at /var/run/docker.sock' : 'Docker 20.10', endpoint: null,
  version: null, apiVersion: null, connected, tried: [], mode: 'auto',
})
export const flush = () => new Promise((r) => setTimeout(r, 0))
