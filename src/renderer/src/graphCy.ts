/**
 * Graph → Cytoscape, without Vue: the element array, the instance options and the fitted viewport.
 * useCytoscape uses it, and `npm run bench:graph` bundles this very file into its page, so the
 * benchmark measures the code the app runs.
 */
import cytoscape, { type Core, type CytoscapeOptions, type ElementDefinition } from 'cytoscape'
import type { Graph, GraphNode } from '../../domain/graph'
import { NODE_SIZE, graphStyle } from './graphStyle'

/** Above this many elements the instance switches to its big-graph settings. */
export const BIG_GRAPH = 1500

export function nodeClasses(n: GraphNode): string {
  let c = n.kind
  if (n.data.state) c += ` state-${n.data.state}`
  if (n.data.dangling) c += ' dangling'
  return c
}

/**
 * One array with positions and classes, for a single cy.add (no per-element calls). Labels are lazy: a node
 * gets its label properties (class `lbl`) only when `labelled(n)` says so — at first render the nodes in
 * the initial view if it is zoomed in enough to read them, later the ones coming into readable view
 * (labelVisible). Label styling and text measuring are per-node work that a far-out view never shows.
 */
export function toElements(g: Graph, label?: (n: GraphNode) => string, labelled: (n: GraphNode) => boolean = () => false): ElementDefinition[] {
  const out: ElementDefinition[] = new Array(g.nodes.length + g.edges.length)
  let i = 0
  for (const n of g.nodes) {
    out[i++] = { group: 'nodes', data: { id: n.id, label: label ? label(n) : n.label }, position: { x: n.x, y: n.y }, classes: labelled(n) ? nodeClasses(n) + ' lbl' : nodeClasses(n) }
  }
  for (const e of g.edges) {
    out[i++] = { group: 'edges', data: { id: e.id, source: e.source, target: e.target }, classes: e.kind === 'tag' ? 'tagof' : 'on' }
  }
  return out
}

/** Instance options; the big-graph ones trade panning detail for speed (textures while panning, no edges). */
export function cyOptions(elementCount: number): CytoscapeOptions {
  const big = elementCount > BIG_GRAPH
  return {
    layout: { name: 'preset' },
    minZoom: 0.02,
    maxZoom: 4,
    boxSelectionEnabled: false,
    textureOnViewport: big,
    hideEdgesOnViewport: big,
    hideLabelsOnViewport: big,
    motionBlur: false,
    pixelRatio: big ? 1 : 'auto',
  }
}

export interface Box {
  x1: number
  y1: number
  x2: number
  y2: number
}

/** Model bounding box from positions and the fixed node sizes: nothing measured. */
export function graphBox(g: Graph): Box | null {
  return nodesBox(g.nodes)
}

/** Model bounding box of some nodes (positions + fixed sizes); null for none. */
export function nodesBox(nodes: readonly GraphNode[]): Box | null {
  if (!nodes.length) return null
  let x1 = Infinity
  let y1 = Infinity
  let x2 = -Infinity
  let y2 = -Infinity
  for (const n of nodes) {
    const [w, h] = NODE_SIZE[n.kind]
    if (n.x - w / 2 < x1) x1 = n.x - w / 2
    if (n.x + w / 2 > x2) x2 = n.x + w / 2
    if (n.y - h / 2 < y1) y1 = n.y - h / 2
    if (n.y + h / 2 > y2) y2 = n.y + h / 2
  }
  return { x1, y1, x2, y2 }
}

/**
 * Zoom and pan that fit `box` into a width×height canvas with `top` pixels kept free for the overlay
 * lines and `bottom` (default `pad`) for a toolbar there, never zooming in past 1.4. A graph wider than the minimum zoom allows is shown from its
 * bottom-left (the kernel's row, oldest families first) rather than from its empty middle.
 */
