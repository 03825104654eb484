/**
 * docker images and docker ps: which images and containers a list shows, by the daemon's
 * filters (dangling, reference, label, before, since; status, name, id, ancestor, exited…), newest first.
 */
import type { ListFilters } from '../engine'
import { isEngineError } from '../errors'
import type { ContainerSummary, ImageSummary, Labels } from '../types'
import { getContainer } from './containers/lookup'
import { tickAll } from './containers/processes'
import { commandText, statusOf } from './containers/status'
import { err, type SimCore } from './core'
import { digestsOf, getImage, imageSize, refsOf } from './images/store'
import type { ContainerState, ImageState } from './state'

export function listImages(core: SimCore, opts: { all?: boolean; filters?: ListFilters } = {}): ImageSummary[] {
  tickAll(core)
  const f = opts.filters ?? {}
  for (const k of Object.keys(f)) {
    if (!['dangling', 'reference', 'label', 'before', 'since'].includes(k)) throw err(400, `Invalid filter '${k}'`)
  }
  for (const d of f.dangling ?? []) if (!['true', 'false', '1', '0'].includes(d)) throw err(400, `Invalid filter 'dangling=[${d}]'`)
  const beforeT = f.before?.length ? Math.min(...f.before.map((r) => getImage(core, r).created)) : Infinity
  const sinceT = f.since?.length ? Math.max(...f.since.map((r) => getImage(core, r).created)) : -Infinity
  const out: ImageSummary[] = []
  const withChildren = new Set(Object.values(core.s.images).map((i) => i.parent))
  for (const img of Object.values(core.s.images)) {
    const tags = refsOf(core, img.id)
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
      RepoDigests: digestsOf(core, img.id),
      Created: Math.floor(img.created / 1000),
      Size: imageSize(core, img),
      SharedSize: -1,
      Labels: Object.keys(img.config.Labels).length ? { ...img.config.Labels } : null,
      Containers: -1,
    })
  }
  out.sort((a, b) => b.Created - a.Created || (a.Id < b.Id ? -1 : 1))
  return out
}

export function listContainers(core: SimCore, opts: { all?: boolean; limit?: number; filters?: ListFilters } = {}): ContainerSummary[] {
  tickAll(core)
  const f = opts.filters ?? {}
  for (const k of Object.keys(f)) {
    if (!['status', 'name', 'id', 'ancestor', 'label', 'exited', 'before', 'since'].includes(k)) throw err(400, `Invalid filter '${k}'`)
  }
  const refC = (r: string) => {
    try {
      return getContainer(core, r)
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
  let list = Object.values(core.s.containers).reverse().sort((a, b) => b.created - a.created) // newest first; same-ms ties by creation order
  const all = opts.all || (opts.limit ?? 0) > 0 || !!f.status?.length
  list = list.filter((c) => {
    if (!all && c.status !== 'running' && c.status !== 'paused') return false
    if (f.status?.length && !f.status.includes(c.status)) return false
    if (nameRes.length && !nameRes.some((re) => re.test(c.name))) return false
    if (f.id?.length && !f.id.some((p) => c.id.startsWith(p))) return false
    if (f.label?.length && !f.label.every((l) => matchLabel(c.config.Labels ?? {}, l))) return false
    if (f.exited?.length && !(c.status === 'exited' && f.exited.includes(String(c.exitCode)))) return false
    if (f.ancestor?.length && !f.ancestor.some((a) => isAncestor(core, a, c.imageId))) return false
    if (beforeC && !(c.created < beforeC.created || (c.created === beforeC.created && c.id < beforeC.id && c !== beforeC))) return false
    if (sinceC && !(c.created > sinceC.created)) return false
    return true
  })
  if (opts.limit && opts.limit > 0) list = list.slice(0, opts.limit)
  const now = core.now()
  return list.map((c) => ({
    Id: c.id,
    Names: ['/' + c.name],
    Image: shownImage(core, c),
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
function shownImage(core: SimCore, c: ContainerState): string {
  if (c.imageRef === c.imageId) return c.imageRef
  try {
    if (getImage(core, c.imageRef).id === c.imageId) return c.imageRef
  } catch {
    /* the reference is gone */
  }
  return c.imageId
}

function isAncestor(core: SimCore, ref: string, imageId: string): boolean {
  let target: ImageState
  try {
    target = getImage(core, ref)
  } catch {
    return false
  }
  for (let cur: ImageState | undefined = core.s.images[imageId]; cur; cur = cur.parent ? core.s.images[cur.parent] : undefined) {
    if (cur.id === target.id) return true
  }
  return false
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
