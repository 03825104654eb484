/**
 * A container's changes (docker diff, and the snapshot's per-container changes): one computation,
 * cached by writable layer. A path is Changed (0) when the image's merged tree has it, Added (1)
 * when not, Deleted (2) when the writable layer holds a whiteout for it.
 */
import type { ChangeEntry } from '../types'
import type { SimCore } from './core'
import { imageOfContainer, layerFiles } from './images/store'
import { parentOf } from './layerfs'
import { deepFreeze, type ContainerState, type ImageState } from './state'

/**
 * The container's changes, sorted by path; frozen and shared (copy before changing them). A touched
 * container gets a new writable layer object (journal.ts own()), so the cache never goes stale.
 */
export function changesOf(core: SimCore, c: ContainerState): ChangeEntry[] {
  let changes = core.changesCache.get(c.rw)
  if (changes) return changes
  changes = []
  const img = imageOfContainer(core, c)
  for (const p of Object.keys(c.rw).sort()) changes.push({ Path: p, Kind: c.rw[p].type === 'whiteout' ? 2 : lowerHas(core, img, p) ? 0 : 1 })
  deepFreeze(changes)
  core.changesCache.set(c.rw, changes)
  return changes
}

/** Whether path p exists in the image's merged tree, looking at its layers top down (no merge); cached. */
function lowerHas(core: SimCore, img: ImageState, p: string): boolean {
  const key = img.id + '\0' + p
  let v = core.lowerCache.get(key)
  if (v === undefined) {
    v = lowerHasUncached(core, img, p)
    if (core.lowerCache.size > 200_000) core.lowerCache.clear()
    core.lowerCache.set(key, v)
  }
  return v
}

function lowerHasUncached(core: SimCore, img: ImageState, p: string): boolean {
  if (p === '/') return true // the merged tree always has the root
  for (let i = img.layers.length - 1; i >= 0; i--) {
    const files = layerFiles(core, img.layers[i])
    const e = files[p]
    if (e) return e.type !== 'whiteout'
    for (let d = parentOf(p); d !== '/'; d = parentOf(d)) {
      const w = files[d]
      if (w && w.type === 'whiteout') return false
    }
  }
  return false
}