export function fitViewport(box: Box, width: number, height: number, opts: { pad?: number; top?: number; bottom?: number; minZoom?: number } = {}) {
  const pad = opts.pad ?? 30
  const top = opts.top ?? 80
  const bottom = opts.bottom ?? pad
  const minZoom = opts.minZoom ?? 0.02
  const w = Math.max(1, box.x2 - box.x1)
  const h = Math.max(1, box.y2 - box.y1)
  const zoom = Math.max(minZoom, Math.min(1.4, (width - 2 * pad) / w, (height - top - bottom) / h))
  const fitsX = w * zoom <= width - 2 * pad + 0.5
  const x = fitsX ? (width - w * zoom) / 2 - box.x1 * zoom : pad - box.x1 * zoom
  const fitsY = h * zoom <= height - top - bottom + 0.5
  const y = fitsY ? top + (height - top - bottom - h * zoom) / 2 - box.y1 * zoom : height - bottom - box.y2 * zoom
  return { zoom, pan: { x, y } }
}

export interface Viewport {
  zoom: number
  pan: { x: number; y: number }
}

/**
 * Below this fit-all zoom the whole graph is a strip of unreadable boxes: the first view then shows the
 * part around the selected (else the newest) node at LABEL_ZOOM instead, and Fit (⤢) shows everything.
 */
export const OVERVIEW_ZOOM = 0.35

/**
 * The first view of a graph: everything (fitViewport) when that is at least OVERVIEW_ZOOM; otherwise a
 * readable window (LABEL_ZOOM) on the focus node (the selected one, else the newest: the projection's
 * last node), kernel row at the bottom when the focus is still in view from there, never beyond the graph.
 */
export function firstViewport(g: Graph, width: number, height: number, opts: { pad?: number; top?: number; bottom?: number; minZoom?: number; focus?: string | null } = {}): Viewport | null {
  const box = graphBox(g)
  if (!box) return null
  const fit = fitViewport(box, width, height, opts)
  if (fit.zoom >= OVERVIEW_ZOOM) return fit
  const f = (opts.focus && g.nodes.find((n) => n.id === opts.focus)) || g.nodes[g.nodes.length - 1]
  const pad = opts.pad ?? 30
  const top = opts.top ?? 80
  const bottom = opts.bottom ?? pad
  const zoom = LABEL_ZOOM
  const viewW = (width - 2 * pad) / zoom
  const viewH = Math.max(1, height - top - bottom) / zoom
  const fam = familyBox(g, f) ?? box
  const [fw, fh] = NODE_SIZE[f.kind]
  const m = 20
  // as much of the focus's family as the window holds (bottom first: its base image, the kernel row), the focus
  // always inside, the window inside the graph
  const want = (lo: number, hi: number, size: number, fLo: number, fHi: number, pref: number) => Math.max(fHi + m - size, Math.min(fLo - m, hi - lo <= size ? (lo + hi) / 2 - size / 2 : pref))
  const inside = (lo: number, hi: number, size: number, v: number) => (hi - lo <= size ? (lo + hi) / 2 - size / 2 : Math.max(lo, Math.min(hi - size, v)))
  const x1 = inside(box.x1, box.x2, viewW, want(fam.x1, fam.x2, viewW, f.x - fw / 2, f.x + fw / 2, (fam.x1 + fam.x2) / 2 - viewW / 2))
  const y1 = inside(box.y1, box.y2, viewH, want(fam.y1, box.y2, viewH, f.y - fh / 2, f.y + fh / 2, box.y2 - viewH))
  return { zoom, pan: { x: pad - x1 * zoom, y: top - y1 * zoom } }
}

/** Box of the nodes standing on the same base (the node just above the kernel) as `f`; null for the kernel. */
function familyBox(g: Graph, f: GraphNode): Box | null {
  const byId = new Map(g.nodes.map((n) => [n.id, n]))
  const roots = new Map<string, string | null>()
  const rootOf = (n: GraphNode): string | null => {
    const path: GraphNode[] = []
    let cur: GraphNode | undefined = n
    let r: string | null | undefined
    while (cur) {
      r = roots.get(cur.id)
      if (r !== undefined) break
      const below: GraphNode | undefined = cur.below ? byId.get(cur.below) : undefined
      if (!below || below.kind === 'kernel') {
        r = cur.kind === 'kernel' ? null : cur.id
        path.push(cur)
        break
      }
      path.push(cur)
      cur = below
    }
    for (const p of path) roots.set(p.id, r ?? null)
    return r ?? null
  }
  const root = rootOf(f)
  if (!root) return null
  return nodesBox(g.nodes.filter((n) => rootOf(n) === root))
}

