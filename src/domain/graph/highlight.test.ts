import { describe, it, expect } from 'vitest'
import type { Snapshot, SnapshotContainer, SnapshotImage } from '../snapshot'
import { projectSnapshot, highlightIds } from './index'

const hex = (c: string) => c.repeat(64).slice(0, 64)
function img(id: string, layers: string[], tags: string[], created: number, parentId: string | null = null): SnapshotImage {
  return {
    id: 'sha256:' + hex(id), parentId: parentId ? 'sha256:' + hex(parentId) : null, tags, digests: [], created, size: 1000, layers: layers.map((l) => 'sha256:' + hex(l)),
    history: layers.map((l) => ({ createdBy: `ADD ${l}`, size: 1000, emptyLayer: false, created })), config: { cmd: null, entrypoint: null, env: [], labels: {}, workingDir: '' }, managed: false,
  }
}
function ctr(id: string, name: string, imageId: string): SnapshotContainer {
  return { id: hex(id), name, imageId: 'sha256:' + hex(imageId), imageRef: '', command: '', created: 50, state: 'running', status: '', exitCode: 0, labels: {}, changes: [], managed: false }
}
const ubuntu = img('a', ['1', '2'], ['ubuntu:14.04'], 10)
const web = img('b', ['1', '2', '3'], ['web:latest'], 20, 'a')
const busy = img('c', ['9'], ['busybox:latest'], 5)
const snap: Snapshot = {
  engine: { kind: 'simulator', version: '20.10', apiVersion: '1.41', os: 'linux', kernel: '5.10' },
  images: [ubuntu, web, busy],
  containers: [ctr('d', 'one', 'a'), ctr('e', 'two', 'b')],
  revision: 1,
}
const g = projectSnapshot(snap, 'family')
const kinds = (ids: Set<string>) => [...ids].map((id) => g.nodes.find((n) => n.id === id)!.kind).sort()

describe('highlightIds', () => {
  it('finds an image by tag, with :latest implied', () => {
    expect([...highlightIds(g, ['image:ubuntu:14.04'])]).toEqual([`image:${ubuntu.id}`])
    expect([...highlightIds(g, ['image:web'])]).toEqual([`image:${web.id}`])
    expect([...highlightIds(g, ['image:aaaaaaaaaaaa'])]).toEqual([`image:${ubuntu.id}`])
  })
  it('finds an image’s read-only layers, inherited ones included, and no other image’s', () => {
    expect(kinds(highlightIds(g, ['layer:ubuntu:14.04']))).toEqual(['layer', 'layer'])
    const own = highlightIds(g, ['layer:web'])
    expect(kinds(own)).toEqual(['layer', 'layer', 'layer'])
    expect([...highlightIds(g, ['layer:busybox'])].some((id) => own.has(id))).toBe(false)
  })
  it('finds containers by name or wildcard, and writable layers', () => {
    expect(kinds(highlightIds(g, ['container:*']))).toEqual(['container', 'container'])
    expect([...highlightIds(g, ['container:two'])]).toEqual([`container:${hex('e')}`])
    expect(kinds(highlightIds(g, ['container:*', 'layer:writable']))).toEqual(['container', 'container', 'writable', 'writable'])
    expect([...highlightIds(g, ['writable:one'])]).toEqual([`writable:${hex('d')}`])
  })
  it('marks nothing for empty, unknown or absent names', () => {
    expect(highlightIds(g, null).size).toBe(0)
    expect(highlightIds(g, ['image:nginx']).size).toBe(0)
    expect(highlightIds(g, ['container:three']).size).toBe(0)
    expect([...highlightIds(g, ['kernel'])]).toEqual(['kernel'])
  })
})
