/**
 * The image records: resolving a reference or ID to an image (refKey, getImage), its layers and
 * merged tree, sizes, children, adding images and layers, tagging, and collecting unused layers.
 */
import { canonicalJson, sha256Digest } from '../../digest'
import { matchPrefix, noSuchImage, stripAlgorithm } from '../../ids'
import { ERR_UPPERCASE, familiarString, isDigestReference, parseReference, withDefaultTag } from '../../reference'
import { err, type RefKey, type SimCore } from '../core'
import { rfc3339 } from '../humanize'
import { del, put } from '../journal'
import { layerDiffId, layerSize, mergeLayers, type FileEntry, type LayerFiles } from '../layerfs'
import type { ContainerState, ImageState } from '../state'

export function refsOf(core: SimCore, id: string): string[] {
  return Object.keys(core.s.tags).filter((t) => core.s.tags[t] === id)
}

export function digestsOf(core: SimCore, id: string): string[] {
  return Object.keys(core.s.digests).filter((t) => core.s.digests[t] === id)
}

/** What a reference string names (cached in core.refKeys; a string that does not parse throws each time). */
export function refKey(core: SimCore, refOrId: string): RefKey {
  let k = core.refKeys.get(refOrId)
  if (k) return k
  checkLegacyLowercase(refOrId)
  if (isDigestReference(refOrId)) k = { id: refOrId.startsWith('sha256:') ? refOrId : 'sha256:' + refOrId }
  else {
    const ref = parseReference(refOrId)
    const tagged = familiarString(withDefaultTag(ref))
    k = { key: ref.digest ? familiarString(ref) : tagged, byDigest: !!ref.digest, tagged }
  }
  if (core.refKeys.size > 10_000) core.refKeys.clear()
  core.refKeys.set(refOrId, k)
  return k
}

/** GetImage(refOrID), as the daemon resolves it. */
export function getImage(core: SimCore, refOrId: string): ImageState {
  const k = refKey(core, refOrId)
  if ('id' in k) {
    const img = core.s.images[k.id]
    if (img) return img
    throw noSuchImage(refOrId)
  }
  const tagged = k.tagged
  const byTag = k.byDigest ? core.s.digests[k.key] : core.s.tags[k.key]
  if (byTag) return core.s.images[byTag]
  const hex = stripAlgorithm(refOrId)
  if (/^[0-9a-f]+$/.test(hex)) {
    const m = matchPrefix(Object.keys(core.s.images), (k) => k, refOrId.startsWith('sha256:') ? refOrId : hex)
    if (m.kind === 'one') return core.s.images[m.item]
  }
  throw noSuchImage(tagged)
}

export function layerFiles(core: SimCore, diffId: string): LayerFiles {
  const l = core.s.layers[diffId]
  if (!l) throw err(500, `layer does not exist: ${diffId}`)
  return l
}

/** The image's merged file tree (cached by image ID). */
export function tree(core: SimCore, img: ImageState): Map<string, FileEntry> {
  let t = core.treeCache.get(img.id)
  if (!t) {
    t = mergeLayers(img.layers.map((l) => layerFiles(core, l)))
    if (core.treeCache.size > 64) core.treeCache.clear()
    core.treeCache.set(img.id, t)
  }
  return t
}

/** The container's image (kept as an orphan when rmi -f removed it). */
export function imageOfContainer(core: SimCore, c: ContainerState): ImageState {
  return core.s.images[c.imageId] ?? core.s.orphans[c.imageId]
}

export function imageSize(core: SimCore, img: ImageState): number {
  let n = core.sizeCache.get(img.id)
  if (n !== undefined) return n
  n = 0
  for (const l of img.layers) n += layerSize(layerFiles(core, l))
  if (core.sizeCache.size > 50_000) core.sizeCache.clear()
  core.sizeCache.set(img.id, n)
  return n
}

export function children(core: SimCore, id: string): ImageState[] {
  return Object.values(core.s.images).filter((i) => i.parent === id)
}

export function addImage(core: SimCore, base: Omit<ImageState, 'id' | 'lastTagTime'>): ImageState {
  const id = imageIdOf(base)
  if (!core.s.images[id]) put(core, 'images', id, { ...base, id, lastTagTime: 0 })
  return core.s.images[id]
}

export function addLayer(core: SimCore, files: LayerFiles): string {
  const id = layerDiffId(files)
  if (!core.s.layers[id]) put(core, 'layers', id, files)
  return id
}

export function setTag(core: SimCore, tagged: string, id: string): void {
  const old = core.s.tags[tagged]
  put(core, 'tags', tagged, id)
  put(core, 'images', id, { ...core.s.images[id], lastTagTime: core.now() })
  if (old && old !== id) core.imageEvent('untag', old)
}

/** Drops orphans no container uses any more, then layers no image, orphan or registry holds. */
export function gcLayers(core: SimCore): void {
  const s = core.s
  const used = new Set<string>()
  const live = new Set(Object.values(s.containers).map((c) => c.imageId))
  for (const id of Object.keys(s.orphans)) if (!live.has(id)) del(core, 'orphans', id)
  for (const i of [...Object.values(s.images), ...Object.values(s.orphans)]) for (const l of i.layers) used.add(l)
  for (const h of Object.values(s.registries)) for (const r of Object.values(h)) for (const t of Object.values(r)) for (const l of t.image.layers) used.add(l)
  for (const l of Object.keys(s.layers)) if (!used.has(l)) del(core, 'layers', l)
}

/** The image ID: the digest of its config as the daemon writes it. */
export function imageIdOf(img: Omit<ImageState, 'id' | 'lastTagTime'>): string {
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

export function chainIds(layers: string[]): string[] {
  const out: string[] = []
  for (const l of layers) out.push(out.length ? sha256Digest(`${out[out.length - 1]} ${l}`) : l)
  return out
}

export function parseTagged(s: string): string {
  return familiarString(withDefaultTag(parseReference(s)))
}

export function parseTaggedSafe(s: string): string {
  try {
    return parseTagged(s)
  } catch {
    return ''
  }
}

/**
 * The 20.10 daemon parses references without the newer rule that an uppercase first component is a
 * registry host: to it 'UPPER/case' is a Docker Hub name with uppercase letters.
 */
export function checkLegacyLowercase(ref: string): void {
  const i = ref.indexOf('/')
  if (i <= 0) return
  const first = ref.slice(0, i)
  if (first !== first.toLowerCase() && !first.includes('.') && !first.includes(':') && first !== 'localhost') throw err(400, ERR_UPPERCASE)
}
