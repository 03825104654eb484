/**
 * Pull progress and Cancel against the real daemon and the local registry (127.0.0.1:5000),
 * through the services and the contract as the UI uses them: an image with one 64 MB random layer
 * (unique name, labelled) is pushed to the registry and removed locally; `docker pull` typed in the
 * terminal then pushes pull:progress with the layer Downloading, and pull:cancel aborts it. Prints
 * the time from cancel to the pull stopped. With CI=true a missing daemon or registry FAILS.
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
import type { EventMap, EventName, PullProgress, TerminalResult } from '../../src/shared/contract'

const P = `ll-pulltest-${randomBytes(3).toString('hex')}`
const REPO = `127.0.0.1:5000/layerlab-test/${P}`
const REF = `${REPO}:v1`

const { live } = await liveForTest('test/live/pull-cancel', {})

let services: Services | null = null
let dataDir = ''
afterAll(async () => {
  await services?.dispose()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
  if (live) {
    await live.removeImage(REF, { force: true }).catch(() => {})
    await live.close()
  }
})

describe.skipIf(!live)('pull progress and cancel on the real daemon', () => {
  it('shows per-layer progress of a pull from the local registry and cancels it', { timeout: 120_000 }, async () => {
    const engine = live!
    const big = Array.from({ length: 4 }, (_, i) => ({ name: `blob${i}`, content: randomBytes(16 * 1024 * 1024) }))
    await engine.importImage(writeTar(big), { repo: REPO, tag: 'v1', changes: ['LABEL io.layerlab.managed=true'] })
    try {
      await engine.pushImage(REF, () => {})
    } catch (e) {
      if (process.env.CI === 'true') throw e
      console.log(`[test/live/pull-cancel] registry at 127.0.0.1:5000 unavailable (${(e as Error).message}); not tested`)
      return
    }
    await engine.removeImage(REF)

    dataDir = await mkdtemp(path.join(os.tmpdir(), 'll-pull-live-'))
    const events: PullProgress[] = []
    let cancelAt = 0
    let cancelAnswer: unknown = null
    const emit = <E extends EventName>(event: E, payload: EventMap[E]) => {
      if (event !== 'pull:progress') return
      const p = payload as PullProgress
      events.push(p)
      // as the learner would: press Cancel once a layer shows Downloading x/y
      if (!cancelAt && p.state === 'running' && p.layers.some((l) => l.status === 'Downloading' && (l.current ?? 0) > 0)) {
        cancelAt = performance.now()
        void dispatch(services!.handlers, 'pull:cancel', { pullId: p.pullId }).then((r) => (cancelAnswer = r))
      }
    }
    services = await createServices({ dataDir, lessonsDir: path.resolve(__dirname, '../../lessons'), transport: 'web', version: 'test', mode: 'live', emit })
    expect(services.status().kind).toBe('live')

    const env = await dispatch(services.handlers, 'terminal:run', { line: `docker pull ${REF}`, runId: 'live-run' })
    const stoppedAt = performance.now()
    expect(cancelAt, 'a Downloading progress event arrived').toBeGreaterThan(0)
    expect(cancelAnswer).toEqual({ result: { ok: true } })
    const result = (env as { result: TerminalResult }).result
    // as docker 20.10 and 28 on Ctrl-C: exit 130, and no "cancelled" line of Layerlab's own
    expect(result.exitCode).toBe(130)
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('Pulling from layerlab-test/')
    const last = events.at(-1)!
    expect(last).toMatchObject({ runId: 'live-run', ref: REF, state: 'cancelled' })
    const layer = last.layers.find((l) => l.status === 'Downloading')
    expect(layer?.total).toBeGreaterThan(60_000_000)
    expect(layer!.current!).toBeLessThan(layer!.total!)
    console.log(`[test/live/pull-cancel] ${events.length} pull:progress events; cancel → pull stopped in ${(stoppedAt - cancelAt).toFixed(0)} ms`)
    // the daemon dropped the pull: the image never appears
    await new Promise((r) => setTimeout(r, 1500))
    await expect(engine.inspectImage(REF)).rejects.toMatchObject({ statusCode: 404 })

    // and the same pull without cancel completes, every layer 'Pull complete'
    cancelAt = -1
    const again = await dispatch(services.handlers, 'terminal:run', { line: `docker pull ${REF}`, runId: 'live-run-2' })
    expect((again as { result: TerminalResult }).result.exitCode).toBe(0)
    expect(events.at(-1)).toMatchObject({ runId: 'live-run-2', state: 'done' })
    expect(events.at(-1)!.layers.every((l) => l.status === 'Pull complete')).toBe(true)
    expect((await engine.inspectImage(REF)).RepoTags).toContain(REF)
  })
})
