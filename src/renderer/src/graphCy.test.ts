import { describe, it, expect } from 'vitest'
import { fitViewport, graphBox, toElements, nodeClasses, BIG_GRAPH, cyOptions } from './graphCy'
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
    const els = toElements(g, (n) => n.label.toUpperCase())
    expect(els).toHaveLength(5)
    expect(els[1]).toMatchObject({ group: 'nodes', data: { id: 'container:c', label: 'C' }, position: { x: 100, y: -200 }, classes: 'container state-exited lbl' })
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
})
