/**
 * docker rmi: untagging, the daemon's delete conflicts (child images, running and stopped
 * containers, other references), deleting an image and pruning its untagged parents.
 */
import type { RemoveImageResult } from '../../engine'
import type { EngineError } from '../../errors'
import { shortId, stripAlgorithm } from '../../ids'
import { familiarString, isDigestReference, parseReference } from '../../reference'
import { isRunning } from '../containers/status'
import { err, type SimCore } from '../core'
import { atomic, del, put } from '../journal'
import { chainIds, children, digestsOf, gcLayers, getImage, parseTagged, parseTaggedSafe, refsOf } from './store'

export function removeImage(core: SimCore, nameOrId: string, opts: { force?: boolean; noprune?: boolean }): RemoveImageResult[] {
  return atomic(core, () => {
    const force = !!opts.force
    const prune = !opts.noprune
    const img = getImage(core, nameOrId)
    const id = img.id
    const records: RemoveImageResult[] = []
    const usedBy = (running: boolean | null) => Object.values(core.s.containers).find((c) => c.imageId === id && (running === null || isRunning(c) === running))
    let repoRefs = refsOf(core, id)
    let quiet = false
    const isIdRef = isDigestReference(nameOrId) || (/^(sha256:)?[0-9a-f]+$/.test(nameOrId) && id.slice(7).startsWith(stripAlgorithm(nameOrId)) && !core.s.tags[parseTaggedSafe(nameOrId)])
    if (!isIdRef) {
      if (!force) {
        const c = usedBy(null)
        if (c && isSingleReference(repoRefs, digestsOf(core, id))) {
          throw err(409, `conflict: unable to remove repository reference "${nameOrId}" (must force) - container ${shortId(c.id)} is using its referenced image ${shortId(id)}`)
        }
      }
      const ref = parseReference(nameOrId)
      const key = ref.digest ? familiarString(ref) : parseTagged(nameOrId)
      if (ref.digest) del(core, 'digests', key)
      else del(core, 'tags', key)
      records.push({ Untagged: key })
      core.imageEvent('untag', id)
      repoRefs = refsOf(core, id)
      // the last tag of a repository takes that repository's digest references with it
      const repoName = key.slice(0, ref.digest ? key.indexOf('@') : key.lastIndexOf(':'))
      if (!ref.digest && !repoRefs.some((t) => t.slice(0, t.lastIndexOf(':')) === repoName)) {
        for (const d of digestsOf(core, id)) {
          if (d.slice(0, d.indexOf('@')) !== repoName) continue
          del(core, 'digests', d)
          records.push({ Untagged: d })
        }
      }
      if (repoRefs.length > 0 || digestsOf(core, id).length > 0) return records
      quiet = true
    } else {
      const repos = new Set(repoRefs.map((r) => r.slice(0, r.lastIndexOf(':'))))
      if (repoRefs.length > 1 || repos.size > 1) {
        if (!force) throw err(409, `conflict: unable to delete ${shortId(id)} (must be forced) - image is referenced in multiple repositories`)
      } else {
        const hard = deleteConflict(core, id, force ? ['child', 'running'] : ['child', 'running', 'stopped'])
        if (hard) throw hard.error
        for (const r of repoRefs) {
          del(core, 'tags', r)
          records.push({ Untagged: r })
          core.imageEvent('untag', id)
        }
      }
    }
    deleteHelper(core, id, records, force, prune, quiet)
    gcLayers(core)
    core.treeCache.clear()
    return records
  })
}

/** The first of the daemon's checks (in its order) that forbids deleting image id, or null. */
function deleteConflict(core: SimCore, id: string, checks: string[]): { error: EngineError; used: boolean } | null {
  const mk = (hard: boolean, message: string, used: boolean) => ({
    error: err(409, `conflict: unable to delete ${shortId(id)} (${hard ? 'cannot be forced' : 'must be forced'}) - ${message}`),
    used,
  })
  if (checks.includes('child') && children(core, id).length) return mk(true, 'image has dependent child images', false)
  const cs = Object.values(core.s.containers)
  if (checks.includes('running')) {
    const c = cs.find((x) => x.imageId === id && isRunning(x))
    if (c) return mk(true, `image is being used by running container ${shortId(c.id)}`, true)
  }
  if (checks.includes('reference') && refsOf(core, id).length) return mk(false, 'image is referenced in one or more repositories', false)
  if (checks.includes('stopped')) {
    const c = cs.find((x) => x.imageId === id && !isRunning(x))
    if (c) return mk(false, `image is being used by stopped container ${shortId(c.id)}`, true)
  }
  return null
}

/** The daemon's imageDeleteHelper: deletes image id (records what it untags and deletes), then its parent when pruning. */
function deleteHelper(core: SimCore, id: string, records: RemoveImageResult[], force: boolean, prune: boolean, quiet: boolean): void {
  const checks = force ? ['child', 'running'] : ['child', 'running', 'reference', 'stopped']
  const conflict = deleteConflict(core, id, checks)
  if (conflict) {
    // the daemon's imageIsDangling: no references and no child images (an untagged parent is not dangling)
    const dangling = refsOf(core, id).length === 0 && children(core, id).length === 0
    if (quiet && (!dangling || conflict.used)) return
    throw conflict.error
  }
  const img = core.s.images[id]
  const parent = img.parent
  for (const r of refsOf(core, id)) {
    del(core, 'tags', r)
    records.push({ Untagged: r })
    core.imageEvent('untag', id)
  }
  for (const d of digestsOf(core, id)) {
    del(core, 'digests', d)
    records.push({ Untagged: d })
  }
  const before = new Set<string>()
  const users = Object.values(core.s.containers).filter((c) => c.imageId === id)
  for (const i of Object.values(core.s.images)) if (i.id !== id) for (const c of chainIds(i.layers)) before.add(c)
  for (const o of Object.values(core.s.orphans)) for (const c of chainIds(o.layers)) before.add(c)
  if (users.length) {
    put(core, 'orphans', id, img)
    for (const c of chainIds(img.layers)) before.add(c)
  }
  del(core, 'images', id)
  core.imageEvent('delete', id)
  records.push({ Deleted: id })
  const chains = chainIds(img.layers)
  for (let i = chains.length - 1; i >= 0; i--) if (!before.has(chains[i])) records.push({ Deleted: chains[i] })
  if (!prune || !parent || !core.s.images[parent]) return
  deleteHelper(core, parent, records, false, true, true)
}

/** The daemon's isSingleReference: every reference in one repository, with at most one tag. */
function isSingleReference(tags: string[], digests: string[]): boolean {
  const n = tags.length + digests.length
  if (n <= 1) return n === 1
  if (tags.length > 1) return false
  const repos = new Set([...tags.map((t) => t.slice(0, t.lastIndexOf(':'))), ...digests.map((d) => d.slice(0, d.indexOf('@')))])
  return repos.size === 1
}
