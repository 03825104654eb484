/**
 * docker pull and docker push: what moves between the local store and a registry, and the
 * progress messages the daemon streams while it does.
 */
import type { CallOptions, ProgressFn } from '../../engine'
import { CancelledError, isEngineError } from '../../errors'
import { shortId } from '../../ids'
import { familiarName, familiarString, parseReference, withDefaultTag } from '../../reference'
import type { JsonMessage } from '../../types'
import { humanSize } from '../../units'
import { err, type SimCore } from '../core'
import { atomic, put } from '../journal'
import { layerSize } from '../layerfs'
import { clone } from '../state'
import { blobDigest, manifestDigest, REGISTRY_ALIASES, registryHostError, remoteFind } from './registry'
import { checkLegacyLowercase, layerFiles, setTag } from './store'

export function pullImage(core: SimCore, refStr: string, onProgress?: ProgressFn, opts?: CallOptions): void {
  if (opts?.signal?.aborted) throw new CancelledError()
  const progress = onProgress ?? (() => {})
  const msgs: JsonMessage[] = []
  atomic(core, () => {
    checkLegacyLowercase(refStr)
    const ref = parseReference(refStr)
    const full = withDefaultTag(ref)
    const shown = familiarString(full)
    const found = remoteFind(core, full)
    msgs.push({ status: `Pulling from ${full.path}`, id: full.tag ?? full.digest ?? 'latest' })
    const local = new Set<string>()
    for (const i of Object.values(core.s.images)) for (const l of i.layers) local.add(l)
    const fresh = found.image.layers.filter((l) => !local.has(l))
    const sid = (l: string) => shortId(blobDigest(l))
    // the daemon skips the layers altogether when it already has the image's config
    const haveImage = !!core.s.images[found.image.id]
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
      put(core, 'layers', l, found.layers[l])
    }
    msgs.push({ status: `Digest: ${found.manifestDigest}` })
    const existing = ref.digest ? core.s.digests[familiarString(ref)] : core.s.tags[shown]
    const upToDate = existing === found.image.id && fresh.length === 0
    if (!core.s.images[found.image.id]) put(core, 'images', found.image.id, { ...clone(found.image), lastTagTime: 0 })
    if (!ref.digest) setTag(core, shown, found.image.id)
    put(core, 'digests', `${familiarName(full)}@${found.manifestDigest}`, found.image.id)
    msgs.push({ status: upToDate ? `Status: Image is up to date for ${shown}` : `Status: Downloaded newer image for ${shown}` })
    if (!upToDate) core.imageEvent('pull', ref.digest ? `${familiarName(full)}@${found.manifestDigest}` : shown, shown)
  })
  for (const m of msgs) progress(m)
}

export function pushImage(core: SimCore, refStr: string, onProgress?: ProgressFn, opts?: CallOptions): void {
  if (opts?.signal?.aborted) throw new CancelledError()
  const progress = onProgress ?? (() => {})
  const msgs: JsonMessage[] = []
  try {
    atomic(core, () => {
      checkLegacyLowercase(refStr)
      const ref = parseReference(refStr)
      const name = familiarName(ref)
      const tags = ref.tag ? [ref.tag] : Object.keys(core.s.tags).filter((t) => t.slice(0, t.lastIndexOf(':')) === name).map((t) => t.slice(t.lastIndexOf(':') + 1))
      const host = REGISTRY_ALIASES[ref.domain]
      if (ref.domain !== 'docker.io' && !host) throw registryHostError(ref.domain)
      // from here the daemon streams: its errors come after "The push refers to repository"
      msgs.push({ status: `The push refers to repository [${ref.domain}/${ref.path}]` })
      const anyTag = Object.keys(core.s.tags).some((t) => t.slice(0, t.lastIndexOf(':')) === name)
      if (!anyTag) throw err(404, `An image does not exist locally with the tag: ${name}`)
      if (ref.tag && !core.s.tags[`${name}:${ref.tag}`]) throw err(404, `tag does not exist: ${name}:${ref.tag}`)
      if (ref.domain === 'docker.io') throw err(401, 'denied: requested access to the resource is denied')
      core.s.registries = clone(core.s.registries) // the copy atomic() puts back on failure
      const reg = (core.s.registries[host] ??= {})
      const repo = Object.hasOwn(reg, ref.path) ? reg[ref.path] : (reg[ref.path] = {})
      for (const tag of tags.sort()) {
        const img = core.s.images[core.s.tags[`${name}:${tag}`]]
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
            const total = layerSize(layerFiles(core, l))
            msgs.push({ status: 'Pushing', progressDetail: { current: total, total }, progress: progressBar(total, total), id: shortId(l) })
            msgs.push({ status: 'Pushed', progressDetail: {}, id: shortId(l) })
          }
        }
        const image = clone(img)
        image.lastTagTime = 0
        const md = manifestDigest(image)
        repo[tag] = { manifestDigest: md.digest, image }
        put(core, 'digests', `${name}@${md.digest}`, img.id)
        msgs.push({ status: `${tag}: digest: ${md.digest} size: ${md.size}` })
        msgs.push({ progressDetail: {}, aux: { Tag: tag, Digest: md.digest, Size: md.size } })
        core.imageEvent('push', `${name}:${tag}`, `${name}:${tag}`)
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

function progressBar(cur: number, total: number): string {
  const width = 50
  const n = Math.max(0, Math.min(width, Math.floor((cur / total) * width)))
  const bar = '='.repeat(Math.max(0, n - 1)) + (n > 0 ? (n === width ? '=' : '>') : '') + ' '.repeat(width - n)
  return `[${bar}]  ${humanSize(cur)}/${humanSize(total)}`
}
