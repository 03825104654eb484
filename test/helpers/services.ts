/**
 * The main-side services in a throwaway data folder, called through the contract's dispatch as
 * the renderer calls them. `useServices()` registers the clean-up (dispose, remove the folder)
 * after each test of the file that calls it.
 */
import { afterEach } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createServices, type Services, type ServicesOptions } from '../../src/main/services'
import { dispatch } from '../../src/main/dispatch'
import type { Channel, EngineMode, EventMap, EventName, ResponseOf } from '../../src/shared/contract'

export const lessonsDir = path.resolve(__dirname, '../../lessons')

export interface StartOptions {
  /** Reuse a data folder (a restart); by default a fresh one. */
  dataDir?: string
  mode?: EngineMode
  seed?: number
  selectEngine?: ServicesOptions['selectEngine']
  candidates?: ServicesOptions['candidates']
  /** Another folder of lesson files (default: the project's lessons/). */
  lessonsDir?: string
  /** The environment LAYERLAB_REGISTRY_MIRROR is read from (default: none set). */
  env?: ServicesOptions['env']
}

export function useServices() {
  const open: Array<{ services: Services; dir: string }> = []
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.services.dispose()
      await rm(o.dir, { recursive: true, force: true })
    }
  })
  return async function start(opts: StartOptions = {}) {
    const dataDir = opts.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'll-services-')))
    const events: Array<{ event: EventName; payload: unknown }> = []
    const emit = <E extends EventName>(event: E, payload: EventMap[E]) => void events.push({ event, payload })
    const services = await createServices({ dataDir, lessonsDir: opts.lessonsDir ?? lessonsDir, transport: 'web', version: 'test', mode: opts.mode ?? 'simulator', seed: opts.seed ?? 3, emit, selectEngine: opts.selectEngine, candidates: opts.candidates, env: opts.env ?? {} })
    open.push({ services, dir: dataDir })
    const call = async <C extends Channel>(channel: C, req: unknown): Promise<ResponseOf<C>> => {
      const env = await dispatch(services.handlers, channel, req)
      if ('error' in env) throw Object.assign(new Error(env.error.message), { name: env.error.name })
      return env.result as ResponseOf<C>
    }
    const run = (line: string) => call('terminal:run', { line })
    /** Stops these services now (a restart test then starts again on the same dataDir). */
    const stop = async () => {
      const i = open.findIndex((o) => o.services === services)
      if (i >= 0) open.splice(i, 1)
      await services.dispose()
    }
    return { services, call, run, events, dataDir, stop }
  }
}
