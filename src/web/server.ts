/**
 * Browser mode: a loopback-only Node server that serves the built renderer and carries the typed
 * contract over one WebSocket (src/shared/wire.ts).
 *
 * Safety (the services hold a root-equivalent Docker socket):
 * - bound to 127.0.0.1 only;
 * - a random 256-bit token, compared in constant time, is required to open the WebSocket;
 * - the Host header must be our loopback host:port (defeats DNS rebinding) on every request;
 * - the Origin of a WebSocket must be our own page's origin;
 * - every message is validated against the contract before any service sees it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Emit, EventMap, EventName, Handlers } from '../shared/contract'
import { BOOT_CHANNELS, BOOT_DATA_ID, TOKEN_PARAM, WS_PATH, type BootData, type WireMessage } from '../shared/wire'
import { dispatch } from '../main/dispatch'
import { MIME_TYPES, cacheControlFor } from '../main/security'

export interface WebServerOptions {
  /** Folder with the built renderer (index.html + assets). */
  staticDir: string
  port?: number
  /** For tests: a fixed token. Default: 32 random bytes, hex. */
  token?: string
  log?: (line: string) => void
}

export interface WebServer {
  url: string
  origin: string
  port: number
  token: string
  /** Hand the services' handlers to the server (they may be created after it listens). */
  setHandlers(handlers: Handlers): void
  /** Push an event to every connected page. */
  emit: Emit
  close(): Promise<void>
}

const MAX_MESSAGE_BYTES = 1024 * 1024
/** How long serving index.html waits for the first screen's data before sending the page without it. */
export const BOOT_DATA_WAIT_MS = 250

/**
 * The first screen's data as an HTML data block (type application/json: never run, so outside the
 * CSP's script-src). `<`, `>`, `&` and the JS line separators are written as JSON \u escapes, so
 * no text in it (a lesson title, an imported progress file) can close the element or open another.
 */
export function bootDataElement(data: BootData): string {
  const json = JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return `<script type="application/json" id="${BOOT_DATA_ID}">${json}</script>`
}


/** The page's Content-Security-Policy: no eval, no inline script, connections only back to us. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ')
}

export function tokensEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8')
  const bb = Buffer.from(b, 'utf8')
  if (ab.length !== bb.length) {
    // still spend the comparison, so the length is the only thing timing can tell
    timingSafeEqual(bb, bb)
    return false
  }
  return timingSafeEqual(ab, bb)
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const log = opts.log ?? (() => {})
  const token = opts.token ?? randomBytes(32).toString('hex')
  const staticDir = path.resolve(opts.staticDir)
  let handlers: Handlers | null = null
  let port = 0
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])

  const server = createServer((req, res) => {
    void serveStatic(req, res).catch((e) => {
      log(`[web] ${req.url}: ${(e as Error).message}`)
      if (!res.headersSent) res.writeHead(500).end('internal error')
    })
  })

  async function serveStatic(req: IncomingMessage, res: ServerResponse) {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request: Layerlab answers only on its loopback address.')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    let rel = decodeURIComponent(url.pathname)
    if (rel === '/' || rel === '') rel = '/index.html'
    const file = path.resolve(staticDir, '.' + rel)
    if (!file.startsWith(staticDir + path.sep)) {
      res.writeHead(403).end()
      return
    }
    let body: Buffer
    try {
      body = await fs.readFile(file)
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    if (rel === '/index.html' && req.method === 'GET') body = await withBootData(body, url)
    const ext = path.extname(file)
    const headers: Record<string, string> = {
      'content-type': MIME_TYPES[ext] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': cacheControlFor(rel),
    }
    if (ext === '.html') {
      headers['content-security-policy'] = contentSecurityPolicy(port)
      headers['x-frame-options'] = 'DENY'
    }
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  /**
   * index.html with the first screen's data in it, for a page that carries the right token (the
   * same key the WebSocket asks for: the progress file is the learner's). Without the token, before
   * the services are wired, or when they take longer than BOOT_DATA_WAIT_MS: the plain page, which
   * asks over the WebSocket.
   */
  async function withBootData(html: Buffer, url: URL): Promise<Buffer> {
    const h = handlers
    if (!h || !tokensEqual(url.searchParams.get(TOKEN_PARAM) ?? '', token)) return html
    let timer: ReturnType<typeof setTimeout> | undefined
    const data = await Promise.race([
      Promise.all(BOOT_CHANNELS.map(async (c) => [c, await dispatch(h, c, undefined)] as const)).then(
        (pairs) => Object.fromEntries(pairs) as BootData,
      ),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), BOOT_DATA_WAIT_MS))),
    ])
    clearTimeout(timer)
    if (!data) return html
    const text = html.toString('utf8')
    const at = text.indexOf('</head>')
    return at < 0 ? html : Buffer.from(text.slice(0, at) + bootDataElement(data) + text.slice(at), 'utf8')
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const clients = new Set<WebSocket>()

  server.on('upgrade', (req, socket, head) => {
    const refuse = (code: number, why: string) => {
      log(`[web] refused a WebSocket: ${why}`)
      socket.write(`HTTP/1.1 ${code} ${code === 403 ? 'Forbidden' : 'Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      socket.destroy()
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    if (url.pathname !== WS_PATH) return refuse(400, 'wrong path')
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(403, `foreign Host ${JSON.stringify(req.headers.host)}`)
    const origin = req.headers.origin
    if (!origin || !allowedOrigins().has(origin)) return refuse(403, `foreign Origin ${JSON.stringify(origin)}`)
    const given = url.searchParams.get(TOKEN_PARAM) ?? ''
    if (!tokensEqual(given, token)) return refuse(403, 'missing or wrong token')
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws)
      ws.on('close', () => clients.delete(ws))
      ws.on('message', (data, isBinary) => {
        if (isBinary) return
        void onMessage(ws, data.toString())
      })
    })
  })

  async function onMessage(ws: WebSocket, text: string) {
    let msg: unknown
    try {
      msg = JSON.parse(text)
    } catch {
      return send(ws, { kind: 'reply', id: -1, envelope: { error: { name: 'ContractError', message: 'message is not JSON' } } })
    }
    const m = msg as { kind?: unknown; id?: unknown; channel?: unknown; request?: unknown }
    const id = typeof m.id === 'number' && Number.isSafeInteger(m.id) ? m.id : -1
    if (m.kind !== 'invoke' || id < 0) {
      return send(ws, { kind: 'reply', id, envelope: { error: { name: 'ContractError', message: 'expected {kind:"invoke", id, channel, request}' } } })
    }
    if (!handlers) {
      return send(ws, { kind: 'reply', id, envelope: { error: { name: 'Error', message: 'Layerlab is still starting' } } })
    }
    const envelope = await dispatch(handlers, m.channel, m.request)
    send(ws, { kind: 'reply', id, envelope })
  }

  function send(ws: WebSocket, msg: WireMessage) {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg))
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`

  const emit: Emit = <E extends EventName>(event: E, payload: EventMap[E]) => {
    const text = JSON.stringify({ kind: 'event', event, payload } satisfies WireMessage)
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text)
  }

  return {
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    origin,
    port,
    token,
    setHandlers: (h) => {
      handlers = h
    },
    emit,
    close: async () => {
      for (const ws of clients) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
