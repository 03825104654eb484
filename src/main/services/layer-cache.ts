/**
 * files:get: the files of an image's layers, or a container's (its image's layers and its writable
 * layer). Image layers never change under an ID, so their file lists are kept (a live `docker save`
 * of a big image takes seconds); a small LRU keyed by engine kind + image ID.
 */
import type { LayerFilesView } from '../../shared/contract'
import type { DockerEngine } from '../../domain/engine'
import type { LayerListing } from '../../domain/types'

const MAX_IMAGES = 16

export function createLayerFiles(getEngine: () => DockerEngine) {
  const cache = new Map<string, LayerListing[]>()
  async function imageLayers(imageId: string): Promise<LayerListing[]> {
    const engine = getEngine()
    const key = `${engine.kind} ${imageId}`
    const hit = cache.get(key)
    if (hit) {
      cache.delete(key)
      cache.set(key, hit)
      return hit
    }
    const layers = await engine.imageLayerFiles(imageId)
    cache.set(key, layers)
    while (cache.size > MAX_IMAGES) cache.delete(cache.keys().next().value as string)
    return layers
  }
  return async function layerFiles(kind: 'image' | 'container', ref: string): Promise<LayerFilesView> {
    if (kind === 'image') {
      const img = await getEngine().inspectImage(ref)
      return { kind, imageId: img.Id, layers: await imageLayers(img.Id), writable: null }
    }
    const c = await getEngine().inspectContainer(ref)
    const [layers, writable] = await Promise.all([imageLayers(c.Image), getEngine().containerLayerFiles(c.Id)])
    return { kind, imageId: c.Image, layers, writable }
  }
}
