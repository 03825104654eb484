import { describe, it, expect } from 'vitest'
import cytoscape from 'cytoscape'
import { fitViewport, firstViewport, revealViewport, OVERVIEW_ZOOM, graphBox, toElements, nodeClasses, BIG_GRAPH, cyOptions, labelVisible, LABEL_ZOOM, createGraphCy, completeGraph, whenComplete, splitByView } from './graphCy'
import { graphStyle } from './graphStyle'
import type { Graph, GraphNode } from '../../domain/graph'

const g: Graph = {
  nodes: [
    { id: 'kernel', kind: 'kernel', label: 'kernel', x: 0, y: 0, below: null, data: {} },
    { id: 'container:c', kind: 'container', label: 'c', x: 100, y: -200, below: 'kernel', data: { state: 'exited' } },
    { id: 'image:i', kind: 'image', label: 'i', x: -100, y: -100, below: 'kernel', data: { dangling: true } },
  ],
  edges: [{ id: 'on:container:c', source: 'container:c', target: 'kernel', kind: 'on' }, { id: 'tagof:x', source: 'image:i', target: 'kernel', kind: 'tag' }],
}

describe('graphCy', () => {
  it('makes one element array with positions and class names (no data selectors needed)', () => {
    const els = toElements(g, (n) => n.label.toUpperCase(), (n) => n.kind === 'container')
    expect(els).toHaveLength(5)
    expect(els[1]).toMatchObject({ group: 'nodes', data: { id: 'container:c', label: 'C' }, position: { x: 100, y: -200 }, classes: 'container state-exited lbl' })
    // labels are lazy: nodes not asked for get none
    expect(els[2].classes).toBe('image dangling')
    expect(toElements(g)[1].classes).toBe('container state-exited')
    expect(nodeClasses(g.nodes[2])).toBe('image dangling')
    expect(els[4]).toMatchObject({ group: 'edges', classes: 'tagof' })
  })
  it('fits the box from fixed node sizes, leaving the top free', () => {
    const box = graphBox(g)!
    expect(box).toEqual({ x1: -195, y1: -222, x2: 195, y2: 22 })
    const vp = fitViewport(box, 800, 600, { top: 80, pad: 30 })
    expect(vp.zoom).toBeCloseTo(Math.min(740 / 390, 490 / 244, 1.4))
    // the box's top edge lands below the overlay room, its centre column in the middle
    expect(box.y1 * vp.zoom + vp.pan.y).toBeGreaterThanOrEqual(80)
    expect(((box.x1 + box.x2) / 2) * vp.zoom + vp.pan.x).toBeCloseTo(400)
  })
  it('keeps the bottom room free for the toolbar: fit, first view and reveal', () => {
    // a tall graph, so the height decides the zoom: its bottom edge must stay above the toolbar's room
    const tall = { x1: -100, y1: -1000, x2: 100, y2: 0 }
    const low = (vp: { zoom: number; pan: { y: number } }, b = tall) => b.y2 * vp.zoom + vp.pan.y
    expect(low(fitViewport(tall, 800, 600, { top: 80 }))).toBeCloseTo(600 - 30)
    const fit = fitViewport(tall, 800, 600, { top: 80, bottom: 52 })
    expect(low(fit)).toBeCloseTo(600 - 52)
    expect(tall.y1 * fit.zoom + fit.pan.y).toBeCloseTo(80)
    // the first view of a graph too big to fit readably: the window ends above the room too
    const big = { nodes: Array.from({ length: 200 }, (_, i) => ({ ...g.nodes[0], id: `image:${i}`, x: i * 400, y: -i * 60 })), edges: [] }
    const firstLow = (bottom?: number) => low(firstViewport(big, 1000, 800, { minZoom: 0.02, focus: 'image:0', bottom })!, graphBox(big)!)
    expect(firstLow(52)).toBeCloseTo(800 - 52)
    expect(firstLow()).toBeCloseTo(800 - 30)
    // a node revealed near the bottom edge lands above the room, not under the toolbar
    const vp = { zoom: 1, pan: { x: 0, y: 0 } }
    const r = revealViewport(vp, [{ x1: 100, y1: 700, x2: 300, y2: 760 }], 1000, 800, { top: 80, bottom: 52 })!
    expect(760 * r.zoom + r.pan.y).toBeCloseTo(800 - 52)
    expect(revealViewport(vp, [{ x1: 100, y1: 700, x2: 300, y2: 760 }], 1000, 800, { top: 80 })).toBeNull()
  })
  it('shows a graph too wide for the minimum zoom from its bottom-left', () => {
    const vp = fitViewport({ x1: 0, y1: -500, x2: 1e6, y2: 0 }, 1000, 800, { minZoom: 0.02, pad: 30 })
    expect(vp.zoom).toBe(0.02)
    expect(vp.pan.x).toBe(30)
    // vertically it fits: centred in the room below the overlay
    expect(-250 * vp.zoom + vp.pan.y).toBeCloseTo(80 + (800 - 80 - 30) / 2)
  })
  it('first view: the whole graph when that is readable enough, else a readable window on the focus', () => {
    expect(firstViewport(g, 800, 600)).toEqual(fitViewport(graphBox(g)!, 800, 600))
    // a forest 60,000 wide: fit-all would be a strip at zoom ~0.012
    const wide: Graph = { nodes: [{ id: 'kernel', kind: 'kernel', label: 'k', x: 30000, y: 0, below: null, data: {} }], edges: [] }
    for (let i = 0; i < 300; i++) wide.nodes.push({ id: `image:${i}`, kind: 'image', label: `${i}`, x: i * 200, y: -74, below: 'kernel', data: {} })
    expect(fitViewport(graphBox(wide)!, 1000, 800, { minZoom: 0.02 }).zoom).toBeLessThan(OVERVIEW_ZOOM)
    const at = (vp: { zoom: number; pan: { x: number; y: number } }, n: GraphNode) => ({ x: n.x * vp.zoom + vp.pan.x, y: n.y * vp.zoom + vp.pan.y })
    const newest = firstViewport(wide, 1000, 800, { minZoom: 0.02 })!
    expect(newest.zoom).toBe(LABEL_ZOOM)
    // the newest (last) node is on screen, below the overlay room, and so is the kernel row (bottom-aligned)
    const p = at(newest, wide.nodes[300])
    expect(p.x).toBeGreaterThan(30)
    expect(p.x).toBeLessThan(970)
    expect(p.y).toBeGreaterThan(80)
    // the view does not run past the graph's right edge: the last image sits at the right, not in the middle
    expect(p.x).toBeGreaterThan(800)
    // the forest is low: centred in the room below the overlay
    expect(-37 * newest.zoom + newest.pan.y).toBeCloseTo(80 + (800 - 80 - 30) / 2)
    // a tall one is bottom-aligned (kernel row in view) while the focus stays in view
    const tall: Graph = { nodes: [...wide.nodes, { id: 'image:top', kind: 'image', label: 't', x: 0, y: -5000, below: null, data: {} }, wide.nodes[300]], edges: [] }
    const t = firstViewport(tall, 1000, 800, { minZoom: 0.02 })!
    expect(22 * t.zoom + t.pan.y).toBeCloseTo(800 - 30)
    // a selected node is the focus instead
    const sel = firstViewport(wide, 1000, 800, { minZoom: 0.02, focus: 'image:150' })!
    expect(at(sel, wide.nodes[151]).x).toBeCloseTo(500)
  })
  it('reveal: no move when the box is in view; else the smallest pan; zoom out only as needed and not below the floor', () => {
    const vp = { zoom: 1, pan: { x: 0, y: 0 } }
    expect(revealViewport(vp, [{ x1: 100, y1: 100, x2: 300, y2: 200 }], 1000, 800)).toBeNull()
    // above the view (the new container over the top edge): panned down just enough to clear the overlay room
    const up = revealViewport(vp, [{ x1: 100, y1: -300, x2: 300, y2: -250 }], 1000, 800, { top: 80 })!
    expect(up.zoom).toBe(1)
    expect(up.pan).toEqual({ x: 0, y: 380 })
    // off the right edge
    const right = revealViewport(vp, [{ x1: 1200, y1: 100, x2: 1400, y2: 200 }], 1000, 800, { pad: 30 })!
    expect(right.pan).toEqual({ x: 1000 - 30 - 1400, y: 0 })
    // wider than the view: zoomed out to fit it, within the floor
    const wide = revealViewport(vp, [{ x1: 0, y1: 100, x2: 1100, y2: 200 }], 1000, 800, { pad: 30 })!
    expect(wide.zoom).toBeCloseTo(940 / 1100)
    expect(0 * wide.zoom + wide.pan.x).toBeGreaterThanOrEqual(30 - 1e-6)
    expect(1100 * wide.zoom + wide.pan.x).toBeLessThanOrEqual(970 + 1e-6)
    // too wide even at the floor: the next (main) box is shown whole at the current zoom instead
    const two = revealViewport(vp, [{ x1: 0, y1: 100, x2: 5000, y2: 200 }, { x1: 4000, y1: 100, x2: 4200, y2: 200 }], 1000, 800, { pad: 30, floor: LABEL_ZOOM })!
    expect(two.zoom).toBe(1)
    expect(4200 + two.pan.x).toBe(970)
    // never zooms in, and a view already below the floor is not zoomed out further than needed
    const low = { zoom: 0.3, pan: { x: 0, y: 0 } }
    expect(revealViewport(low, [{ x1: 4000, y1: 100, x2: 4200, y2: 200 }], 1000, 800)!.zoom).toBe(0.3)
  })
  it('uses the big-graph settings only above BIG_GRAPH elements', () => {
    expect(cyOptions(BIG_GRAPH).textureOnViewport).toBe(false)
    expect(cyOptions(BIG_GRAPH + 1)).toMatchObject({ textureOnViewport: true, hideEdgesOnViewport: true, pixelRatio: 1 })
  })
  it('labels only the nodes in a readable view, and keeps labels once given', () => {
    const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStyle(false) })
    cy.add(toElements(g))
    // headless has no size: give the view one
    cy.width = () => 400
    cy.height = () => 300
    cy.viewport({ zoom: LABEL_ZOOM / 2, pan: { x: 200, y: 250 } })
    expect(labelVisible(cy)).toBe(0)
    expect(cy.nodes('.lbl')).toHaveLength(0)
    // zoomed in on the kernel and the image above it; the container (100, -200) is far above the view
    cy.viewport({ zoom: 1, pan: { x: 200, y: 140 } })
    expect(labelVisible(cy)).toBe(2)
    expect(cy.nodes('.lbl').map((n) => n.id()).sort()).toEqual(['image:i', 'kernel'])
    expect(cy.getElementById('image:i').style('label')).toBe('i')
    expect(cy.getElementById('container:c').style('label')).toBe('')
    cy.viewport({ zoom: 0.1, pan: { x: 0, y: 0 } })
    expect(labelVisible(cy)).toBe(0)
    expect(cy.nodes('.lbl')).toHaveLength(2)
    cy.destroy()
  })

  /** a forest far wider than any view: n families of an image on a layer on the kernel's row */
  function wide(n: number): Graph {
    const nodes: GraphNode[] = [{ id: 'kernel', kind: 'kernel', label: 'kernel', x: 0, y: 0, below: null, data: {} }]
    const edges: Graph['edges'] = []
    for (let i = 0; i < n; i++) {
      nodes.push({ id: `layer:${i}`, kind: 'layer', label: `l${i}`, x: i * 250, y: -60, below: 'kernel', data: {} })
      nodes.push({ id: `image:${i}`, kind: 'image', label: `i${i}`, x: i * 250, y: -120, below: `layer:${i}`, data: {} })
      edges.push({ id: `on:layer:${i}`, source: `layer:${i}`, target: 'kernel', kind: 'on' })
      edges.push({ id: `on:image:${i}`, source: `image:${i}`, target: `layer:${i}`, kind: 'on' })
    }
    return { nodes, edges }
  }
  it('splits a big graph into what the view shows (with neighbours and their edges) and the rest, nodes first', () => {
    const g = wide(100)
    const [first, rest] = splitByView(g, toElements(g), { x1: -100, y1: -200, x2: 600, y2: 50, w: 700, h: 250 })
    const ids = first.map((e) => e.data.id)
    // families 0..3 lie within the view and its 200-unit margin; the kernel is their neighbour
    expect(ids).toEqual(expect.arrayContaining(['kernel', 'layer:0', 'image:3', 'on:layer:3', 'on:image:0']))
    expect(ids).not.toContain('image:4')
    // every edge of the first part has both ends in it
    const firstIds = new Set(ids)
    for (const e of first) if (e.group === 'edges') expect(firstIds.has(e.data.source!) && firstIds.has(e.data.target!)).toBe(true)
    expect(first.length + rest.length).toBe(g.nodes.length + g.edges.length)
    const firstEdge = rest.findIndex((e) => e.group === 'edges')
    expect(rest.slice(firstEdge).every((e) => e.group === 'edges')).toBe(true)
  })
  it('streams a big graph in after the first view, and completeGraph adds the rest at once', async () => {
    const g = wide(1000)
    expect(g.nodes.length + g.edges.length).toBeGreaterThan(BIG_GRAPH)
    const cy = createGraphCy(undefined, g, { dark: false })
    expect(cy.elements().length).toBeLessThan(g.nodes.length + g.edges.length)
    // (headless has no size, so its first view is empty: the split itself is tested above)
    completeGraph(cy)
    expect(cy.elements().length).toBe(g.nodes.length + g.edges.length)
    await whenComplete(cy)
    cy.destroy()
    const cy2 = createGraphCy(undefined, g, { dark: false })
    await whenComplete(cy2)
    expect(cy2.elements().length).toBe(g.nodes.length + g.edges.length)
    expect(cy2.edges().every((e) => e.source().nonempty() && e.target().nonempty())).toBe(true)
    cy2.destroy()
    // a small graph is added whole
    const cy3 = createGraphCy(undefined, wide(10), { dark: false })
    expect(cy3.elements().length).toBe(41)
    cy3.destroy()
  })
})
