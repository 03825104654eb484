/**
 * Snapshot → graph: the pure projection the renderer hands to Cytoscape.
 * Kernel at the bottom (layer 0), read-only layers as chains (shared chains drawn once), images on
 * their top layer (a child image above its parent), containers on their image with their writable
 * layer between. Positions come from d3-hierarchy's tidy tree, one family (subtree of the kernel)
 * at a time, families left to right by age, so adding to one family does not move another.
 */
import { hierarchy, tree, type HierarchyPointNode } from 'd3-hierarchy'
import type { Snapshot, SnapshotContainer, SnapshotImage } from '../snapshot'
import type { ContainerStateName } from '../types'
import { shortId } from '../ids'
import { formatSize, instructionText } from './text'

export { formatSize, instructionText }

export type GraphView = 'family' | 'stack' | 'isolation'
export type NodeKind = 'kernel' | 'layer' | 'image' | 'tag' | 'container' | 'writable'

export interface GraphNode {
  id: string
  kind: NodeKind
  /** Main text shown in the node (multi-line allowed). */
  label: string
  x: number
  y: number
  /** Tree parent (the node this one sits on), null for the kernel/roots. */
  below: string | null
  data: {
    fullId?: string
    shortId?: string
    tags?: string[]
    dangling?: boolean
    size?: number
    createdBy?: string
    diffId?: string
    state?: ContainerStateName
    /** a container's last exit code (shown beside "exited") */
    exitCode?: number
    name?: string
    imageId?: string
    changeCount?: number | null
    /** image IDs whose stacks contain this layer */
    sharedBy?: string[]
  }
}

export interface GraphEdge {
  id: string
  source: string // the upper node
  target: string // the node it sits on / points at
  kind: 'on' | 'tag'
}

export interface Graph {
  nodes: GraphNode[]
  edges: GraphEdge[]
}

export interface ProjectOptions {
  /** stack: the image or container shown; isolation: the image whose containers are shown */
  focus?: string | null
  /** show tag label nodes beside images (default true) */
  tags?: boolean
  /**
   * Family view only. Compact drawing for big hosts: no separate tag nodes (tags stay in the image's label)
   * and no separate writable-layer node (the container sits on its image; its label says "+ writable layer").
   * Default 'auto': compact above COMPACT_AT images + containers, where a learner sees the forest's shape
   * rather than individual labels and a third of the elements saved is a third of the drawing time.
   */
  compact?: boolean | 'auto'
  /** horizontal / vertical spacing in px */
  dx?: number
  dy?: number
}

export const KERNEL_ID = 'kernel'
/** images + containers above which the Family view is drawn compact by default */
export const COMPACT_AT = 1000
export function imageLabel(img: SnapshotImage): string {
  const tags = img.tags.length ? img.tags.join('\n') : '<none>:<none>'
  return `${tags}\n${shortId(img.id)}`
}

export function containerLabel(c: SnapshotContainer): string {
  return `${c.name}\n${shortId(c.id)} · ${c.state}`
}

/** For each image: the non-empty history steps, matched one-to-one to its layers. */
function layerSteps(img: SnapshotImage): Array<{ createdBy: string; size: number } | null> {
  const steps = img.history.filter((h) => !h.emptyLayer)
  return img.layers.map((_, i) => {
    // history and layers line up from the top when the history is complete
    const s = steps[steps.length - img.layers.length + i]
    return s ? { createdBy: s.createdBy, size: s.size } : null
  })
}

interface TreeItem {
  id: string
  children: TreeItem[]
  /** sort key: older first */
  order: number
  /** carries tag labels on its right: needs room before its right-hand neighbour */
  wide?: boolean
}

interface Built {
  nodes: Map<string, GraphNode>
  edges: GraphEdge[]
  root: TreeItem
}

function byAge(a: { created: number; id: string }, b: { created: number; id: string }) {
  return a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

function node(id: string, kind: NodeKind, label: string, below: string | null, data: GraphNode['data'] = {}): GraphNode {
  return { id, kind, label, x: 0, y: 0, below, data }
}

/** 53-bit FNV-1a style hash of a string as 14 hex digits: fast, stable, not cryptographic. */
function hash53(s: string): string {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 16777619)
    h2 = Math.imul(h2 ^ c, 2246822519)
  }
  return ((h2 >>> 0) & 0x1fffff).toString(16).padStart(6, '0') + (h1 >>> 0).toString(16).padStart(8, '0')
}

