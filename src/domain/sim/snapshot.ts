/**
 * The snapshot: what the UI draws (images with their tags, containers with their state and
 * changes), built fast from caches — an image's part never changes once made, so it is frozen once.
 */
import { MANAGED_LABEL, type Snapshot, type SnapshotContainer, type SnapshotImage } from '../snapshot'
import type { Labels } from '../types'
import { changesOf } from './changes'
import { tickAll } from './containers/processes'
import { commandText, statusOf } from './containers/status'
import type { SimCore } from './core'
import { layerFiles } from './images/store'
import { layerSize } from './layerfs'
import { deepFreeze, SIM_API_VERSION, SIM_KERNEL, SIM_VERSION, type ImageState } from './state'

const EMPTY_LABELS: Labels = Object.freeze({}) as Labels

function snapshotCore(core: SimCore, img: ImageState): Omit<SnapshotImage, 'tags' | 'digests'> {
  let cached = core.coreCache.get(img.id)
  if (cached) return cached
  const sizes = img.layers.map((l) => layerSize(layerFiles(core, l)))
  let k = 0
  cached = deepFreeze({
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
  if (core.coreCache.size > 50_000) core.coreCache.clear()
  core.coreCache.set(img.id, cached)
  return cached
}

export function snapshot(core: SimCore): Snapshot {
  tickAll(core)
  const now = core.now()
  const tagsById = new Map<string, string[]>()
  for (const [t, id] of Object.entries(core.s.tags)) {
    const l = tagsById.get(id)
    if (l) l.push(t)
    else tagsById.set(id, [t])
  }
  const digestsById = new Map<string, string[]>()
  for (const [t, id] of Object.entries(core.s.digests)) {
    const l = digestsById.get(id)
    if (l) l.push(t)
    else digestsById.set(id, [t])
  }
  const images: SnapshotImage[] = []
  for (const img of Object.values(core.s.images)) {
    images.push({ ...snapshotCore(core, img), tags: tagsById.get(img.id) ?? [], digests: digestsById.get(img.id) ?? [] })
  }
  const containers: SnapshotContainer[] = []
  for (const id in core.s.containers) {
    const c = core.s.containers[id]
    const labels = c.config.Labels ?? EMPTY_LABELS
    if (!Object.isFrozen(labels)) Object.freeze(labels)
    let command = core.commandCache.get(c.args)
    if (command === undefined) core.commandCache.set(c.args, (command = commandText(c)))
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
      changes: changesOf(core, c),
      managed: labels[MANAGED_LABEL] === 'true',
    })
  }
  return { engine: { kind: 'simulator', version: SIM_VERSION, apiVersion: SIM_API_VERSION, os: 'linux', kernel: SIM_KERNEL }, images, containers, revision: core.s.revision, takenAt: now }
}
