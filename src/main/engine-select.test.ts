import { spawnSync } from 'node:child_process'
import { chmodSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DockerEngine } from '../domain/engine'
import { buildEngineStatus, probeEndpoint, selectEngine } from './engine-select'
import { probeEngines } from './engine-probe'
import type { EndpointCandidate } from './endpoints'
import * as v from 'valibot'
import { EndpointAttemptSchema } from '../shared/contract'

const dir = mkdtempSync(join(tmpdir(), 'll-select-'))
const servers: Array<net.Server | http.Server> = []
const cand = (path: string, source = 'test'): EndpointCandidate => ({ endpoint: `unix://${path}`, source, dockerodeOptions: { socketPath: path } })
const fakeSim = { kind: 'simulator' } as unknown as DockerEngine

function listen(server: net.Server | http.Server, path: string): Promise<void> {
  servers.push(server)
  return new Promise((r) => server.listen(path, () => r()))
}

const silent = join(dir, 'silent.sock') // accepts, never answers
const closer = join(dir, 'closer.sock') // accepts, closes at once
const old = join(dir, 'old.sock') // answers ApiVersion 1.24
const tooNew = join(dir, 'new.sock') // requires API 1.99
const garbage = join(dir, 'garbage.sock') // answers non-JSON
const podman = join(dir, 'podman.sock') // pings at once, answers /version slowly, as Podman does
// the shape of Podman 4.3.1's GET /version (compat API), trimmed
const PODMAN_VERSION = { Platform: { Name: 'linux/amd64/debian-12' }, Components: [{ Name: 'Podman Engine', Version: '4.3.1' }, { Name: 'Conmon' }], Version: '4.3.1', ApiVersion: '1.41', MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64', KernelVersion: '6' }

beforeAll(async () => {
  await listen(net.createServer(() => {}), silent)
  await listen(net.createServer((s) => s.destroy()), closer)
  const versionServer = (body: string) => http.createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end(body) })
  await listen(versionServer(JSON.stringify({ Version: '1.12.0', ApiVersion: '1.24', Os: 'linux', Arch: 'amd64', KernelVersion: '4' })), old)
  await listen(versionServer(JSON.stringify({ Version: '99.0.0', ApiVersion: '1.99', MinAPIVersion: '1.99', Os: 'linux', Arch: 'amd64', KernelVersion: '6' })), tooNew)
  await listen(versionServer('hello'), garbage)
  // Podman's Docker-compatible API: /_ping at once, /version only after ~2 s (measured: Podman 4.3.1 here)
  await listen(
    http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json')
      if (req.url === '/_ping') return void res.end('OK')
      setTimeout(() => res.end(JSON.stringify(PODMAN_VERSION)), 700)
    }),
    podman,
  )
})
afterAll(() => {
  for (const s of servers) s.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('probeEndpoint', () => {
  it('not found', async () => {
    const path = join(dir, 'absent.sock')
    const r = await probeEndpoint(cand(path))
    expect(r).toMatchObject({ ok: false, reason: 'not found', code: 'notFound', params: { path } })
    // the OS's own words stay beside the code (shown untranslated under the translated line)
    expect(r.detail).toMatch(/ENOENT/)
    expect(r.detail).toContain(path)
  })
  it('timeout on a socket that never answers', async () => {
    const t0 = Date.now()
    const r = await probeEndpoint(cand(silent), { timeoutMs: 200 })
    expect(r).toMatchObject({ ok: false, reason: 'timeout', code: 'timeout', params: { path: silent, ms: 200 } })
    expect(Date.now() - t0).toBeLessThan(1500)
  })
  it('connection reset when the server closes at once', async () => {
    expect(await probeEndpoint(cand(closer))).toMatchObject({ reason: 'connection reset', code: 'reset', params: { path: closer } })
  })
  it('connection refused on a stale socket file (the daemon died, the file stayed)', async () => {
    const stale = join(dir, 'stale.sock')
    // a process binds the path and exits without unlinking it: nothing listens behind the file
    const py = spawnSync('python3', ['-c', `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(stale)})`])
    if (py.status !== 0) {
      console.log('[engine-select.test] python3 unavailable; stale socket made by a killed node child instead')
      spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(stale)}, () => process.kill(process.pid, 'SIGKILL'))`])
    }
    const r = await probeEndpoint(cand(stale))
    expect(r).toMatchObject({ ok: false, reason: 'connection refused', code: 'refused', params: { path: stale } })
    expect(r.detail).toMatch(/ECONNREFUSED/)
  })
  it('permission denied, for real: a socket mode 600 owned by someone else', async () => {
    // root ignores file permissions, so as root the probe runs in a child process as user nobody
    const sock = join(dir, 'private.sock')
    await listen(net.createServer((c) => c.destroy()), sock)
    chmodSync(dir, 0o755)
    let r: { reason: string; code: string; hint?: string; detail?: string }
    if (process.getuid?.() === 0) {
      chmodSync(sock, 0o600)
      const code = `const { probeEndpoint } = await import(${JSON.stringify(new URL('./engine-select.ts', import.meta.url).pathname)}); console.log(JSON.stringify(await probeEndpoint({ endpoint: 'unix://${sock}', source: 't', dockerodeOptions: { socketPath: '${sock}' } })))`
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { uid: 65534, gid: 65534, cwd: process.cwd(), encoding: 'utf8', timeout: 30_000 })
      expect(child.status, child.stderr).toBe(0)
      r = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as typeof r
    } else {
      chmodSync(sock, 0o000)
      r = await probeEndpoint(cand(sock))
    }
    expect(r.reason).toBe('permission denied')
    expect(r.code).toBe('permissionDenied')
    expect(r.detail).toMatch(/EACCES/)
    expect(r.hint).toMatch(/"docker" group/)
    expect(r.hint).not.toMatch(/chmod|666|777/)
  })
  it('API too old', async () => {
    const r = await probeEndpoint(cand(old))
    expect(r).toMatchObject({ ok: false, reason: 'API too old', code: 'apiTooOld', params: { version: '1.12.0', api: '1.24', min: '1.41' } })
    expect(r.hint).toMatch(/1\.24.*1\.41/)
  })
  it('API too new', async () => {
    expect(await probeEndpoint(cand(tooNew))).toMatchObject({ ok: false, reason: 'API too new', code: 'apiTooNew', params: { version: '99.0.0', min: '1.99', max: '1.47' } })
  })
  it('not a Docker daemon', async () => {
    // what answered is kept as it answered
    expect(await probeEndpoint(cand(garbage))).toMatchObject({ ok: false, reason: 'not a Docker daemon', code: 'notDocker', detail: 'hello' })
  })
  it('every attempt has the contract’s shape: a known code, typed params', async () => {
    const paths = [join(dir, 'absent.sock'), silent, closer, old, tooNew, garbage]
    for (const p of paths) {
      const { version: _v, ...attempt } = await probeEndpoint(cand(p), { timeoutMs: 200 })
      const r = v.safeParse(EndpointAttemptSchema, attempt)
      expect(r.success, `${p}: ${JSON.stringify(r.issues?.map((i) => i.message))}`).toBe(true)
    }
  })
})

describe('buildEngineStatus', () => {
  it('permission denied wins over not found, and never suggests chmod', () => {
    const st = buildEngineStatus({
      kind: 'simulator',
      mode: 'auto',
      tried: [
        { endpoint: 'unix:///home/a/.docker/run/docker.sock', source: 'x', ok: false, reason: 'not found', code: 'notFound' },
        { endpoint: 'unix:///var/run/docker.sock', source: 'default socket', ok: false, reason: 'permission denied', code: 'permissionDenied', hint: 'h' },
      ],
    })
    expect(st.reason).toBe('Simulator — permission denied on /var/run/docker.sock')
  })
  it('live line', () => {
    const st = buildEngineStatus({ kind: 'live', mode: 'auto', tried: [], endpoint: 'unix:///var/run/docker.sock', version: { Version: '20.10.24', ApiVersion: '1.41', Os: 'linux', Arch: 'amd64', KernelVersion: '6' } })
    expect(st).toMatchObject({ reason: 'Live — Docker 20.10.24 at unix:///var/run/docker.sock', kind: 'live', apiVersion: '1.41', version: '20.10.24', connected: true })
  })
})

describe('selectEngine', () => {
  it('simulator mode does not probe', async () => {
    const r = await selectEngine({ mode: 'simulator', createSimulator: () => fakeSim })
    expect(r.engine).toBe(fakeSim)
    expect(r.status).toMatchObject({ kind: 'simulator', tried: [], mode: 'simulator' })
  })
  it('falls back with the reason of the default socket when nothing answers', async () => {
    const r = await selectEngine({
      mode: 'auto',
      createSimulator: () => fakeSim,
      candidates: [cand(join(dir, 'nope.sock')), { ...cand('/nonexistent-ll/docker.sock'), endpoint: 'unix:///var/run/docker.sock', dockerodeOptions: { socketPath: join(dir, 'nope2.sock') } }],
    })
    expect(r.engine).toBe(fakeSim)
    expect(r.status.reason).toBe('Simulator — no Docker socket at /var/run/docker.sock')
    expect(r.status.tried.map((t) => t.reason)).toEqual(['not found', 'not found'])
  })
  it('keeps within the total time budget across silent sockets', async () => {
    const t0 = Date.now()
    const r = await selectEngine({ mode: 'auto', timeoutMs: 300, createSimulator: () => fakeSim, candidates: [cand(silent), cand(silent + 'x'), cand(old)] })
    expect(Date.now() - t0).toBeLessThan(1200)
    expect(r.status.kind).toBe('simulator')
    expect(r.status.tried[0]!.reason).toBe('timeout')
    expect(r.status.reason).toMatch(/^Simulator — timeout on /)
  })
  it('a malformed chosen endpoint gives a clear reason', async () => {
    const r = await selectEngine({ mode: 'live', endpoint: 'ssh://x', createSimulator: () => fakeSim })
    expect(r.status.reason).toMatch(/unsupported scheme "ssh:\/\/"/)
    // and as an attempt the badge and the dialog word in the UI language
    expect(r.status.tried).toEqual([{ endpoint: 'ssh://x', source: 'chosen endpoint', ok: false, reason: 'malformed', code: 'malformed', params: { error: 'scheme', scheme: 'ssh' }, hint: expect.stringMatching(/unsupported scheme/) }])
    expect(v.is(EndpointAttemptSchema, r.status.tried[0])).toBe(true)
  })
})

describe('Podman and DOCKER_HOST', () => {
  it('a daemon that pings at once but takes its time over /version (Podman) is found within a 300 ms budget, and named Podman', async () => {
    const r = await probeEndpoint(cand(podman), { timeoutMs: 300 })
    expect(r).toMatchObject({ ok: true, code: 'ok', product: 'podman' })
    const probe = await probeEngines({ candidates: [cand(podman)], timeoutMs: 300 })
    expect(probe.tried[0]).toMatchObject({ ok: true, product: 'podman', daemonVersion: '4.3.1', apiVersion: '1.41' })
    expect(v.is(EndpointAttemptSchema, probe.tried[0])).toBe(true)
    const st = buildEngineStatus({ kind: 'live', mode: 'auto', tried: [], endpoint: `unix://${podman}`, version: PODMAN_VERSION })
    expect(st).toMatchObject({ reason: `Live — Podman 4.3.1 at unix://${podman}`, product: 'podman' })
  })
  it('DOCKER_HOST at nothing: that endpoint only, the CLI’s sentence naming it, the others listed as not tried', async () => {
    const saved = process.env.DOCKER_HOST
    const nothing = `unix://${join(dir, 'nothing.sock')}`
    process.env.DOCKER_HOST = nothing
    try {
      const r = await selectEngine({ mode: 'auto', createSimulator: () => fakeSim })
      expect(r.engine).toBe(fakeSim)
      expect(r.status.reason).toBe(`Simulator — Cannot connect to the Docker daemon at ${nothing}. Is the docker daemon running?`)
      expect(r.status.tried[0]).toMatchObject({ endpoint: nothing, source: 'DOCKER_HOST', code: 'notFound' })
      const rest = r.status.tried.slice(1)
      expect(rest.length).toBeGreaterThan(0)
      expect(rest.every((a) => a.code === 'dockerHostSet' && !a.ok)).toBe(true)
      expect(rest.map((a) => a.endpoint)).toContain('unix:///var/run/docker.sock')
      for (const a of r.status.tried) expect(v.is(EndpointAttemptSchema, a)).toBe(true)
      // the settings screen's report: the same, until the learner asks to try the others
      const probe = await probeEngines({ timeoutMs: 300 })
      expect(probe.tried[0]).toMatchObject({ endpoint: nothing, code: 'notFound' })
      expect(probe.tried.slice(1).every((a) => a.code === 'dockerHostSet')).toBe(true)
      const others = await probeEngines({ timeoutMs: 300, others: true })
      expect(others.tried.some((a) => a.code === 'dockerHostSet')).toBe(false)
      expect(others.tried.map((a) => a.endpoint)).toContain('unix:///var/run/docker.sock')
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST
      else process.env.DOCKER_HOST = saved
    }
  })
})
