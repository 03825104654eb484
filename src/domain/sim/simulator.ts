/**
 * The simulator: an in-memory Docker daemon behind the DockerEngine interface.
 * Images are read-only stacks of content-addressed layers; containers add a copy-on-write
 * writable layer; errors carry the daemon's texts; time and randomness are injected.
 */
import type { CallOptions, CreateContainerOptions, DockerEngine, ListFilters, ProgressFn, RemoveImageResult } from '../engine'
import { CancelledError, EngineError, isEngineError } from '../errors'
import type { ChangeEntry, ContainerConfig, ContainerInspect, ContainerStateName, ContainerSummary, DockerEvent, ExecResult, HistoryEntry, ImageInspect, ImageSummary, JsonMessage, Labels, LayerFileEntry, LayerListing, LogsResult, VersionInfo } from '../types'
import { MANAGED_LABEL, type Snapshot, type SnapshotContainer, type SnapshotImage } from '../snapshot'
import { canonicalJson, sha256Digest, sha256Hex } from '../digest'
import { ambiguousContainerPrefix, isFullHexId, matchPrefix, noSuchContainer, noSuchImage, randomHexId, shortId, stripAlgorithm } from '../ids'
import { ERR_UPPERCASE, familiarName, familiarString, isDigestReference, parseReference, withDefaultTag, type Reference } from '../reference'
import { readTar, TarError, utf8Decode, utf8Encode, type TarEntry } from '../tar'
import { CATALOG, SERVER_PROGRAMS, type CatalogImage } from './catalog'
import { dirEntry, fileEntry, layerDiffId, layerEntries, layerSize, mergeLayers, normPath, parentOf, type FileEntry, type LayerFiles } from './layerfs'
import { containerStatus, rfc3339 } from './humanize'
import { humanSize } from '../units'
import { randomName } from './names'
import { runArgv, runScript, type ShellContext, type ShellFs } from './shell'

export const SIM_VERSION = '20.10.24'
/** the simulated host's kernel: layer 0 in the graph, docker info's Kernel Version, uname -r in a container */
export const SIM_KERNEL = '5.15.0-layerlab'
export const SIM_API_VERSION = '1.41'
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

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

export interface SimulatorOptions {
  clock?: () => number
  random?: () => number
  catalog?: CatalogImage[]
  state?: SimState
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

/** Known registry hosts of the simulated network; both names reach the same registry. */
const REGISTRY_ALIASES: Record<string, string> = { '127.0.0.1:5000': '127.0.0.1:5000', 'localhost:5000': '127.0.0.1:5000' }

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

function err(code: number, msg: string): EngineError {
  return new EngineError(code, msg)
}

function imageIdOf(img: Omit<ImageState, 'id' | 'lastTagTime'>): string {
  return sha256Digest(
    canonicalJson({
      architecture: 'amd64',
      os: 'linux',
      created: rfc3339(img.created),
      author: img.author || undefined,
      comment: img.comment || undefined,
      container: img.container || undefined,
      parent: img.parent || undefined,
      config: img.config,
      history: img.history.map((h) => ({ created: rfc3339(h.created), created_by: h.createdBy, empty_layer: h.emptyLayer || undefined, comment: h.comment || undefined })),
      rootfs: { type: 'layers', diff_ids: img.layers },
    }),
  )
}

function chainIds(layers: string[]): string[] {
  const out: string[] = []
  for (const l of layers) out.push(out.length ? sha256Digest(`${out[out.length - 1]} ${l}`) : l)
  return out
}

function parseTagged(s: string): string {
  return familiarString(withDefaultTag(parseReference(s)))
}

export function createSimulator(opts: SimulatorOptions = {}): SimulatorEngine {
  return new Simulator(opts)
}

type Listener = (e: DockerEvent) => void

export class Simulator implements SimulatorEngine {
  readonly kind = 'simulator' as const
  private s: SimState
  private clock: () => number
  private random: () => number
  private catalog: CatalogImage[]
  private listeners = new Set<Listener>()
  private treeCache = new Map<string, Map<string, FileEntry>>()
  private catalogIndex: Map<string, Map<string, { image: ImageState; layers: Record<string, LayerFiles> }>> | null = null

  constructor(opts: SimulatorOptions) {
    this.clock = opts.clock ?? (() => Date.now())
    this.random = opts.random ?? Math.random
    this.catalog = opts.catalog ?? CATALOG
    this.s = opts.state ? loadState(opts.state) : emptyState()
  }

  saveState(): SimState {
    this.tickAll()
    return clone(this.s)
  }

  restoreState(state: SimState): void {
    const next = loadState(clone(state))
    next.revision = Math.max(next.revision, this.s.revision)
    this.s = next
    this.names = null
    this.treeCache.clear()
    this.emit('layerlab', 'restore', '', {})
  }

  // ---------- infrastructure ----------

  private now(): number {
    return this.clock()
  }

