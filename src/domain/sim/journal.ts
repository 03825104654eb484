/**
 * Atomic calls: atomic() runs an operation and, if it fails, puts the state back exactly as it was.
 * put()/del() change records in place and log how to undo each change; own() gives a touched
 * container its own copy; nameIndex() is the container name → ID index they keep up to date.
 */
import { isEngineError } from '../errors'
import { err, type SimCore } from './core'
import type { ContainerState, RecordName, SimState } from './state'

/**
 * Runs fn atomically: on error the state is put back exactly as it was (same keys, same order).
 * The records are changed in place through put()/del(), which log how to undo each change, so a
 * call costs what it changes, not the size of the state; touched containers are copied (own()),
 * registries are copied by the one call that writes them (push).
 */
export function atomic<T>(core: SimCore, fn: () => T): T {
  if (core.journal) return fn()
  // the top-level fields a call may change besides its records (which put()/del() journal)
  const state = core.s
  const { revision, pidCounter, registries } = state
  const journal: Array<() => void> = []
  core.journal = journal
  core.orders = null
  core.copied = null
  try {
    return fn()
  } catch (e) {
    for (let i = journal.length - 1; i >= 0; i--) journal[i]()
    const orders = core.orders as Map<RecordName, string[]> | null
    if (orders) {
      for (const [name, keys] of orders) {
        const rec = state[name] as Record<string, unknown>
        const rebuilt: Record<string, unknown> = {}
        for (const k of keys) rebuilt[k] = rec[k]
        for (const k of Object.keys(rec)) delete rec[k]
        Object.assign(rec, rebuilt)
      }
    }
    core.s = state
    core.names = null
    state.revision = revision
    state.pidCounter = pidCounter
    state.registries = registries
    core.treeCache.clear()
    if (isEngineError(e)) throw e
    throw err(500, (e as Error).message)
  } finally {
    core.journal = null
    core.orders = null
    core.copied = null
    core.afterCall?.()
  }
}

/** core.s[name][key] = value, undone if the running atomic() call fails. */
export function put<N extends RecordName>(core: SimCore, name: N, key: string, value: SimState[N][string]): void {
  const rec = core.s[name] as Record<string, unknown>
  if (name === 'containers' && core.names) {
    const old = rec[key] as ContainerState | undefined
    if (old && core.names.get(old.name) === key) core.names.delete(old.name)
    core.names.set((value as ContainerState).name, key)
  }
  const j = core.journal
  if (j) {
    if (Object.hasOwn(rec, key)) {
      const old = rec[key]
      j.push(() => {
        rec[key] = old
      })
    } else {
      j.push(() => {
        delete rec[key]
      })
    }
  }
  rec[key] = value
}

/** delete core.s[name][key], undone if the running atomic() call fails. */
export function del(core: SimCore, name: RecordName, key: string): void {
  const rec = core.s[name] as Record<string, unknown>
  if (!Object.hasOwn(rec, key)) return
  if (name === 'containers' && core.names) {
    const old = rec[key] as ContainerState
    if (core.names.get(old.name) === key) core.names.delete(old.name)
  }
  const j = core.journal
  if (j) {
    const orders = (core.orders ??= new Map())
    if (!orders.has(name)) orders.set(name, Object.keys(rec))
    const old = rec[key]
    j.push(() => {
      rec[key] = old
    })
  }
  delete rec[key]
}

/** container name → ID (built on first use; see SimCore.names) */
export function nameIndex(core: SimCore): Map<string, string> {
  if (!core.names) {
    const m = new Map<string, string>()
    for (const id in core.s.containers) if (!m.has(core.s.containers[id].name)) m.set(core.s.containers[id].name, id)
    core.names = m
  }
  return core.names
}

/** The running call's own copy of a container (the container itself outside atomic()). */
export function own(core: SimCore, c: ContainerState): ContainerState {
  if (!core.journal) return c
  const copied = (core.copied ??= new Set())
  if (copied.has(c.id)) return c
  const mine = copyContainer(c)
  put(core, 'containers', c.id, mine)
  copied.add(c.id)
  return mine
}

/** A container record's own copy (writable layer and config copied one level, as own() needs). */
function copyContainer(c: ContainerState): ContainerState {
  return {
    id: c.id,
    name: c.name,
    imageId: c.imageId,
    imageRef: c.imageRef,
    path: c.path,
    args: c.args,
    config: { ...c.config },
    autoRemove: c.autoRemove,
    created: c.created,
    status: c.status,
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
    exitCode: c.exitCode,
    error: c.error,
    pid: c.pid,
    endsAt: c.endsAt,
    pendingExit: c.pendingExit,
    ...(c.later ? { later: c.later } : {}),
    restartCount: c.restartCount,
    stdout: c.stdout,
    stderr: c.stderr,
    rw: { ...c.rw },
  }
}