/**
 * The smallest change of `vp` that brings a box into the free part of the canvas (below `top`, above
 * `bottom`, `pad` from the sides): a pan, plus a zoom-out (about the view's centre) only when the box is larger than the view,
 * never below `floor` (LABEL_ZOOM; or the current zoom if that is already lower). `boxes` are tried in order
 * (all changed nodes, then the main one); the first that fits at that zoom is shown whole, else the last one's
 * top-left. Null when the box is already in view.
 */
export function revealViewport(vp: Viewport, boxes: readonly Box[], width: number, height: number, opts: { pad?: number; top?: number; bottom?: number; floor?: number } = {}): Viewport | null {
  if (!boxes.length) return null
  const pad = opts.pad ?? 30
  const top = opts.top ?? 80
  const bottom = opts.bottom ?? pad
  const availW = Math.max(1, width - 2 * pad)
  const availH = Math.max(1, height - top - bottom)
  const floor = Math.min(vp.zoom, opts.floor ?? LABEL_ZOOM)
  const need = (b: Box) => Math.min(vp.zoom, availW / Math.max(1, b.x2 - b.x1), availH / Math.max(1, b.y2 - b.y1))
  const box = boxes.find((b) => need(b) >= floor - 1e-9) ?? boxes[boxes.length - 1]
  const zoom = Math.max(floor, need(box))
  // zoom about the view's centre, then pan as little as possible
  const cx = (width / 2 - vp.pan.x) / vp.zoom
  const cyy = (height / 2 - vp.pan.y) / vp.zoom
  let px = width / 2 - cx * zoom
  let py = height / 2 - cyy * zoom
  const shift = (lo: number, hi: number, rlo: number, rhi: number) => (rhi - rlo > hi - lo ? lo - rlo : rlo < lo ? lo - rlo : rhi > hi ? hi - rhi : 0)
  px += shift(pad, width - pad, box.x1 * zoom + px, box.x2 * zoom + px)
  py += shift(top, height - bottom, box.y1 * zoom + py, box.y2 * zoom + py)
  if (Math.abs(zoom - vp.zoom) < 1e-9 && Math.abs(px - vp.pan.x) < 0.5 && Math.abs(py - vp.pan.y) < 0.5) return null
  return { zoom, pan: { x: px, y: py } }
}

/** Elements per later cy.add when a big graph streams in what lies outside the first view. */
export const CHUNK = 2500

interface Loading {
  rest: ElementDefinition[]
  /** how many of `rest` are in */
  at: number
  timer: ReturnType<typeof setTimeout> | undefined
  done: Promise<void>
  resolve: () => void
}
const loading = new WeakMap<Core, Loading>()

/**
 * The first render: one instance, the viewport set from the projection's box (cy.fit would measure every
 * element and label first), then one cy.add inside a batch, with labels only on the nodes that the initial
 * view shows readably.
 *
 * A big graph (> BIG_GRAPH elements) is streamed: the first cy.add holds what the first view shows (nodes
 * in or beside it, their neighbours, and the edges between those), so the first frame costs what is seen,
 * not the whole forest; the rest follows in CHUNK-sized adds on later tasks (nodes first, then edges).
 * Anything that needs every element calls completeGraph first; whenComplete tells when all are in.
 */
export function createGraphCy(container: CytoscapeOptions['container'], g: Graph, o: { dark: boolean; label?: (n: GraphNode) => string; top?: number; bottom?: number; focus?: string | null }): Core {
  const count = g.nodes.length + g.edges.length
  const cy = cytoscape({ container, style: graphStyle(o.dark), ...cyOptions(count) })
  const vp = firstViewport(g, cy.width(), cy.height(), { top: o.top, bottom: o.bottom, minZoom: cy.minZoom(), focus: o.focus })
  if (vp) cy.viewport(vp)
  const inView = readableView(cy)
  const els = toElements(g, o.label, inView ? (n) => inView(n.x, n.y) : undefined)
  if (count > BIG_GRAPH) {
    const [first, rest] = splitByView(g, els, cy.extent())
    cy.batch(() => cy.add(first))
    if (rest.length) stream(cy, rest)
  } else cy.batch(() => cy.add(els))
  let t: ReturnType<typeof setTimeout> | undefined
  cy.on('viewport', () => {
    clearTimeout(t)
    t = setTimeout(() => cy.destroyed() || labelVisible(cy), 120)
  })
  return cy
}

