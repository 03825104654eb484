/**
 * Layer file trees, dive-like: what each layer of an image (and a container's writable layer)
 * adds, changes and deletes, and the merged view a container sees. Pure: works on the
 * LayerFileEntry lists that both engines return (the simulator from its layer maps, the live
 * engine from the tar headers of `docker save`).
 */
import { resolveSegments } from '../paths'
import type { LayerFileEntry } from '../types'

export type FileMark = 'added' | 'changed' | 'deleted' | 'unchanged'

export interface FileNode {
  name: string
  path: string
  type: LayerFileEntry['Type']
  /** A file's own size; a directory's is the sum of the files shown below it. */
  size: number
  mode: number
  target?: string
  mark: FileMark
  /** Index of the layer that last wrote this entry (-1: the root, or a directory only implied). */
  layer: number
  /** True when something below carries a mark other than 'unchanged'. */
  changedBelow: boolean
  children: FileNode[]
}

export interface LayerStats {
  added: number
  changed: number
  deleted: number
  /** Bytes of the files this layer writes. */
  bytes: number
}

export interface ImageEfficiency {
  /** Bytes of all files in all layers. */
  totalBytes: number
  /** Bytes of files that a higher layer overwrote or deleted: shipped, but never seen. */
  wastedBytes: number
  /** 1 − wasted / total (1 when nothing is wasted). */
  score: number
  /** The paths wasting most, largest first. */
  worst: Array<{ path: string; bytes: number; copies: number }>
}

const WH = '.wh.'
const OPQ = '.wh..wh..opq'

/** Normalises a tar member name ('./usr/bin/', 'usr/bin') to '/usr/bin'. */
export function normalizeTarPath(name: string): string {
  return resolveSegments(name)
}

/** Converts tar headers of one layer (as in `docker save`) to entries, turning whiteouts into 'whiteout'/'opaque'. */
export function entriesFromTarHeaders(headers: Array<{ name: string; type: string; size: number; mode: number; linkname?: string | null }>): LayerFileEntry[] {
  const out: LayerFileEntry[] = []
  for (const h of headers) {
    const path = normalizeTarPath(h.name)
    if (path === '/') continue
    const slash = path.lastIndexOf('/')
    const base = path.slice(slash + 1)
    const dir = slash <= 0 ? '/' : path.slice(0, slash)
    if (base === OPQ) {
      out.push({ Path: dir, Type: 'opaque', Size: 0, Mode: 0 })
      continue
    }
    if (base.startsWith(WH)) {
      out.push({ Path: (dir === '/' ? '' : dir) + '/' + base.slice(WH.length), Type: 'whiteout', Size: 0, Mode: 0 })
      continue
    }
    const type: LayerFileEntry['Type'] =
      h.type === 'file' ? 'file' : h.type === 'directory' || h.type === 'dir' ? 'dir' : h.type === 'symlink' ? 'symlink' : h.type === 'link' || h.type === 'hardlink' ? 'hardlink' : 'other'
    const e: LayerFileEntry = { Path: path, Type: type, Size: type === 'file' ? h.size : 0, Mode: h.mode & 0o7777 }
    if ((type === 'symlink' || type === 'hardlink') && h.linkname) e.LinkTarget = type === 'hardlink' ? normalizeTarPath(h.linkname) : h.linkname
    out.push(e)
  }
  return out
}

interface Slot {
  e: LayerFileEntry
  layer: number
}

function parentOf(p: string): string {
  const i = p.lastIndexOf('/')
  return i <= 0 ? '/' : p.slice(0, i)
}

function removeBelow(tree: Map<string, Slot>, dir: string, keepDir: boolean): Slot[] {
  const removed: Slot[] = []
  const prefix = dir === '/' ? '/' : dir + '/'
  for (const [k, v] of tree) {
    if (k.startsWith(prefix) || (!keepDir && k === dir)) {
      removed.push(v)
      tree.delete(k)
    }
  }
  return removed
}

