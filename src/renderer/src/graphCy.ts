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
  if (!g.nodes.length) return null
  let x1 = Infinity
  let y1 = Infinity
  let x2 = -Infinity
  let y2 = -Infinity
  for (const n of g.nodes) {
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
 * lines, never zooming in past 1.4. A graph wider than the minimum zoom allows is shown from its
 * bottom-left (the kernel's row, oldest families first) rather than from its empty middle.
 */
export function fitViewport(box: Box, width: number, height: number, opts: { pad?: number; top?: number; minZoom?: number } = {}) {
  const pad = opts.pad ?? 30
  const top = opts.top ?? 80
  const minZoom = opts.minZoom ?? 0.02
  const w = Math.max(1, box.x2 - box.x1)
  const h = Math.max(1, box.y2 - box.y1)
  const zoom = Math.max(minZoom, Math.min(1.4, (width - 2 * pad) / w, (height - top - pad) / h))
  const fitsX = w * zoom <= width - 2 * pad + 0.5
  const x = fitsX ? (width - w * zoom) / 2 - box.x1 * zoom : pad - box.x1 * zoom
  const fitsY = h * zoom <= height - top - pad + 0.5
  const y = fitsY ? top + (height - top - pad - h * zoom) / 2 - box.y1 * zoom : height - pad - box.y2 * zoom
  return { zoom, pan: { x, y } }
}

/**
 * The first render: one instance, the viewport set from the projection's box (cy.fit would measure every
 * element and label first), then one cy.add of the whole element array inside a batch, with labels only on
 * the nodes that the initial view shows readably.
 */
export function createGraphCy(container: CytoscapeOptions['container'], g: Graph, o: { dark: boolean; label?: (n: GraphNode) => string; top?: number }): Core {
  const count = g.nodes.length + g.edges.length
  const cy = cytoscape({ container, style: graphStyle(o.dark), ...cyOptions(count) })
  fitGraph(cy, g, o.top)
  const inView = readableView(cy)
  const els = toElements(g, o.label, inView ? (n) => inView(n.x, n.y) : undefined)
  cy.batch(() => cy.add(els))
  let t: ReturnType<typeof setTimeout> | undefined
  cy.on('viewport', () => {
    clearTimeout(t)
    t = setTimeout(() => cy.destroyed() || labelVisible(cy), 120)
  })
  return cy
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

export function fitGraph(cy: Core, g: Graph, top?: number) {
  const box = graphBox(g)
  if (box) cy.viewport(fitViewport(box, cy.width(), cy.height(), { top, minZoom: cy.minZoom() }))
}
