import { describe, it, expect } from 'vitest'
import type { Snapshot, SnapshotContainer, SnapshotImage } from '../snapshot'
import { projectSnapshot, diffGraph, explainDiff, KERNEL_ID, COMPACT_AT, type Graph } from './index'

const hex = (c: string) => c.repeat(64).slice(0, 64)
function img(id: string, layers: string[], tags: string[], created: number, parentId: string | null = null): SnapshotImage {
  return {
    id: 'sha256:' + hex(id),
    parentId: parentId ? 'sha256:' + hex(parentId) : null,
    tags,
    digests: [],
    created,
    size: layers.length * 1000,
    layers: layers.map((l) => 'sha256:' + hex(l)),
    history: layers.map((l) => ({ createdBy: `/bin/sh -c #(nop) ADD file:${l} in /`, size: 1000, emptyLayer: false, created })),
    config: { cmd: null, entrypoint: null, env: [], labels: {}, workingDir: '' },
    managed: false,
  }
}
function ctr(id: string, imageId: string, state: SnapshotContainer['state'], created: number, changes: number | null = 0): SnapshotContainer {
  return {
    id: hex(id),
    name: 'c_' + id,
    imageId: 'sha256:' + hex(imageId),
    imageRef: imageId,
    command: 'sleep 1000',
    created,
    state,
    status: '',
    exitCode: 0,
    labels: {},
    changes: changes === null ? null : Array.from({ length: changes }, (_, i) => ({ Path: '/f' + i, Kind: 1 as const })),
    managed: false,
  }
}
function snap(images: SnapshotImage[], containers: SnapshotContainer[] = []): Snapshot {
  return { engine: { kind: 'simulator', version: '20.10', apiVersion: '1.41', os: 'linux', kernel: '5.10' }, images, containers, revision: 1 }
}
const byId = (g: Graph, id: string) => g.nodes.find((n) => n.id === id)!
const pos = (g: Graph) => new Map(g.nodes.map((n) => [n.id, `${n.x},${n.y}`]))

const ubuntu = img('a', ['1', '2', '3'], ['ubuntu:14.04'], 10)
const child = img('b', ['1', '2', '3', '4'], ['web:1'], 20, 'a')
const busy = img('c', ['9'], ['busybox:latest'], 5)