/**
 * A key per layer *in its position*, like Docker's chain IDs: chain(0)=diff(0); chain(n)=H(chain(n-1)+' '+diff(n)),
 * so the same diff on another base is another node. H is a fast non-cryptographic hash (the ids only name
 * graph nodes; sha256 here cost ~40% of the projection at 2,000 images).
 */
function chainIds(layers: string[], memo: Map<string, string>): string[] {
  const out: string[] = []
  let prev = ''
  for (let i = 0; i < layers.length; i++) {
    const key = i === 0 ? layers[0] : prev + ' ' + layers[i]
    let id = memo.get(key)
    if (!id) {
      id = i === 0 ? layers[0] : 'chain:' + hash53(key)
      memo.set(key, id)
    }
    out.push(id)
    prev = id
  }
  return out
}

function buildFamily(snap: Snapshot, withTags: boolean, images: SnapshotImage[], containers: SnapshotContainer[], compact = false): Built {
  const nodes = new Map<string, GraphNode>()
  const edges: GraphEdge[] = []
  const items = new Map<string, TreeItem>()
  const kernel = node(KERNEL_ID, 'kernel', `kernel ${snap.engine.kernel || ''}`.trim(), null)
  nodes.set(KERNEL_ID, kernel)
  const root: TreeItem = { id: KERNEL_ID, children: [], order: 0 }
  items.set(KERNEL_ID, root)

  const sorted = [...images].sort(byAge)
  const memo = new Map<string, string>()
  const chains = new Map<string, string[]>()
  for (const img of sorted) chains.set(img.id, chainIds(img.layers, memo))
  // which image sits on each chain top (older first; a parent before its children)
  const imagesOnTop = new Map<string, SnapshotImage[]>()
  for (const img of sorted) {
    const ch = chains.get(img.id)!
    const top = ch.length ? ch[ch.length - 1] : KERNEL_ID
    const list = imagesOnTop.get(top)
    if (list) list.push(img)
    else imagesOnTop.set(top, [img])
  }
  const imgNodeId = (id: string) => `image:${id}`
  const attach = (childId: string, parentId: string, order: number) => {
    const p = items.get(parentId)!
    const it: TreeItem = { id: childId, children: [], order }
    p.children.push(it)
    items.set(childId, it)
    edges.push({ id: `on:${childId}`, source: childId, target: parentId, kind: 'on' })
  }
  /** a layer continuing above chain node `c`: on the first image that ends there, else on the chain node */
  const baseFor = (chain: string) => {
    const on = imagesOnTop.get(chain)
    return on && on.length ? imgNodeId(on[0].id) : chain === KERNEL_ID ? KERNEL_ID : `layer:${chain}`
  }
  let order = 1
  for (const img of sorted) {
    const ch = chains.get(img.id)!
    const steps = layerSteps(img)
    let below = KERNEL_ID
    for (let i = 0; i < ch.length; i++) {
      const lid = `layer:${ch[i]}`
      const existing = nodes.get(lid)
      if (existing) {
        existing.data.sharedBy!.push(img.id)
      } else {
        const step = steps[i]
        const size = step?.size ?? 0
        const instr = step ? instructionText(step.createdBy) : ''
        const n = node(lid, 'layer', `${shortId(img.layers[i])} · ${formatSize(size)}${instr ? '\n' + instr : ''}`, null, {
          diffId: img.layers[i],
          fullId: ch[i],
          size,
          createdBy: step?.createdBy ?? '',
          sharedBy: [img.id],
        })
        // the first image whose top is the layer below "owns" the spot this layer sits on
        const on = i === 0 ? KERNEL_ID : baseFor(ch[i - 1])
        // an image can only carry layers that begin above it once it exists in the tree
        const target = nodes.has(on) ? on : i === 0 ? KERNEL_ID : `layer:${ch[i - 1]}`
        n.below = target
        nodes.set(lid, n)
        attach(lid, target, order++)
      }
      below = lid
    }
    const id = imgNodeId(img.id)
    const dangling = img.tags.length === 0
    const onTop = imagesOnTop.get(ch.length ? ch[ch.length - 1] : KERNEL_ID)!
    // same layers as an older image (e.g. a commit without changes): sit on that image
    const first = onTop[0]
    let target = below
    if (first.id !== img.id) target = imgNodeId(img.parentId && onTop.some((o) => o.id === img.parentId) ? img.parentId : first.id)
    nodes.set(
      id,
      node(id, 'image', imageLabel(img), target, {
        fullId: img.id,
        shortId: shortId(img.id),
        tags: img.tags,
        dangling,
        size: img.size,
      }),
    )
    attach(id, target, order++)
    if (withTags && img.tags.length) items.get(id)!.wide = true
    if (withTags) {
      for (const t of img.tags) {
        const tid = `tag:${t}`
        nodes.set(tid, node(tid, 'tag', t, id, { tags: [t], imageId: img.id }))
        edges.push({ id: `tagof:${t}`, source: tid, target: id, kind: 'tag' })
      }
    }
  }
  const cs = [...containers].sort(byAge)
  for (const c of cs) {
    const img = imgNodeId(c.imageId)
    const base = nodes.has(img) ? img : KERNEL_ID
    addContainer(nodes, c, base, (child, parent) => attach(child, parent, order++), compact)
  }
  return { nodes, edges, root }
}

