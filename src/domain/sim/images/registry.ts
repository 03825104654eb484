/**
 * The simulated network's registries: Docker Hub serves the catalog (catalog.ts); 127.0.0.1:5000
 * (alias localhost:5000) serves what was pushed to it. Finding a remote image, its manifest and blob digests.
 */
import { canonicalJson, sha256Digest, sha256Hex } from '../../digest'
import type { EngineError } from '../../errors'
import { familiarName, familiarString, withDefaultTag, type Reference } from '../../reference'
import { err, type CatalogIndex, type SimCore } from '../core'
import { layerDiffId, type LayerFiles } from '../layerfs'
import type { HistoryState, ImageConfigState, ImageState } from '../state'
import { imageIdOf, layerFiles } from './store'

/** Known registry hosts of the simulated network; both names reach the same registry. */
export const REGISTRY_ALIASES: Record<string, string> = { '127.0.0.1:5000': '127.0.0.1:5000', 'localhost:5000': '127.0.0.1:5000' }

/** The catalog's images, built once per simulator. */
function catalogLookup(core: SimCore): CatalogIndex {
  if (core.catalogIndex) return core.catalogIndex
  const idx: CatalogIndex = new Map()
  for (const c of core.catalog) {
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
  core.catalogIndex = idx
  return idx
}

export function manifestDigest(image: ImageState): { digest: string; size: number } {
  const json = canonicalJson({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { digest: image.id, mediaType: 'application/vnd.docker.container.image.v1+json' },
    layers: image.layers.map((l) => ({ digest: blobDigest(l), mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip' })),
  })
  return { digest: sha256Digest(json), size: json.length }
}

export function blobDigest(diffId: string): string {
  return 'sha256:' + sha256Hex('blob ' + diffId)
}

export function registryHostError(host: string): EngineError {
  if (/^(127\.|localhost)/.test(host)) {
    const port = host.includes(':') ? host.split(':').pop() : '443'
    const h = host.split(':')[0] === 'localhost' ? '127.0.0.1' : host.split(':')[0]
    return err(500, `Get "https://${host}/v2/": dial tcp ${h}:${port}: connect: connection refused`)
  }
  return err(500, `Get "https://${host}/v2/": dial tcp: lookup ${host.split(':')[0]}: no such host`)
}

/** Finds a remote image: {image, layers} or throws the daemon's error. */
export function remoteFind(core: SimCore, ref: Reference): { image: ImageState; layers: Record<string, LayerFiles>; manifestDigest: string } {
  const shown = familiarString(withDefaultTag(ref))
  if (ref.domain === 'docker.io') {
    const repo = catalogLookup(core).get(ref.path)
    if (!repo) throw err(404, `pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`)
    const hit = ref.digest ? [...repo.values()].find((v) => manifestDigest(v.image).digest === ref.digest) : repo.get(ref.tag ?? 'latest')
    if (!hit) throw err(404, `manifest for ${shown} not found: manifest unknown: manifest unknown`)
    return { ...hit, manifestDigest: manifestDigest(hit.image).digest }
  }
  const host = REGISTRY_ALIASES[ref.domain]
  if (!host) throw registryHostError(ref.domain)
  const registries = core.s.registries
  const repo = Object.hasOwn(registries[host] ?? {}, ref.path) ? registries[host][ref.path] : undefined
  const hit = repo ? (ref.digest ? Object.values(repo).find((t) => t.manifestDigest === ref.digest) : Object.hasOwn(repo, ref.tag ?? 'latest') ? repo[ref.tag ?? 'latest'] : undefined) : undefined
  if (!hit) throw err(404, `manifest for ${shown} not found: manifest unknown: manifest unknown`)
  const layers: Record<string, LayerFiles> = {}
  for (const l of hit.image.layers) layers[l] = layerFiles(core, l)
  return { image: hit.image, layers, manifestDigest: hit.manifestDigest }
}
