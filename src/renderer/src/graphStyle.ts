/**
 * Cytoscape stylesheet of the graph, light and dark. Kinds and states differ by shape/border, not colour alone.
 *
 * Speed: every rule uses a class selector (`.image`, `.state-exited`) set once on the element, never a data
 * selector or a mapper function, and edges are `haystack` (no control points, no parallel-edge bundling).
 * Node sizes are constants (NODE_SIZE) so the viewport can be fitted from positions without measuring
 * any element (see graphCy.ts).
 */
import type { StylesheetJson } from 'cytoscape'
import type { NodeKind } from '../../domain/graph'

export const NODE_SIZE: Record<NodeKind, [number, number]> = {
  kernel: [260, 44],
  layer: [190, 44],
  image: [190, 44],
  tag: [120, 22],
  container: [190, 44],
  writable: [190, 30],
}

type Theme = 'light' | 'dark'

/** Each kind's box (fill, border) per theme: the screen (graphStyle) and the SVG export (graphSvg, light) read them here. */
export const KIND_COLOURS: Record<NodeKind, Record<Theme, { fill: string; border: string }>> = {
  kernel: { light: { fill: '#374151', border: '#94a3b8' }, dark: { fill: '#0b0d11', border: '#94a3b8' } },
  layer: { light: { fill: '#dbeafe', border: '#3b82f6' }, dark: { fill: '#1e3a5f', border: '#3b82f6' } },
  image: { light: { fill: '#bfdbfe', border: '#1d4ed8' }, dark: { fill: '#1d4ed8', border: '#93c5fd' } },
  tag: { light: { fill: '#fef3c7', border: '#d97706' }, dark: { fill: '#78350f', border: '#d97706' } },
  container: { light: { fill: '#bbf7d0', border: '#15803d' }, dark: { fill: '#166534', border: '#15803d' } },
  writable: { light: { fill: '#dcfce7', border: '#16a34a' }, dark: { fill: '#14532d', border: '#16a34a' } },
}

/** The rest, per theme: text, edges, a node's default fill and border, an exited container's fill; and a tag's edge. */
export const GRAPH_COLOURS: Record<Theme, { fg: string; edge: string; node: string; border: string; exited: string }> = {
  light: { fg: '#1d2430', edge: '#94a3b8', node: '#e5e7eb', border: '#94a3b8', exited: '#e5e7eb' },
  dark: { fg: '#e6e9ef', edge: '#5b6575', node: '#2c323d', border: '#94a3b8', exited: '#374151' },
}
export const TAG_EDGE = '#d97706'

export function graphStyle(dark: boolean): StylesheetJson {
  const theme: Theme = dark ? 'dark' : 'light'
  const { fg, edge, node, border, exited } = GRAPH_COLOURS[theme]
  const k = Object.fromEntries(Object.entries(KIND_COLOURS).map(([kind, c]) => [kind, c[theme]])) as Record<NodeKind, { fill: string; border: string }>
  const size = (kind: NodeKind) => ({ width: NODE_SIZE[kind][0], height: NODE_SIZE[kind][1] })
  return [
    {
      selector: 'node',
      style: {
        shape: 'round-rectangle',
        ...size('layer'),
        'background-color': node,
        'border-width': 1,
        'border-color': border,
      },
    },
    // labels only on nodes with class `lbl`: every label property costs style and measuring work per node,
    // so a big graph labels just the nodes in view once they are readable (see graphCy.labelVisible)
    {
      selector: 'node.lbl',
      style: {
        label: 'data(label)',
        color: fg,
        'text-wrap': 'wrap',
        'text-max-width': '184px',
        'text-valign': 'center',
        'font-size': 10,
        // below 8px on screen a label is unreadable: skip drawing it
        'min-zoomed-font-size': 8,
      },
    },
    { selector: 'node.lbl.kernel', style: { color: '#fff', 'font-weight': 'bold' } },
    { selector: 'node.lbl.layer', style: { 'font-size': 9 } },
    { selector: 'node.lbl.image', style: { 'font-weight': 'bold' } },
    { selector: '.kernel', style: { ...size('kernel'), 'background-color': k.kernel.fill } },
    { selector: '.layer', style: { 'background-color': k.layer.fill, 'border-color': k.layer.border } },
    { selector: '.image', style: { 'background-color': k.image.fill, 'border-color': k.image.border, 'border-width': 2 } },
    { selector: '.dangling', style: { 'border-style': 'dashed', 'background-opacity': 0.6 } },
    { selector: '.tag', style: { ...size('tag'), shape: 'tag', 'background-color': k.tag.fill, 'border-color': k.tag.border } },
    { selector: '.writable', style: { ...size('writable'), 'background-color': k.writable.fill, 'border-color': k.writable.border, 'border-style': 'dashed', 'border-width': 2 } },
    { selector: '.container', style: { shape: 'rectangle', 'background-color': k.container.fill, 'border-color': k.container.border, 'border-width': 3 } },
    { selector: '.container.state-paused', style: { 'border-style': 'double', 'border-width': 5 } },
    { selector: '.container.state-exited', style: { 'background-color': exited, 'border-style': 'dotted', 'border-color': '#6b7280' } },
    { selector: '.container.state-created', style: { 'border-style': 'dashed' } },
    { selector: 'edge', style: { width: 1.5, 'line-color': edge, 'curve-style': 'haystack', 'haystack-radius': 0 } },
    { selector: 'edge.tagof', style: { 'line-style': 'dashed', 'line-color': TAG_EDGE } },
    // lesson step highlight: a thick amber ring and everything else dimmed
    { selector: '.dim', style: { opacity: 0.3 } },
    { selector: 'node.lesson', style: { 'underlay-color': '#f59e0b', 'underlay-opacity': 0.55, 'underlay-padding': 10, 'underlay-shape': 'round-rectangle' } },
    { selector: 'node:selected, node.selected', style: { 'overlay-color': '#f59e0b', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
    // change animation marks (see useCytoscape)
    { selector: 'node.added', style: { 'overlay-color': '#22c55e', 'overlay-opacity': 0.3, 'overlay-padding': 8 } },
    { selector: 'node.changed', style: { 'overlay-color': '#3b82f6', 'overlay-opacity': 0.3, 'overlay-padding': 8 } },
    { selector: '.removed', style: { 'overlay-color': '#ef4444', 'overlay-opacity': 0.3, 'overlay-padding': 8 } },
  ]
}
