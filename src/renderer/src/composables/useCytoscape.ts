/**
 * The one place that owns a Cytoscape instance: created on mount, kept raw (not reactive),
 * updated by element diffs inside cy.batch(), destroyed on unmount. Positions come from the
 * pure projection (preset layout).
 */
import { markRaw, onBeforeUnmount, onMounted, shallowRef, type Ref } from 'vue'
import cytoscape, { type Core } from 'cytoscape'
import { graphStyle } from '../graphStyle'

export { graphStyle }
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
