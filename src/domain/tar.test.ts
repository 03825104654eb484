import { describe, expect, it } from 'vitest'
import { readTar, TarError, writeTar, utf8Decode, utf8Encode } from './tar'

function gnuLongName(name: string, content: string): Uint8Array {
  // a GNU 'L' entry carrying the long name, followed by the real entry with a truncated name
  const longEntry = writeTar([{ name: '././@LongLink', content: name + '\0' }])
  longEntry[156] = 'L'.charCodeAt(0)
  // fix the checksum after changing the type flag
  for (let i = 148; i < 156; i++) longEntry[i] = 32
  let sum = 0
  for (let i = 0; i < 512; i++) sum += longEntry[i]
  longEntry.set(new TextEncoder().encode(sum.toString(8).padStart(6, '0') + '\0 '), 148)
  const body = writeTar([{ name: name.slice(0, 99), content }])
  const out = new Uint8Array(1024 + body.length)
  out.set(longEntry.subarray(0, 1024), 0)
  out.set(body, 1024)
  return out
}

describe('tar reader', () => {
  it('reads files, dirs and symlinks with modes and sizes', () => {
    const t = writeTar([
      { name: 'bin/', type: 'dir' },
      { name: 'bin/busybox', content: 'ELF', mode: 0o755 },
      { name: 'bin/sh', type: 'symlink', linkname: 'busybox' },
    ])
    const e = readTar(t)
    expect(e.map((x) => [x.name, x.type, x.size, x.mode, x.linkname])).toEqual([
      ['bin/', 'dir', 0, 0o755, ''],
      ['bin/busybox', 'file', 3, 0o755, ''],
      ['bin/sh', 'symlink', 0, 0o644, 'busybox'],
    ])
    expect(utf8Decode(e[1].data)).toBe('ELF')
  })
  it('reads GNU long names', () => {
    const long = 'a/'.repeat(70) + 'file.txt'
    const e = readTar(gnuLongName(long, 'x'))
    expect(e).toHaveLength(1)
    expect(e[0].name).toBe(long)
  })
  it('rejects a corrupt header with the archive/tar text', () => {
    const t = writeTar([{ name: 'f', content: 'x' }])
    t[0] = 'g'.charCodeAt(0)
    expect(() => readTar(t)).toThrow(TarError)
    expect(() => readTar(t)).toThrow('archive/tar: invalid tar header')
  })
  it('utf8 round trip', () => {
    for (const s of ['héllo', '你好', '🐳 docker']) expect(utf8Decode(utf8Encode(s))).toBe(s)
  })
})