describe('projectSnapshot family view', () => {
  it('puts one kernel at the bottom and image layers in order above it', () => {
    const g = projectSnapshot(snap([ubuntu]), 'family')
    const kernels = g.nodes.filter((n) => n.kind === 'kernel')
    expect(kernels).toHaveLength(1)
    expect(kernels[0].y).toBe(0)
    const layers = g.nodes.filter((n) => n.kind === 'layer')
    expect(layers).toHaveLength(3)
    expect(layers[0].below).toBe(KERNEL_ID)
    expect(layers[1].below).toBe(layers[0].id)
    const image = byId(g, 'image:' + ubuntu.id)
    expect(image.below).toBe(layers[2].id)
    expect(image.y).toBeLessThan(layers[2].y) // above (screen y grows downwards)
    expect(image.label).toContain('ubuntu:14.04')
    expect(layers[0].label).toContain('ADD file:1')
  })

  it('draws shared layers once and a child image above its parent', () => {
    const g = projectSnapshot(snap([ubuntu, child]), 'family')
    expect(g.nodes.filter((n) => n.kind === 'layer')).toHaveLength(4)
    const shared = g.nodes.find((n) => n.kind === 'layer' && n.data.diffId === ubuntu.layers[0])!
    expect(shared.data.sharedBy).toEqual([ubuntu.id, child.id])
    const own = g.nodes.find((n) => n.kind === 'layer' && n.data.diffId === child.layers[3])!
    expect(own.below).toBe('image:' + ubuntu.id)
    expect(byId(g, 'image:' + child.id).y).toBeLessThan(byId(g, 'image:' + ubuntu.id).y)
  })

  it('does not merge equal diffIDs that sit on different layers', () => {
    const other = img('d', ['7', '2'], ['other:1'], 30)
    const g = projectSnapshot(snap([ubuntu, other]), 'family')
    expect(g.nodes.filter((n) => n.kind === 'layer' && n.data.diffId === ubuntu.layers[1])).toHaveLength(2)
  })

  it('marks dangling images <none>', () => {
    const dangling = img('e', ['1', '5'], [], 40)
    const g = projectSnapshot(snap([ubuntu, dangling]), 'family')
    const n = byId(g, 'image:' + dangling.id)
    expect(n.data.dangling).toBe(true)
    expect(n.label).toContain('<none>:<none>')
    expect(byId(g, 'image:' + ubuntu.id).data.dangling).toBe(false)
  })

  it('puts a container on its writable layer on its image, with state and change count', () => {
    const g = projectSnapshot(snap([ubuntu], [ctr('f', 'a', 'running', 50, 2), ctr('0', 'a', 'exited', 60, null)]), 'family')
    const w = byId(g, 'writable:' + hex('f'))
    const c = byId(g, 'container:' + hex('f'))
    expect(w.below).toBe('image:' + ubuntu.id)
    expect(c.below).toBe(w.id)
    expect(c.data.state).toBe('running')
    expect(c.label).toContain('running')
    expect(w.data.changeCount).toBe(2)
    expect(byId(g, 'container:' + hex('0')).data.state).toBe('exited')
    expect(byId(g, 'writable:' + hex('0')).data.changeCount).toBeNull()
  })

  it('moves a tag node when the tag moves to a rebuilt image; the old image goes <none>', () => {
    const v1 = img('a', ['1', '2'], ['app:latest'], 10)
    const v1old = { ...v1, tags: [] }
    const v2 = img('b', ['1', '3'], ['app:latest'], 20)
    const before = projectSnapshot(snap([v1], [ctr('f', 'a', 'running', 15)]), 'family')
    const after = projectSnapshot(snap([v1old, v2], [ctr('f', 'a', 'running', 15)]), 'family')
    expect(byId(before, 'tag:app:latest').below).toBe('image:' + v1.id)
    expect(byId(after, 'tag:app:latest').below).toBe('image:' + v2.id)
    // the container still runs the old image
    expect(byId(after, 'writable:' + hex('f')).below).toBe('image:' + v1.id)
    const d = diffGraph(before, after)
    expect(d.changed).toContain('tag:app:latest')
    expect(explainDiff(before, after, d, 'docker build -t app .').key).toBe('explain.build')
  })

  it('keeps positions of other families when one family grows', () => {
    const s1 = snap([busy, ubuntu], [ctr('f', 'c', 'running', 50)])
    const s2 = snap([busy, ubuntu], [ctr('f', 'c', 'running', 50), ctr('1', 'a', 'running', 70)])
    const p1 = pos(projectSnapshot(s1, 'family'))
    const p2 = pos(projectSnapshot(s2, 'family'))
    // busybox family is older, so it stays on the left, untouched
    for (const id of ['image:' + busy.id, 'container:' + hex('f'), 'writable:' + hex('f')]) expect(p2.get(id)).toBe(p1.get(id))
    // same snapshot twice → same positions
    expect(pos(projectSnapshot(s2, 'family'))).toEqual(p2)
  })

  it('gives no two tree nodes the same position', () => {
    const s = snap([busy, ubuntu, child], [ctr('f', 'a', 'running', 50), ctr('1', 'a', 'exited', 51), ctr('2', 'b', 'created', 52)])
    const g = projectSnapshot(s, 'family')
    const seen = new Set(g.nodes.filter((n) => n.kind !== 'tag').map((n) => `${n.x},${n.y}`))
    expect(seen.size).toBe(g.nodes.filter((n) => n.kind !== 'tag').length)
  })
})

