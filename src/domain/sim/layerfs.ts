/**
 * Layered file trees. A layer maps absolute paths to entries; a 'whiteout' entry hides the
 * same path (and everything below it) in lower layers, as overlayfs does. The merged view
 * of an image is its layers applied bottom first; a container adds its writable layer on top.
 */
import { canonicalJson, sha256Digest } from '../digest'
import { resolveSegments } from '../paths'
import type { LayerFileEntry } from '../types'

export type FileType = 'file' | 'dir' | 'symlink' | 'whiteout'

export interface FileEntry {
  type: FileType
  size: number
  mode: number // permission bits, e.g. 0o755
  /** Text content of small files (what `cat` prints); absent for large or binary files. */
  content?: string
  /** Symlink target. */
  target?: string
}

export type LayerFiles = Record<string, FileEntry>

/** Largest text content kept per file. */
export const MAX_CONTENT = 4096

export function dirEntry(mode = 0o755): FileEntry {
  return { type: 'dir', size: 0, mode }
}

export function fileEntry(content: string | number, mode = 0o644): FileEntry {
  if (typeof content === 'number') return { type: 'file', size: content, mode }
  return { type: 'file', size: utf8Length(content), mode, content }
}

export function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

/** Normalises a path: absolute, no '.', '..', duplicate or trailing slashes. */
export function normPath(p: string, cwd = '/'): string {
  const full = p.startsWith('/') ? p : `${cwd}/${p}`
  return isNormal(full) ? full : resolveSegments(full)
}

/** True when p is already what normPath makes of it: '/', or '/a/b' with no empty, '.' or '..' segment. */
function isNormal(p: string): boolean {
  const n = p.length
  if (n === 0 || p.charCodeAt(0) !== 47) return false
  if (n === 1) return true
  if (p.charCodeAt(n - 1) === 47) return false
  let start = 1
  for (let i = 1; i <= n; i++) {
    if (i === n || p.charCodeAt(i) === 47) {
      const len = i - start
      if (len === 0) return false
      if (p.charCodeAt(start) === 46 && (len === 1 || (len === 2 && p.charCodeAt(start + 1) === 46))) return false
      start = i + 1
    }
  }
  return true
}

export function parentOf(p: string): string {
  const i = p.lastIndexOf('/')
  return i <= 0 ? '/' : p.slice(0, i)
}

/** The layer's diffID: content-derived, so identical layers get identical IDs. */
export function layerDiffId(files: LayerFiles): string {
  return sha256Digest(canonicalJson(files))
}

/** Bytes a layer adds (sum of its file sizes). */
export function layerSize(files: LayerFiles): number {
  let n = 0
  for (const k in files) {
    const e = files[k]
    if (e.type === 'file') n += e.size
  }
  return n
}

/** Applies a layer onto a merged tree (mutates tree). */
export function applyLayer(tree: Map<string, FileEntry>, files: LayerFiles): void {
  // whiteouts first, so a layer can delete a directory and recreate entries under it
  for (const p in files) {
    if (files[p].type === 'whiteout') removeSubtree(tree, p)
  }
  for (const p in files) {
    const e = files[p]
    if (e.type !== 'whiteout') tree.set(p, e)
  }
}

export function removeSubtree(tree: Map<string, FileEntry>, p: string): void {
  tree.delete(p)
  const prefix = p === '/' ? '/' : p + '/'
  for (const k of [...tree.keys()]) if (k.startsWith(prefix)) tree.delete(k)
}

/** Merges layers bottom first into one tree. */
export function mergeLayers(layers: LayerFiles[]): Map<string, FileEntry> {
  const tree = new Map<string, FileEntry>()
  tree.set('/', dirEntry())
  for (const l of layers) applyLayer(tree, l)
  return tree
}

/** Builds a layer from a compact description: path → content (string), size (number) or null (dir). Adds parent dirs. */
export function makeLayer(spec: Record<string, string | number | null | { link: string }>, withParents = true): LayerFiles {
  const files: LayerFiles = {}
  for (const raw of Object.keys(spec).sort()) {
    const p = normPath(raw)
    const v = spec[raw]
    if (withParents) {
      for (let d = parentOf(p); d !== '/'; d = parentOf(d)) if (!files[d]) files[d] = dirEntry()
    }
    if (v === null) files[p] = dirEntry()
    else if (typeof v === 'object') files[p] = { type: 'symlink', size: 0, mode: 0o777, target: v.link }
    else if (typeof v === 'number') files[p] = fileEntry(v, p.includes('/bin/') ? 0o755 : 0o644)
    else files[p] = fileEntry(v, p.includes('/bin/') ? 0o755 : 0o644)
  }
  return files
}

/** A layer as the engine interface lists it (LayerFileEntry, sorted by path). */
export function layerEntries(files: LayerFiles): LayerFileEntry[] {
  const out: LayerFileEntry[] = []
  for (const p of Object.keys(files).sort()) {
    if (p === '/') continue
    const e = files[p]
    const x: LayerFileEntry = { Path: p, Type: e.type, Size: e.type === 'file' ? e.size : 0, Mode: e.type === 'whiteout' ? 0 : e.mode }
    if (e.type === 'symlink' && e.target !== undefined) x.LinkTarget = e.target
    out.push(x)
  }
  return out
}
