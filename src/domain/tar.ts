/**
 * A small tar reader (ustar, GNU long names, pax path/linkpath) for the simulator's import
 * and build contexts. Pure: works on Uint8Array.
 */
export interface TarEntry {
  name: string // as stored, e.g. './bin/busybox' or 'Dockerfile'
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other'
  size: number
  mode: number
  linkname: string
  data: Uint8Array
}

import { utf8ToBytes } from '@noble/hashes/utils.js'

/** UTF-8 decoding without DOM or Node types (invalid sequences become U+FFFD). */
export function utf8Decode(b: Uint8Array): string {
  let out = ''
  for (let i = 0; i < b.length; ) {
    const c = b[i]
    let cp = 0xfffd
    let n = 1
    if (c < 0x80) cp = c
    else if (c >= 0xc2 && c < 0xe0 && i + 1 < b.length) {
      cp = ((c & 0x1f) << 6) | (b[i + 1] & 0x3f)
      n = 2
    } else if (c >= 0xe0 && c < 0xf0 && i + 2 < b.length) {
      cp = ((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f)
      n = 3
    } else if (c >= 0xf0 && c < 0xf5 && i + 3 < b.length) {
      cp = ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f)
      n = 4
    }
    if (cp > 0x10ffff) cp = 0xfffd
    out += String.fromCodePoint(cp)
    i += n
  }
  return out
}

export const utf8Encode = (s: string): Uint8Array => utf8ToBytes(s)

const dec = { decode: utf8Decode }

function str(b: Uint8Array, off: number, len: number): string {
  let end = off
  while (end < off + len && b[end] !== 0) end++
  return dec.decode(b.subarray(off, end))
}

function octal(b: Uint8Array, off: number, len: number): number {
  if (b[off] & 0x80) {
    // base-256 (GNU) for large sizes
    let n = b[off] & 0x7f
    for (let i = 1; i < len; i++) n = n * 256 + b[off + i]
    return n
  }
  const s = str(b, off, len).trim()
  return s ? Number.parseInt(s, 8) : 0
}

export class TarError extends Error {
  override readonly name = 'TarError'
}

function parsePax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {}
  const text = dec.decode(data)
  let i = 0
  while (i < text.length) {
    const sp = text.indexOf(' ', i)
    if (sp < 0) break
    const len = Number.parseInt(text.slice(i, sp), 10)
    if (!Number.isFinite(len) || len <= 0) break
    const rec = text.slice(sp + 1, i + len - 1)
    const eq = rec.indexOf('=')
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1)
    i += len
  }
  return out
}

/** Reads every entry. Throws TarError on a malformed archive. */
export function readTar(buf: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = []
  let off = 0
  let longName: string | null = null
  let longLink: string | null = null
  let pax: Record<string, string> = {}
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512)
    if (h.every((x) => x === 0)) break
    let sum = 0
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]
    const want = octal(h, 148, 8)
    if (want !== sum) throw new TarError('archive/tar: invalid tar header')
    const size = octal(h, 124, 12)
    const flag = String.fromCharCode(h[156] || 48)
    const dataStart = off + 512
    if (dataStart + size > buf.length) throw new TarError('unexpected EOF')
    const data = buf.subarray(dataStart, dataStart + size)
    off = dataStart + Math.ceil(size / 512) * 512
    if (flag === 'L') {
      longName = str(data, 0, data.length)
      continue
    }
    if (flag === 'K') {
      longLink = str(data, 0, data.length)
      continue
    }
    if (flag === 'x') {
      pax = parsePax(data)
      continue
    }
    if (flag === 'g') continue
    const magic = str(h, 257, 6)
    const prefix = magic.startsWith('ustar') ? str(h, 345, 155) : ''
    let name = str(h, 0, 100)
    if (prefix) name = prefix + '/' + name
    if (longName !== null) name = longName
    if (pax.path) name = pax.path
    let linkname = str(h, 157, 100)
    if (longLink !== null) linkname = longLink
    if (pax.linkpath) linkname = pax.linkpath
    longName = longLink = null
    pax = {}
    const type: TarEntry['type'] =
      flag === '0' || flag === '7' ? 'file' : flag === '5' ? 'dir' : flag === '2' ? 'symlink' : flag === '1' ? 'hardlink' : 'other'
    entries.push({ name, type: type === 'file' && name.endsWith('/') ? 'dir' : type, size: type === 'file' ? size : 0, mode: octal(h, 100, 8) & 0o7777, linkname, data })
  }
  return entries
}

/** Writes a minimal ustar archive (tests and build contexts). */
export function writeTar(files: Array<{ name: string; content?: string | Uint8Array; type?: 'file' | 'dir' | 'symlink'; mode?: number; linkname?: string }>): Uint8Array {
  const enc = { encode: utf8Encode }
  const chunks: Uint8Array[] = []
  for (const f of files) {
    const data = f.type === 'dir' || f.type === 'symlink' ? new Uint8Array(0) : typeof f.content === 'string' ? enc.encode(f.content) : (f.content ?? new Uint8Array(0))
    const h = new Uint8Array(512)
    const put = (s: string, o: number, l: number) => h.set(enc.encode(s).subarray(0, l), o)
    put(f.name, 0, 100)
    put((f.mode ?? (f.type === 'dir' ? 0o755 : 0o644)).toString(8).padStart(7, '0'), 100, 8)
    put('0000000', 108, 8)
    put('0000000', 116, 8)
    put(data.length.toString(8).padStart(11, '0'), 124, 12)
    put('00000000000', 136, 12)
    h[156] = (f.type === 'dir' ? '5' : f.type === 'symlink' ? '2' : '0').charCodeAt(0)
    if (f.linkname) put(f.linkname, 157, 100)
    put('ustar', 257, 6)
    put('00', 263, 2)
    for (let i = 148; i < 156; i++) h[i] = 32
    let sum = 0
    for (let i = 0; i < 512; i++) sum += h[i]
    put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8)
    chunks.push(h, data, new Uint8Array((512 - (data.length % 512)) % 512))
  }
  chunks.push(new Uint8Array(1024))
  const total = chunks.reduce((n, c) => n + c.length, 0)
  const out = new Uint8Array(total)
  let o = 0
  for (const c of chunks) {
    out.set(c, o)
    o += c.length
  }
  return out
}
