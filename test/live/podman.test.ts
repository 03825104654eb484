/**
 * Podman as a second real engine: its Docker-compatible API service on its own socket
 * (LAYERLAB_TEST_PODMAN, else unix:///run/podman/podman.sock; `.ci/services.sh start` starts it).
 * With CI=true a missing service FAILS this file; elsewhere it is skipped with the reason printed.
 * Only what this file created is removed; an image the service already had is left as it was.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { runDockerCommand } from '../../src/domain/cli'
import type { DockerEngine } from '../../src/domain/engine'
import { probeEndpoint, selectEngine } from '../../src/main/engine-select'
import { parseDockerHost } from '../../src/main/endpoints'
import { createdOn, liveForTest } from '../helpers/live'

const SOCKET = process.env.LAYERLAB_TEST_PODMAN ?? 'unix:///run/podman/podman.sock'
const MIRROR = process.env.LAYERLAB_TEST_MIRROR ?? '127.0.0.1:5000'
const P = `ll-podman-${randomBytes(3).toString('hex')}`

// Podman answers GET /version in 2-8 s: a longer per-call timeout than dockerd's tests use
const { live } = await liveForTest('test/live/podman', { timeoutMs: 20_000, registryMirror: MIRROR }, (l) => l.ping(), ' (Podman)', SOCKET)
const d = describe.skipIf(!live)
const created = createdOn(() => live)
const createdContainers = created.containers
const createdImages = created.images
afterAll(() => created.cleanUp())

async function run(engine: DockerEngine, line: string): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runDockerCommand(line, { engine, io: { stdout: (s) => (out += s), stderr: (s) => (err += s) } })
  return { code, out, err }
}

d('Podman', () => {
  it('is found within the usual probe budget (its /version takes seconds, its /_ping does not) and named Podman, not Docker', async () => {
    const t0 = Date.now()
    const r = await probeEndpoint(parseDockerHost(SOCKET, 'Podman socket'), { timeoutMs: 1500 })
    expect(r, r.hint).toMatchObject({ ok: true, code: 'ok', product: 'podman' })
    expect(Date.now() - t0).toBeLessThan(1500 + 15_000)
    const sim = { kind: 'simulator' } as unknown as DockerEngine
    const chosen = await selectEngine({ mode: 'live', endpoint: SOCKET, createSimulator: () => sim })
    try {
      expect(chosen.status).toMatchObject({ kind: 'live', product: 'podman', endpoint: SOCKET })
      expect(chosen.status.reason).toMatch(/^Live — Podman \d+\.\d+\.\d+ at unix:\/\//)
    } finally {
      if (chosen.engine !== sim) await chosen.engine.close()
    }
  })

  it('a Docker Hub name pulled through the registry mirror is there afterwards under the name typed', async () => {
    const engine = live!
    const had = await engine.inspectImage('busybox:latest').then(
      () => true,
      () => false,
    )
    const r = await run(engine, 'docker pull busybox:latest')
    expect(r.code, r.err).toBe(0)
    if (!had) createdImages.push('busybox:latest')
    const info = await engine.inspectImage('busybox:latest')
    expect(info.RepoTags.some((t) => /(^|\/)busybox:latest$/.test(t))).toBe(true)
    // the mirror's own name is gone again, as on dockerd
    expect(info.RepoTags.some((t) => t.startsWith(`${MIRROR}/`))).toBe(false)
    const name = `${P}-echo`
    createdContainers.push(name)
    const ran = await run(engine, `docker run --name ${name} busybox:latest echo hello-from-podman`)
    expect(ran.code, ran.err).toBe(0)
    expect(ran.out).toBe('hello-from-podman\n')
  })
})
