/**
 * The simulator's saved state: the records it keeps (layers, images, tags, digests, containers,
 * registries, orphans), the version it reports, and how a state is made, validated and copied.
 */
import type { DockerEngine } from '../engine'
import type { ContainerConfig, ContainerStateName, Labels } from '../types'
import type { CatalogImage } from './catalog'
import type { LayerFiles } from './layerfs'

export const SIM_VERSION = '20.10.24'
/** the simulated host's kernel: layer 0 in the graph, docker info's Kernel Version, uname -r in a container */
export const SIM_KERNEL = '5.15.0-layerlab'
export const SIM_API_VERSION = '1.41'

export interface ImageConfigState {
  Cmd: string[] | null
  Entrypoint: string[] | null
  Env: string[]
  Labels: Labels
  WorkingDir: string
}

export interface HistoryState {
  created: number // ms
  createdBy: string
  emptyLayer: boolean
  comment: string
}

export interface ImageState {
  id: string
  parent: string
  layers: string[]
  history: HistoryState[]
  config: ImageConfigState
  created: number // ms
  comment: string
  author: string
  container: string
  lastTagTime: number
}

export interface ContainerState {
  id: string
  name: string
  imageId: string
  imageRef: string
  path: string
  args: string[]
  config: ContainerConfig
  autoRemove: boolean
  created: number
  status: ContainerStateName
  startedAt: number
  finishedAt: number
  exitCode: number
  error: string
  pid: number
  /** ms at which the main process ends by itself (sleep); null = runs until stopped */
  endsAt: number | null
  pendingExit: number
  /** Output the main process writes later (after a sleep; with a scheduler only), oldest first; at in ms. */
  later?: Array<{ at: number; stdout: string; stderr: string }>
  restartCount: number
  stdout: string
  stderr: string
  rw: LayerFiles
}

export interface RegistryTag {
  manifestDigest: string
  image: ImageState
}

export interface SimState {
  format: 'layerlab-sim/1'
  clockOffset?: number
  revision: number
  pidCounter: number
  layers: Record<string, LayerFiles>
  images: Record<string, ImageState>
  /** 'ubuntu:14.04' (familiar tagged) → image ID */
  tags: Record<string, string>
  /** 'ubuntu@sha256:…' → image ID */
  digests: Record<string, string>
  containers: Record<string, ContainerState>
  /** host → repository path → tag → pushed image */
  registries: Record<string, Record<string, Record<string, RegistryTag>>>
  /** Images deleted (rmi -f) while containers still use them: kept for those containers only, as the daemon keeps their layers. */
  orphans: Record<string, ImageState>
}

/** The records of SimState that put()/del() change (and journal). */
export type RecordName = 'layers' | 'images' | 'tags' | 'digests' | 'containers' | 'orphans'

/**
 * A scheduler, injected as the clock is (setTimeout/clearTimeout of the host). With one, processes
 * run in time: a sleeping main process ends when the clock reaches its end (its die event fires
 * then), docker wait waits for it and docker stop waits its grace period. Without one (the default,
 * and the tests with a fake clock), a sleeping process ends lazily when a later call sees the clock
 * past its end, wait answers at once and stop kills at once.
 */
export interface SimTimers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface SimulatorOptions {
  clock?: () => number
  random?: () => number
  catalog?: CatalogImage[]
  state?: SimState
  timers?: SimTimers
}

export interface SimulatorEngine extends DockerEngine {
  readonly kind: 'simulator'
  saveState(): SimState
  /**
   * Puts a saved state back (the learner's "undo"). The revision keeps counting up, so nothing
   * that follows revisions mistakes the older state for a stale one; listeners hear one event.
   */
  restoreState(state: SimState): void
}

export function emptyState(): SimState {
  return { format: 'layerlab-sim/1', revision: 0, pidCounter: 1000, layers: {}, images: {}, tags: {}, digests: {}, containers: {}, registries: {}, orphans: {} }
}

/** Validates a saved state (throws on anything that is not one). */
export function loadState(data: unknown): SimState {
  const s = data as SimState
  if (!s || typeof s !== 'object' || s.format !== 'layerlab-sim/1') throw new Error('not a Layerlab simulator state (format layerlab-sim/1)')
  if (s && typeof s === 'object' && s.orphans === undefined) s.orphans = {}
  for (const k of ['layers', 'images', 'tags', 'digests', 'containers', 'registries', 'orphans'] as const) {
    if (!s[k] || typeof s[k] !== 'object' || Array.isArray(s[k])) throw new Error(`simulator state: "${k}" is missing or not an object`)
  }
  for (const [id, img] of Object.entries(s.images)) {
    if (img.id !== id || !Array.isArray(img.layers) || !Array.isArray(img.history)) throw new Error(`simulator state: image ${id} is malformed`)
    for (const l of img.layers) if (!s.layers[l]) throw new Error(`simulator state: layer ${l} of image ${id} is missing`)
  }
  for (const [id, c] of Object.entries(s.containers)) {
    if (c.id !== id || !(s.images[c.imageId] || s.orphans[c.imageId]) || typeof c.rw !== 'object') throw new Error(`simulator state: container ${id} is malformed`)
  }
  for (const [t, id] of Object.entries(s.tags)) if (!s.images[id]) throw new Error(`simulator state: tag ${t} points to a missing image`)
  return clone(s)
}

/** Deep copy of plain JSON data. */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T
}

/** Freezes plain data all the way down (what the snapshot hands out is never changed). */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v)
    for (const x of Object.values(v as object)) deepFreeze(x)
  }
  return v
}
