import { describe, expect, it } from 'vitest'
import type { LayerFileEntry } from '../types'
import { changedDirs, entriesFromTarHeaders, imageEfficiency, layerStats, layerTree, normalizeTarPath, visibleRows, type FileNode } from '.'

const f = (Path: string, Size = 1): LayerFileEntry => ({ Path, Type: 'file', Size, Mode: 0o644 })
const d = (Path: string, Mode = 0o755): LayerFileEntry => ({ Path, Type: 'dir', Size: 0, Mode })
const wh = (Path: string): LayerFileEntry => ({ Path, Type: 'whiteout', Size: 0, Mode: 0 })

function find(root: FileNode, path: string): FileNode | undefined {
  if (root.path === path) return root
  for (const c of root.children) {
    const r = find(c, path)
    if (r) return r
  }
  return undefined
}

const base = [d('/bin'), f('/bin/sh', 1000), d('/etc'), f('/etc/os-release', 50), f('/etc/motd', 20)]
const app = [d('/app'), f('/app/big.bin', 400), d('/etc'), f('/etc/motd', 30)]
const cleanup = [d('/app'), wh('/app/big.bin'), f('/app/run.sh', 10)]
const layers = [base, app, cleanup]

describe('tar headers to entries', () => {
  it('normalises names and turns whiteouts and opaque markers into entries', () => {
    expect(normalizeTarPath('./usr/bin/')).toBe('/usr/bin')
    // the headers and the entries expected of them stand row for row, so they share a shape on purpose
    const e = entriesFromTarHeaders([
      { name: 'app/', type: 'directory', size: 0, mode: 0o40755 },
      { name: 'app/.wh.big.bin', type: 'file', size: 0, mode: 0 },
      { name: 'var/cache/.wh..wh..opq', type: 'file', size: 0, mode: 0 },
      { name: './bin/ls', type: 'symlink', size: 0, mode: 0o777, linkname: 'busybox' },
      { name: 'bin/sh', type: 'link', size: 0, mode: 0o755, linkname: 'bin/busybox' },
      { name: 'usr/lib/x.so', type: 'file', size: 12, mode: 0o100644 },
    ])
    expect(e).toEqual([
      { Path: '/app', Type: 'dir', Size: 0, Mode: 0o755 },
      { Path: '/app/big.bin', Type: 'whiteout', Size: 0, Mode: 0 },
      { Path: '/var/cache', Type: 'opaque', Size: 0, Mode: 0 },
      { Path: '/bin/ls', Type: 'symlink', Size: 0, Mode: 0o777, LinkTarget: 'busybox' },
      { Path: '/bin/sh', Type: 'hardlink', Size: 0, Mode: 0o755, LinkTarget: '/bin/busybox' },
      { Path: '/usr/lib/x.so', Type: 'file', Size: 12, Mode: 0o644 },
    ])
  })
})

describe('layerTree', () => {
  it('marks what a layer adds and changes against the layers below it', () => {
    const t = layerTree(layers, 1, 'layer')
    expect(find(t, '/app/big.bin')?.mark).toBe('added')
    expect(find(t, '/etc/motd')?.mark).toBe('changed')
    expect(find(t, '/etc')?.mark).toBe('unchanged') // restated parent directory, same mode
    expect(find(t, '/etc')?.changedBelow).toBe(true)
    expect(find(t, '/bin')).toBeUndefined() // the layer view shows only this layer
    expect(find(t, '/')?.size).toBe(430)
  })

  it('shows a deleted file as a ghost in the layer that deletes it, and not above', () => {
    const t = layerTree(layers, 2, 'layer')
    expect(find(t, '/app/big.bin')?.mark).toBe('deleted')
    expect(find(t, '/app/big.bin')?.layer).toBe(1) // who wrote what was deleted
    expect(find(t, '/app/run.sh')?.mark).toBe('added')
    const top = layerTree([...layers, [f('/tmp/x')]], 3, 'merged')
    expect(find(top, '/app/big.bin')).toBeUndefined()
    expect(find(top, '/app/run.sh')?.mark).toBe('unchanged')
    expect(find(top, '/tmp/x')?.mark).toBe('added')
  })

  it('merged view holds every visible file with the layer that wrote it', () => {
    const t = layerTree(layers, 2, 'merged')
    expect(find(t, '/bin/sh')).toMatchObject({ mark: 'unchanged', layer: 0, size: 1000 })
    expect(find(t, '/etc/motd')).toMatchObject({ layer: 1, size: 30 })
    expect(find(t, '/app/big.bin')?.mark).toBe('deleted')
  })

  it('an opaque directory hides everything below it but keeps the directory', () => {
    const t = layerTree([[d('/var'), d('/var/cache'), f('/var/cache/a'), f('/var/cache/b')], [{ Path: '/var/cache', Type: 'opaque', Size: 0, Mode: 0 }, f('/var/cache/c')]], 1, 'merged')
    expect(find(t, '/var/cache/a')?.mark).toBe('deleted')
    expect(find(t, '/var/cache/b')?.mark).toBe('deleted')
    expect(find(t, '/var/cache/c')?.mark).toBe('added')
    expect(find(t, '/var/cache')?.type).toBe('dir')
  })

  it('a container writable layer is the top layer: a file changed there is "changed", the image keeps its copy', () => {
    const rw = [d('/etc'), f('/etc/os-release', 99), wh('/etc/motd'), f('/hello', 6)]
    const t = layerTree([...layers, rw], 3, 'layer')
    expect(find(t, '/etc/os-release')?.mark).toBe('changed')
    expect(find(t, '/etc/motd')?.mark).toBe('deleted')
    expect(find(t, '/hello')?.mark).toBe('added')
    // the image's own view at its top layer still has the original
    expect(find(layerTree(layers, 2, 'merged'), '/etc/os-release')?.size).toBe(50)
  })

  it('refuses a layer index out of range', () => {
    expect(() => layerTree(layers, 3, 'layer')).toThrow(/no layer 3/)
  })
})

describe('stats and efficiency', () => {
  it('counts per layer', () => {
    expect(layerStats(layers)).toEqual([
      { added: 5, changed: 0, deleted: 0, bytes: 1070 },
      { added: 2, changed: 1, deleted: 0, bytes: 430 },
      { added: 1, changed: 0, deleted: 1, bytes: 10 },
    ])
  })

  it('counts bytes shipped but hidden by a higher layer as wasted (dive)', () => {
    const e = imageEfficiency(layers)
    expect(e.totalBytes).toBe(1510)
    expect(e.wastedBytes).toBe(420) // big.bin deleted (400) + the first motd overwritten (20)
    expect(e.worst[0]).toEqual({ path: '/app/big.bin', bytes: 400, copies: 1 })
    expect(e.score).toBeCloseTo(1 - 420 / 1510)
    expect(imageEfficiency([base]).score).toBe(1)
  })
})

describe('visible rows', () => {
  it('expands only open directories and can hide unchanged subtrees', () => {
    const t = layerTree(layers, 1, 'merged')
    expect(visibleRows(t, new Set()).map((r) => r.node.path)).toEqual(['/app', '/bin', '/etc'])
    const open = new Set(changedDirs(t))
    expect([...open].sort()).toEqual(['/app', '/etc'])
    expect(visibleRows(t, open, true).map((r) => `${r.depth}:${r.node.path}:${r.node.mark}`)).toEqual([
      '0:/app:added',
      '1:/app/big.bin:added',
      '0:/etc:unchanged',
      '1:/etc/motd:changed',
    ])
  })
})
