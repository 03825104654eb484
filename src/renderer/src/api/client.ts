/**
 * The only place that touches the transport: window.api (Electron preload) or the browser-mode
 * WebSocket speaking src/shared/wire.ts with the page's ?token=.
 */
import type { Channel, EventMap, EventName, LayerlabApi, RequestOf, ResponseOf, Envelope } from '../../../shared/contract'
import { BOOT_DATA_ID, TOKEN_PARAM, WS_PATH, type BootData, type WireMessage, type WireRequest } from '../../../shared/wire'

export type ApiClient = LayerlabApi & { onConnection?(cb: (up: boolean) => void): () => void }

export function unwrap<T>(env: Envelope<T>): T {
  if ('error' in env) {
    const e = new Error(env.error.message)
    e.name = env.error.name
    throw e
  }
  return env.result
}

export function createWsClient(url: string): ApiClient {
  let ws: WebSocket
  let seq = 0
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const conn = new Set<(up: boolean) => void>()
  let ready: Promise<void>
  const open = () => {
    ws = new WebSocket(url)
    ready = new Promise((res) =>
      ws.addEventListener('open', () => (performance.mark('layerlab:ws-open'), conn.forEach((c) => c(true)), res()), { once: true }),
    )
    ws.addEventListener('message', (ev) => {
      let m: WireMessage
      try {
        m = JSON.parse(String(ev.data)) as WireMessage
      } catch {
        return
      }
      if (m.kind === 'reply') {
        const p = pending.get(m.id)
        pending.delete(m.id)
        if (!p) return
        try {
          p.resolve(unwrap(m.envelope))
        } catch (e) {
          p.reject(e as Error)
        }
      } else if (m.kind === 'event') listeners.get(m.event)?.forEach((l) => l(m.payload))
    })
    ws.addEventListener('close', () => {
      conn.forEach((c) => c(false))
      for (const p of pending.values()) p.reject(new Error('connection to Layerlab lost'))
      pending.clear()
      setTimeout(open, 1000)
    })
  }
  open()
  return {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      await ready
      const id = ++seq
      const msg: WireRequest = { kind: 'invoke', id, channel, request }
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
        ws.send(JSON.stringify(msg))
      })
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener as (p: unknown) => void)
      return () => set.delete(listener as (p: unknown) => void)
    },
    onConnection(cb) {
      conn.add(cb)
      return () => conn.delete(cb)
    },
  }
}

/**
 * The answers browser mode's server wrote into the page (src/shared/wire.ts BOOT_DATA_ID), taken out
 * of the document once: a later reload gets fresh ones from the server. Anything unreadable is
 * ignored (the page then asks over the connection).
 */
function takeBootData(): BootData {
  if (typeof document === 'undefined') return {}
  const el = document.getElementById(BOOT_DATA_ID)
  if (!el) return {}
  el.remove()
  try {
    const data = JSON.parse(el.textContent ?? '') as unknown
    return data && typeof data === 'object' ? (data as BootData) : {}
  } catch {
    return {}
  }
}

const early = new Map<Channel, Promise<unknown>>()
/**
 * Start calls (with no request) before the app is loaded, or take their answers from the page when
 * the server wrote them in; the first takePrefetched(channel) gets the answer, later callers invoke
 * again. Failures surface where they are taken. The connection is opened either way.
 */
export function prefetch(channels: Channel[]) {
  const inline = takeBootData() as Partial<Record<Channel, Envelope<unknown>>>
  const connection = api() // opened now either way: the first click needs it
  for (const c of channels) {
    const env = inline[c]
    const p = env && typeof env === 'object' ? Promise.resolve(env).then(unwrap) : connection.invoke(c, undefined as never)
    p.catch(() => {}) // not unhandled while nobody has taken it yet
    early.set(c, p)
  }
}
export function takePrefetched<C extends Channel>(channel: C): Promise<ResponseOf<C>> | undefined {
  const p = early.get(channel)
  early.delete(channel)
  return p as Promise<ResponseOf<C>> | undefined
}

let client: ApiClient | null = null
export function setApiClient(c: ApiClient) {
  client = c
}
export function api(): ApiClient {
  if (client) return client
  if (typeof window !== 'undefined' && window.api) client = window.api
  else {
    const token = new URLSearchParams(location.search).get(TOKEN_PARAM) ?? ''
    client = createWsClient(`ws://${location.host}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`)
  }
  return client
}