describe('element ids', () => {
  it('are unique across nodes and edges (Cytoscape refuses duplicates)', () => {
    const g = projectSnapshot(snap([ubuntu, child, busy], [ctr('f', 'a', 'running', 50)]), 'family')
    const ids = [...g.nodes.map((n) => n.id), ...g.edges.map((e) => e.id)]
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('stack and isolation views', () => {
  it('stack: kernel, all layers (ancestor named), image, writable, container bottom to top', () => {
    const s = snap([ubuntu, child], [ctr('f', 'b', 'running', 50)])
    const g = projectSnapshot(s, 'stack', { focus: 'container:' + hex('f') })
    expect(g.nodes.map((n) => n.kind)).toEqual(['kernel', 'layer', 'layer', 'layer', 'layer', 'image', 'writable', 'container'])
    expect(g.nodes[1].label).toContain('ubuntu:14.04')
    const ys = g.nodes.map((n) => n.y)
    expect([...ys].sort((a, b) => b - a)).toEqual(ys)
  })

  it('isolation: each container of the image has its own writable layer side by side', () => {
    const s = snap([ubuntu, busy], [ctr('f', 'a', 'running', 50, 1), ctr('1', 'a', 'running', 51, 3), ctr('2', 'c', 'running', 52)])
    const g = projectSnapshot(s, 'isolation', { focus: ubuntu.id })
    const ws = g.nodes.filter((n) => n.kind === 'writable')
    expect(ws.map((w) => w.data.changeCount)).toEqual([1, 3])
    expect(ws[0].y).toBe(ws[1].y)
    expect(ws[0].x).not.toBe(ws[1].x)
    expect(g.nodes.some((n) => n.id === 'container:' + hex('2'))).toBe(false)
  })
})

describe('diffGraph and explainDiff', () => {
  it('explains docker run as a writable layer on top of the image', () => {
    const before = projectSnapshot(snap([ubuntu]), 'family')
    const after = projectSnapshot(snap([ubuntu], [ctr('f', 'a', 'running', 50)]), 'family')
    const d = diffGraph(before, after)
    expect(d.added.sort()).toEqual(['container:' + hex('f'), 'writable:' + hex('f')].sort())
    expect(d.removed).toEqual([])
    const e = explainDiff(before, after, d, 'docker run -d ubuntu:14.04 sleep 1000')
    expect(e).toEqual({ key: 'explain.run', params: { cmd: 'docker run', image: 'ubuntu:14.04', name: 'c_f' } })
  })

  it('explains pull, state changes and removal', () => {
    const empty = projectSnapshot(snap([]), 'family')
    const pulled = projectSnapshot(snap([ubuntu]), 'family')
    const e1 = explainDiff(empty, pulled, diffGraph(empty, pulled), 'docker pull ubuntu:14.04')
    expect(e1.key).toBe('explain.pull')
    expect(e1.params.layers).toBe(3)
    const running = projectSnapshot(snap([ubuntu], [ctr('f', 'a', 'running', 50)]), 'family')
    const exited = projectSnapshot(snap([ubuntu], [ctr('f', 'a', 'exited', 50)]), 'family')
    expect(explainDiff(running, exited, diffGraph(running, exited), 'docker stop c_f').params).toMatchObject({ from: 'running', to: 'exited' })
    expect(explainDiff(exited, pulled, diffGraph(exited, pulled), 'docker rm c_f').key).toBe('explain.rm')
  })

  it('with no command to put it down to: an image appeared, a container was made by "docker"', () => {
    const empty = projectSnapshot(snap([]), 'family')
    const pulled = projectSnapshot(snap([ubuntu]), 'family')
    expect(explainDiff(empty, pulled, diffGraph(empty, pulled), '')).toMatchObject({ key: 'explain.appeared', params: { image: 'ubuntu:14.04', layers: 3 } })
    const running = projectSnapshot(snap([ubuntu], [ctr('f', 'a', 'running', 50)]), 'family')
    expect(explainDiff(pulled, running, diffGraph(pulled, running), '')).toMatchObject({ key: 'explain.run', params: { cmd: 'docker' } })
  })
})

describe('compact Family view (big hosts)', () => {
  const many = Array.from({ length: 6 }, (_, i) => img(String.fromCharCode(100 + i), [String(i)], [`t${i}:1`], 100 + i))
  const cs = many.map((m, i) => ctr(String.fromCharCode(110 + i), String.fromCharCode(100 + i), 'running', 200 + i, 2))
  it('drops tag and writable nodes, sits containers on their image, keeps tags and the writable layer in labels', () => {
    const full = projectSnapshot(snap(many, cs), 'family', { compact: false })
    const compact = projectSnapshot(snap(many, cs), 'family', { compact: true })
    expect(full.nodes.some((n) => n.kind === 'tag' || n.kind === 'writable')).toBe(true)
    expect(compact.nodes.some((n) => n.kind === 'tag' || n.kind === 'writable')).toBe(false)
    expect(compact.nodes.length).toBe(full.nodes.length - 6 - 6) // 6 tags, 6 writable layers
    const c = byId(compact, `container:${cs[0].id}`)
    expect(c.below).toBe(`image:${many[0].id}`)
    expect(c.label).toContain('writable layer · 2')
    expect(byId(compact, `image:${many[0].id}`).label).toContain('t0:1')
    // every edge joins two drawn nodes
    const ids = new Set(compact.nodes.map((n) => n.id))
    expect(compact.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true)
  })
  it('is the default only above COMPACT_AT images + containers', () => {
    expect(projectSnapshot(snap(many, cs), 'family').nodes.some((n) => n.kind === 'writable')).toBe(true)
    const big = Array.from({ length: COMPACT_AT + 1 }, (_, i) => img(i.toString(16), [i.toString(16)], [], i))
    expect(projectSnapshot(snap(big), 'family').nodes.some((n) => n.kind === 'tag')).toBe(false)
    expect(projectSnapshot(snap(big.slice(0, 3).map((b) => ({ ...b, tags: ['x:1'] }))), 'family').nodes.some((n) => n.kind === 'tag')).toBe(true)
  })
})

describe('family layout readability', () => {
  it('puts tag labels beside their image without covering any other node', () => {
    const a = img('a', ['1'], ['base:1', 'base:latest'], 1)
    const b = img('b', ['1', '2'], ['left:1'], 2, 'a')
    const c = img('c', ['1', '3'], ['right:1', 'right:2'], 3, 'a')
    const g = projectSnapshot(snap([a, b, c], [ctr('x', 'a', 'running', 4), ctr('y', 'b', 'exited', 5), ctr('z', 'c', 'paused', 6)]), 'family')
    const size = (k: string) => (k === 'tag' ? [120, 22] : k === 'kernel' ? [260, 44] : k === 'writable' ? [190, 30] : [190, 44])
    const box = (n: (typeof g.nodes)[number]) => {
      const [w, h] = size(n.kind)
      return { x1: n.x - w / 2, x2: n.x + w / 2, y1: n.y - h / 2, y2: n.y + h / 2 }
    }
    const tags = g.nodes.filter((n) => n.kind === 'tag')
    expect(tags).toHaveLength(5)
    for (const t of tags) {
      const tb = box(t)
      for (const n of g.nodes) {
        if (n.id === t.id || n.id === t.below || n.kind === 'tag') continue
        const nb = box(n)
        const overlap = tb.x1 < nb.x2 && nb.x1 < tb.x2 && tb.y1 < nb.y2 && nb.y1 < tb.y2
        expect(overlap, `${t.id} covers ${n.id}`).toBe(false)
      }
      // and sits right beside its image
      const owner = byId(g, t.below!)
      expect(Math.abs(t.y - owner.y)).toBeLessThan(44)
      expect(t.x).toBeGreaterThan(owner.x)
    }
  })
})