function addContainer(
  nodes: Map<string, GraphNode>,
  c: SnapshotContainer,
  base: string,
  attach: (child: string, parent: string) => void,
  compact = false,
) {
  const wid = `writable:${c.id}`
  const cid = `container:${c.id}`
  const count = c.changes ? c.changes.length : null
  const data = { fullId: c.id, shortId: shortId(c.id), name: c.name, state: c.state, exitCode: c.exitCode, imageId: c.imageId, changeCount: count }
  if (compact) {
    nodes.set(cid, node(cid, 'container', `${containerLabel(c)}\n+ writable layer${count ? ` · ${count}` : ''}`, base, data))
    attach(cid, base)
    return
  }
  nodes.set(
    wid,
    node(wid, 'writable', count === null ? 'writable layer' : `writable layer · ${count}`, base, {
      fullId: c.id,
      changeCount: count,
      state: c.state,
      exitCode: c.exitCode,
    }),
  )
  attach(wid, base)
  nodes.set(
    cid,
    node(cid, 'container', containerLabel(c), wid, {
      fullId: c.id,
      shortId: shortId(c.id),
      name: c.name,
      state: c.state,
      exitCode: c.exitCode,
      imageId: c.imageId,
      changeCount: count,
    }),
  )
  attach(cid, wid)
}

/** Tidy tree per family, bottom-up, families side by side in age order. */
function layout(built: Built, dx: number, dy: number) {
  const { nodes, root } = built
  const kernel = nodes.get(KERNEL_ID)!
  const sortKids = (t: TreeItem) => {
    t.children.sort((a, b) => a.order - b.order)
    for (const c of t.children) sortKids(c)
  }
  sortKids(root)
  let cursor = 0
  const layoutTree = tree<TreeItem>()
    .nodeSize([dx, dy])
    .separation((a, b) => (a.parent === b.parent ? 1 : 1.15) + (a.data.wide ? 0.65 : 0))
  for (const fam of root.children) {
    const h = layoutTree(hierarchy(fam, (d) => d.children))
    let minX = Infinity
    let maxX = -Infinity
    h.each((n: HierarchyPointNode<TreeItem>) => {
      if (n.x < minX) minX = n.x
      if (n.x > maxX) maxX = n.x
    })
    const shift = cursor - minX
    h.each((n: HierarchyPointNode<TreeItem>) => {
      const g = nodes.get(n.data.id)!
      g.x = n.x + shift
      g.y = -(n.depth + 1) * dy
    })
    cursor += maxX - minX + dx * 1.3
  }
  const width = Math.max(0, cursor - dx * 1.3)
  kernel.x = width / 2
  kernel.y = 0
  // tags beside their image, stacked to the right
  const perImage = new Map<string, number>()
  for (const n of nodes.values()) {
    if (n.kind !== 'tag' || !n.below) continue
    const img = nodes.get(n.below)!
    const k = perImage.get(n.below) ?? 0
    perImage.set(n.below, k + 1)
    n.x = img.x + dx * 0.62
    n.y = img.y - dy * 0.25 + k * 22
  }
}

function familyGraph(snap: Snapshot, opts: ProjectOptions): Graph {
  const dx = opts.dx ?? 200
  const dy = opts.dy ?? 74
  const compact = opts.compact === true || ((opts.compact ?? 'auto') === 'auto' && snap.images.length + snap.containers.length > COMPACT_AT)
  const built = buildFamily(snap, opts.tags !== false && !compact, snap.images, snap.containers, compact)
  layout(built, dx, dy)
  return { nodes: [...built.nodes.values()], edges: built.edges }
}