/** Applies one layer onto a merged tree (mutates); returns what it hid. */
function apply(tree: Map<string, Slot>, entries: LayerFileEntry[], layer: number): { hidden: Slot[]; overwritten: Slot[] } {
  const hidden: Slot[] = []
  const overwritten: Slot[] = []
  for (const e of entries) {
    if (e.Type === 'whiteout') hidden.push(...removeBelow(tree, e.Path, false))
    else if (e.Type === 'opaque') hidden.push(...removeBelow(tree, e.Path, true))
  }
  for (const e of entries) {
    if (e.Type === 'whiteout' || e.Type === 'opaque') continue
    const old = tree.get(e.Path)
    if (old && old.e.Type !== 'dir') overwritten.push(old)
    if (old && old.e.Type === 'dir' && e.Type !== 'dir') hidden.push(...removeBelow(tree, e.Path, true))
    tree.set(e.Path, { e, layer })
  }
  return { hidden, overwritten }
}

function merged(layers: LayerFileEntry[][], upTo: number): Map<string, Slot> {
  const tree = new Map<string, Slot>()
  for (let i = 0; i < upTo && i < layers.length; i++) apply(tree, layers[i], i)
  return tree
}

function markOf(e: LayerFileEntry, below: Map<string, Slot>): FileMark {
  const old = below.get(e.Path)
  if (!old) return 'added'
  if (e.Type === 'dir' && old.e.Type === 'dir' && e.Mode === old.e.Mode) return 'unchanged'
  return 'changed'
}

/** Builds a nested tree from path → node, creating implied directories. */
function nest(rows: Map<string, Omit<FileNode, 'children' | 'name' | 'changedBelow'>>): FileNode {
  const root: FileNode = { name: '/', path: '/', type: 'dir', size: 0, mode: 0o755, mark: 'unchanged', layer: -1, changedBelow: false, children: [] }
  const byPath = new Map<string, FileNode>([['/', root]])
  const ensure = (p: string): FileNode => {
    const have = byPath.get(p)
    if (have) return have
    const parent = ensure(parentOf(p))
    const r = rows.get(p)
    const node: FileNode = r
      ? { ...r, name: p.slice(p.lastIndexOf('/') + 1), children: [], changedBelow: false }
      : { name: p.slice(p.lastIndexOf('/') + 1), path: p, type: 'dir', size: 0, mode: 0o755, mark: 'unchanged', layer: -1, changedBelow: false, children: [] }
    parent.children.push(node)
    byPath.set(p, node)
    return node
  }
  for (const p of [...rows.keys()].sort()) if (p !== '/') ensure(p)
  const finish = (n: FileNode): void => {
    if (!n.children.length) return
    n.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    let size = 0
    let changed = false
    for (const c of n.children) {
      finish(c)
      if (c.mark !== 'deleted') size += c.size
      if (c.mark !== 'unchanged' || c.changedBelow) changed = true
    }
    if (n.type === 'dir') n.size = size
    n.changedBelow = changed
  }
  finish(root)
  return root
}

/**
 * The tree of layer `index` of `layers` (bottom first; a container's writable layer is simply the
 * last one). 'layer' shows only what that layer holds (plus deleted entries as ghosts);
 * 'merged' shows everything visible at that layer, marking what that layer changed.
 */
export function layerTree(layers: LayerFileEntry[][], index: number, view: 'layer' | 'merged'): FileNode {
  if (index < 0 || index >= layers.length) throw new RangeError(`no layer ${index} (the image has ${layers.length})`)
  const below = merged(layers, index)
  const rows = new Map<string, Omit<FileNode, 'children' | 'name' | 'changedBelow'>>()
  const row = (e: LayerFileEntry, mark: FileMark, layer: number) => {
    const r: Omit<FileNode, 'children' | 'name' | 'changedBelow'> = { path: e.Path, type: e.Type, size: e.Type === 'file' ? e.Size : 0, mode: e.Mode, mark, layer }
    if (e.LinkTarget !== undefined) r.target = e.LinkTarget
    rows.set(e.Path, r)
  }
  if (view === 'merged') for (const [, s] of below) row(s.e, 'unchanged', s.layer)
  const mine = layers[index]
  const ghosts = new Map<string, Slot>()
  for (const e of mine) {
    if (e.Type === 'whiteout') {
      for (const [k, s] of below) if (k === e.Path || k.startsWith(e.Path + '/')) ghosts.set(k, s)
    } else if (e.Type === 'opaque') {
      for (const [k, s] of below) if (k.startsWith(e.Path === '/' ? '/' : e.Path + '/')) ghosts.set(k, s)
    }
  }
  for (const [, s] of ghosts) row(s.e, 'deleted', s.layer)
  for (const e of mine) {
    if (e.Type === 'whiteout' || e.Type === 'opaque') continue
    row(e, markOf(e, below), index)
  }
  return nest(rows)
}

