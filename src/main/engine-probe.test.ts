import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import http from 'node:http'
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { probeEngines } from './engine-probe'
import { parseDockerHost } from './endpoints'
import * as v from 'valibot'
import { EndpointAttemptSchema, type EndpointAttempt } from '../shared/contract'

let dir = ''
const servers: http.Server[] = []
/** A fake daemon on a unix socket answering GET /version with `body`. */
async function fakeDaemon(name: string, body: unknown, delayMs = 0): Promise<string> {
  const sock = path.join(dir, name)
  const srv = http.createServer((req, res) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }, delayMs)
  })
  servers.push(srv)
  await new Promise<void>((r) => srv.listen(sock, r))
  return `unix://${sock}`
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'll-probe-'))
})
afterAll(async () => {
  for (const s of servers) s.closeAllConnections?.()
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  await rm(dir, { recursive: true, force: true })
})

describe('probeEngines (engine:probe)', () => {
  it('probes every candidate (not stopping at the first that answers) and says why each failed', async () => {
    const good = await fakeDaemon('good.sock', { Version: '20.10.24', ApiVersion: '1.41', MinAPIVersion: '1.12' })
    const old = await fakeDaemon('old.sock', { Version: '18.09.1', ApiVersion: '1.39' })
    const tooNew = await fakeDaemon('new.sock', { Version: '99.0', ApiVersion: '1.60', MinAPIVersion: '1.55' })
    const slow = await fakeDaemon('slow.sock', { Version: '20.10', ApiVersion: '1.41' }, 2000)
    const notFile = path.join(dir, 'plain-file')
    await writeFile(notFile, 'x')
    const candidates = [
      parseDockerHost(`unix://${dir}/absent.sock`, 'default socket'),
      parseDockerHost(good, 'DOCKER_HOST'),
      parseDockerHost(old, 'context "old"'),
      parseDockerHost(tooNew, 'rootless'),
      parseDockerHost(slow, 'Podman'),
      parseDockerHost(`unix://${notFile}`, 'Docker Desktop'),
    ]
    const r = await probeEngines({ candidates, timeoutMs: 300 })
    expect(r.ok).toBe(true)
    expect(r.tried.map((a) => [a.source, a.ok, a.reason])).toEqual([
      ['default socket', false, 'not found'],
      ['DOCKER_HOST', true, 'ok'],
      ['context "old"', false, 'API too old'],
      ['rootless', false, 'API too new'],
      ['Podman', false, 'timeout'],
      ['Docker Desktop', false, 'connection refused'],
    ])
    expect(r.tried[1]).toMatchObject({ daemonVersion: '20.10.24', apiVersion: '1.41' })
    expect(r.tried[2]!.hint).toMatch(/needs 1\.41 or newer/)
  })

  it('a typed endpoint is probed alone; a malformed one is reported, not thrown', async () => {
    const good = await fakeDaemon('typed.sock', { Version: '24.0.7', ApiVersion: '1.43', MinAPIVersion: '1.12' })
    expect(await probeEngines({ endpoint: good })).toEqual({
      ok: true,
      tried: [{ endpoint: good, source: 'typed endpoint', ok: true, reason: 'ok', code: 'ok', daemonVersion: '24.0.7', apiVersion: '1.43', product: 'docker' }],
    })
    const cases: Array<[string, EndpointAttempt['params']]> = [
      ['', { error: 'empty' }],
      ['var/run/docker.sock', { error: 'noScheme' }],
      ['unix://relative.sock', { error: 'unixPath' }],
      ['http//x', { error: 'noScheme' }],
      ['ftp://host:1', { error: 'scheme', scheme: 'ftp' }],
      ['tcp://host:99999', { error: 'port', port: '99999' }],
    ]
    for (const [bad, params] of cases) {
      const r = await probeEngines({ endpoint: bad })
      expect(r.ok, bad).toBe(false)
      expect(r.tried).toHaveLength(1)
      expect(r.tried[0]).toEqual({ endpoint: bad, source: 'typed endpoint', ok: false, reason: 'malformed', code: 'malformed', params, hint: expect.stringMatching(/expected|unsupported|not a number|absolute|empty/) })
      // what is wrong is a code the dialog words; the slot for the OS's or the daemon's own text stays empty
      expect(r.tried[0]!.detail, bad).toBeUndefined()
      expect(v.is(EndpointAttemptSchema, r.tried[0]), bad).toBe(true)
    }
  })

  it('permission denied on a socket the user may not open explains the docker group, never chmod 666', async () => {
    if (process.getuid?.() === 0) {
      console.log('[engine-probe] running as root: root opens any socket, so permission denied cannot happen here; this test only checks that the locked socket still answers')
    }
    const sock = await fakeDaemon('locked.sock', { Version: '20.10', ApiVersion: '1.41' })
    await chmod(sock.replace('unix://', ''), 0o000)
    const r = await probeEngines({ endpoint: sock })
    if (process.getuid?.() !== 0) {
      expect(r.tried[0]).toMatchObject({ ok: false, reason: 'permission denied' })
      expect(r.tried[0]!.hint).toMatch(/"docker" group/)
      expect(r.tried[0]!.hint).not.toMatch(/chmod|666/)
    } else expect(r.tried[0]!.ok).toBe(true)
  })
})
