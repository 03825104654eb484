/**
 * Reads the layer file lists of an image from the tar that GET /images/{name}/get streams
 * (`docker save`), without keeping any file contents: each layer tar inside it is parsed for its
 * headers only. Handles the legacy layout (<id>/layer.tar, <id>.json, manifest.json, symlinked
 * duplicate layers) and the OCI layout of Docker 25+ (blobs/sha256/<hex>, gzip-compressed or not).
 */
import { PassThrough, Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import * as tarStream from 'tar-stream'
import type { LayerFileEntry, LayerListing } from '../../domain/types'
import { entriesFromTarHeaders, normalizeTarPath } from '../../domain/files'

/** JSON documents in a save tar are small; anything bigger is not one we need. */
const MAX_JSON = 8 * 1024 * 1024
/** A layer with more entries than this is cut short (and says so) rather than filling memory. */
export const MAX_ENTRIES_PER_LAYER = 200_000

type Header = { name: string; type: string; size: number; mode: number; linkname?: string | null }

function parseInnerTar(source: Readable): Promise<Header[]> {
  return new Promise((resolve, reject) => {
    const headers: Header[] = []
    const ex = tarStream.extract()
    ex.on('entry', (h, stream, next) => {
      if (headers.length < MAX_ENTRIES_PER_LAYER) headers.push({ name: h.name, type: h.type ?? 'file', size: h.size ?? 0, mode: h.mode ?? 0, linkname: h.linkname })
      stream.on('end', next)
      stream.resume()
    })
    ex.on('finish', () => resolve(headers))
    ex.on('error', reject)
    source.on('error', reject)
    source.pipe(ex)
  })
}

/** Reads the first bytes of a stream to tell a tar, a gzip stream and anything else apart. */
function sniff(stream: Readable): Promise<{ kind: 'tar' | 'gzip' | 'other'; rest: Readable }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let have = 0
    let decided = false
    const rest = new PassThrough()
    const decide = (ended: boolean) => {
      if (decided) return
      decided = true
      stream.off('data', onData)
      stream.off('end', onEnd)
      const head = Buffer.concat(chunks)
      if (ended) rest.end(head)
      else {
        rest.write(head)
        stream.pipe(rest)
      }
      const kind = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b ? 'gzip' : head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar' ? 'tar' : 'other'
      resolve({ kind, rest })
    }
    const onData = (c: Buffer) => {
      chunks.push(c)
      have += c.length
      if (have >= 512) {
        stream.pause()
        decide(false)
      }
    }
    const onEnd = () => decide(true)
    stream.on('data', onData)
    stream.on('end', onEnd)
    stream.once('error', reject)
  })
}

async function readText(stream: Readable, limit: number): Promise<string | null> {
  const chunks: Buffer[] = []
  let n = 0
  for await (const c of stream) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array)
    n += b.length
    if (n <= limit) chunks.push(b)
  }
  return n > limit ? null : Buffer.concat(chunks).toString('utf8')
}

export class SaveFormatError extends Error {
  override readonly name = 'SaveFormatError'
}

/**
 * Parses a `docker save` stream holding one image. Returns the layers bottom first, each with its
 * diffID (from the image config) and its entries.
 */
