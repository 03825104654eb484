/**
 * Images as the API shows them (inspect, history, layer files) and docker tag.
 */
import type { HistoryEntry, ImageInspect, LayerListing } from '../../types'
import { EngineError, isEngineError } from '../../errors'
import { familiarString, parseReference, withDefaultTag } from '../../reference'
import { err, type SimCore } from '../core'
import { rfc3339 } from '../humanize'
import { atomic } from '../journal'
import { layerEntries, layerSize } from '../layerfs'
import { SIM_VERSION, type ImageState } from '../state'
import { checkLegacyLowercase, digestsOf, getImage, imageSize, layerFiles, refKey, refsOf, setTag } from './store'

/** distribution/reference's tag grammar (isValidTag, without a new RegExp per call) */
const TAG_RE = /^[\w][\w.-]{0,127}$/

export function inspectImage(core: SimCore, nameOrId: string): ImageInspect {
  let img: ImageState
  try {
    img = getImage(core, nameOrId)
  } catch (e) {
    // GET /images/{name}/json words a failed lookup as dockerd 20.10 does: "no such image: NAME: <why>"
    if (isEngineError(e)) throw new EngineError(e.statusCode, `no such image: ${nameOrId}: ${e.message}`)
    throw e
  }
  const size = imageSize(core, img)
  return {
    Id: img.id,
    RepoTags: refsOf(core, img.id),
    RepoDigests: digestsOf(core, img.id),
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

export function imageHistory(core: SimCore, nameOrId: string): HistoryEntry[] {
  const img = getImage(core, nameOrId)
  const rows: HistoryEntry[] = []
  let counter = 0
  for (const h of img.history) {
    let size = 0
    if (!h.emptyLayer) {
      const l = img.layers[counter++]
      if (l) size = layerSize(layerFiles(core, l))
    }
    rows.unshift({ Id: '<missing>', Created: Math.floor(h.created / 1000), CreatedBy: h.createdBy, Tags: null, Size: size, Comment: h.comment })
  }
  let cur: ImageState | undefined = img
  for (const row of rows) {
    if (!cur) break
    row.Id = cur.id
    const tags = refsOf(core, cur.id)
    row.Tags = tags.length ? tags : null
    cur = cur.parent ? core.s.images[cur.parent] : undefined
  }
  return rows
}

export function imageLayerFiles(core: SimCore, nameOrId: string): LayerListing[] {
  const img = getImage(core, nameOrId)
  return img.layers.map((d) => ({ DiffID: d, Entries: layerEntries(layerFiles(core, d)) }))
}

export function tagImage(core: SimCore, source: string, repo: string, tag?: string): void {
  atomic(core, () => {
    const img = getImage(core, source)
    checkLegacyLowercase(repo)
    if (tag && !TAG_RE.test(tag)) throw err(400, 'invalid tag format')
    const target = tag ? `${repo}:${tag}` : repo
    const k = refKey(core, target)
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
    setTag(core, tagged, img.id)
    core.imageEvent('tag', img.id, tagged)
  })
}
