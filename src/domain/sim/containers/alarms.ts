/**
 * Processes in time, with the injected scheduler (SimulatorOptions.timers): an alarm per running
 * container whose main process ends by itself (sleep), rung when the clock reaches its end, where
 * an atomic() call ends it (state, die and destroy events, journal); waiting for a container to
 * exit (docker wait, docker stop's grace period). Without a scheduler none of this runs.
 */
import { CancelledError } from '../../errors'
import type { AbortSignalLike, WaitOptions } from '../../engine'
import { noSuchContainer } from '../../ids'
import type { SimCore } from '../core'
import { atomic, own } from '../journal'
import type { ContainerState } from '../state'
import { tick } from './processes'
import { isRunning } from './status'

/** setTimeout's longest delay (a longer one fires at once): a longer sleep is re-armed when it rings. */
const MAX_DELAY = 2 ** 31 - 1

/** Sets up the scheduler on a new core: ends what is due in a loaded state and arms the rest. */
export function startClock(core: SimCore): void {
  if (!core.timers) return
  core.afterCall = () => syncAlarms(core)
  endDue(core)
}

/** The moment a container's alarm rings: its process's next output or its end (null: nothing to ring for). */
function alarmAt(c: ContainerState): number | null {
  if (c.status !== 'running') return null
  const next = c.later?.[0]?.at ?? null
  return next === null ? c.endsAt : c.endsAt === null ? next : Math.min(next, c.endsAt)
}

/** One timer, kept in core.pending until it fires or is cleared (close() clears them all). */
export function later(core: SimCore, fn: () => void, ms: number): unknown {
  const timers = core.timers as NonNullable<SimCore['timers']>
  const handle = timers.setTimeout(() => {
    core.pending.delete(handle)
    fn()
  }, Math.min(MAX_DELAY, Math.max(0, ms)))
  core.pending.add(handle)
  return handle
}

export function cancel(core: SimCore, handle: unknown): void {
  if (!core.pending.delete(handle)) return
  core.timers?.clearTimeout(handle)
}

/** Clears every timer (the simulator closes). */
export function stopClock(core: SimCore): void {
  for (const h of core.pending) core.timers?.clearTimeout(h)
  core.pending.clear()
  core.alarms.clear()
}

/** Makes the armed alarms match the state: one per container with a moment to come, at that moment. */
export function syncAlarms(core: SimCore): void {
  const cs = core.s.containers
  for (const [id, a] of core.alarms) {
    const c = cs[id]
    if (!c || alarmAt(c) !== a.at) {
      cancel(core, a.handle)
      core.alarms.delete(id)
    }
  }
  const now = core.now()
  for (const id in cs) {
    const at = alarmAt(cs[id])
    if (at === null || core.alarms.has(id)) continue
    core.alarms.set(id, { at, handle: later(core, () => ring(core, id, at), at - now) })
  }
}

function ring(core: SimCore, id: string, at: number): void {
  if (core.alarms.get(id)?.at === at) core.alarms.delete(id)
  // a clock behind the scheduler (or a sleep past MAX_DELAY) leaves it running: the sync re-arms it
  atomic(core, () => {
    const c = core.s.containers[id]
    if (c && alarmAt(c) === at) tick(core, own(core, c))
  })
}

/** Ends, in one atomic call, every process whose end the clock has passed (a restored or loaded state). */
export function endDue(core: SimCore): void {
  atomic(core, () => {
    const now = core.now()
    for (const id of Object.keys(core.s.containers)) {
      const c = core.s.containers[id]
      const at = c ? alarmAt(c) : null
      if (at !== null && now >= at) tick(core, own(core, c))
    }
  })
}

/**
 * Resolves when the container no longer runs: its exit code, 'gone' (removed while running), or
 * 'timeout' after timeoutMs (none: no limit). Rejects with CancelledError when the
 * signal aborts. The state is looked at after every event the simulator emits.
 */
export function untilExit(core: SimCore, id: string, opts: { timeoutMs?: number; signal?: AbortSignalLike } = {}): Promise<number | 'gone' | 'timeout'> {
  return new Promise((resolve, reject) => {
    const { signal } = opts
    if (signal?.aborted) return reject(new CancelledError())
    let timer: unknown = null
    const done = () => {
      core.listeners.delete(check)
      if (timer !== null) cancel(core, timer)
      signal?.removeEventListener('abort', onAbort)
    }
    const check = () => {
      const c = core.s.containers[id]
      if (c && isRunning(c)) return
      done()
      resolve(c ? c.exitCode : 'gone')
    }
    const onAbort = () => {
      done()
      reject(new CancelledError())
    }
    core.listeners.add(check)
    signal?.addEventListener('abort', onAbort)
    if (opts.timeoutMs !== undefined) {
      timer = later(
        core,
        () => {
          timer = null
          done()
          resolve('timeout')
        },
        opts.timeoutMs,
      )
    }
    check()
  })
}

/**
 * docker wait with a scheduler: the exit code once the process has ended. onOutput (a foreground
 * docker run) is given the output written so far at once, then each piece when it is written.
 */
export async function waitForExit(core: SimCore, id: string, nameOrId: string, opts: WaitOptions = {}): Promise<{ StatusCode: number }> {
  const { onOutput } = opts
  const sent = { stdout: 0, stderr: 0 }
  const send = (cid: string) => {
    const c = core.s.containers[cid]
    if (cid !== id || !c || !onOutput) return
    for (const stream of ['stdout', 'stderr'] as const) {
      if (c[stream].length > sent[stream]) onOutput(stream, c[stream].slice(sent[stream]))
      sent[stream] = c[stream].length
    }
  }
  if (onOutput) {
    send(id)
    core.outputs.add(send)
  }
  try {
    const code = await untilExit(core, id, { signal: opts.signal })
    if (typeof code !== 'number') throw noSuchContainer(nameOrId)
    return { StatusCode: code }
  } finally {
    core.outputs.delete(send)
  }
}
