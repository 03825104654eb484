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

export function graphStyle(dark: boolean): StylesheetJson {
  const fg = dark ? '#e6e9ef' : '#1d2430'
  const edge = dark ? '#5b6575' : '#94a3b8'
  const size = (k: NodeKind) => ({ width: NODE_SIZE[k][0], height: NODE_SIZE[k][1] })
  return [
    {
      selector: 'node',
      style: {
        shape: 'round-rectangle',
        ...size('layer'),
        'background-color': dark ? '#2c323d' : '#e5e7eb',
        'border-width': 1,
        'border-color': '#94a3b8',
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
    { selector: '.kernel', style: { ...size('kernel'), 'background-color': dark ? '#0b0d11' : '#374151' } },
    { selector: '.layer', style: { 'background-color': dark ? '#1e3a5f' : '#dbeafe', 'border-color': '#3b82f6' } },
    { selector: '.image', style: { 'background-color': dark ? '#1d4ed8' : '#bfdbfe', 'border-color': dark ? '#93c5fd' : '#1d4ed8', 'border-width': 2 } },
    { selector: '.dangling', style: { 'border-style': 'dashed', 'background-opacity': 0.6 } },
    { selector: '.tag', style: { ...size('tag'), shape: 'tag', 'background-color': dark ? '#78350f' : '#fef3c7', 'border-color': '#d97706' } },
    { selector: '.writable', style: { ...size('writable'), 'background-color': dark ? '#14532d' : '#dcfce7', 'border-color': '#16a34a', 'border-style': 'dashed', 'border-width': 2 } },
    { selector: '.container', style: { shape: 'rectangle', 'background-color': dark ? '#166534' : '#bbf7d0', 'border-color': '#15803d', 'border-width': 3 } },
    { selector: '.container.state-paused', style: { 'border-style': 'double', 'border-width': 5 } },
    { selector: '.container.state-exited', style: { 'background-color': dark ? '#374151' : '#e5e7eb', 'border-style': 'dotted', 'border-color': '#6b7280' } },
    { selector: '.container.state-created', style: { 'border-style': 'dashed' } },
    { selector: 'edge', style: { width: 1.5, 'line-color': edge, 'curve-style': 'haystack', 'haystack-radius': 0 } },
    { selector: 'edge.tagof', style: { 'line-style': 'dashed', 'line-color': '#d97706' } },
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
