/**
 * Start-up budget: with selectEngine 'first-use' (Electron's main process and `npm run web`) the
 * services make no Docker call until a call needs the engine. The renderer asks for the lesson list
 * and progress first and for the engine only once the list is painted, so the first paint comes
 * before any Docker call. A fake daemon socket records every request it gets.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { useServices } from '../helpers/services'
import type { EndpointCandidate } from '../../src/main/endpoints'

const start = useServices()
const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c()
})

/** A unix socket that answers every request with HTTP 500 and remembers it. */
async function fakeDaemon(): Promise<{ requests: string[]; candidate: EndpointCandidate }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'll-fake-docker-'))
  const socketPath = path.join(dir, 'docker.sock')
  const requests: string[] = []
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"fake daemon"}')
  })
  await new Promise<void>((resolve) => server.listen(socketPath, resolve))
  cleanup.push(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await rm(dir, { recursive: true, force: true })
  })
  return { requests, candidate: { endpoint: `unix://${socketPath}`, source: 'fake', dockerodeOptions: { socketPath } } }
}

describe('no Docker call before the engine is first needed', () => {
  it("'first-use': the lesson list and progress are served without a Docker call; the first engine call probes", async () => {
    const daemon = await fakeDaemon()
    const { call, services } = await start({ mode: 'auto', selectEngine: 'first-use', candidates: [daemon.candidate] })
    expect(services.status().reason).toBe('Simulator — starting')
    // what the renderer asks for before its first paint
    const list = await call('lessons:list', undefined)
    expect(list.length).toBeGreaterThan(0)
    await call('progress:get', undefined)
    await call('lessons:get', { id: list[0].id })
    await call('app:info', undefined)
    expect(daemon.requests).toEqual([])

    const status = await call('engine:status', undefined)
    expect(daemon.requests).toEqual(['GET /_ping', 'GET /version'])
    expect(status.kind).toBe('simulator')
    expect(status.tried).toEqual([expect.objectContaining({ endpoint: daemon.candidate.endpoint, ok: false, reason: 'HTTP 500' })])
    // once: later engine calls do not probe again
    await call('engine:snapshot', undefined)
    expect(daemon.requests).toHaveLength(2)
  })

  it("'first-use': a terminal command as the first call waits for the selection, then runs", async () => {
    const daemon = await fakeDaemon()
    const { run } = await start({ mode: 'auto', selectEngine: 'first-use', candidates: [daemon.candidate] })
    const r = await run('docker images')
    expect(r.exitCode).toBe(0)
    expect(daemon.requests).toEqual(['GET /_ping', 'GET /version'])
  })

  it("'create' (the default) probes inside createServices", async () => {
    const daemon = await fakeDaemon()
    const { services } = await start({ mode: 'auto', candidates: [daemon.candidate] })
    expect(daemon.requests).toEqual(['GET /_ping', 'GET /version'])
    expect(services.status().tried[0]).toMatchObject({ endpoint: daemon.candidate.endpoint, reason: 'HTTP 500' })
  })
})

describe('nothing heavy loaded at start', () => {
  it('importing the services does not load dockerode (the live engine is imported when a daemon answers)', async () => {
    const { execFile } = await import('node:child_process')
    const root = path.resolve(__dirname, '../..')
    // a fresh Node process: which dockerode modules are in the CommonJS cache after the import?
    const script = [
      "import { createRequire } from 'node:module'",
      `await import(${JSON.stringify(path.join(root, 'src/main/services.ts'))})`,
      'const loaded = (m) => Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes(`/node_modules/${m}/`)).length',
      `await import(${JSON.stringify(path.join(root, 'src/main/engine-probe.ts'))})`,
      "const before = loaded('dockerode')",
      `await import(${JSON.stringify(path.join(root, 'src/main/live/live-engine.ts'))})`,
      "console.log(JSON.stringify({ before, after: loaded('dockerode') }))",
    ].join('\n')
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root }, (e, stdout, stderr) =>
        e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout),
      ),
    )
    const { before, after } = JSON.parse(out.trim()) as { before: number; after: number }
    expect(before).toBe(0)
    // the check itself sees dockerode once it is loaded
    expect(after).toBeGreaterThan(0)
  }, 30_000)
})
