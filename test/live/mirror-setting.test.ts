/**
 * The registry mirror set in the settings screen applies to the live engine at once (no restart):
 * a Docker Hub name that cannot be pulled (no Docker Hub here) is pulled through the mirror as
 * soon as settings:setMirror saved it. The mirror is the local registry with a path prefix
 * (127.0.0.1:5000/layerlab-test), holding one labelled test image under a unique name.
 * With CI=true a missing daemon or registry FAILS.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeTar } from '../../src/domain/tar'
import { liveForTest } from '../helpers/live'
import { createServices, type Services } from '../../src/main/services'
import { dispatch } from '../../src/main/dispatch'
import type { Channel, ResponseOf } from '../../src/shared/contract'

const NAME = `ll-mirror-${randomBytes(3).toString('hex')}`
const MIRROR = '127.0.0.1:5000/layerlab-test'
const IN_MIRROR = `${MIRROR}/library/${NAME}:v1`

const { live } = await liveForTest('test/live/mirror-setting', { registryMirror: '' })

let services: Services | null = null
let dataDir = ''
afterAll(async () => {
  await services?.dispose()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
  if (live) {
    for (const ref of [IN_MIRROR, `${NAME}:v1`]) await live.removeImage(ref, { force: true }).catch(() => {})
    await live.close()
  }
})

describe.skipIf(!live)('registry mirror from the settings screen, live', () => {
  it('applies to the next pull without a restart', { timeout: 120_000 }, async () => {
    const engine = live!
    await engine.importImage(writeTar([{ name: 'hello.txt', content: Buffer.from(NAME) }]), { repo: `${MIRROR}/library/${NAME}`, tag: 'v1', changes: ['LABEL io.layerlab.managed=true'] })
    await engine.pushImage(IN_MIRROR, () => {})
    await engine.removeImage(IN_MIRROR)

    dataDir = await mkdtemp(path.join(os.tmpdir(), 'll-mirror-live-'))
    services = await createServices({ dataDir, lessonsDir: path.resolve(__dirname, '../../lessons'), transport: 'web', version: 'test', mode: 'live', env: {}, emit: () => {} })
    expect(services.status().kind).toBe('live')
    const call = async <C extends Channel>(c: C, req: unknown) => {
      const env = await dispatch(services!.handlers, c, req)
      if ('error' in env) throw new Error(env.error.message)
      return env.result as ResponseOf<C>
    }

    const before = await call('terminal:run', { line: `docker pull ${NAME}:v1` })
    expect(before.exitCode, before.stderr).not.toBe(0) // Docker Hub: unreachable here, and no such image there

    expect(await call('settings:setMirror', { mirror: `http://${MIRROR}/` })).toMatchObject({ ok: true, settings: { registryMirror: { effective: MIRROR, source: 'settings' } } })
    const t0 = performance.now()
    const after = await call('terminal:run', { line: `docker pull ${NAME}:v1` })
    console.log(`[test/live/mirror-setting] pull through the mirror set a moment ago: exit ${after.exitCode} in ${(performance.now() - t0).toFixed(0)} ms`)
    expect(after.exitCode, after.stderr).toBe(0)
    expect(after.stdout).toContain(`Status: Downloaded newer image for ${NAME}:v1`)
    expect(after.stdout).not.toContain('127.0.0.1:5000')
    expect((await engine.inspectImage(`${NAME}:v1`)).RepoTags).toContain(`${NAME}:v1`)
  })
})
