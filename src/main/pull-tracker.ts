/**
 * Structured pull progress for the UI. The CLI emulator prints a pull's JSON messages as docker
 * does; this tracker sees the same messages (it wraps the engine's pullImage), folds them into
 * one PullProgress per pull (a row per layer: Waiting, Downloading x/y, Extracting, Already exists,
 * Pull complete) and pushes it as `pull:progress` — at most every `throttleMs`, plus at start and
 * end. Each tracked pull has its own AbortController, so `pull:cancel {pullId}` aborts exactly it.
 */
import { randomUUID } from 'node:crypto'
import type { DockerEngine, ProgressFn, CallOptions } from '../domain/engine'
import type { JsonMessage } from '../domain/types'
import type { PullLayer, PullProgress } from '../shared/contract'

/** Folds one JSON message of a pull stream into the progress (pure; mutates `p`). */
export function applyPullMessage(p: PullProgress, m: JsonMessage): void {
  if (m.error || m.errorDetail) {
    p.message = m.errorDetail?.message ?? m.error ?? 'error'
    return
  }
  if (!m.status) return
  // 'Pulling from library/ubuntu' carries the tag as its id: it is not a layer
  if (m.id && !/^Pulling from /.test(m.status)) {
    let layer = p.layers.find((l) => l.id === m.id)
    if (!layer) {
      layer = { id: m.id, status: m.status }
      p.layers.push(layer)
    }
    layer.status = m.status
    const d = m.progressDetail
    if (d && typeof d.current === 'number') {
      layer.current = d.current
      if (typeof d.total === 'number' && d.total > 0) layer.total = d.total
      else delete layer.total
    } else {
      delete layer.current
      if (/^(Pull complete|Already exists)$/.test(m.status)) delete layer.total
    }
    return
  }
  p.message = m.status
}

/** A layer's bar as a fraction 0..1, or null when docker gives no size (Waiting, Verifying Checksum). */
export function layerFraction(l: PullLayer): number | null {
  if (/^(Pull complete|Already exists|Download complete)$/.test(l.status)) return 1
  if (typeof l.current === 'number' && typeof l.total === 'number' && l.total > 0) return Math.min(1, l.current / l.total)
  if (/^(Waiting|Pulling fs layer)$/.test(l.status)) return 0
  return null
}

export interface PullTracker {
  /** The engine the CLI should use for one terminal run: the same engine, with pulls tracked. */
  wrap<E extends DockerEngine>(engine: E, runId: string): E
  /** Aborts a running pull; false when no pull with that id is running. */
  cancel(pullId: string): boolean
  /** Pulls now running (tests). */
  active(): PullProgress[]
  dispose(): void
}

export function createPullTracker(emit: (p: PullProgress) => void, opts: { throttleMs?: number; now?: () => number } = {}): PullTracker {
  const throttleMs = opts.throttleMs ?? 100
  const now = opts.now ?? Date.now
  const running = new Map<string, { p: PullProgress; ac: AbortController; timer: ReturnType<typeof setTimeout> | null }>()
  const send = (p: PullProgress) => emit({ ...p, layers: p.layers.map((l) => ({ ...l })) })

  const trackedPull = (engine: DockerEngine, runId: string) =>
    async function pullImage(ref: string, onProgress?: ProgressFn, callOpts?: CallOptions): Promise<void> {
      const ac = new AbortController()
      const outer = callOpts?.signal
      const onOuterAbort = () => ac.abort()
      if (outer) {
        if (outer.aborted) ac.abort()
        else outer.addEventListener('abort', onOuterAbort)
      }
      const p: PullProgress = { pullId: randomUUID(), runId, ref, state: 'running', layers: [], message: '', startedAt: now(), endedAt: null }
      const entry = { p, ac, timer: null as ReturnType<typeof setTimeout> | null }
      // the daemon's last word on a finished pull; a cancel that arrives after it changes nothing
      let finished = false
      running.set(p.pullId, entry)
      send(p)
      const schedule = () => {
        if (entry.timer) return
        entry.timer = setTimeout(() => {
          entry.timer = null
          if (p.state === 'running') send(p)
        }, throttleMs)
      }
      try {
        await engine.pullImage(
          ref,
          (m) => {
            applyPullMessage(p, m)
            if (/^Status: (Downloaded newer image|Image is up to date) for /.test(m.status ?? '')) finished = true
            schedule()
            onProgress?.(m)
          },
          { signal: ac.signal },
        )
        p.state = 'done'
      } catch (e) {
        if (finished && ac.signal.aborted) {
          p.state = 'done' // cancelled too late: the image is there, as the daemon said
          return
        }
        p.state = ac.signal.aborted ? 'cancelled' : 'failed'
        p.message = ac.signal.aborted ? 'cancelled' : (e as Error).message
        throw e
      } finally {
        p.endedAt = now()
        if (entry.timer) clearTimeout(entry.timer)
        entry.timer = null
        running.delete(p.pullId)
        outer?.removeEventListener('abort', onOuterAbort)
        send(p)
      }
    }

  return {
    wrap(engine, runId) {
      const pull = trackedPull(engine, runId)
      return new Proxy(engine, {
        get(target, prop) {
          if (prop === 'pullImage') return pull
          const value = Reflect.get(target, prop, target) as unknown
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
        },
      })
    },
    cancel(pullId) {
      const entry = running.get(pullId)
      if (!entry) return false
      entry.ac.abort()
      return true
    },
    active: () => [...running.values()].map((e) => e.p),
    dispose() {
      for (const e of running.values()) e.ac.abort()
    },
  }
}
