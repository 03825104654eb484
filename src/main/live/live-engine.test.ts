/**
 * Error mapping of the live engine against a faked HTTP layer (nock), no daemon needed.
 */
import nock from 'nock'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CancelledError, EngineError, EngineUnavailableError } from '../../domain/errors'
import type { JsonMessage } from '../../domain/types'
import { evaluate } from '../../domain/lessons/checker'
import { connectLive, demuxBuffer, historySteps, mapDockerError, negotiateApiVersion, type LiveEngine } from './live-engine'

const PORT = 23750
const BASE = `http://127.0.0.1:${PORT}`
const V = { Version: '27.0.0', ApiVersion: '1.46', MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64', KernelVersion: '6' }
let engine: LiveEngine

beforeAll(async () => {
  nock.disableNetConnect()
  engine = await connectLive(
    { endpoint: `tcp://127.0.0.1:${PORT}`, source: 'test', dockerodeOptions: { host: '127.0.0.1', port: PORT, protocol: 'http' } },
    { versionInfo: V, followEvents: false, timeoutMs: 1500 },
  )
})
afterEach(() => nock.cleanAll())
afterAll(async () => {
  await engine.close()
  nock.enableNetConnect()
})

describe('negotiation', () => {
  it('speaks min(daemon, 1.47) and refuses below 1.41', () => {
    expect(engine.apiVersion).toBe('1.46')
    expect(negotiateApiVersion({ ...V, ApiVersion: '1.52' })).toBe('1.47')
    expect(() => negotiateApiVersion({ ...V, Version: '1.13.1', ApiVersion: '1.26' })).toThrow(/API too old: Docker 1\.13\.1 speaks API 1\.26; Layerlab needs 1\.41/)
  })
  it('uses the negotiated version prefix', async () => {
    const scope = nock(BASE).get('/v1.46/containers/json').query(true).reply(200, [])
    expect(await engine.listContainers({ all: true })).toEqual([])
    expect(scope.isDone()).toBe(true)
  })
})

describe('error mapping', () => {
  it('404 keeps the daemon text', async () => {
    nock(BASE).get('/v1.46/containers/web/json').reply(404, { message: 'No such container: web' })
    const e = await engine.inspectContainer('web').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(EngineError)
    expect(e).toMatchObject({ statusCode: 404, message: 'No such container: web' })
  })
  it('409 conflict', async () => {
    const msg = 'conflict: unable to remove repository reference "busybox" (must force) - container 0123456789ab is using its referenced image 6a7707d7ac05'
    nock(BASE).delete('/v1.46/images/busybox').query(true).reply(409, { message: msg })
    await expect(engine.removeImage('busybox')).rejects.toMatchObject({ statusCode: 409, message: msg })
  })
  it('500 with a plain-text body', async () => {
    nock(BASE).post('/v1.46/containers/c1/start').reply(500, 'driver failed programming external connectivity')
    await expect(engine.startContainer('c1')).rejects.toMatchObject({ statusCode: 500, message: 'driver failed programming external connectivity' })
  })
  it('malformed JSON on a list is a clear 502, not garbage passed on', async () => {
    nock(BASE).get('/v1.46/images/json').query(true).reply(200, '[{"Id": "sha256:', { 'content-type': 'application/json' })
    await expect(engine.listImages()).rejects.toThrow(/not a JSON list/)
  })
  it('a daemon that does not answer in time is unavailable, with the timeout in the message', async () => {
    nock(BASE).get('/v1.46/_ping').delay(5000).reply(200, 'OK')
    const e = await engine.ping().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(EngineUnavailableError)
    expect((e as Error).message).toMatch(/did not answer within/)
  })
  it('an AbortSignal cancels a call', async () => {
    nock(BASE).post('/v1.46/containers/c1/wait').query(true).delay(2000).reply(200, { StatusCode: 0 })
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 50)
    // not EngineUnavailableError: a cancel is the learner's, and the CLI exits 130 on it without a message
    const e = await engine.waitContainer('c1', { signal: ac.signal }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(CancelledError)
    expect((e as Error).message).toBe('context canceled')
  })
  it('an error inside a pull stream becomes EngineError with its text', async () => {
    const lines = [{ status: 'Pulling from library/x', id: '1' }, { errorDetail: { message: 'manifest for x:1 not found' }, error: 'manifest for x:1 not found' }]
    nock(BASE).post('/v1.46/images/create').query(true).reply(200, lines.map((l) => JSON.stringify(l)).join('\r\n') + '\r\n')
    const seen: JsonMessage[] = []
    await expect(engine.pullImage('x:1', (m) => seen.push(m))).rejects.toMatchObject({ statusCode: 500, message: 'manifest for x:1 not found' })
    expect(seen[0]!.status).toBe('Pulling from library/x')
  })
  it('mapDockerError: dockerode message wrapper and connection errors', () => {
    const wrapped = Object.assign(new Error('(HTTP code 404) no such container - No such container: x '), { statusCode: 404 })
    expect(mapDockerError(wrapped)).toMatchObject({ statusCode: 404, message: 'No such container: x' })
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    const m = mapDockerError(refused, 'unix:///var/run/docker.sock')
    expect(m).toBeInstanceOf(EngineUnavailableError)
    expect(m.message).toBe('connection refused by unix:///var/run/docker.sock: is the Docker daemon running?')
    const aborted = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' })
    expect(mapDockerError(aborted)).toBeInstanceOf(CancelledError)
  })
})

describe('demuxBuffer', () => {
  it('splits stdout and stderr frames', () => {
    const frame = (t: number, s: string) => {
      const b = Buffer.from(s)
      const h = Buffer.alloc(8)
      h[0] = t
      h.writeUInt32BE(b.length, 4)
      return Buffer.concat([h, b])
    }
    expect(demuxBuffer(Buffer.concat([frame(1, 'a\n'), frame(2, 'oops\n'), frame(1, 'b\n')]))).toEqual({ stdout: 'a\nb\n', stderr: 'oops\n' })
  })
})

describe('snapshot', () => {
  const A = 'sha256:' + 'a'.repeat(64)
  const B = 'sha256:' + 'b'.repeat(64)
  const C = 'sha256:' + 'c'.repeat(64)
  const img = (Id: string, ParentId: string, RepoTags: string[], Created: number) => ({ Id, ParentId, RepoTags, RepoDigests: [], Created, Size: 10, SharedSize: -1, Labels: null, Containers: -1 })
  const inspect = (Id: string, Layers: string[], Labels: Record<string, string> | null = null) => ({ Id, RootFS: { Type: 'layers', Layers }, Config: { Cmd: ['sh'], Env: ['PATH=/bin'], Labels, WorkingDir: '' } })
  const hist = (steps: Array<[string, number]>) => steps.map(([CreatedBy, Size], i) => ({ Id: '<missing>', Created: i, CreatedBy, Tags: null, Size, Comment: '' })).reverse()

  it('rebuilds parents from layer prefixes, asks changes only for managed containers, caches inspect per ID', async () => {
    const api = nock(BASE)
      .get('/v1.46/images/json').query({ all: 'true' }).twice().reply(200, [img(A, '', ['base:1'], 1), img(B, '', ['app:1'], 2), img(C, B, [], 3)])
      .get('/v1.46/containers/json').query({ all: 'true' }).twice().reply(200, [
        { Id: '1'.repeat(64), Names: ['/mine'], Image: 'app:1', ImageID: B, Command: 'sh', Created: 5, State: 'exited', Status: 'Exited (3) 2 seconds ago', Labels: { 'io.layerlab.managed': 'true' }, Ports: [], Mounts: [] },
        { Id: '2'.repeat(64), Names: ['/theirs'], Image: 'base:1', ImageID: A, Command: 'sh', Created: 6, State: 'running', Status: 'Up 1 second', Labels: {}, Ports: [], Mounts: [] },
      ])
      .get(`/v1.46/images/${A}/json`).once().reply(200, inspect(A, ['sha256:l1']))
      .get(`/v1.46/images/${B}/json`).once().reply(200, inspect(B, ['sha256:l1', 'sha256:l2']))
      .get(`/v1.46/images/${C}/json`).once().reply(200, inspect(C, ['sha256:l1', 'sha256:l2', 'sha256:l3'], { 'io.layerlab.managed': 'true' }))
      .get(`/v1.46/images/${A}/history`).once().reply(200, hist([['ADD rootfs', 5]]))
      .get(`/v1.46/images/${B}/history`).once().reply(200, hist([['ADD rootfs', 5], ['/bin/sh -c #(nop)  ENV X=1', 0], ['/bin/sh -c touch /x', 0]]))
      .get(`/v1.46/images/${C}/history`).once().reply(200, hist([['ADD rootfs', 5], ['/bin/sh -c #(nop)  ENV X=1', 0], ['/bin/sh -c touch /x', 0], ['/bin/sh -c echo > /y', 2]]))
      .get(`/v1.46/containers/${'1'.repeat(64)}/changes`).twice().reply(200, [{ Path: '/y', Kind: 1 }])
    const theirs = nock(BASE).get(`/v1.46/containers/${'2'.repeat(64)}/changes`).reply(200, [])
    const s = await engine.snapshot()
    const byId = Object.fromEntries(s.images.map((i) => [i.id, i]))
    expect(byId[A]!.parentId).toBeNull()
    expect(byId[B]!.parentId).toBe(A) // no ParentId from the daemon (pulled): the layer prefix says A
    expect(byId[C]!.parentId).toBe(B) // the daemon's own ParentId
    expect(byId[C]!.managed).toBe(true)
    expect(byId[B]!.history.map((h) => h.emptyLayer)).toEqual([false, true, false])
    expect(s.containers.map((c) => [c.name, c.managed, c.changes, c.exitCode])).toEqual([
      ['mine', true, [{ Path: '/y', Kind: 1 }], 3],
      ['theirs', false, null, 0],
    ])
    expect(s.engine).toMatchObject({ kind: 'live', apiVersion: '1.46', version: '27.0.0' })
    await engine.snapshot() // second time: no inspect/history requests (interceptors were .once())
    expect(api.isDone()).toBe(true)
    expect(theirs.isDone()).toBe(false)
  })

  it("names images and containers in docker's familiar form: Podman's docker.io/library/ubuntu:14.04 is ubuntu:14.04, as on dockerd", async () => {
    const D = 'sha256:' + 'd'.repeat(64)
    const E = 'sha256:' + 'e'.repeat(64)
    const dig = 'sha256:' + 'f'.repeat(64)
    // as Podman 4.3's Docker-compatible API answers: Docker Hub names in full, other registries as they are
    nock(BASE)
      .get('/v1.46/images/json').query({ all: 'true' })
      .reply(200, [
        { ...img(D, '', ['docker.io/library/ubuntu:14.04', 'docker.io/library/ubuntu:trusty', 'docker.io/learner/app:1', '127.0.0.1:5000/library/ubuntu:14.04'], 1), RepoDigests: [`docker.io/library/ubuntu@${dig}`, `127.0.0.1:5000/library/ubuntu@${dig}`] },
        img(E, '', [], 2),
      ])
      .get('/v1.46/containers/json').query({ all: 'true' })
      .reply(200, [
        { Id: '3'.repeat(64), Names: ['/web'], Image: 'docker.io/library/ubuntu:14.04', ImageID: D, Command: 'sh', Created: 5, State: 'created', Status: 'Created', Labels: {}, Ports: [], Mounts: [] },
        { Id: '4'.repeat(64), Names: ['/old'], Image: E.slice(7, 19), ImageID: E, Command: 'sh', Created: 6, State: 'created', Status: 'Created', Labels: {}, Ports: [], Mounts: [] },
      ])
      .get(`/v1.46/images/${D}/json`).reply(200, inspect(D, ['sha256:l1']))
      .get(`/v1.46/images/${E}/json`).reply(200, inspect(E, ['sha256:l9']))
      .get(`/v1.46/images/${D}/history`).reply(200, hist([['ADD rootfs', 5]]))
      .get(`/v1.46/images/${E}/history`).reply(200, hist([['ADD rootfs', 5]]))
      .get(`/v1.46/containers/${'4'.repeat(64)}/json`).reply(200, { Id: '4'.repeat(64), Config: { Image: 'docker.io/learner/app:0' }, State: {} })
    const s = await engine.snapshot()
    const d = s.images.find((i) => i.id === D)!
    expect(d.tags).toEqual(['ubuntu:14.04', 'ubuntu:trusty', 'learner/app:1', '127.0.0.1:5000/library/ubuntu:14.04'])
    expect(d.digests).toEqual([`ubuntu@${dig}`, `127.0.0.1:5000/library/ubuntu@${dig}`])
    expect(s.containers.map((c) => [c.name, c.imageRef])).toEqual([
      ['web', 'ubuntu:14.04'],
      ['old', 'learner/app:0'], // listed by ID: the reference it was created from (Config.Image)
    ])
    // a lesson check reads the snapshot: it finds the image and its container by the familiar name
    const ctx = { snapshot: s, history: [] }
    expect(evaluate({ imageTagged: 'ubuntu:14.04' }, ctx)).toEqual({ ok: true })
    expect(evaluate({ containers: { image: 'ubuntu:14.04', state: 'created', min: 1, max: 1 } }, ctx)).toEqual({ ok: true })
    expect(evaluate({ containers: { image: 'learner/app:0', min: 1, max: 1 } }, ctx)).toEqual({ ok: true }) // by its reference alone (its image is untagged)
  })

  it('historySteps: exactly as many layer-carrying steps as layers', () => {
    const h = hist([['ADD rootfs', 5], ['/bin/sh -c #(nop)  CMD ["sh"]', 0], ['/bin/sh -c true', 0]])
    expect(historySteps(h, 2).map((x) => [x.createdBy, x.emptyLayer])).toEqual([
      ['ADD rootfs', false],
      ['/bin/sh -c #(nop)  CMD ["sh"]', true],
      ['/bin/sh -c true', false],
    ])
    expect(historySteps(h, 1).filter((x) => !x.emptyLayer)).toHaveLength(1)
  })
})
