/**
 * docker import: a tarball becomes a one-layer image (with --change instructions and a message).
 */
import type { ProgressFn } from '../../engine'
import { readTar, TarError, utf8Decode, type TarEntry } from '../../tar'
import { err, type SimCore } from '../core'
import { atomic } from '../journal'
import { dirEntry, fileEntry, normPath, parentOf, type LayerFiles } from '../layerfs'
import { applyChanges } from './dockerfile'
import { addImage, addLayer, parseTagged, setTag } from './store'

export function importImage(core: SimCore, tar: Uint8Array, opts: { repo?: string; tag?: string; message?: string; changes?: string[] }, onProgress?: ProgressFn): string {
  const id = atomic(core, () => {
    let tagged: string | null = null
    if (opts.repo) tagged = parseTagged(opts.tag ? `${opts.repo}:${opts.tag}` : opts.repo)
    let entries: TarEntry[]
    try {
      entries = readTar(tar)
    } catch (e) {
      throw err(500, e instanceof TarError ? e.message : 'archive/tar: invalid tar header')
    }
    const files: LayerFiles = {}
    for (const e of entries) {
      const p = normPath(e.name)
      if (p === '/') continue
      for (let d = parentOf(p); d !== '/'; d = parentOf(d)) files[d] ??= dirEntry()
      if (e.type === 'dir') files[p] = dirEntry(e.mode)
      else if (e.type === 'symlink') files[p] = { type: 'symlink', size: 0, mode: 0o777, target: e.linkname }
      else if (e.type === 'hardlink') files[p] = { ...(files[normPath(e.linkname)] ?? fileEntry(0)) }
      else if (e.type === 'file') {
        const text = e.size <= 4096 && isText(e.data) ? utf8Decode(e.data) : undefined
        files[p] = text !== undefined ? { type: 'file', size: e.size, mode: e.mode, content: text } : { type: 'file', size: e.size, mode: e.mode }
      }
    }
    const diffId = addLayer(core, files)
    const now = core.now()
    const config = applyChanges({ Cmd: null, Entrypoint: null, Env: [], Labels: {}, WorkingDir: '' }, opts.changes ?? [])
    const img = addImage(core, {
      parent: '',
      layers: [diffId],
      history: [{ created: now, createdBy: '', emptyLayer: false, comment: opts.message || 'Imported from -' }],
      config,
      created: now,
      comment: opts.message || 'Imported from -',
      author: '',
      container: '',
    })
    core.imageEvent('import', img.id)
    if (tagged) {
      setTag(core, tagged, img.id)
      core.imageEvent('tag', img.id, tagged)
    }
    return img.id
  })
  onProgress?.({ status: id })
  return id
}

/** No NUL byte: content the simulator keeps as text (when small). */
export function isText(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] === 0) return false
  return true
}