export async function readSavedImageLayers(save: Readable): Promise<LayerListing[]> {
  const layersByPath = new Map<string, LayerFileEntry[]>()
  const texts = new Map<string, string>()
  const links = new Map<string, string>()
  await new Promise<void>((resolve, reject) => {
    const ex = tarStream.extract()
    ex.on('entry', (h, stream, next) => {
      const name = normalizeTarPath(h.name).slice(1)
      const done = (e?: unknown) => {
        if (e) {
          stream.resume()
          reject(e)
        } else next()
      }
      if (h.type === 'symlink' || h.type === 'link') {
        const target = h.type === 'link' ? normalizeTarPath(h.linkname ?? '').slice(1) : normalizeTarPath(`${name.slice(0, name.lastIndexOf('/') + 1)}${h.linkname ?? ''}`).slice(1)
        links.set(name, target)
        stream.on('end', () => done())
        stream.resume()
        return
      }
      if (h.type !== 'file') {
        stream.on('end', () => done())
        stream.resume()
        return
      }
      void (async () => {
        const { kind, rest } = await sniff(Readable.from(stream as AsyncIterable<Buffer>))
        if (kind === 'tar') layersByPath.set(name, entriesFromTarHeaders(await parseInnerTar(rest)))
        else if (kind === 'gzip') {
          const gz = createGunzip()
          rest.pipe(gz)
          const inner = await sniff(gz)
          if (inner.kind === 'tar') layersByPath.set(name, entriesFromTarHeaders(await parseInnerTar(inner.rest)))
          else inner.rest.resume()
        } else {
          const t = await readText(rest, MAX_JSON)
          if (t !== null) texts.set(name, t)
        }
      })().then(() => done(), done)
    })
    ex.on('finish', () => resolve())
    ex.on('error', (e) => reject(new SaveFormatError(`the image archive is not a valid tar: ${(e as Error).message}`)))
    save.on('error', reject)
    save.pipe(ex)
  })
  const resolveLink = (p: string): string => {
    let cur = p
    for (let i = 0; i < 8 && links.has(cur); i++) cur = links.get(cur)!
    return cur
  }
  const manifestText = texts.get('manifest.json')
  if (!manifestText) throw new SaveFormatError('the image archive has no manifest.json')
  let manifest: Array<{ Config: string; Layers: string[] }>
  try {
    manifest = JSON.parse(manifestText)
  } catch {
    throw new SaveFormatError('the image archive has an unreadable manifest.json')
  }
  const m = Array.isArray(manifest) ? manifest[0] : undefined
  if (!m || !Array.isArray(m.Layers)) throw new SaveFormatError('the image archive\'s manifest.json lists no layers')
  let diffIds: string[] = []
  const cfgText = typeof m.Config === 'string' ? texts.get(resolveLink(normalizeTarPath(m.Config).slice(1))) : undefined
  if (cfgText) {
    try {
      const cfg = JSON.parse(cfgText) as { rootfs?: { diff_ids?: string[] } }
      diffIds = cfg.rootfs?.diff_ids ?? []
    } catch {
      /* diffIDs stay unknown; the entries are still right */
    }
  }
  return m.Layers.map((p, i) => {
    const path = resolveLink(normalizeTarPath(p).slice(1))
    const entries = layersByPath.get(path)
    if (!entries) throw new SaveFormatError(`the image archive lacks layer ${p}`)
    return { DiffID: diffIds[i] ?? '', Entries: entries }
  })
}

/** Go's os.FileMode bits, as X-Docker-Container-Path-Stat reports them. */
const GO_MODE_DIR = 2 ** 31
const GO_MODE_SYMLINK = 2 ** 27

/** Decodes the X-Docker-Container-Path-Stat header (base64 JSON) into an entry. */
export function entryFromPathStat(path: string, header: string | undefined): LayerFileEntry | null {
  if (!header) return null
  let st: { name?: string; size?: number; mode?: number; linkTarget?: string }
  try {
    st = JSON.parse(Buffer.from(header, 'base64').toString('utf8'))
  } catch {
    return null
  }
  const mode = typeof st.mode === 'number' ? st.mode : 0
  const type: LayerFileEntry['Type'] = mode >= GO_MODE_DIR ? 'dir' : Math.floor(mode / GO_MODE_SYMLINK) % 2 === 1 ? 'symlink' : 'file'
  const e: LayerFileEntry = { Path: path, Type: type, Size: type === 'file' ? Math.max(0, st.size ?? 0) : 0, Mode: mode & 0o777 }
  if (type === 'symlink' && st.linkTarget) e.LinkTarget = st.linkTarget
  return e
}
