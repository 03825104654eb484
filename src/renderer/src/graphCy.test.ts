import { describe, it, expect } from 'vitest'
import cytoscape from 'cytoscape'
import { fitViewport, graphBox, toElements, nodeClasses, BIG_GRAPH, cyOptions, labelVisible, LABEL_ZOOM } from './graphCy'
import { graphStyle } from './graphStyle'
import type { Graph } from '../../domain/graph'

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
  it('shows a graph too wide for the minimum zoom from its bottom-left', () => {
    const vp = fitViewport({ x1: 0, y1: -500, x2: 1e6, y2: 0 }, 1000, 800, { minZoom: 0.02, pad: 30 })
    expect(vp.zoom).toBe(0.02)
    expect(vp.pan.x).toBe(30)
    // vertically it fits: centred in the room below the overlay
    expect(-250 * vp.zoom + vp.pan.y).toBeCloseTo(80 + (800 - 80 - 30) / 2)
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
})
