/**
 * A small SVG serializer of the graph as drawn: one box per node (its kind's colours, dashed
 * borders for writable layers / dangling images / created containers, dotted for exited), lines
 * for edges, labels as text lines. Everything is escaped: names come from untrusted daemons.
 */
import type { Graph, GraphNode } from '../../domain/graph'
import { GRAPH_COLOURS, KIND_COLOURS, NODE_SIZE, TAG_EDGE } from './graphStyle'

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** The export is drawn in the light theme, with the screen's sizes and colours (graphStyle.ts). */
const SIZE = NODE_SIZE
const COLOURS = GRAPH_COLOURS.light

export function graphToSvg(g: Graph, label: (n: GraphNode) => string = (n) => n.label): string {
  if (!g.nodes.length) return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
  const pos = new Map(g.nodes.map((n) => [n.id, n]))
  const xs = g.nodes.flatMap((n) => [n.x - SIZE[n.kind][0] / 2, n.x + SIZE[n.kind][0] / 2])
  const ys = g.nodes.flatMap((n) => [n.y - SIZE[n.kind][1] / 2, n.y + SIZE[n.kind][1] / 2])
  const pad = 20
  const x0 = Math.min(...xs) - pad
  const y0 = Math.min(...ys) - pad
  const w = Math.max(...xs) - x0 + pad
  const h = Math.max(...ys) - y0 + pad
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x0} ${y0} ${w} ${h}" width="${Math.round(w)}" height="${Math.round(h)}" font-family="sans-serif" font-size="10">`,
    `<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="#ffffff"/>`,
  ]
  for (const e of g.edges) {
    const a = pos.get(e.source)
    const b = pos.get(e.target)
    if (!a || !b) continue
    const dash = e.kind === 'tag' ? ' stroke-dasharray="4 3"' : ''
    out.push(`<line x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}" stroke="${e.kind === 'tag' ? TAG_EDGE : COLOURS.edge}" stroke-width="1.5"${dash}/>`)
  }
  for (const n of g.nodes) {
    const [nw, nh] = SIZE[n.kind]
    const { fill, border } = KIND_COLOURS[n.kind].light
    // the kernel's box is outlined in its own colour here (on screen: the nodes' thin grey border)
    const stroke = n.kind === 'kernel' ? fill : border
    const st = n.data.state
    const dash =
      n.kind === 'writable' || n.data.dangling || (n.kind === 'container' && st === 'created') ? ' stroke-dasharray="5 3"' : n.kind === 'container' && st === 'exited' ? ' stroke-dasharray="2 2"' : ''
    const sw = n.kind === 'container' ? 3 : n.kind === 'image' ? 2 : 1
    out.push(`<g data-id="${esc(n.id)}" data-kind="${n.kind}">`)
    out.push(`<rect x="${n.x - nw / 2}" y="${n.y - nh / 2}" width="${nw}" height="${nh}" rx="${n.kind === 'container' ? 0 : 6}" fill="${n.kind === 'container' && st === 'exited' ? COLOURS.exited : fill}" stroke="${stroke}" stroke-width="${sw}"${dash}/>`)
    const lines = label(n).split('\n')
    lines.forEach((l, i) => {
      const y = n.y + (i - (lines.length - 1) / 2) * 12 + 3.5
      out.push(`<text x="${n.x}" y="${y}" text-anchor="middle" fill="${n.kind === 'kernel' ? '#ffffff' : COLOURS.fg}"${n.kind === 'image' ? ' font-weight="bold"' : ''}>${esc(l)}</text>`)
    })
    out.push('</g>')
  }
  out.push('</svg>')
  return out.join('\n')
}
