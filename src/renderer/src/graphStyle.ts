/** Cytoscape stylesheet of the graph, light and dark. Kinds and states differ by shape/border, not colour alone. */
import type { StylesheetJson } from 'cytoscape'

export function graphStyle(dark: boolean): StylesheetJson {
  const fg = dark ? '#e6e9ef' : '#1d2430'
  const edge = dark ? '#5b6575' : '#94a3b8'
  return [
    { selector: 'node', style: { label: 'data(label)', color: fg, 'text-wrap': 'wrap', 'text-max-width': '180px', 'text-valign': 'center', 'font-size': 10, 'min-zoomed-font-size': 7, shape: 'round-rectangle', width: 190, height: 44, 'background-color': dark ? '#2c323d' : '#e5e7eb', 'border-width': 1, 'border-color': '#94a3b8' } },
    { selector: 'node[kind="kernel"]', style: { 'background-color': dark ? '#0b0d11' : '#374151', color: '#fff', width: 260, 'font-weight': 'bold' } },
    { selector: 'node[kind="layer"]', style: { 'background-color': dark ? '#1e3a5f' : '#dbeafe', 'border-color': '#3b82f6', 'font-size': 9 } },
    { selector: 'node[kind="image"]', style: { 'background-color': dark ? '#1d4ed8' : '#bfdbfe', 'border-color': dark ? '#93c5fd' : '#1d4ed8', 'border-width': 2, 'font-weight': 'bold' } },
    { selector: 'node[dangling="yes"]', style: { 'border-style': 'dashed', 'background-opacity': 0.6 } },
    { selector: 'node[kind="tag"]', style: { shape: 'tag', width: 120, height: 22, 'background-color': dark ? '#78350f' : '#fef3c7', 'border-color': '#d97706' } },
    { selector: 'node[kind="writable"]', style: { 'background-color': dark ? '#14532d' : '#dcfce7', 'border-color': '#16a34a', 'border-style': 'dashed', 'border-width': 2, height: 30 } },
    { selector: 'node[kind="container"]', style: { shape: 'rectangle', 'background-color': dark ? '#166534' : '#bbf7d0', 'border-color': '#15803d', 'border-width': 3 } },
    { selector: 'node[kind="container"][state="paused"]', style: { 'border-style': 'double', 'border-width': 5 } },
    { selector: 'node[kind="container"][state="exited"]', style: { 'background-color': dark ? '#374151' : '#e5e7eb', 'border-style': 'dotted', 'border-color': '#6b7280' } },
    { selector: 'node[kind="container"][state="created"]', style: { 'border-style': 'dashed' } },
    { selector: 'node:selected, node[selected="yes"]', style: { 'overlay-color': '#f59e0b', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
    { selector: 'node.added', style: { 'overlay-color': '#22c55e', 'overlay-opacity': 0.3, 'overlay-padding': 8 } },
    { selector: 'edge', style: { width: 1.5, 'line-color': edge, 'curve-style': 'bezier' } },
    { selector: 'edge[kind="tag"]', style: { 'line-style': 'dashed', 'line-color': '#d97706', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#d97706' } },
  ]
}
