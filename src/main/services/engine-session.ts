/**
 * The engine session: which engine runs now (the sandbox simulator, or a live daemon behind the
 * guard), its status, the first selection (the Docker probe, once), switching (engine:select) and
 * the events that tell the renderer (engine:status, engine:changed).
 */
import path from 'node:path'
import type { Emit, EngineMode, EngineSelectResult, EngineStatus } from '../../shared/contract'
import type { DockerEngine } from '../../domain/engine'
import type { DockerEvent } from '../../domain/types'
import { MANAGED_LABEL } from '../../domain/snapshot'
import { malformedAttempt, selectEngine } from '../engine-select'
import { parseDockerHost, type EndpointCandidate } from '../endpoints'
import { createSimulatorStore, nodeTimers, type SimulatorStore } from '../sim-store'
import { guardEngine, type GuardOptions } from '../live/guard'
import type { LiveMirrorTarget, MirrorSettings } from './mirror-settings'
import type { Confirmations } from './confirmations'

interface LiveStatusSource {
  onStatus?: (listener: (s: { connected: boolean; reason: string }) => void) => () => void
}
type LiveHandle = LiveStatusSource & { close(): Promise<void> }

export interface EngineSessionOptions {
  dataDir: string
  /** the start-up's mode ('auto' when not given) */
  mode?: EngineMode
  candidates?: EndpointCandidate[]
  seed?: number
  emit: Emit
  log: (line: string) => void
  mirror: MirrorSettings
  confirmations: Confirmations
}

export interface EngineSession {
  /** The sandbox simulator (kept on disk), whether it is the engine in use or not. */
  readonly sims: SimulatorStore
  /** The engine in use now. */
  engine(): DockerEngine
  status(): EngineStatus
  /** The first engine selection (the Docker probe in modes auto and live), once; later calls wait for it. */
  ensure(): Promise<void>
  /** engine:select */
  choose(mode: EngineMode, endpoint?: string): Promise<EngineSelectResult>
  /** Called after every switch (not the start-up's selection): the active lesson follows the engine. */
  onSwitch(fn: () => Promise<void>): void
  /** Told of every image name the live guard fills (see GuardOptions.onRef). */
  onRef(fn: NonNullable<GuardOptions['onRef']>): void
  /** No more events: waits for a selection still probing, then stops listening to the engine. */
  detach(): Promise<void>
  /** Saves the simulator and closes the live engine (after detach). */
  close(): Promise<void>
}

export async function createEngineSession(opts: EngineSessionOptions): Promise<EngineSession> {
  const { emit, log } = opts
  const mode = opts.mode ?? 'auto'
  // processes run in time: a sleep ends when its seconds are up, docker stop waits its grace period
  const sims = await createSimulatorStore(path.join(opts.dataDir, 'simulator-state.json'), { seed: opts.seed, log, timers: nodeTimers })
  let engine: DockerEngine = sims.engine
  let status: EngineStatus = {
    kind: 'simulator',
    reason: 'Simulator — starting',
    endpoint: null,
    version: null,
    apiVersion: null,
    connected: true,
    tried: [],
    mode,
  }
  let unsubscribe: () => void = () => {}
  let closeLive: (() => Promise<void>) | null = null
  let afterSwitch: (() => Promise<void>) | null = null
  let recordRef: GuardOptions['onRef'] = undefined

  /**
   * engine:changed's revision: a counter that goes up with every change announced (as a Snapshot's
   * revision goes up with every change its engine saw), across engine switches too; never a clock.
   */
  let revision = 0
  const changed = (event: DockerEvent | null) => emit('engine:changed', { event, revision: ++revision })

  const attach = (next: DockerEngine, nextStatus: EngineStatus, live: LiveHandle | null) => {
    unsubscribe()
    const offEvent = next.onEvent((event) => {
      changed(event)
      if (next === sims.engine) sims.scheduleSave()
    })
    let offStatus = () => {}
    if (live?.onStatus) {
      offStatus = live.onStatus((s) => {
        status = {
          ...status,
          connected: s.connected,
          reason: s.connected
            ? `Live — Docker ${status.version ?? ''} at ${status.endpoint ?? ''}`.replace(/\s+/g, ' ').trim()
            : `Live — the daemon at ${status.endpoint ?? 'its socket'} stopped answering (${s.reason}); you can continue in the simulator`,
        }
        emit('engine:status', status)
        if (s.connected) changed(null)
      })
    }
    unsubscribe = () => {
      offEvent()
      offStatus()
    }
    engine = next
    status = nextStatus
    closeLive = live ? () => live.close() : null
    emit('engine:status', status)
    changed(null)
  }

  /** engine selections made so far; the first is the start-up's, not a switch */
  let selections = 0
  const select = async (selectMode: EngineMode, endpoint?: string): Promise<EngineStatus> => {
    const previousLive = closeLive
    const chosen = await selectEngine({ mode: selectMode, endpoint, candidates: endpoint === undefined ? opts.candidates : undefined, createSimulator: () => sims.engine })
    let next = chosen.engine
    let live: LiveHandle | null = null
    let mirrorTarget: LiveMirrorTarget | null = null
    if (next.kind === 'live') {
      live = next as unknown as LiveHandle
      mirrorTarget = typeof (next as Partial<LiveMirrorTarget>).setRegistryMirror === 'function' ? (next as unknown as LiveMirrorTarget) : null
    }
    opts.mirror.follow(mirrorTarget)
    if (live) next = guardEngine(next, { confirm: (what) => opts.confirmations.ask(what), labels: { [MANAGED_LABEL]: 'true' }, onRef: (ref, id, created) => recordRef?.(ref, id, created) })
    const st: EngineStatus = { ...chosen.status, mode: selectMode }
    attach(next, st, live)
    if (previousLive && previousLive !== closeLive) await previousLive().catch(() => {})
    log(`[engine] ${st.reason}`)
    if (selections++ > 0) await afterSwitch?.().catch((e: unknown) => log(`[lessons] after the engine switch: ${(e as Error).message}`))
    return st
  }

  let initial: Promise<void> | null = null
  return {
    sims,
    engine: () => engine,
    status: () => status,
    ensure: () =>
      (initial ??= select(mode).then(() => {
        if (sims.notice) status = { ...status, reason: `${status.reason} · ${sims.notice}` }
      })),
    /**
     * A malformed typed endpoint is refused before anything changes (the engine in use stays), as
     * the attempt engine:probe reports for it (code + params, worded by the renderer).
     */
    async choose(chooseMode, endpoint) {
      if (endpoint !== undefined) {
        try {
          parseDockerHost(endpoint, 'typed endpoint')
        } catch (e) {
          const refused = malformedAttempt(endpoint.slice(0, 200), 'typed endpoint', e)
          log(`[engine] refused: ${refused.hint ?? refused.reason}`)
          return { ok: false, refused, status }
        }
      }
      return { ok: true, status: await select(chooseMode, endpoint) }
    },
    onSwitch(fn) {
      afterSwitch = fn
    },
    onRef(fn) {
      recordRef = fn
    },
    async detach() {
      // a selection still probing would attach (and open a live engine) after dispose
      await initial?.catch(() => {})
      unsubscribe()
    },
    async close() {
      await sims.flush()
      await sims.engine.close() // its timers too (a sleeping container's alarm)
      if (closeLive) await closeLive().catch(() => {})
    },
  }
}
