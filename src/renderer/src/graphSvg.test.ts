import { describe, expect, it } from 'vitest'
import { graphToSvg } from './graphSvg'
import type { Graph } from '../../domain/graph'

const g: Graph = {
  nodes: [
    { id: 'kernel', kind: 'kernel', label: 'kernel 5.15', x: 0, y: 200, below: null, data: {} },
    { id: 'image:x', kind: 'image', label: '<img src=x onerror=alert(1)>\nabc', x: 0, y: 100, below: 'kernel', data: { dangling: false } },
    { id: 'container:c', kind: 'container', label: 'web & co', x: 0, y: 0, below: 'image:x', data: { state: 'exited' } },
  ],
  edges: [
    { id: 'e1', source: 'image:x', target: 'kernel', kind: 'on' },
    { id: 'e2', source: 'container:c', target: 'image:x', kind: 'on' },
  ],
}

describe('graphToSvg', () => {
  it('draws one box per node and one line per edge, escaping labels', () => {
    const svg = graphToSvg(g)
    expect(svg.match(/<g data-id=/g)).toHaveLength(3)
    expect(svg.match(/<line /g)).toHaveLength(2)
    expect(svg).not.toContain('<img')
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(svg).toContain('web &amp; co')
    // exited container: dotted border, not colour alone
    expect(svg).toMatch(/data-id="container:c"[^]*?stroke-dasharray="2 2"/)
  })
  it('uses the given label function (localized labels)', () => {
    expect(graphToSvg(g, (n) => n.kind.toUpperCase())).toContain('>KERNEL<')
  })
  it('returns a tiny valid svg for an empty graph', () => {
    expect(graphToSvg({ nodes: [], edges: [] })).toMatch(/^<svg [^>]*\/>$/)
  })
})