/** What each layer adds, changes and deletes (files and links; directories count when new). */
export function layerStats(layers: LayerFileEntry[][]): LayerStats[] {
  const tree = new Map<string, Slot>()
  const out: LayerStats[] = []
  layers.forEach((entries, i) => {
    const st: LayerStats = { added: 0, changed: 0, deleted: 0, bytes: 0 }
    for (const e of entries) {
      if (e.Type === 'whiteout' || e.Type === 'opaque') {
        const prefix = e.Path === '/' ? '/' : e.Path + '/'
        for (const k of tree.keys()) if ((e.Type === 'whiteout' && k === e.Path) || k.startsWith(prefix)) st.deleted++
        continue
      }
      if (e.Type === 'file') st.bytes += e.Size
      const m = markOf(e, tree)
      if (m === 'added') st.added++
      else if (m === 'changed') st.changed++
    }
    apply(tree, entries, i)
    out.push(st)
  })
  return out
}

/** dive's efficiency: bytes shipped in lower layers but overwritten or deleted by higher ones. */
export function imageEfficiency(layers: LayerFileEntry[][]): ImageEfficiency {
  const tree = new Map<string, Slot>()
  let totalBytes = 0
  let wastedBytes = 0
  const waste = new Map<string, { bytes: number; copies: number }>()
  const count = (s: Slot) => {
    if (s.e.Type !== 'file' || s.e.Size === 0) return
    wastedBytes += s.e.Size
    const w = waste.get(s.e.Path) ?? { bytes: 0, copies: 0 }
    w.bytes += s.e.Size
    w.copies++
    waste.set(s.e.Path, w)
  }
  layers.forEach((entries, i) => {
    for (const e of entries) if (e.Type === 'file') totalBytes += e.Size
    const { hidden, overwritten } = apply(tree, entries, i)
    hidden.forEach(count)
    overwritten.forEach(count)
  })
  const worst = [...waste.entries()]
    .map(([path, w]) => ({ path, bytes: w.bytes, copies: w.copies }))
    .sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1))
    .slice(0, 10)
  return { totalBytes, wastedBytes, score: totalBytes === 0 ? 1 : 1 - wastedBytes / totalBytes, worst }
}

export interface FileRow {
  node: FileNode
  depth: number
  expanded: boolean
}

/** Flattens a tree into visible rows; `expanded` holds the open directories' paths. `onlyChanges` hides unmarked subtrees. */
export function visibleRows(root: FileNode, expanded: ReadonlySet<string>, onlyChanges = false): FileRow[] {
  const rows: FileRow[] = []
  const walk = (n: FileNode, depth: number) => {
    for (const c of n.children) {
      if (onlyChanges && c.mark === 'unchanged' && !c.changedBelow) continue
      const open = expanded.has(c.path)
      rows.push({ node: c, depth, expanded: open })
      if (open) walk(c, depth + 1)
    }
  }
  walk(root, 0)
  return rows
}

/** Paths of every directory that has a change below it (to open a tree on what changed). */
export function changedDirs(root: FileNode): string[] {
  const out: string[] = []
  const walk = (n: FileNode) => {
    for (const c of n.children) {
      if (c.changedBelow) {
        out.push(c.path)
        walk(c)
      }
    }
  }
  walk(root)
  return out
}
