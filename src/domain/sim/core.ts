/**
 * The one object every part of the simulator works on: the state, the injected clock and
 * randomness, the catalog, the event listeners, the running call's undo journal and the caches.
 * The modules' functions take it as their first argument; Simulator (simulator.ts) holds one.
 */
import { EngineError } from '../errors'
import type { ChangeEntry, DockerEvent } from '../types'
import type { SnapshotImage } from '../snapshot'
import { CATALOG, type CatalogImage } from './catalog'
import type { FileEntry, LayerFiles } from './layerfs'
import { emptyState, loadState, type ContainerState, type ImageState, type RecordName, type SimState, type SimTimers, type SimulatorOptions } from './state'

export type Listener = (e: DockerEvent) => void

/** What a reference string names: an image ID, or a key of SimState's tags (or digests). */
export type RefKey = { id: string } | { key: string; byDigest: boolean; tagged: string }

/** The catalog as the registry serves it: repository → tag → image and its layers. */
export type CatalogIndex = Map<string, Map<string, { image: ImageState; layers: Record<string, LayerFiles> }>>

export class SimCore {
  s: SimState
  readonly clock: () => number
  readonly random: () => number
  readonly catalog: CatalogImage[]
  readonly listeners = new Set<Listener>()

  // ---------- time (containers/alarms.ts) ----------
  /** the injected scheduler; null: processes end lazily (see SimTimers) */
  readonly timers: SimTimers | null
  /** container ID → the alarm armed for its next moment (its main process's end) */
  readonly alarms = new Map<string, { at: number; handle: unknown }>()
  /** every timer handle not yet fired or cleared (alarms and stop's grace periods), cleared on close */
  readonly pending = new Set<unknown>()
  /** told a container's ID when its process wrote output later (a wait streaming it, alarms.ts) */
  readonly outputs = new Set<(id: string) => void>()
  /** Called after every top-level atomic() call (alarms.ts arms what the call started); null without timers. */
  afterCall: (() => void) | null = null

  // ---------- the running atomic() call (journal.ts) ----------
  /** Undo steps of the running atomic() call (null outside one). */
  journal: Array<() => void> | null = null
  /** Key order of records a running atomic() call deleted from, to restore on undo. */
  orders: Map<RecordName, string[]> | null = null
  /** Containers touched by the running operation get their own copy (the rest stay shared with the state before it). */
  copied: Set<string> | null = null
  /** container name → ID, built on first use and kept by put()/del()/rename; dropped when a call is undone or the state replaced */
  names: Map<string, string> | null = null

  // ---------- caches ----------
  /** image ID → its merged file tree (images/store.ts) */
  readonly treeCache = new Map<string, Map<string, FileEntry>>()
  catalogIndex: CatalogIndex | null = null
  /** What a reference string names (its parse depends on the string alone): cached, errors excepted. */
  readonly refKeys = new Map<string, RefKey>()
  /** Sizes by image ID: an ID is the digest of the layers' content, so a size never changes. */
  readonly sizeCache = new Map<string, number>()
  /** Images never change once made (only their tags do): their snapshot part is computed once and frozen. */
  readonly coreCache = new Map<string, Omit<SnapshotImage, 'tags' | 'digests'>>()
  /** image ID + '\0' + path → whether the path exists in the image's merged tree (changes.ts) */
  readonly lowerCache = new Map<string, boolean>()
  /** a container's args → its list Command */
  readonly commandCache = new WeakMap<string[], string>()
  /** a writable layer → its changes (a touched container gets a new writable layer, see own()) */
  readonly changesCache = new WeakMap<LayerFiles, ChangeEntry[]>()

  constructor(opts: SimulatorOptions) {
    this.clock = opts.clock ?? (() => Date.now())
    this.random = opts.random ?? Math.random
    this.catalog = opts.catalog ?? CATALOG
    this.timers = opts.timers ?? null
    this.s = opts.state ? loadState(opts.state) : emptyState()
  }

  now(): number {
    return this.clock()
  }

  emit(type: string, action: string, id: string, attrs: Record<string, string>): void {
    this.s.revision++
    if (this.listeners.size === 0) return
    const t = this.now()
    const ev: DockerEvent = { Type: type, Action: action, Actor: { ID: id, Attributes: attrs }, time: Math.floor(t / 1000), timeNano: t * 1e6 }
    for (const l of [...this.listeners]) {
      try {
        l(ev)
      } catch {
        /* a listener's failure is not the daemon's */
      }
    }
  }

  imageEvent(action: string, id: string, name?: string): void {
    if (this.listeners.size === 0) {
      this.s.revision++ // nobody listens: no event to build
      return
    }
    this.emit('image', action, id, { name: name ?? id })
  }

  containerEvent(action: string, c: ContainerState, extra: Record<string, string> = {}): void {
    if (this.listeners.size === 0) {
      this.s.revision++
      return
    }
    this.emit('container', action, c.id, { ...(c.config.Labels ?? {}), image: c.imageRef, name: c.name, ...extra })
  }
}

export function err(code: number, msg: string): EngineError {
  return new EngineError(code, msg)
}
