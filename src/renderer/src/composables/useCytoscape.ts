/**
 * The one place that owns a Cytoscape instance: created on mount, kept raw (not reactive),
 * updated by element diffs inside cy.batch(), destroyed on unmount. Positions come from the
 * pure projection (preset layout).
 */
import { markRaw, onBeforeUnmount, onMounted, shallowRef, type Ref } from 'vue'
import cytoscape, { type Core, type StylesheetJson } from 'cytoscape'
import type { Graph, GraphNode } from '../../../domain/graph'

export interface CyNodeData {
  id: string
  label: string
  kind: string
  state: string
  dangling: 'yes' | 'no'
  selected?: 'yes' | 'no'
}

export function toNodeData(n: GraphNode, label = n.label): CyNodeData {
  return { id: n.id, label, kind: n.kind, state: n.data.state ?? '', dangling: n.data.dangling ? 'yes' : 'no' }
}

export function graphStyle(dark: boolean): StylesheetJson {
  const fg = dark ? '#e6e9ef' : '#1d2430'
  const edge = dark ? '#5b6575' : '#94a3b8'
  return [
    { selector: 'node', style: { label: 'data(label)', color: fg, 'text-wrap': 'wrap', 'text-max-width': '180px', 'text-valign': 'center', 'font-size': 10, shape: 'round-rectangle', width: 190, height: 44, 'background-color': dark ? '#2c323d' : '#e5e7eb', 'border-width': 1, 'border-color': '#94a3b8' } },
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

export interface UseCytoscape {
  cy: Ref<Core | null>
  apply(g: Graph, label?: (n: GraphNode) => string): { added: string[] }
  fit(): void
  zoomBy(factor: number): void
  setDark(dark: boolean): void
  select(id: string | null): void
  png(): string
}

/** Fit with room at the top for the overlay lines, never zooming in past 1.4. */
function fitAll(c: Core) {
  c.fit(undefined, 40)
  if (c.zoom() > 1.4) c.zoom({ level: 1.4, renderedPosition: { x: c.width() / 2, y: c.height() / 2 } })
  const box = c.elements().renderedBoundingBox()
  const room = 80 - box.y1
  if (room > 0 && box.y2 + room < c.height()) c.panBy({ x: 0, y: room })
  else if (room > 0) {
    c.zoom({ level: c.zoom() * Math.max(0.3, (c.height() - 90) / Math.max(1, box.h)), renderedPosition: { x: c.width() / 2, y: c.height() } })
    const b2 = c.elements().renderedBoundingBox()
    c.panBy({ x: 0, y: 80 - b2.y1 })
  }
}

export function useCytoscape(host: Ref<HTMLElement | null>, opts: { dark: () => boolean; onSelect: (id: string | null) => void }): UseCytoscape {
  const cy = shallowRef<Core | null>(null)
  let pending: { g: Graph; label?: (n: GraphNode) => string } | null = null
  let firstFit = true
  let ro: ResizeObserver | null = null

  function apply(g: Graph, label?: (n: GraphNode) => string) {
    const c = cy.value
    if (!c) {
      pending = { g, label }
      return { added: [] }
    }
    const added: string[] = []
    c.batch(() => {
      const keep = new Set<string>()
      for (const n of g.nodes) {
        keep.add(n.id)
        const data = toNodeData(n, label ? label(n) : n.label)
        const el = c.getElementById(n.id)
        if (el.nonempty()) {
          el.data(data)
          el.position({ x: n.x, y: n.y })
        } else {
          c.add({ group: 'nodes', data: { ...data }, position: { x: n.x, y: n.y } })
          added.push(n.id)
        }
      }
      for (const e of g.edges) {
        keep.add(e.id)
        const el = c.getElementById(e.id)
        if (el.nonempty() && (el.data('source') !== e.source || el.data('target') !== e.target)) el.remove()
        if (c.getElementById(e.id).empty()) c.add({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, kind: e.kind } })
      }
      c.elements()
        .filter((el) => !keep.has(el.id()))
        .remove()
    })
    c.nodes().removeClass('added')
    if (added.length && !firstFit) {
      const fresh = new Set(added)
      const els = c.nodes().filter((n) => fresh.has(n.id()))
      els.addClass('added')
      setTimeout(() => els.removeClass('added'), 1500)
    }
    c.resize()
    fitAll(c)
    firstFit = false
    return { added }
  }

  onMounted(() => {
    const c = cytoscape({
      container: host.value,
      layout: { name: 'preset' },
      style: graphStyle(opts.dark()),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      autounselectify: false,
    })
    c.on('tap', 'node', (ev) => opts.onSelect(ev.target.id()))
    c.on('tap', (ev) => {
      if (ev.target === c) opts.onSelect(null)
    })
    cy.value = markRaw(c)
    // follow the container's size (window resize, inspect panel opening)
    let last = ''
    ro = new ResizeObserver(() => {
      const size = `${host.value?.clientWidth}x${host.value?.clientHeight}`
      if (size === last) return
      last = size
      c.resize()
      if (c.elements().nonempty()) fitAll(c)
    })
    if (host.value) ro.observe(host.value)
    if (pending) apply(pending.g, pending.label)
    pending = null
  })
  onBeforeUnmount(() => {
    ro?.disconnect()
    cy.value?.destroy()
    cy.value = null
  })
  return {
    cy,
    apply,
    fit: () => cy.value && fitAll(cy.value),
    zoomBy(f) {
      const c = cy.value
      if (c) c.zoom({ level: c.zoom() * f, renderedPosition: { x: c.width() / 2, y: c.height() / 2 } })
    },
    setDark: (d) => cy.value?.style(graphStyle(d)),
    select(id) {
      const c = cy.value
      if (!c) return
      c.nodes().data('selected', 'no')
      if (id) c.getElementById(id).data('selected', 'yes')
    },
    png: () => cy.value?.png({ full: true, scale: 2, bg: opts.dark() ? '#12151b' : '#ffffff' }) ?? '',
  }
}