/**
 * Splits the element array (toElements order: g.nodes then g.edges) into what the view `ext` shows, with a
 * margin of a node's width, plus the neighbours of those nodes so that no edge seen in the view is
 * missing; and the rest, nodes before edges.
 */
export function splitByView(g: Graph, els: ElementDefinition[], ext: Box & { w: number; h: number }): [ElementDefinition[], ElementDefinition[]] {
  const mx = 200
  const my = 60
  const near = new Set<string>()
  for (const n of g.nodes) if (n.x > ext.x1 - mx && n.x < ext.x2 + mx && n.y > ext.y1 - my && n.y < ext.y2 + my) near.add(n.id)
  const take = new Set(near)
  for (const e of g.edges) {
    if (near.has(e.source)) take.add(e.target)
    if (near.has(e.target)) take.add(e.source)
  }
  const first: ElementDefinition[] = []
  const restNodes: ElementDefinition[] = []
  const restEdges: ElementDefinition[] = []
  const nn = g.nodes.length
  for (let i = 0; i < nn; i++) (take.has(g.nodes[i].id) ? first : restNodes).push(els[i])
  for (let i = 0; i < g.edges.length; i++) {
    const e = g.edges[i]
    ;(take.has(e.source) && take.has(e.target) ? first : restEdges).push(els[nn + i])
  }
  return [first, restNodes.concat(restEdges)]
}

function stream(cy: Core, rest: ElementDefinition[]) {
  let resolve!: () => void
  const done = new Promise<void>((r) => (resolve = r))
  const l: Loading = { rest, at: 0, timer: undefined, done, resolve }
  loading.set(cy, l)
  const step = () => {
    if (cy.destroyed()) return finish(cy, l)
    const part = rest.slice(l.at, l.at + CHUNK)
    l.at += part.length
    cy.batch(() => cy.add(part))
    if (l.at < rest.length) l.timer = setTimeout(step, 0)
    else finish(cy, l)
  }
  // a moment after the first frame is on screen (a hidden page streams once shown)
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => unknown }).requestAnimationFrame ?? ((cb: () => void) => cb())
  raf(() => {
    if (loading.get(cy) === l) l.timer = setTimeout(step, 100)
  })
}

function finish(cy: Core, l: Loading) {
  clearTimeout(l.timer)
  loading.delete(cy)
  l.resolve()
}

/** Adds at once whatever a streamed first render has not added yet (before diffs, selection, export). */
export function completeGraph(cy: Core) {
  const l = loading.get(cy)
  if (!l) return
  const rest = l.rest.slice(l.at)
  finish(cy, l)
  if (!cy.destroyed() && rest.length) cy.batch(() => cy.add(rest))
}

/** Resolves once every element of the first render is in the instance. */
export function whenComplete(cy: Core): Promise<void> {
  return loading.get(cy)?.done ?? Promise.resolve()
}

/** Zoom from which a 10px label is drawn (Cytoscape skips labels under 8px on screen). */
export const LABEL_ZOOM = 0.8

/**
 * Whether a position is in (or just beside) the current view, when that view is zoomed in enough for
 * labels to be readable; null when it is not.
 */
function readableView(cy: Core): ((x: number, y: number) => boolean) | null {
  if (cy.zoom() < LABEL_ZOOM) return null
  const ext = cy.extent()
  return (x, y) => x > ext.x1 - 200 && x < ext.x2 + 200 && y > ext.y1 - 60 && y < ext.y2 + 60
}

/**
 * Label the nodes in view once the zoom makes labels readable. Labels are added, never taken away, so
 * panning back is free; returns how many nodes got one.
 */
export function labelVisible(cy: Core): number {
  const inView = readableView(cy)
  if (!inView) return 0
  const todo = cy.nodes().filter((n) => {
    if (n.hasClass('lbl')) return false
    const p = n.position()
    return inView(p.x, p.y)
  })
  if (todo.nonempty()) todo.addClass('lbl')
  return todo.length
}