  private emit(type: string, action: string, id: string, attrs: Record<string, string>): void {
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

  private imageEvent(action: string, id: string, name?: string): void {
    if (this.listeners.size === 0) {
      this.s.revision++ // nobody listens: no event to build
      return
    }
    this.emit('image', action, id, { name: name ?? id })
  }

  private containerEvent(action: string, c: ContainerState, extra: Record<string, string> = {}): void {
    if (this.listeners.size === 0) {
      this.s.revision++
      return
    }
    this.emit('container', action, c.id, { ...(c.config.Labels ?? {}), image: c.imageRef, name: c.name, ...extra })
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async close(): Promise<void> {
    this.listeners.clear()
  }

  async version(): Promise<VersionInfo> {
    return { Version: SIM_VERSION, ApiVersion: SIM_API_VERSION, MinAPIVersion: '1.12', Os: 'linux', Arch: 'amd64', KernelVersion: SIM_KERNEL }
  }

  async ping(): Promise<void> {}

  /**
   * Runs fn atomically: on error the state is put back exactly as it was (same keys, same order).
   * The records are changed in place through put()/del(), which log how to undo each change, so a
   * call costs what it changes, not the size of the state; touched containers are copied (own()),
   * registries are copied by the one call that writes them (push).
   */
  private atomic<T>(fn: () => T): T {
    if (this.journal) return fn()
    // the top-level fields a call may change besides its records (which put()/del() journal)
    const state = this.s
    const { revision, pidCounter, registries } = state
    const journal: Array<() => void> = []
    this.journal = journal
    this.orders = null
    this.copied = null
    try {
      return fn()
    } catch (e) {
      for (let i = journal.length - 1; i >= 0; i--) journal[i]()
      const orders = this.orders as Map<RecordName, string[]> | null
      if (orders) {
        for (const [name, keys] of orders) {
          const rec = state[name] as Record<string, unknown>
          const rebuilt: Record<string, unknown> = {}
          for (const k of keys) rebuilt[k] = rec[k]
          for (const k of Object.keys(rec)) delete rec[k]
          Object.assign(rec, rebuilt)
        }
      }
      this.s = state
      this.names = null
      state.revision = revision
      state.pidCounter = pidCounter
      state.registries = registries
      this.treeCache.clear()
      if (isEngineError(e)) throw e
      throw err(500, (e as Error).message)
    } finally {
      this.journal = null
      this.orders = null
      this.copied = null
    }
  }

  /** Undo steps of the running atomic() call (null outside one). */
  private journal: Array<() => void> | null = null
  /** Key order of records a running atomic() call deleted from, to restore on undo. */
  private orders: Map<RecordName, string[]> | null = null

  /** this.s[name][key] = value, undone if the running atomic() call fails. */
  private put<N extends RecordName>(name: N, key: string, value: SimState[N][string]): void {
    const rec = this.s[name] as Record<string, unknown>
    if (name === 'containers' && this.names) {
      const old = rec[key] as ContainerState | undefined
      if (old && this.names.get(old.name) === key) this.names.delete(old.name)
      this.names.set((value as ContainerState).name, key)
    }
    const j = this.journal
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

  /** delete this.s[name][key], undone if the running atomic() call fails. */
  private del(name: RecordName, key: string): void {
    const rec = this.s[name] as Record<string, unknown>
    if (!Object.hasOwn(rec, key)) return
    if (name === 'containers' && this.names) {
      const old = rec[key] as ContainerState
      if (this.names.get(old.name) === key) this.names.delete(old.name)
    }
    const j = this.journal
    if (j) {
      const orders = (this.orders ??= new Map())
      if (!orders.has(name)) orders.set(name, Object.keys(rec))
      const old = rec[key]
      j.push(() => {
        rec[key] = old
      })
    }
    delete rec[key]
  }

  /** container name → ID, built on first use and kept by put()/del()/rename; dropped when a call is undone or the state replaced */
  private names: Map<string, string> | null = null

  private nameIndex(): Map<string, string> {
    if (!this.names) {
      const m = new Map<string, string>()
      for (const id in this.s.containers) if (!m.has(this.s.containers[id].name)) m.set(this.s.containers[id].name, id)
      this.names = m
    }
    return this.names
  }

  /** Containers touched by the running operation get their own copy (the rest stay shared with the state before it). */
  private copied: Set<string> | null = null

  private own(c: ContainerState): ContainerState {
    if (!this.journal) return c
    const copied = (this.copied ??= new Set())
    if (copied.has(c.id)) return c
    const mine = copyContainer(c)
    this.put('containers', c.id, mine)
    copied.add(c.id)
    return mine
  }

  // ---------- images: lookup ----------

  private refsOf(id: string): string[] {
    return Object.keys(this.s.tags).filter((t) => this.s.tags[t] === id)
  }

  private digestsOf(id: string): string[] {
    return Object.keys(this.s.digests).filter((t) => this.s.digests[t] === id)
  }

  /** GetImage(refOrID), as the daemon resolves it. */
  /** What a reference string names (its parse depends on the string alone): cached, errors excepted. */
  private refKeys = new Map<string, { id: string } | { key: string; byDigest: boolean; tagged: string }>()

  private refKey(refOrId: string): { id: string } | { key: string; byDigest: boolean; tagged: string } {
    let k = this.refKeys.get(refOrId)
    if (k) return k
    checkLegacyLowercase(refOrId)
    if (isDigestReference(refOrId)) k = { id: refOrId.startsWith('sha256:') ? refOrId : 'sha256:' + refOrId }
    else {
      const ref = parseReference(refOrId)
      const tagged = familiarString(withDefaultTag(ref))
      k = { key: ref.digest ? familiarString(ref) : tagged, byDigest: !!ref.digest, tagged }
    }
    if (this.refKeys.size > 10_000) this.refKeys.clear()
    this.refKeys.set(refOrId, k)
    return k
  }

  private getImage(refOrId: string): ImageState {
    const k = this.refKey(refOrId)
    if ('id' in k) {
      const img = this.s.images[k.id]
      if (img) return img
      throw noSuchImage(refOrId)
    }
    const tagged = k.tagged
    const byTag = k.byDigest ? this.s.digests[k.key] : this.s.tags[k.key]
    if (byTag) return this.s.images[byTag]
    const hex = stripAlgorithm(refOrId)
    if (/^[0-9a-f]+$/.test(hex) && (refOrId.startsWith('sha256:') ? true : true)) {
      const m = matchPrefix(Object.keys(this.s.images), (k) => k, refOrId.startsWith('sha256:') ? refOrId : hex)
      if (m.kind === 'one') return this.s.images[m.item]
    }
    throw noSuchImage(tagged)
  }

  private layerFiles(diffId: string): LayerFiles {
    const l = this.s.layers[diffId]
    if (!l) throw err(500, `layer does not exist: ${diffId}`)
    return l
  }

  private tree(img: ImageState): Map<string, FileEntry> {
    let t = this.treeCache.get(img.id)
    if (!t) {
      t = mergeLayers(img.layers.map((l) => this.layerFiles(l)))
      if (this.treeCache.size > 64) this.treeCache.clear()
      this.treeCache.set(img.id, t)
    }
    return t
  }

  private imageOfContainer(c: ContainerState): ImageState {
    return this.s.images[c.imageId] ?? this.s.orphans[c.imageId]
  }

  /** Sizes by image ID: an ID is the digest of the layers' content, so a size never changes. */
  private sizeCache = new Map<string, number>()

  private imageSize(img: ImageState): number {
    let n = this.sizeCache.get(img.id)
    if (n !== undefined) return n
    n = 0
    for (const l of img.layers) n += layerSize(this.layerFiles(l))
    if (this.sizeCache.size > 50_000) this.sizeCache.clear()
    this.sizeCache.set(img.id, n)
    return n
  }

  private children(id: string): ImageState[] {
    return Object.values(this.s.images).filter((i) => i.parent === id)
  }

  private addImage(base: Omit<ImageState, 'id' | 'lastTagTime'>): ImageState {
    const id = imageIdOf(base)
    if (!this.s.images[id]) this.put('images', id, { ...base, id, lastTagTime: 0 })
    return this.s.images[id]
  }

  private addLayer(files: LayerFiles): string {
    const id = layerDiffId(files)
    if (!this.s.layers[id]) this.put('layers', id, files)
    return id
  }

  private setTag(tagged: string, id: string): void {
    const old = this.s.tags[tagged]
    this.put('tags', tagged, id)
    this.put('images', id, { ...this.s.images[id], lastTagTime: this.now() })
    if (old && old !== id) this.imageEvent('untag', old)
  }

  private gcLayers(): void {
    const used = new Set<string>()
    const live = new Set(Object.values(this.s.containers).map((c) => c.imageId))
    for (const id of Object.keys(this.s.orphans)) if (!live.has(id)) this.del('orphans', id)
    for (const i of [...Object.values(this.s.images), ...Object.values(this.s.orphans)]) for (const l of i.layers) used.add(l)
    for (const h of Object.values(this.s.registries)) for (const r of Object.values(h)) for (const t of Object.values(r)) for (const l of t.image.layers) used.add(l)
    for (const l of Object.keys(this.s.layers)) if (!used.has(l)) this.del('layers', l)
  }

  // ---------- images: read ----------

  async listImages(opts: { all?: boolean; filters?: ListFilters } = {}): Promise<ImageSummary[]> {
    this.tickAll()
    const f = opts.filters ?? {}
    for (const k of Object.keys(f)) {
      if (!['dangling', 'reference', 'label', 'before', 'since'].includes(k)) throw err(400, `Invalid filter '${k}'`)
    }
    for (const d of f.dangling ?? []) if (!['true', 'false', '1', '0'].includes(d)) throw err(400, `Invalid filter 'dangling=[${d}]'`)
    const beforeT = f.before?.length ? Math.min(...f.before.map((r) => this.getImage(r).created)) : Infinity
    const sinceT = f.since?.length ? Math.max(...f.since.map((r) => this.getImage(r).created)) : -Infinity
    const out: ImageSummary[] = []
    const withChildren = new Set(Object.values(this.s.images).map((i) => i.parent))
    for (const img of Object.values(this.s.images)) {
      const tags = this.refsOf(img.id)
      const dangling = tags.length === 0
      if (!opts.all && dangling && withChildren.has(img.id) && !f.dangling) continue
      if (f.dangling) {
        const want = f.dangling[0] === 'true' || f.dangling[0] === '1'
        if (want !== dangling) continue
        if (want && withChildren.has(img.id)) continue
      }
      let shownTags = tags
      if (f.reference?.length) {
        shownTags = tags.filter((t) => f.reference!.some((pat) => matchReference(pat, t)))
        if (!shownTags.length) continue
      }
      if (f.label?.length && !f.label.every((l) => matchLabel(img.config.Labels, l))) continue
      if (!(img.created < beforeT && img.created > sinceT)) continue
      out.push({
        Id: img.id,
        ParentId: img.parent,
        RepoTags: shownTags,
        RepoDigests: this.digestsOf(img.id),
        Created: Math.floor(img.created / 1000),
        Size: this.imageSize(img),
        SharedSize: -1,
        Labels: Object.keys(img.config.Labels).length ? { ...img.config.Labels } : null,
        Containers: -1,
      })
    }
    out.sort((a, b) => b.Created - a.Created || (a.Id < b.Id ? -1 : 1))
    return out
  }

  async inspectImage(nameOrId: string): Promise<ImageInspect> {
    const img = this.getImage(nameOrId)
    return this.inspectOf(img)
  }

  private inspectOf(img: ImageState): ImageInspect {
    const size = this.imageSize(img)
    return {
      Id: img.id,
      RepoTags: this.refsOf(img.id),
      RepoDigests: this.digestsOf(img.id),
      Parent: img.parent,
      Comment: img.comment,
      Created: rfc3339(img.created),
      Container: img.container,
      DockerVersion: SIM_VERSION,
      Author: img.author,
      Config: {
        Hostname: '',
        User: '',
        Env: img.config.Env.length ? [...img.config.Env] : null,
        Cmd: img.config.Cmd ? [...img.config.Cmd] : null,
        Entrypoint: img.config.Entrypoint ? [...img.config.Entrypoint] : null,
        WorkingDir: img.config.WorkingDir,
        Labels: Object.keys(img.config.Labels).length ? { ...img.config.Labels } : null,
        Image: img.parent,
      },
      Architecture: 'amd64',
      Os: 'linux',
      Size: size,
      VirtualSize: size,
      RootFS: { Type: 'layers', Layers: [...img.layers] },
      Metadata: { LastTagTime: img.lastTagTime ? rfc3339(img.lastTagTime) : '0001-01-01T00:00:00Z' },
    }
  }

  async imageHistory(nameOrId: string): Promise<HistoryEntry[]> {
    const img = this.getImage(nameOrId)
    const rows: HistoryEntry[] = []
    let counter = 0
    for (const h of img.history) {
      let size = 0
      if (!h.emptyLayer) {
        const l = img.layers[counter++]
        if (l) size = layerSize(this.layerFiles(l))
      }
      rows.unshift({ Id: '<missing>', Created: Math.floor(h.created / 1000), CreatedBy: h.createdBy, Tags: null, Size: size, Comment: h.comment })
    }
    let cur: ImageState | undefined = img
    for (const row of rows) {
      if (!cur) break
      row.Id = cur.id
      const tags = this.refsOf(cur.id)
      row.Tags = tags.length ? tags : null
      cur = cur.parent ? this.s.images[cur.parent] : undefined
    }
    return rows
  }

  // ---------- images: catalog & registries ----------

  private catalogLookup(): Map<string, Map<string, { image: ImageState; layers: Record<string, LayerFiles> }>> {
    if (this.catalogIndex) return this.catalogIndex
    const idx = new Map<string, Map<string, { image: ImageState; layers: Record<string, LayerFiles> }>>()
    for (const c of this.catalog) {
      const layers: Record<string, LayerFiles> = {}
      const diffIds: string[] = []
      const history: HistoryState[] = []
      const config: ImageConfigState = { Cmd: null, Entrypoint: null, Env: [], Labels: {}, WorkingDir: '' }
      let created = 0
      for (const st of c.steps) {
        created = Date.parse(st.created)
        if (st.layer) {
          const id = layerDiffId(st.layer)
          layers[id] = st.layer
          diffIds.push(id)
        }
        if (st.config) {
          if (st.config.Cmd !== undefined) config.Cmd = st.config.Cmd
          if (st.config.Entrypoint !== undefined) {
            config.Entrypoint = st.config.Entrypoint
          }
          if (st.config.Env) config.Env = st.config.Env
          if (st.config.Labels) config.Labels = { ...config.Labels, ...st.config.Labels }
          if (st.config.WorkingDir !== undefined) config.WorkingDir = st.config.WorkingDir
        }
        history.push({ created, createdBy: st.createdBy, emptyLayer: !st.layer, comment: '' })
      }
      const base = { parent: '', layers: diffIds, history, config, created, comment: '', author: '', container: '' }
      const image: ImageState = { ...base, id: imageIdOf(base), lastTagTime: 0 }
      let byTag = idx.get(c.repo)
      if (!byTag) idx.set(c.repo, (byTag = new Map()))
      for (const t of c.tags) byTag.set(t, { image, layers })
    }
    this.catalogIndex = idx
    return idx
  }

  private manifestDigest(image: ImageState): { digest: string; size: number } {
    const json = canonicalJson({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { digest: image.id, mediaType: 'application/vnd.docker.container.image.v1+json' },
      layers: image.layers.map((l) => ({ digest: this.blobDigest(l), mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip' })),
    })
    return { digest: sha256Digest(json), size: json.length }
  }

  private blobDigest(diffId: string): string {
    return 'sha256:' + sha256Hex('blob ' + diffId)
  }

  private registryHostError(host: string): EngineError {
    if (/^(127\.|localhost)/.test(host)) {
      const port = host.includes(':') ? host.split(':').pop() : '443'
      const h = host.split(':')[0] === 'localhost' ? '127.0.0.1' : host.split(':')[0]
      return err(500, `Get "https://${host}/v2/": dial tcp ${h}:${port}: connect: connection refused`)
    }
    return err(500, `Get "https://${host}/v2/": dial tcp: lookup ${host.split(':')[0]}: no such host`)
  }

  /** Finds a remote image: {image, layers} or throws the daemon's error. */
  private remoteFind(ref: Reference): { image: ImageState; layers: Record<string, LayerFiles>; manifestDigest: string } {
    const shown = familiarString(withDefaultTag(ref))
    if (ref.domain === 'docker.io') {
      const repo = this.catalogLookup().get(ref.path)
      if (!repo) throw err(404, `pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`)
      const hit = ref.digest ? [...repo.values()].find((v) => this.manifestDigest(v.image).digest === ref.digest) : repo.get(ref.tag ?? 'latest')
      if (!hit) throw err(404, `manifest for ${shown} not found: manifest unknown: manifest unknown`)
      return { ...hit, manifestDigest: this.manifestDigest(hit.image).digest }
    }
    const host = REGISTRY_ALIASES[ref.domain]
    if (!host) throw this.registryHostError(ref.domain)
    const repo = Object.hasOwn(this.s.registries[host] ?? {}, ref.path) ? this.s.registries[host][ref.path] : undefined
    const hit = repo ? (ref.digest ? Object.values(repo).find((t) => t.manifestDigest === ref.digest) : Object.hasOwn(repo, ref.tag ?? 'latest') ? repo[ref.tag ?? 'latest'] : undefined) : undefined
    if (!hit) throw err(404, `manifest for ${shown} not found: manifest unknown: manifest unknown`)
    const layers: Record<string, LayerFiles> = {}
    for (const l of hit.image.layers) layers[l] = this.layerFiles(l)
    return { image: hit.image, layers, manifestDigest: hit.manifestDigest }
  }

  async pullImage(refStr: string, onProgress?: ProgressFn, opts?: CallOptions): Promise<void> {
    if (opts?.signal?.aborted) throw new CancelledError()
    const progress = onProgress ?? (() => {})
    const msgs: JsonMessage[] = []
    this.atomic(() => {
      checkLegacyLowercase(refStr)
      const ref = parseReference(refStr)
      const full = withDefaultTag(ref)
      const shown = familiarString(full)
      const found = this.remoteFind(full)
      msgs.push({ status: `Pulling from ${full.path}`, id: full.tag ?? full.digest ?? 'latest' })
      const local = new Set<string>()
      for (const i of Object.values(this.s.images)) for (const l of i.layers) local.add(l)
      const fresh = found.image.layers.filter((l) => !local.has(l))
      const sid = (l: string) => shortId(this.blobDigest(l))
      // the daemon skips the layers altogether when it already has the image's config
      const haveImage = !!this.s.images[found.image.id]
      for (const l of haveImage ? [] : found.image.layers) {
        if (local.has(l)) msgs.push({ status: 'Already exists', progressDetail: {}, id: sid(l) })
        else msgs.push({ status: 'Pulling fs layer', progressDetail: {}, id: sid(l) })
      }
      fresh.forEach((l, i) => {
        if (i >= 3) msgs.push({ status: 'Waiting', progressDetail: {}, id: sid(l) })
      })
      for (const l of fresh) {
        const total = Math.max(1, Math.round(layerSize(found.layers[l]) * 0.37))
        for (const frac of [0.5, 1]) {
          const cur = Math.round(total * frac)
          msgs.push({ status: 'Downloading', progressDetail: { current: cur, total }, progress: progressBar(cur, total), id: sid(l) })
        }
        msgs.push({ status: 'Verifying Checksum', progressDetail: {}, id: sid(l) })
        msgs.push({ status: 'Download complete', progressDetail: {}, id: sid(l) })
      }
      for (const l of fresh) {
        const total = Math.max(1, layerSize(found.layers[l]))
        msgs.push({ status: 'Extracting', progressDetail: { current: total, total }, progress: progressBar(total, total), id: sid(l) })
        msgs.push({ status: 'Pull complete', progressDetail: {}, id: sid(l) })
        this.put('layers', l, found.layers[l])
      }
      msgs.push({ status: `Digest: ${found.manifestDigest}` })
      const existing = ref.digest ? this.s.digests[familiarString(ref)] : this.s.tags[shown]
      const upToDate = existing === found.image.id && fresh.length === 0
      if (!this.s.images[found.image.id]) this.put('images', found.image.id, { ...clone(found.image), lastTagTime: 0 })
      if (!ref.digest) this.setTag(shown, found.image.id)
      this.put('digests', `${familiarName(full)}@${found.manifestDigest}`, found.image.id)
      msgs.push({ status: upToDate ? `Status: Image is up to date for ${shown}` : `Status: Downloaded newer image for ${shown}` })
      if (!upToDate) this.imageEvent('pull', ref.digest ? `${familiarName(full)}@${found.manifestDigest}` : shown, shown)
    })
    for (const m of msgs) progress(m)
  }

  async pushImage(refStr: string, onProgress?: ProgressFn, opts?: CallOptions): Promise<void> {
    if (opts?.signal?.aborted) throw new CancelledError()
    const progress = onProgress ?? (() => {})
    const msgs: JsonMessage[] = []
    try {
      this.atomic(() => {
        checkLegacyLowercase(refStr)
        const ref = parseReference(refStr)
        const name = familiarName(ref)
        const tags = ref.tag ? [ref.tag] : Object.keys(this.s.tags).filter((t) => t.slice(0, t.lastIndexOf(':')) === name).map((t) => t.slice(t.lastIndexOf(':') + 1))
        const host = REGISTRY_ALIASES[ref.domain]
        if (ref.domain !== 'docker.io' && !host) throw this.registryHostError(ref.domain)
        // from here the daemon streams: its errors come after "The push refers to repository"
        msgs.push({ status: `The push refers to repository [${ref.domain}/${ref.path}]` })
        const anyTag = Object.keys(this.s.tags).some((t) => t.slice(0, t.lastIndexOf(':')) === name)
        if (!anyTag) throw err(404, `An image does not exist locally with the tag: ${name}`)
        if (ref.tag && !this.s.tags[`${name}:${ref.tag}`]) throw err(404, `tag does not exist: ${name}:${ref.tag}`)
        if (ref.domain === 'docker.io') throw err(401, 'denied: requested access to the resource is denied')
        this.s.registries = clone(this.s.registries) // the copy atomic() puts back on failure
        const reg = (this.s.registries[host] ??= {})
        const repo = Object.hasOwn(reg, ref.path) ? reg[ref.path] : (reg[ref.path] = {})
        for (const tag of tags.sort()) {
          const img = this.s.images[this.s.tags[`${name}:${tag}`]]
          /** layer → a repository of this registry that holds it (this one first) */
          const holder = new Map<string, string>()
          for (const [path, r] of Object.entries(reg)) for (const t of Object.values(r)) for (const l of t.image.layers) if (!holder.has(l) || path === ref.path) holder.set(l, path)
          const top = [...img.layers].reverse()
          for (const l of top) msgs.push({ status: 'Preparing', progressDetail: {}, id: shortId(l) })
          // layers the registry has answer at once; uploads finish after them
          for (const l of top) {
            const at = holder.get(l)
            if (at === ref.path) msgs.push({ status: 'Layer already exists', progressDetail: {}, id: shortId(l) })
            else if (at !== undefined) msgs.push({ status: `Mounted from ${at}`, progressDetail: {}, id: shortId(l) })
          }
          for (const l of top) {
            if (holder.has(l)) continue
            {
              const total = layerSize(this.layerFiles(l))
              msgs.push({ status: 'Pushing', progressDetail: { current: total, total }, progress: progressBar(total, total), id: shortId(l) })
              msgs.push({ status: 'Pushed', progressDetail: {}, id: shortId(l) })
            }
          }
          const image = clone(img)
          image.lastTagTime = 0
          const md = this.manifestDigest(image)
          repo[tag] = { manifestDigest: md.digest, image }
          this.put('digests', `${name}@${md.digest}`, img.id)
          msgs.push({ status: `${tag}: digest: ${md.digest} size: ${md.size}` })
          msgs.push({ progressDetail: {}, aux: { Tag: tag, Digest: md.digest, Size: md.size } })
          this.imageEvent('push', `${name}:${tag}`, `${name}:${tag}`)
        }
      })
    } catch (e) {
      // once the stream has started, the error arrives in it (the CLI prints it without "Error response from daemon")
      if (msgs.length && isEngineError(e)) {
        for (const m of msgs) progress(m)
        progress({ errorDetail: { message: e.message }, error: e.message })
      }
      throw e
    }
    for (const m of msgs) progress(m)
  }

  async tagImage(source: string, repo: string, tag?: string): Promise<void> {
    this.atomic(() => {
      const img = this.getImage(source)
      checkLegacyLowercase(repo)
      if (tag && !TAG_RE.test(tag)) throw err(400, 'invalid tag format')
      const target = tag ? `${repo}:${tag}` : repo
      const k = this.refKey(target)
      let tagged: string
      if ('tagged' in k) {
        if (k.byDigest) throw err(400, 'refusing to create a tag with a digest reference')
        tagged = k.tagged
      } else {
        // an ID-shaped target: parseReference gives the daemon's answer
        const ref = parseReference(target)
        if (ref.digest) throw err(400, 'refusing to create a tag with a digest reference')
        tagged = familiarString(withDefaultTag(ref))
      }
      this.setTag(tagged, img.id)
      this.imageEvent('tag', img.id, tagged)
    })
  }

  async removeImage(nameOrId: string, opts: { force?: boolean; noprune?: boolean } = {}): Promise<RemoveImageResult[]> {
    return this.atomic(() => {
      const force = !!opts.force
      const prune = !opts.noprune
      const img = this.getImage(nameOrId)
      const id = img.id
      const records: RemoveImageResult[] = []
      const usedBy = (running: boolean | null) =>
        Object.values(this.s.containers).find((c) => c.imageId === id && (running === null || isRunning(c) === running))
      let repoRefs = this.refsOf(id)
      let quiet = false
      const isIdRef = isDigestReference(nameOrId) || (/^(sha256:)?[0-9a-f]+$/.test(nameOrId) && id.slice(7).startsWith(stripAlgorithm(nameOrId)) && !this.s.tags[parseTaggedSafe(nameOrId)])
      if (!isIdRef) {
        if (!force) {
          const c = usedBy(null)
          if (c && isSingleReference(repoRefs, this.digestsOf(id))) {
            throw err(409, `conflict: unable to remove repository reference "${nameOrId}" (must force) - container ${shortId(c.id)} is using its referenced image ${shortId(id)}`)
          }
        }
        const ref = parseReference(nameOrId)
        const key = ref.digest ? familiarString(ref) : parseTagged(nameOrId)
        if (ref.digest) this.del('digests', key)
        else this.del('tags', key)
        records.push({ Untagged: key })
        this.imageEvent('untag', id)
        repoRefs = this.refsOf(id)
        // the last tag of a repository takes that repository's digest references with it
        const repoName = key.slice(0, ref.digest ? key.indexOf('@') : key.lastIndexOf(':'))
        if (!ref.digest && !repoRefs.some((t) => t.slice(0, t.lastIndexOf(':')) === repoName)) {
          for (const d of this.digestsOf(id)) {
            if (d.slice(0, d.indexOf('@')) !== repoName) continue
            this.del('digests', d)
            records.push({ Untagged: d })
          }
        }
        if (repoRefs.length > 0 || this.digestsOf(id).length > 0) return records
        quiet = true
      } else {
        const repos = new Set(repoRefs.map((r) => r.slice(0, r.lastIndexOf(':'))))
        if (repoRefs.length > 1 || repos.size > 1) {
          if (!force) throw err(409, `conflict: unable to delete ${shortId(id)} (must be forced) - image is referenced in multiple repositories`)
        } else {
          const hard = this.deleteConflict(id, force ? ['child', 'running'] : ['child', 'running', 'stopped'])
          if (hard) throw hard.error
          for (const r of repoRefs) {
            this.del('tags', r)
            records.push({ Untagged: r })
            this.imageEvent('untag', id)
          }
        }
      }
      this.deleteHelper(id, records, force, prune, quiet)
      this.gcLayers()
      this.treeCache.clear()
      return records
    })
  }

  private deleteConflict(id: string, checks: string[]): { error: EngineError; used: boolean } | null {
    const mk = (hard: boolean, message: string, used: boolean) => ({
      error: err(409, `conflict: unable to delete ${shortId(id)} (${hard ? 'cannot be forced' : 'must be forced'}) - ${message}`),
      used,
    })
    if (checks.includes('child') && this.children(id).length) return mk(true, 'image has dependent child images', false)
    const cs = Object.values(this.s.containers)
    if (checks.includes('running')) {
      const c = cs.find((x) => x.imageId === id && isRunning(x))
      if (c) return mk(true, `image is being used by running container ${shortId(c.id)}`, true)
    }
    if (checks.includes('reference') && this.refsOf(id).length) return mk(false, 'image is referenced in one or more repositories', false)
    if (checks.includes('stopped')) {
      const c = cs.find((x) => x.imageId === id && !isRunning(x))
      if (c) return mk(false, `image is being used by stopped container ${shortId(c.id)}`, true)
    }
    return null
  }

  private deleteHelper(id: string, records: RemoveImageResult[], force: boolean, prune: boolean, quiet: boolean): void {
    const checks = force ? ['child', 'running'] : ['child', 'running', 'reference', 'stopped']
    const conflict = this.deleteConflict(id, checks)
    if (conflict) {
      const dangling = this.refsOf(id).length === 0
      if (quiet && (!dangling || conflict.used)) return
      throw conflict.error
    }
    const img = this.s.images[id]
    const parent = img.parent
    for (const r of this.refsOf(id)) {
      this.del('tags', r)
      records.push({ Untagged: r })
      this.imageEvent('untag', id)
    }
    for (const d of this.digestsOf(id)) {
      this.del('digests', d)
      records.push({ Untagged: d })
    }
    const before = new Set<string>()
    const users = Object.values(this.s.containers).filter((c) => c.imageId === id)
    for (const i of Object.values(this.s.images)) if (i.id !== id) for (const c of chainIds(i.layers)) before.add(c)
    for (const o of Object.values(this.s.orphans)) for (const c of chainIds(o.layers)) before.add(c)
    if (users.length) {
      this.put('orphans', id, img)
      for (const c of chainIds(img.layers)) before.add(c)
    }
    this.del('images', id)
    this.imageEvent('delete', id)
    records.push({ Deleted: id })
    const chains = chainIds(img.layers)
    for (let i = chains.length - 1; i >= 0; i--) if (!before.has(chains[i])) records.push({ Deleted: chains[i] })
    if (!prune || !parent || !this.s.images[parent]) return
    this.deleteHelper(parent, records, false, true, true)
  }

  async importImage(tar: Uint8Array, opts: { repo?: string; tag?: string; message?: string; changes?: string[] }, onProgress?: ProgressFn): Promise<string> {
    const id = this.atomic(() => {
      let tagged: string | null = null
      if (opts.repo) tagged = parseTagged(opts.tag ? `${opts.repo}:${opts.tag}` : opts.repo)
      let entries: TarEntry[]
      try {
        entries = readTar(tar)
      } catch (e) {
        throw err(500, e instanceof TarError ? e.message : 'archive/tar: invalid tar header')
      }
      const files: LayerFiles = {}
      for (const e of entries) {
        const p = normPath(e.name)
        if (p === '/') continue
        for (let d = parentOf(p); d !== '/'; d = parentOf(d)) files[d] ??= dirEntry()
        if (e.type === 'dir') files[p] = dirEntry(e.mode)
        else if (e.type === 'symlink') files[p] = { type: 'symlink', size: 0, mode: 0o777, target: e.linkname }
        else if (e.type === 'hardlink') files[p] = { ...(files[normPath(e.linkname)] ?? fileEntry(0)) }
        else if (e.type === 'file') {
          const text = e.size <= 4096 && isText(e.data) ? utf8Decode(e.data) : undefined
          files[p] = text !== undefined ? { type: 'file', size: e.size, mode: e.mode, content: text } : { type: 'file', size: e.size, mode: e.mode }
        }
      }
      const diffId = this.addLayer(files)
      const now = this.now()
      const config = applyChanges({ Cmd: null, Entrypoint: null, Env: [], Labels: {}, WorkingDir: '' }, opts.changes ?? [])
      const img = this.addImage({
        parent: '',
        layers: [diffId],
        history: [{ created: now, createdBy: '', emptyLayer: false, comment: opts.message || 'Imported from -' }],
        config,
        created: now,
        comment: opts.message || 'Imported from -',
        author: '',
        container: '',
      })
      this.imageEvent('import', img.id)
      if (tagged) {
        this.setTag(tagged, img.id)
        this.imageEvent('tag', img.id, tagged)
      }
      return img.id
    })
    onProgress?.({ status: id })
    return id
  }

  async buildImage(context: Uint8Array, opts: { t?: string[]; dockerfile?: string; labels?: Labels; rm?: boolean }, onProgress?: ProgressFn): Promise<string> {
    const lines: JsonMessage[] = []
    const emit = (s: string) => lines.push({ stream: s })
    let failure: EngineError | null = null
    let result = ''
    try {
      result = this.atomic(() => this.build(context, opts, emit))
    } catch (e) {
      failure = e as EngineError
    }
    for (const l of lines) onProgress?.(l)
    if (failure) {
      onProgress?.({ errorDetail: { code: failure.statusCode, message: failure.message }, error: failure.message })
      throw failure
    }
    return result
  }

  private build(context: Uint8Array, opts: { t?: string[]; dockerfile?: string; labels?: Labels; rm?: boolean }, emit: (s: string) => void): string {
    const tags = (opts.t ?? []).map((t) => parseTagged(t))
    let entries: TarEntry[]
    try {
      entries = readTar(context)
    } catch (e) {
      throw err(500, `failed to read build context: ${(e as Error).message}`)
    }
    const dfName = opts.dockerfile ?? 'Dockerfile'
    const df = entries.find((e) => normPath(e.name) === normPath(dfName))
    if (!df) throw err(500, `Cannot locate specified Dockerfile: ${dfName}`)
    const text = utf8Decode(df.data)
    const steps: { cmd: string; args: string; raw: string }[] = []
    let cont = ''
    for (const rawLine of text.split('\n')) {
      const line = (cont + rawLine).trimEnd()
      if (line.endsWith('\\')) {
        cont = line.slice(0, -1) + ' '
        continue
      }
      cont = ''
      const t = line.trim()
      if (!t || t.startsWith('#')) continue
      const m = /^(\S+)\s*(.*)$/.exec(t)!
      steps.push({ cmd: m[1].toUpperCase(), args: m[2], raw: t })
    }
    if (!steps.length) throw err(400, 'the Dockerfile (Dockerfile) cannot be empty')
    if (steps[0].cmd !== 'FROM') throw err(400, 'failed to process "' + steps[0].raw + '": no build stage in current context')
    if (opts.labels && Object.keys(opts.labels).length) steps.push({ cmd: 'LABEL', args: Object.entries(opts.labels).map(([k, v]) => `${JSON.stringify(k)}=${JSON.stringify(v)}`).join(' '), raw: '' })
    const n = steps.length
    let cur: ImageState | null = null
    for (let i = 0; i < n; i++) {
      const st = steps[i]
      emit(`Step ${i + 1}/${n} : ${st.raw || `LABEL ${st.args}`}\n`)
      if (st.cmd === 'FROM') {
        const base = st.args.split(/\s+/)[0]
        let img: ImageState
        try {
          img = this.getImage(base)
        } catch {
          const ref = withDefaultTag(parseReference(base))
          const found = this.remoteFind(ref)
          for (const l of found.image.layers) this.put('layers', l, found.layers[l])
          if (!this.s.images[found.image.id]) this.put('images', found.image.id, { ...clone(found.image), lastTagTime: 0 })
          this.setTag(familiarString(ref), found.image.id)
          emit(`${ref.tag}: Pulling from ${ref.path}\n`)
          emit(`Digest: ${found.manifestDigest}\nStatus: Downloaded newer image for ${familiarString(ref)}\n`)
          img = this.s.images[found.image.id]
        }
        cur = img
        emit(` ---> ${shortId(img.id)}\n`)
        continue
      }
      if (!cur) throw err(400, 'no build stage in current context')
      // the legacy builder's history texts: "#(nop)  X" (commit with a comment), "#(nop) X" for WORKDIR and COPY
      const execForm = (a: string) => `[${(a.startsWith('[') ? safeJsonArray(a) : ['/bin/sh', '-c', a]).map((x) => JSON.stringify(x)).join(' ')}]`
      let createdBy: string =
        st.cmd === 'RUN'
          ? `/bin/sh -c ${st.args}`
          : st.cmd === 'CMD' || st.cmd === 'ENTRYPOINT'
            ? `/bin/sh -c #(nop)  ${st.cmd} ${execForm(st.args)}`
            : st.cmd === 'ENV' || st.cmd === 'LABEL'
              ? `/bin/sh -c #(nop)  ${st.cmd} ${parseKv(st.args).map(([k, v]) => `${k}=${v}`).join(' ')}`
              : st.cmd === 'WORKDIR'
                ? `/bin/sh -c #(nop) WORKDIR ${normPath(st.args, cur.config.WorkingDir || '/')}`
                : `/bin/sh -c #(nop)  ${st.cmd} ${st.args}`
      if (st.cmd === 'COPY' || st.cmd === 'ADD') {
        // the legacy builder names copied content by its checksum, so the cache sees content changes
        const parts = st.args.split(/\s+/).filter((x) => !x.startsWith('--'))
        const dest = parts.pop() ?? '/'
        const srcs = parts.map((x) => normPath(x))
        const picked = entries
          .filter((e) => srcs.some((src) => normPath(e.name) === src || normPath(e.name).startsWith(src === '/' ? '/' : src + '/')))
          .map((e) => `${normPath(e.name)} ${e.type} ${e.mode} ${sha256Hex(e.data)}`)
        const isDir = picked.length > 1 || entries.some((e) => srcs.includes(normPath(e.name)) && e.type === 'dir')
        const single = !isDir && srcs.length === 1 ? entries.find((e) => normPath(e.name) === srcs[0] && e.type === 'file') : undefined
        // one file: the legacy builder's tarsum v1 of it (header fields of a build-context entry, uid/gid 0, then the content)
        const sum = single ? sha256Hex(concatBytes(utf8Encode(`name${normPath(single.name).slice(1)}mode${single.mode & 0o7777}uid0gid0size${single.size}typeflag0linknameunamegnamedevmajor0devminor0`), single.data)) : sha256Hex(picked.join('\n'))
        createdBy = `/bin/sh -c #(nop) ${st.cmd} ${isDir ? 'dir' : 'file'}:${sum} in ${dest} `
      }
      const cached: ImageState | undefined = this.children(cur.id).find((c) => c.history.length === cur!.history.length + 1 && c.history[c.history.length - 1].createdBy === createdBy)
      if (cached) {
        emit(' ---> Using cache\n')
        emit(` ---> ${shortId(cached.id)}\n`)
        cur = cached
        continue
      }
      const cid = randomHexId(this.random)
      const inContainer = st.cmd !== 'COPY' && st.cmd !== 'ADD' // COPY writes the layer without running a container
      if (inContainer) emit(` ---> Running in ${shortId(cid)}\n`)
      const config = clone(cur.config)
      let layer: LayerFiles | null = null
      if (st.cmd === 'RUN') {
        const fs = new CowFs(this.tree(cur), {}, shortId(cid))
        const argv = st.args.startsWith('[') ? safeJsonArray(st.args) : ['/bin/sh', '-c', st.args]
        const res = this.runMain(argv, fs, config.Env, config.WorkingDir || '/', shortId(cid), false)
        if (res.stdout) emit(res.stdout)
        if (res.stderr) emit(res.stderr)
        if (res.oci) throw err(500, res.oci)
        if (res.exitCode !== 0) throw err(500, `The command '${argv.join(' ')}' returned a non-zero code: ${res.exitCode}`)
        layer = fs.rw
      } else if (st.cmd === 'COPY' || st.cmd === 'ADD') {
        const parts = st.args.split(/\s+/).filter((x) => !x.startsWith('--'))
        const dest = parts.pop() ?? '/'
        const fs = new CowFs(this.tree(cur), {})
        for (const src of parts) {
          const s = normPath(src)
          const matched = entries.filter((e) => normPath(e.name) === s || normPath(e.name).startsWith(s === '/' ? '/' : s + '/'))
          if (!matched.length) throw err(500, `COPY failed: file not found in build context or excluded by .dockerignore: stat ${src.replace(/^\.?\//, '')}: file does not exist`)
          for (const e of matched) {
            const rel = normPath(e.name).slice(s === '/' ? 0 : s.length) || '/' + s.split('/').pop()
            const destIsDir = dest.endsWith('/') || dest === '.' || fs.stat(normPath(dest, config.WorkingDir || '/'))?.type === 'dir'
            const to = destIsDir || matched.length > 1 || parts.length > 1 || e.type === 'dir' ? normPath(rel.replace(/^\/?/, ''), normPath(dest, config.WorkingDir || '/')) : normPath(dest, config.WorkingDir || '/')
            for (let d = parentOf(to); d !== '/'; d = parentOf(d)) if (!fs.stat(d)) fs.mkdir(d)
            if (e.type === 'dir') {
              if (!fs.stat(to)) fs.mkdir(to)
            } else fs.writeRaw(to, { type: 'file', size: e.size, mode: e.mode || 0o644, ...(e.size <= 4096 && isText(e.data) ? { content: utf8Decode(e.data) } : {}) })
          }
        }
        layer = fs.rw
      } else if (st.cmd === 'ENV') {
        for (const [k, v] of parseKv(st.args)) config.Env = [...config.Env.filter((e) => !e.startsWith(k + '=')), `${k}=${v}`]
      } else if (st.cmd === 'LABEL') {
        for (const [k, v] of parseKv(st.args)) config.Labels = { ...config.Labels, [k]: v }
      } else if (st.cmd === 'CMD') {
        config.Cmd = st.args.startsWith('[') ? safeJsonArray(st.args) : ['/bin/sh', '-c', st.args]
      } else if (st.cmd === 'ENTRYPOINT') {
        config.Entrypoint = st.args.startsWith('[') ? safeJsonArray(st.args) : ['/bin/sh', '-c', st.args]
        config.Cmd = null
      } else if (st.cmd === 'WORKDIR') {
        config.WorkingDir = normPath(st.args, config.WorkingDir || '/')
        const fs = new CowFs(this.tree(cur), {})
        if (!fs.stat(config.WorkingDir)) {
          for (const d of ancestorsTo(config.WorkingDir)) if (!fs.stat(d)) fs.mkdir(d)
          layer = fs.rw
        }
      } else if (['EXPOSE', 'USER', 'VOLUME', 'STOPSIGNAL', 'ARG', 'SHELL', 'ONBUILD', 'HEALTHCHECK', 'MAINTAINER'].includes(st.cmd)) {
        // accepted, recorded in history only
      } else {
        throw err(400, `dockerfile parse error line ${i + 1}: unknown instruction: ${st.cmd}`)
      }
      const now = this.now()
      const layers = layer ? [...cur.layers, this.addLayer(layer)] : [...cur.layers]
      const img = this.addImage({
        parent: cur.id,
        layers,
        history: [...cur.history, { created: now, createdBy, emptyLayer: !layer, comment: '' }],
        config,
        created: now,
        comment: '',
        author: '',
        container: cid,
      })
      if (opts.rm !== false && inContainer) emit(`Removing intermediate container ${shortId(cid)}\n`)
      emit(` ---> ${shortId(img.id)}\n`)
      cur = img
    }
    const final = cur as ImageState
    emit(`Successfully built ${shortId(final.id)}\n`)
    for (const t of tags) {
      this.setTag(t, final.id)
      this.imageEvent('tag', final.id, t)
      emit(`Successfully tagged ${t}\n`)
    }
    return final.id
  }

  // ---------- containers: lookup & time ----------

  private getContainer(nameOrId: string): ContainerState {
    const cs = this.s.containers
    if (Object.hasOwn(cs, nameOrId)) return this.own(cs[nameOrId])
    const name = nameOrId.startsWith('/') ? nameOrId.slice(1) : nameOrId
    const byName = this.nameIndex().get(name)
    if (byName !== undefined && Object.hasOwn(cs, byName)) return this.own(cs[byName])
    if (!nameOrId) throw noSuchContainer(nameOrId)
    const m = matchPrefix(Object.keys(cs), (k) => k, nameOrId)
    if (m.kind === 'one') return this.own(cs[m.item])
    if (m.kind === 'ambiguous') throw ambiguousContainerPrefix(nameOrId)
    throw noSuchContainer(nameOrId)
  }

  /** Lets sleeping main processes finish when the clock has passed their end. */
  private tick(c: ContainerState): void {
    if (c.status === 'running' && c.endsAt !== null && this.now() >= c.endsAt) {
      this.finish(c, c.pendingExit, c.endsAt)
    }
  }

  private tickAll(): void {
    for (const c of Object.values(this.s.containers)) this.tick(c)
  }

  private finish(c: ContainerState, code: number, at: number): void {
    c.status = 'exited'
    c.exitCode = code
    c.finishedAt = at
    c.pid = 0
    c.endsAt = null
    this.containerEvent('die', c, { exitCode: String(code) })
    if (c.autoRemove) {
      this.del('containers', c.id)
      this.containerEvent('destroy', c)
      if (this.s.orphans[c.imageId]) this.gcLayers()
    }
  }

  // ---------- containers: file system & processes ----------

  private fsOf(c: ContainerState): CowFs {
    return new CowFs(this.tree(this.imageOfContainer(c)), c.rw, c.config.Hostname ?? c.id.slice(0, 12))
  }

  private runMain(argv: string[], fs: CowFs, env: string[], cwd: string, hostname: string, interactive: boolean): { exitCode: number; stdout: string; stderr: string; sleepSeconds: number; server: boolean; oci: string | null } {
    const envMap: Record<string, string> = { PATH: DEFAULT_PATH, HOSTNAME: hostname, HOME: '/root' }
    for (const e of env) {
      const i = e.indexOf('=')
      if (i > 0) envMap[e.slice(0, i)] = e.slice(i + 1)
    }
    const resolve = (cmd: string): string | null => {
      if (cmd.includes('/')) return fs.stat(normPath(cmd, cwd)) ? cmd : null
      for (const dir of (envMap.PATH || DEFAULT_PATH).split(':')) {
        const p = normPath(cmd, dir)
        const st = fs.stat(p)
        if (st && st.type !== 'dir') return p
      }
      return null
    }
    const prog = argv[0]
    if (!resolve(prog)) {
      const oci = prog.includes('/') ? `exec: "${prog}": stat ${prog}: no such file or directory` : `exec: "${prog}": executable file not found in $PATH`
      return { exitCode: prog.includes('/') ? 127 : 127, stdout: '', stderr: '', sleepSeconds: 0, server: false, oci }
    }
    const ctx: ShellContext = { fs, env: envMap, cwd, hostname, kernel: SIM_KERNEL, resolve }
    const base = prog.slice(prog.lastIndexOf('/') + 1)
    if ((base === 'sh' || base === 'bash' || base === 'dash') && !argv.includes('-c')) {
      return { exitCode: 0, stdout: '', stderr: '', sleepSeconds: interactive ? Infinity : 0, server: false, oci: null }
    }
    const r = base === 'sh' || base === 'bash' || base === 'dash' ? runScript(argv[argv.indexOf('-c') + 1] ?? '', ctx, SERVER_PROGRAMS) : runArgv(argv, ctx, SERVER_PROGRAMS)
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, sleepSeconds: r.sleepSeconds, server: r.server, oci: null }
  }

  // ---------- containers: API ----------

  async listContainers(opts: { all?: boolean; limit?: number; filters?: ListFilters } = {}): Promise<ContainerSummary[]> {
    this.tickAll()
    const f = opts.filters ?? {}
    for (const k of Object.keys(f)) {
      if (!['status', 'name', 'id', 'ancestor', 'label', 'exited', 'before', 'since'].includes(k)) throw err(400, `Invalid filter '${k}'`)
    }
    const refC = (r: string) => {
      try {
        return this.getContainer(r)
      } catch (e) {
        if (isEngineError(e) && e.statusCode === 404) throw err(500, `no such container ${r}`)
        throw e
      }
    }
    const beforeC = f.before?.length ? refC(f.before[0]) : null
    const sinceC = f.since?.length ? refC(f.since[0]) : null
    const statuses = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead']
    for (const s of f.status ?? []) if (!statuses.includes(s)) throw err(400, `Invalid filter 'status=${s}'`)
    const nameRes = (f.name ?? []).map((n) => {
      try {
        return new RegExp(n.replace(/^\//, ''))
      } catch {
        throw err(500, `error parsing regexp: invalid or unsupported Perl syntax: \`${n}\``)
      }
    })
    let list = Object.values(this.s.containers).reverse().sort((a, b) => b.created - a.created) // newest first; same-ms ties by creation order
    const all = opts.all || (opts.limit ?? 0) > 0 || !!f.status?.length
    list = list.filter((c) => {
      if (!all && c.status !== 'running' && c.status !== 'paused') return false
      if (f.status?.length && !f.status.includes(c.status)) return false
      if (nameRes.length && !nameRes.some((re) => re.test(c.name))) return false
      if (f.id?.length && !f.id.some((p) => c.id.startsWith(p))) return false
      if (f.label?.length && !f.label.every((l) => matchLabel(c.config.Labels ?? {}, l))) return false
      if (f.exited?.length && !(c.status === 'exited' && f.exited.includes(String(c.exitCode)))) return false
      if (f.ancestor?.length && !f.ancestor.some((a) => this.isAncestor(a, c.imageId))) return false
      if (beforeC && !(c.created < beforeC.created || (c.created === beforeC.created && c.id < beforeC.id && c !== beforeC))) return false
      if (sinceC && !(c.created > sinceC.created)) return false
      return true
    })
    if (opts.limit && opts.limit > 0) list = list.slice(0, opts.limit)
    const now = this.now()
    return list.map((c) => ({
      Id: c.id,
      Names: ['/' + c.name],
      Image: this.shownImage(c),
      ImageID: c.imageId,
      Command: commandText(c),
      Created: Math.floor(c.created / 1000),
      State: c.status,
      Status: statusOf(c, now),
      Labels: { ...(c.config.Labels ?? {}) },
      Ports: [],
      Mounts: [],
    }))
  }

  /** The daemon keeps the original reference only while it still resolves to the container's image. */
  private shownImage(c: ContainerState): string {
    if (c.imageRef === c.imageId) return c.imageRef
    try {
      if (this.getImage(c.imageRef).id === c.imageId) return c.imageRef
    } catch {
      /* the reference is gone */
    }
    return c.imageId
  }

  private isAncestor(ref: string, imageId: string): boolean {
    let target: ImageState
    try {
      target = this.getImage(ref)
    } catch {
      return false
    }
    for (let cur: ImageState | undefined = this.s.images[imageId]; cur; cur = cur.parent ? this.s.images[cur.parent] : undefined) {
      if (cur.id === target.id) return true
    }
    return false
  }

  async inspectContainer(nameOrId: string): Promise<ContainerInspect> {
    const c = this.getContainer(nameOrId)
    this.tick(c)
    return {
      Id: c.id,
      Created: rfc3339(c.created),
      Path: c.path,
      Args: [...c.args],
      State: {
        Status: c.status,
        Running: c.status === 'running' || c.status === 'paused',
        Paused: c.status === 'paused',
        Restarting: false,
        OOMKilled: false,
        Dead: false,
        Pid: c.pid,
        ExitCode: c.exitCode,
        Error: c.error,
        StartedAt: rfc3339(c.startedAt),
        FinishedAt: rfc3339(c.finishedAt),
      },
      Image: c.imageId,
      Name: '/' + c.name,
      RestartCount: c.restartCount,
      Driver: 'overlay2',
      Config: clone(c.config),
      HostConfig: { AutoRemove: c.autoRemove, Binds: null },
      Mounts: [],
    }
  }

  async createContainer(opts: CreateContainerOptions): Promise<{ Id: string; Warnings: string[] }> {
    return this.atomic(() => {
      if (!opts.Image) throw err(400, 'No command specified')
      const img = this.getImage(opts.Image)
      let name = opts.name
      if (name !== undefined && name !== '') {
        if (!/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) throw err(400, `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`)
        name = name.replace(/^\//, '')
        const otherId = this.nameIndex().get(name)
        const other = otherId !== undefined ? this.s.containers[otherId] : undefined
        if (other) throw err(409, `Conflict. The container name "/${name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`)
      } else {
        let retry = 0
        do name = randomName(this.random, retry++)
        while (this.nameIndex().has(name as string))
      }
      const entrypoint = opts.Entrypoint !== undefined && opts.Entrypoint !== null ? opts.Entrypoint : img.config.Entrypoint
      const cmd = opts.Cmd && opts.Cmd.length ? opts.Cmd : opts.Entrypoint && opts.Entrypoint.length ? [] : img.config.Cmd
      const full = [...(entrypoint ?? []), ...(cmd ?? [])]
      if (!full.length) throw err(400, 'No command specified')
      let id = randomHexId(this.random)
      while (this.s.containers[id]) id = randomHexId(this.random)
      const env = [...img.config.Env]
      for (const e of opts.Env ?? []) {
        const k = e.split('=')[0]
        const i = env.findIndex((x) => x.split('=')[0] === k)
        if (i >= 0) env[i] = e
        else env.push(e)
      }
      const labels = { ...img.config.Labels, ...(opts.Labels ?? {}) }
      const c: ContainerState = {
        id,
        name: name as string,
        imageId: img.id,
        imageRef: opts.Image,
        path: full[0],
        args: full.slice(1),
        config: {
          Hostname: opts.Hostname || id.slice(0, 12),
          User: opts.User ?? '',
          Env: env,
          Cmd: cmd ? [...cmd] : null,
          Entrypoint: entrypoint ? [...entrypoint] : null,
          Image: opts.Image,
          WorkingDir: opts.WorkingDir || img.config.WorkingDir,
          Labels: labels,
          Tty: !!opts.Tty,
          OpenStdin: !!opts.OpenStdin,
          AttachStdout: opts.AttachStdout ?? true,
          AttachStderr: opts.AttachStderr ?? true,
        },
        autoRemove: !!opts.HostConfig?.AutoRemove,
        created: this.now(),
        status: 'created',
        startedAt: 0,
        finishedAt: 0,
        exitCode: 0,
        error: '',
        pid: 0,
        endsAt: null,
        pendingExit: 0,
        restartCount: 0,
        stdout: '',
        stderr: '',
        rw: {},
      }
      if (c.config.WorkingDir && c.config.WorkingDir !== '/') {
        const fs = this.fsOf(c)
        for (const d of ancestorsTo(normPath(c.config.WorkingDir))) if (!fs.stat(d)) fs.mkdir(d)
      }
      this.put('containers', id, c)
      this.containerEvent('create', c)
      return { Id: id, Warnings: [] }
    })
  }

  async startContainer(nameOrId: string): Promise<void> {
    this.atomic(() => {
      const c = this.getContainer(nameOrId)
      this.tick(c)
      if (c.status === 'paused') throw err(409, 'cannot start a paused container, try unpause instead')
      if (c.status === 'running') return
      this.start(c)
    })
  }

  private start(c: ContainerState): void {
    const fs = this.fsOf(c)
    const interactive = !!(c.config.Tty && c.config.OpenStdin) || !!c.config.OpenStdin
    const res = this.runMain([c.path, ...c.args], fs, c.config.Env ?? [], c.config.WorkingDir || '/', c.config.Hostname ?? c.id.slice(0, 12), interactive)
    if (res.oci) {
      const msg = `failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${res.oci}: unknown`
      c.exitCode = res.exitCode
      c.error = msg
      this.put('containers', c.id, c)
      // the daemon keeps the container (created state, exit code set) and reports the error
      throw err(400, msg)
    }
    const now = this.now()
    c.status = 'running'
    c.startedAt = now
    c.finishedAt = 0
    c.error = ''
    c.exitCode = 0
    c.pid = ++this.s.pidCounter
    c.stdout += res.stdout
    c.stderr += res.stderr
    this.containerEvent('start', c)
    if (res.server) {
      c.endsAt = null
    } else if (res.sleepSeconds > 0) {
      c.endsAt = res.sleepSeconds === Infinity ? null : now + Math.round(res.sleepSeconds * 1000)
      c.pendingExit = res.exitCode
    } else {
      this.finish(c, res.exitCode, now)
    }
  }

  async stopContainer(nameOrId: string, opts: { t?: number } = {}): Promise<void> {
    this.atomic(() => {
      const c = this.getContainer(nameOrId)
      this.tick(c)
      if (c.status !== 'running' && c.status !== 'paused') return
      this.containerEvent('kill', c, { signal: '15' })
      // a shell or sleep ignores SIGTERM as PID 1: docker waits t seconds and kills (137)
      const ignoresTerm = opts.t !== 0 && isPid1Ignorer(c)
      this.finish(c, ignoresTerm || opts.t === 0 ? 137 : termExitCode(c), this.now())
      if (this.s.containers[c.id]) this.containerEvent('stop', c)
    })
  }

  async restartContainer(nameOrId: string, opts: { t?: number } = {}): Promise<void> {
    this.atomic(() => {
      const c = this.getContainer(nameOrId)
      this.tick(c)
      if (c.status === 'running' || c.status === 'paused') {
        this.containerEvent('kill', c, { signal: '15' })
        this.finish(c, opts.t === 0 || isPid1Ignorer(c) ? 137 : termExitCode(c), this.now())
        this.containerEvent('stop', c)
      }
      if (!this.s.containers[c.id]) throw noSuchContainer(nameOrId)
      this.start(c)
      this.containerEvent('restart', c)
    })
  }

  async killContainer(nameOrId: string, opts: { signal?: string } = {}): Promise<void> {
    this.atomic(() => {
      const c = this.getContainer(nameOrId)
      this.tick(c)
      if (c.status !== 'running' && c.status !== 'paused') throw err(409, `Cannot kill container: ${nameOrId}: Container ${c.id} is not running`)
      const sig = (opts.signal ?? 'KILL').toUpperCase().replace(/^SIG/, '')
      const nums: Record<string, number> = { KILL: 9, TERM: 15, INT: 2, HUP: 1, QUIT: 3, USR1: 10, USR2: 12 }
      const n = /^\d+$/.test(sig) ? Number(sig) : nums[sig]
      if (n === undefined) throw err(400, `Invalid signal: ${opts.signal}`)
      this.containerEvent('kill', c, { signal: String(n) })
      if (n === 9 || !isPid1Ignorer(c)) this.finish(c, n === 15 ? termExitCode(c) : 128 + n, this.now())
    })
  }

  async pauseContainer(nameOrId: string): Promise<void> {
    this.atomic(() => {
      const c = this.getContainer(nameOrId)
      this.tick(c)
      if (c.status === 'paused') throw err(409, `Container ${c.id} is already paused`)
      if (c.status !== 'running') throw err(409, `Container ${c.id} is not running`)
      c.status = 'paused'
      this.containerEvent('pause', c)
    })
  }

  async unpauseContainer(nameOrId: string): Promise<void> {
    this.atomic(() => {
      const c = this.getContainer(nameOrId)
      if (c.status !== 'paused') throw err(500, `Container ${c.id} is not paused`)
      c.status = 'running'
      this.containerEvent('unpause', c)
    })
  }

  async removeContainer(nameOrId: string, opts: { force?: boolean; v?: boolean } = {}): Promise<void> {
    this.atomic(() => {
      const c = this.getContainer(nameOrId)
      this.tick(c)
      if (c.status === 'running' || c.status === 'paused') {
        if (!opts.force) {
          const what = c.status === 'paused' ? 'paused' : 'running'
          throw err(409, `You cannot remove a ${what} container ${c.id}. ${what === 'paused' ? 'Unpause and then stop' : 'Stop'} the container before attempting removal or force remove`)
        }
        this.containerEvent('kill', c, { signal: '9' })
        c.autoRemove = false
        this.finish(c, 137, this.now())
      }
      this.del('containers', c.id)
      this.containerEvent('destroy', c)
      if (this.s.orphans[c.imageId]) this.gcLayers()
    })
  }

  async renameContainer(nameOrId: string, newName: string): Promise<void> {
    this.atomic(() => {
      const c = this.getContainer(nameOrId)
      const name = newName.replace(/^\//, '')
      if (!name) throw err(400, 'Neither old nor new names may be empty')
      if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) throw err(400, `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`)
      if (name === c.name) throw err(400, 'Renaming a container with the same name as its current name')
      const otherId = this.nameIndex().get(name)
      const other = otherId !== undefined ? this.s.containers[otherId] : undefined
      if (other) throw err(409, `Conflict. The container name "/${name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`)
      const old = c.name
      c.name = name
      const index = this.nameIndex()
      if (index.get(old) === c.id) index.delete(old)
      index.set(name, c.id)
      this.containerEvent('rename', c, { oldName: '/' + old })
    })
  }

  async waitContainer(nameOrId: string, opts?: CallOptions): Promise<{ StatusCode: number }> {
    const c = this.getContainer(nameOrId)
    this.tick(c)
    if (c.status === 'running' || c.status === 'paused') {
      if (c.endsAt === null) throw err(500, opts?.signal ? 'context canceled' : `container ${shortId(c.id)} runs until it is stopped: the simulator cannot wait for it`)
      // the simulated process ends at endsAt: wait means the clock reaches it
      return { StatusCode: c.pendingExit }
    }
    return { StatusCode: c.exitCode }
  }

  async containerLogs(nameOrId: string): Promise<LogsResult> {
    const c = this.getContainer(nameOrId)
    return { stdout: c.stdout, stderr: c.stderr }
  }

  async containerChanges(nameOrId: string): Promise<ChangeEntry[] | null> {
    const c = this.getContainer(nameOrId)
    return this.changesOf(c)
  }

  async imageLayerFiles(nameOrId: string): Promise<LayerListing[]> {
    const img = this.getImage(nameOrId)
    return img.layers.map((d) => ({ DiffID: d, Entries: layerEntries(this.layerFiles(d)) }))
  }

  async containerLayerFiles(nameOrId: string): Promise<LayerFileEntry[]> {
    return layerEntries(this.getContainer(nameOrId).rw)
  }

  private changesOf(c: ContainerState): ChangeEntry[] {
    const lower = this.tree(this.imageOfContainer(c))
    const out: ChangeEntry[] = []
    for (const p of Object.keys(c.rw).sort()) {
      const e = c.rw[p]
      if (e.type === 'whiteout') out.push({ Path: p, Kind: 2 })
      else out.push({ Path: p, Kind: lower.has(p) ? 0 : 1 })
    }
    return out
  }

  async commitContainer(nameOrId: string, opts: { repo?: string; tag?: string; comment?: string; author?: string; changes?: string[]; pause?: boolean }): Promise<{ Id: string }> {
    return this.atomic(() => {
      const c = this.getContainer(nameOrId)
      this.tick(c)
      let tagged: string | null = null
      if (opts.repo) tagged = parseTagged(opts.tag ? `${opts.repo}:${opts.tag}` : opts.repo)
      const parent = this.imageOfContainer(c)
      const now = this.now()
      const hasLayer = Object.keys(c.rw).length > 0
      const layers = hasLayer ? [...parent.layers, this.addLayer(clone(c.rw))] : [...parent.layers]
      const config = applyChanges(
        { Cmd: c.config.Cmd ?? null, Entrypoint: c.config.Entrypoint ?? null, Env: [...(c.config.Env ?? [])], Labels: { ...(c.config.Labels ?? {}) }, WorkingDir: c.config.WorkingDir ?? '' },
        opts.changes ?? [],
      )
      const img = this.addImage({
        parent: parent.id,
        layers,
        history: [...parent.history, { created: now, createdBy: (c.config.Cmd ?? []).join(' '), emptyLayer: !hasLayer, comment: opts.comment ?? '' }],
        config,
        created: now,
        comment: opts.comment ?? '',
        author: opts.author ?? '',
        container: c.id,
      })
      this.containerEvent('commit', c, { comment: opts.comment ?? '', imageID: img.id, ...(tagged ? { imageRef: tagged } : {}) })
      if (tagged) {
        this.setTag(tagged, img.id)
        this.imageEvent('tag', img.id, tagged)
      }
      return { Id: img.id }
    })
  }

  async exec(nameOrId: string, opts: { Cmd: string[]; Env?: string[]; WorkingDir?: string; Tty?: boolean }): Promise<ExecResult> {
    return this.atomic(() => {
      const c = this.getContainer(nameOrId)
      this.tick(c)
      if (c.status === 'paused') throw err(409, `Container ${nameOrId} is paused, unpause the container before exec`)
      if (c.status !== 'running') throw err(409, `Container ${c.id} is not running`)
      if (!opts.Cmd?.length) throw err(400, 'No exec command specified')
      const fs = this.fsOf(c)
      const res = this.runMain(opts.Cmd, fs, [...(c.config.Env ?? []), ...(opts.Env ?? [])], opts.WorkingDir || c.config.WorkingDir || '/', c.config.Hostname ?? c.id.slice(0, 12), false)
      this.containerEvent('exec_create: ' + opts.Cmd.join(' '), c)
      this.containerEvent('exec_start: ' + opts.Cmd.join(' '), c)
      if (res.oci) {
        return { exitCode: 126, stdout: '', stderr: `OCI runtime exec failed: exec failed: unable to start container process: ${res.oci}: unknown\n` }
      }
      this.containerEvent('exec_die', c, { exitCode: String(res.exitCode) })
      return { exitCode: res.exitCode, stdout: res.stdout, stderr: res.stderr }
    })
  }

  // ---------- snapshot ----------

  /** Images never change once made (only their tags do): their snapshot part is computed once and frozen. */
  private coreCache = new Map<string, Omit<SnapshotImage, 'tags' | 'digests'>>()

  private snapshotCore(img: ImageState): Omit<SnapshotImage, 'tags' | 'digests'> {
    let core = this.coreCache.get(img.id)
    if (core) return core
    const sizes = img.layers.map((l) => layerSize(this.layerFiles(l)))
    let k = 0
    core = deepFreeze({
      id: img.id,
      parentId: img.parent || null,
      created: Math.floor(img.created / 1000),
      size: sizes.reduce((a, b) => a + b, 0),
      layers: [...img.layers],
      history: img.history.map((h) => ({
        createdBy: h.createdBy,
        size: h.emptyLayer ? 0 : (sizes[k++] ?? 0),
        emptyLayer: h.emptyLayer,
        created: Math.floor(h.created / 1000),
        ...(h.comment ? { comment: h.comment } : {}),
      })),
      config: { cmd: img.config.Cmd ? [...img.config.Cmd] : null, entrypoint: img.config.Entrypoint ? [...img.config.Entrypoint] : null, env: [...img.config.Env], labels: { ...img.config.Labels }, workingDir: img.config.WorkingDir },
      managed: img.config.Labels[MANAGED_LABEL] === 'true',
    })
    if (this.coreCache.size > 50_000) this.coreCache.clear()
    this.coreCache.set(img.id, core)
    return core
  }

  /** Whether path p exists in the image's merged tree, looking at its layers top down (no merge). */
  private lowerCache = new Map<string, boolean>()
  private commandCache = new WeakMap<string[], string>()
  private changesCache = new WeakMap<LayerFiles, ChangeEntry[]>()

  private snapshotChanges(c: ContainerState): ChangeEntry[] {
    let changes = this.changesCache.get(c.rw)
    if (changes) return changes
    changes = []
    const img = this.imageOfContainer(c)
    for (const p of Object.keys(c.rw).sort()) changes.push({ Path: p, Kind: c.rw[p].type === 'whiteout' ? 2 : this.lowerHas(img, p) ? 0 : 1 })
    deepFreeze(changes)
    this.changesCache.set(c.rw, changes)
    return changes
  }

  private lowerHas(img: ImageState, p: string): boolean {
    const key = img.id + '\0' + p
    let v = this.lowerCache.get(key)
    if (v === undefined) {
      v = this.lowerHasUncached(img, p)
      if (this.lowerCache.size > 200_000) this.lowerCache.clear()
      this.lowerCache.set(key, v)
    }
    return v
  }

  private lowerHasUncached(img: ImageState, p: string): boolean {
    for (let i = img.layers.length - 1; i >= 0; i--) {
      const files = this.layerFiles(img.layers[i])
      const e = files[p]
      if (e) return e.type !== 'whiteout'
      for (let d = parentOf(p); d !== '/'; d = parentOf(d)) {
        const w = files[d]
        if (w && w.type === 'whiteout') return false
      }
    }
    return false
  }

  async snapshot(): Promise<Snapshot> {
    this.tickAll()
    const now = this.now()
    const tagsById = new Map<string, string[]>()
    for (const [t, id] of Object.entries(this.s.tags)) {
      const l = tagsById.get(id)
      if (l) l.push(t)
      else tagsById.set(id, [t])
    }
    const digestsById = new Map<string, string[]>()
    for (const [t, id] of Object.entries(this.s.digests)) {
      const l = digestsById.get(id)
      if (l) l.push(t)
      else digestsById.set(id, [t])
    }
    const images: SnapshotImage[] = []
    for (const img of Object.values(this.s.images)) {
      images.push({ ...this.snapshotCore(img), tags: tagsById.get(img.id) ?? [], digests: digestsById.get(img.id) ?? [] })
    }
    const containers: SnapshotContainer[] = []
    for (const id in this.s.containers) {
      const c = this.s.containers[id]
      const labels = c.config.Labels ?? EMPTY_LABELS
      if (!Object.isFrozen(labels)) Object.freeze(labels)
      let command = this.commandCache.get(c.args)
      if (command === undefined) this.commandCache.set(c.args, (command = commandText(c)))
      containers.push({
        id: c.id,
        name: c.name,
        imageId: c.imageId,
        imageRef: c.imageRef,
        command,
        created: Math.floor(c.created / 1000),
        state: c.status,
        status: statusOf(c, now),
        startedAt: c.startedAt,
        finishedAt: c.finishedAt,
        exitCode: c.exitCode,
        labels,
        changes: this.snapshotChanges(c),
        managed: labels[MANAGED_LABEL] === 'true',
      })
    }
    return { engine: { kind: 'simulator', version: SIM_VERSION, apiVersion: SIM_API_VERSION, os: 'linux', kernel: SIM_KERNEL }, images, containers, revision: this.s.revision, takenAt: now }
  }
}

// ---------- helpers ----------

const devNode = (): FileEntry => ({ type: 'file', size: 0, mode: 0o666 })
const symlink = (target: string): FileEntry => ({ type: 'symlink', size: target.length, mode: 0o777, target })
/**
 * What the runtime mounts into every container, above the image and outside its writable layer:
 * /dev, /proc and /sys (tmpfs, procfs, sysfs), the bind-mounted /etc/hostname (per container, see
 * CowFs), /etc/hosts and /etc/resolv.conf, and the init layer's /.dockerenv and /etc/mtab. Writes to
 * them never reach the writable layer, so `echo x > /dev/null` or a changed /etc/hosts is not in
 * `docker diff`. One frozen table: a container start pays no allocation for it.
 */
const RUNTIME_MOUNTS: Readonly<LayerFiles> = deepFreeze({
  '/.dockerenv': { type: 'file', size: 0, mode: 0o755 },
  '/dev': dirEntry(),
  '/dev/fd': symlink('/proc/self/fd'),
  '/dev/full': devNode(),
  '/dev/mqueue': dirEntry(0o1777),
  '/dev/null': devNode(),
  '/dev/ptmx': symlink('pts/ptmx'),
  '/dev/pts': dirEntry(),
  '/dev/random': devNode(),
  '/dev/shm': dirEntry(0o1777),
  '/dev/stderr': symlink('/proc/self/fd/2'),
  '/dev/stdin': symlink('/proc/self/fd/0'),
  '/dev/stdout': symlink('/proc/self/fd/1'),
  '/dev/tty': devNode(),
  '/dev/urandom': devNode(),
  '/dev/zero': devNode(),
  '/etc': dirEntry(),
  '/etc/hosts': fileEntry('127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n'),
  '/etc/mtab': symlink('/proc/mounts'),
  '/etc/resolv.conf': fileEntry('nameserver 8.8.8.8\nnameserver 8.8.4.4\n'),
  '/proc': dirEntry(0o555),
  '/sys': dirEntry(0o555),
})
const RUNTIME_PATHS = [...Object.keys(RUNTIME_MOUNTS), '/etc/hostname']

/** The copy-on-write view of a container: a read-only lower tree, the runtime's mounts and a writable layer. */
export class CowFs implements ShellFs {
  /** whether rw holds a whiteout (only then can a deleted parent hide a lower path); rw changes only through this class while it lives */
  private whiteouts = false

  private hostnameFile: FileEntry | null = null

  /** `hostname` given: a container's view, with what the runtime mounts (a build step's too) */
  constructor(
    private lower: Map<string, FileEntry>,
    readonly rw: LayerFiles,
    private hostname?: string,
  ) {
    for (const k in rw) {
      if (rw[k].type === 'whiteout') {
        this.whiteouts = true
        break
      }
    }
  }

  stat(p: string): FileEntry | null {
    if (p === '/') return dirEntry()
    const own = this.rw[p]
    if (own) return own.type === 'whiteout' ? null : own
    if (this.whiteouts) {
      for (let d = parentOf(p); d !== '/'; d = parentOf(d)) {
        const e = this.rw[d]
        if (e && e.type === 'whiteout') return null
      }
    }
    const m = this.mount(p)
    if (m && m.type !== 'dir') return m
    return this.lower.get(p) ?? m ?? null
  }

  /** what the runtime mounts at p, if anything */
  private mount(p: string): FileEntry | undefined {
    if (this.hostname === undefined) return undefined
    if (p === '/etc/hostname') return (this.hostnameFile ??= fileEntry(this.hostname + '\n'))
    return RUNTIME_MOUNTS[p]
  }

  /** a path whose writes the runtime keeps out of the writable layer */
  private isRuntimePath(p: string): boolean {
    if (this.hostname === undefined) return false
    if (p.startsWith('/dev/') || p.startsWith('/proc/') || p.startsWith('/sys/')) return true
    const m = this.mount(p)
    return m !== undefined && m.type !== 'dir'
  }

  list(dir: string): string[] {
    const names = new Set<string>()
    const prefix = dir === '/' ? '/' : dir + '/'
    const add = (p: string) => {
      if (p.startsWith(prefix) && p !== prefix && !p.slice(prefix.length).includes('/')) names.add(p.slice(prefix.length))
    }
    for (const p of this.lower.keys()) add(p)
    if (this.hostname !== undefined) for (const p of RUNTIME_PATHS) add(p)
    for (const p of Object.keys(this.rw)) add(p)
    return [...names].filter((n) => this.stat(prefix + n)).sort()
  }

  private copyUp(p: string): void {
    for (let d = parentOf(p); d !== '/'; d = parentOf(d)) {
      if (this.rw[d]) continue
      const e = this.lower.get(d)
      this.rw[d] = e ? { ...e } : dirEntry()
    }
  }

  writeRaw(p: string, e: FileEntry): void {
    if (this.isRuntimePath(p)) return
    this.copyUp(p)
    this.rw[p] = e
  }

  writeFile(p: string, content: string, append: boolean): void {
    const old = this.stat(p)
    const text = append && old ? (old.content ?? '') + content : content
    const size = append && old ? old.size + fileEntry(content).size : fileEntry(content).size
    const e: FileEntry = { type: 'file', size, mode: old?.mode ?? 0o644 }
    if (size <= 4096 && (!append || !old || old.content !== undefined || old.size === 0)) e.content = text
    this.writeRaw(p, e)
  }

  mkdir(p: string): void {
    this.writeRaw(p, dirEntry())
  }

  remove(p: string): boolean {
    if (this.isRuntimePath(p) || (this.mount(p) && !this.lower.has(p))) return false
    this.copyUp(p)
    const prefix = p + '/'
    for (const k of Object.keys(this.rw)) if (k.startsWith(prefix)) delete this.rw[k]
    if (this.lower.has(p)) {
      this.rw[p] = { type: 'whiteout', size: 0, mode: 0 }
      this.whiteouts = true
    } else delete this.rw[p]
    return true
  }

  copy(from: string, to: string): void {
    const st = this.stat(from)
    if (!st) return
    if (st.type === 'dir') {
      this.writeRaw(to, { ...st })
      for (const n of this.list(from)) this.copy(from === '/' ? '/' + n : `${from}/${n}`, `${to}/${n}`)
    } else this.writeRaw(to, { ...st })
  }
}

/** The records of SimState that put()/del() change (and journal). */
type RecordName = 'layers' | 'images' | 'tags' | 'digests' | 'containers' | 'orphans'

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
    restartCount: c.restartCount,
    stdout: c.stdout,
    stderr: c.stderr,
    rw: { ...c.rw },
  }
}

const EMPTY_LABELS: Labels = Object.freeze({}) as Labels

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v)
    for (const x of Object.values(v as object)) deepFreeze(x)
  }
  return v
}

function isRunning(c: ContainerState): boolean {
  return c.status === 'running' || c.status === 'paused'
}

/** Exit code after SIGTERM: nginx shuts down cleanly (0); other servers die of the signal (143). */
function termExitCode(c: ContainerState): number {
  return [c.path, ...c.args].some((a) => a === 'nginx' || a.endsWith('/nginx')) ? 0 : 143
}

function isPid1Ignorer(c: ContainerState): boolean {
  const argv = [c.path, ...c.args]
  while (argv.length > 1 && /entrypoint/.test(argv[0])) argv.shift()
  const base = argv[0].slice(argv[0].lastIndexOf('/') + 1)
  return base === 'sh' || base === 'bash' || base === 'sleep' || base === 'dash'
}

function statusOf(c: ContainerState, now: number): string {
  return containerStatus({ running: isRunning(c), paused: c.status === 'paused', startedAt: c.startedAt, finishedAt: c.finishedAt, exitCode: c.exitCode }, now)
}

/** The daemon's list Command: path and args joined by spaces, an arg holding a space in single quotes, nothing escaped. */
function commandText(c: ContainerState): string {
  return [c.path, ...c.args].map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')
}

function ancestorsTo(p: string): string[] {
  const out: string[] = []
  for (let d = p; d !== '/'; d = parentOf(d)) out.unshift(d)
  return out
}

function progressBar(cur: number, total: number): string {
  const width = 50
  const n = Math.max(0, Math.min(width, Math.floor((cur / total) * width)))
  const bar = '='.repeat(Math.max(0, n - 1)) + (n > 0 ? (n === width ? '=' : '>') : '') + ' '.repeat(width - n)
  return `[${bar}]  ${humanSize(cur)}/${humanSize(total)}`
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

function isText(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] === 0) return false
  return true
}

function safeJsonArray(s: string): string[] {
  try {
    const v = JSON.parse(s)
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v
  } catch {
    /* shell form below */
  }
  return ['/bin/sh', '-c', s]
}

function parseKv(s: string): Array<[string, string]> {
  const out: Array<[string, string]> = []
  if (!s.includes('=')) {
    const i = s.search(/\s/)
    if (i > 0) out.push([s.slice(0, i), s.slice(i + 1).trim()])
    return out
  }
  const re = /([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(s))) {
    let v = m[2]
    if (v.startsWith('"')) v = JSON.parse(v)
    else if (v.startsWith("'")) v = v.slice(1, -1)
    out.push([m[1].replace(/^"|"$/g, ''), v])
  }
  return out
}

function applyChanges(config: ImageConfigState, changes: string[]): ImageConfigState {
  const c = clone(config)
  for (const ch of changes) {
    const m = /^\s*(\S+)\s+(.*)$/.exec(ch)
    if (!m) throw err(400, `dockerfile parse error line 1: unknown instruction: ${ch}`)
    const cmd = m[1].toUpperCase()
    if (cmd === 'CMD') c.Cmd = safeJsonArray(m[2])
    else if (cmd === 'ENTRYPOINT') c.Entrypoint = safeJsonArray(m[2])
    else if (cmd === 'ENV') for (const [k, v] of parseKv(m[2])) c.Env = [...c.Env.filter((e) => !e.startsWith(k + '=')), `${k}=${v}`]
    else if (cmd === 'LABEL') for (const [k, v] of parseKv(m[2])) c.Labels[k] = v
    else if (cmd === 'WORKDIR') c.WorkingDir = m[2].trim()
    else if (!['EXPOSE', 'USER', 'VOLUME', 'ONBUILD', 'STOPSIGNAL'].includes(cmd)) throw err(400, `${cmd} is not a valid change command`)
  }
  return c
}

function matchLabel(labels: Labels, filter: string): boolean {
  const i = filter.indexOf('=')
  if (i < 0) return filter in labels
  return labels[filter.slice(0, i)] === filter.slice(i + 1)
}

function globToRe(p: string): RegExp {
  return new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$')
}

/** reference filter: 'ubuntu', 'ubuntu:14.04', 'ubu*' as the daemon matches (familiar name or name:tag). */
function matchReference(pattern: string, tagged: string): boolean {
  const name = tagged.slice(0, tagged.lastIndexOf(':'))
  const re = globToRe(pattern)
  return re.test(tagged) || re.test(name)
}

/** distribution/reference's tag grammar (isValidTag, without a new RegExp per call) */
const TAG_RE = /^[\w][\w.-]{0,127}$/

/** The daemon's isSingleReference: every reference in one repository, with at most one tag. */
function isSingleReference(tags: string[], digests: string[]): boolean {
  const n = tags.length + digests.length
  if (n <= 1) return n === 1
  if (tags.length > 1) return false
  const repos = new Set([...tags.map((t) => t.slice(0, t.lastIndexOf(':'))), ...digests.map((d) => d.slice(0, d.indexOf('@')))])
  return repos.size === 1
}

/**
 * The 20.10 daemon parses references without the newer rule that an uppercase first component is a
 * registry host: to it 'UPPER/case' is a Docker Hub name with uppercase letters.
 */
function checkLegacyLowercase(ref: string): void {
  const i = ref.indexOf('/')
  if (i <= 0) return
  const first = ref.slice(0, i)
  if (first !== first.toLowerCase() && !first.includes('.') && !first.includes(':') && first !== 'localhost') throw err(400, ERR_UPPERCASE)
}

function parseTaggedSafe(s: string): string {
  try {
    return parseTagged(s)
  } catch {
    return ''
  }
}

export { isFullHexId }
