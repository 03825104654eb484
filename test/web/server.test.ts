import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, writeFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import http from 'node:http'
import WebSocket from 'ws'
import { startWebServer, tokensEqual, type WebServer } from '../../src/web/server'
import { CHANNELS } from '../../src/shared/contract'

let dir: string
let srv: WebServer
const TOKEN = 'a'.repeat(64)

function get(p: string, host: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: srv.port, path: p, headers: { host } }, (res) => {
      res.resume()
      resolve({ status: res.statusCode ?? 0, headers: res.headers })
    }).on('error', reject)
  })
}
function wsOpen(q: string, headers: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/ws?${q}`, { headers })
    ws.on('open', () => resolve(ws))
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => resolve(-1))
  })
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'layerlab-web-'))
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>x</title>')
  srv = await startWebServer({ staticDir: dir, token: TOKEN })
  srv.setHandlers(Object.fromEntries(CHANNELS.map((c) => [c, async () => ({ from: c })])) as never)
})
afterAll(async () => {
  await srv.close()
  await rm(dir, { recursive: true, force: true })
})

describe('browser-mode server', () => {
  it('listens on loopback only', () => {
    expect(new URL(srv.origin).hostname).toBe('127.0.0.1')
  })
  it('serves the page with a CSP without unsafe-eval; refuses a foreign Host and traversal', async () => {
    const ok = await get('/', `127.0.0.1:${srv.port}`)
    expect(ok.status).toBe(200)
    expect(String(ok.headers['content-security-policy'])).toMatch(/script-src 'self'/)
    expect(String(ok.headers['content-security-policy'])).not.toContain('unsafe-eval')
    expect((await get('/', `evil.example:${srv.port}`)).status).toBe(421)
    expect([403, 404]).toContain((await get('/..%2f..%2fetc%2fpasswd', `127.0.0.1:${srv.port}`)).status)
  })
  it('WebSocket: refuses a wrong/missing token, a foreign Origin, a foreign Host; accepts the right ones', async () => {
    const origin = srv.origin
    const host = `127.0.0.1:${srv.port}`
    expect(await wsOpen('', { origin, host })).toBe(403)
    expect(await wsOpen(`token=${'b'.repeat(64)}`, { origin, host })).toBe(403)
    expect(await wsOpen(`token=${TOKEN}`, { origin: 'http://evil.example', host })).toBe(403)
    expect(await wsOpen(`token=${TOKEN}`, { origin, host: `evil.example:${srv.port}` })).toBe(403)
    const ws = await wsOpen(`token=${TOKEN}`, { origin, host })
    expect(ws).toBeInstanceOf(WebSocket)
    const w = ws as WebSocket
    const reply = await new Promise<unknown>((resolve) => {
      w.on('message', (d) => resolve(JSON.parse(d.toString())))
      w.send(JSON.stringify({ kind: 'invoke', id: 1, channel: 'app:info', request: undefined }))
    })
    expect(reply).toMatchObject({ kind: 'reply', id: 1, envelope: { result: { from: 'app:info' } } })
    w.close()
  })
  it('tokensEqual: wrong length and wrong content are unequal', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true)
    expect(tokensEqual(TOKEN, TOKEN.slice(1))).toBe(false)
    expect(tokensEqual(TOKEN, 'b' + TOKEN.slice(1))).toBe(false)
    expect(tokensEqual('', TOKEN)).toBe(false)
  })
})