/** One image (or a container's image) as a vertical stack, kernel at the bottom. */
function stackGraph(snap: Snapshot, opts: ProjectOptions): Graph {
  const dy = opts.dy ?? 74
  const focus = opts.focus ?? null
  const container = focus ? snap.containers.find((c) => c.id === focus || `container:${c.id}` === focus) : undefined
  const imageId = container ? container.imageId : focus?.replace(/^image:/, '')
  const img = snap.images.find((i) => i.id === imageId) ?? (focus ? undefined : snap.images[0])
  const nodes: GraphNode[] = [node(KERNEL_ID, 'kernel', `kernel ${snap.engine.kernel || ''}`.trim(), null)]
  const edges: GraphEdge[] = []
  const push = (n: GraphNode) => {
    const below = nodes[nodes.length - 1]
    n.below = below.id
    n.x = 0
    n.y = -nodes.length * dy
    nodes.push(n)
    edges.push({ id: `on:${n.id}`, source: n.id, target: below.id, kind: 'on' })
  }
  if (img) {
    const memo = new Map<string, string>()
    const ch = chainIds(img.layers, memo)
    const steps = layerSteps(img)
    // which ancestor image each layer came from
    const byId = new Map(snap.images.map((i) => [i.id, i]))
    const owners: Array<SnapshotImage | undefined> = []
    const lineage: SnapshotImage[] = []
    for (let cur: SnapshotImage | undefined = img; cur && lineage.length < 1000; cur = cur.parentId ? byId.get(cur.parentId) : undefined) lineage.unshift(cur)
    for (let i = 0; i < img.layers.length; i++) owners.push(lineage.find((a) => a.layers.length > i))
    for (let i = 0; i < ch.length; i++) {
      const step = steps[i]
      const size = step?.size ?? 0
      const instr = step ? instructionText(step.createdBy) : ''
      const owner = owners[i]
      const from = owner && owner.id !== img.id ? ` (${owner.tags[0] ?? shortId(owner.id)})` : ''
      push(
        node(`layer:${ch[i]}`, 'layer', `${shortId(img.layers[i])} · ${formatSize(size)}${from}${instr ? '\n' + instr : ''}`, null, {
          diffId: img.layers[i],
          fullId: ch[i],
          size,
          createdBy: step?.createdBy ?? '',
          sharedBy: owner ? [owner.id] : [img.id],
        }),
      )
    }
    push(node(`image:${img.id}`, 'image', imageLabel(img), null, { fullId: img.id, shortId: shortId(img.id), tags: img.tags, dangling: img.tags.length === 0, size: img.size }))
    if (container) {
      const tmp = new Map<string, GraphNode>()
      addContainer(tmp, container, '', () => {})
      push(tmp.get(`writable:${container.id}`)!)
      push(tmp.get(`container:${container.id}`)!)
    }
  }
  return { nodes, edges }
}

/** The containers of one image side by side, each with its own writable layer. */
function isolationGraph(snap: Snapshot, opts: ProjectOptions): Graph {
  const focus = opts.focus?.replace(/^image:/, '') ?? null
  const img =
    snap.images.find((i) => i.id === focus) ??
    // default: the image with the most containers
    [...snap.images].sort((a, b) => countOf(snap, b.id) - countOf(snap, a.id) || byAge(a, b))[0]
  if (!img) return { nodes: [node(KERNEL_ID, 'kernel', 'kernel', null)], edges: [] }
  const cs = snap.containers.filter((c) => c.imageId === img.id)
  const sub: Snapshot = { ...snap, images: [img], containers: cs }
  const built = buildFamily(sub, false, [{ ...img, layers: img.layers.slice(-1) }], cs)
  // one node for all the image's read-only layers
  for (const n of built.nodes.values()) {
    if (n.kind === 'layer') n.label = `${img.layers.length} read-only layers · ${formatSize(img.size)}`
  }
  layout(built, opts.dx ?? 200, opts.dy ?? 74)
  return { nodes: [...built.nodes.values()], edges: built.edges }
}

function countOf(snap: Snapshot, imageId: string) {
  let n = 0
  for (const c of snap.containers) if (c.imageId === imageId) n++
  return n
}

export function projectSnapshot(snapshot: Snapshot, view: GraphView, opts: ProjectOptions = {}): Graph {
  if (view === 'stack') return stackGraph(snapshot, opts)
  if (view === 'isolation') return isolationGraph(snapshot, opts)
  return familyGraph(snapshot, opts)
}
