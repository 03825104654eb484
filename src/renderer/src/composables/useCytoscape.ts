/**
 * The one place that owns a Cytoscape instance: created on mount, kept raw (not reactive), destroyed on
 * unmount. Positions come from the pure projection (preset layout).
 *
 * First render (and any graph that crosses graphCy's BIG_GRAPH size): createGraphCy — viewport set from
 * the projection's box, one cy.add (a big graph: of what the first view shows, the rest streamed in after;
 * completeGraph before anything that needs every element: a diff, selection, highlight, export). Later updates apply the domain diff
 * (diffGraph) in one cy.batch() and animate it: added nodes grow out of the node they sit on and fade in,
 * removed ones fade out, nodes whose position changed (a tag moved to another image, siblings making
 * room) glide there, changed ones (state, change count, label) pulse. Nothing jumps. Under
 * prefers-reduced-motion, or for big graphs, the final state is set at once.
 */
import { markRaw, onBeforeUnmount, onMounted, shallowRef, type Ref } from 'vue'
import type { Core, NodeSingular } from 'cytoscape'
import { graphStyle, NODE_SIZE } from '../graphStyle'
import { BIG_GRAPH, LABEL_ZOOM, completeGraph, createGraphCy, firstViewport, fitViewport, graphBox, labelVisible, nodeClasses, nodesBox, revealViewport, type Viewport } from '../graphCy'
import { diffGraph, type Graph, type GraphNode } from '../../../domain/graph'
import { ownerAfter, resizeAction, type ViewOwner } from '../viewOwner'

export { graphStyle }

export interface ApplyOptions {
  /** animate this update (default true; false for re-labelling on a language switch) */
  animate?: boolean
  /** another view or focus: a new scene with its own first view, not a change to explain */
  scene?: boolean
}

export interface UseCytoscape {
  cy: Ref<Core | null>
  apply(g: Graph, label?: (n: GraphNode) => string, o?: ApplyOptions): { added: string[] }
  fit(): void
  zoomBy(factor: number): void
  setDark(dark: boolean): void
  select(id: string | null): void
  /** marks these node ids (lesson step highlight) and dims the rest; empty clears */
  highlight(ids: ReadonlySet<string>): void
  png(): string
}

/** Room kept free at the top for the overlay lines (view help, explanation). */
const TOP = 80
const DURATION = 450
/** After the learner pans or zooms, updates leave their view alone for this long. */
export const HANDS_OFF_MS = 4000

export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches
}

export function useCytoscape(
  host: Ref<HTMLElement | null>,
  opts: {
    dark: () => boolean
    onSelect: (id: string | null) => void
    top?: number
    /** room kept free at the bottom (GraphView's toolbar); default the fit's own margin */
    bottom?: number
    /** whether a panel beside the canvas (the inspect panel) is shown: its opening/closing resizes the canvas but keeps the view */
    aside?: () => boolean
  },
): UseCytoscape {
  const cy = shallowRef<Core | null>(null)
  const top = opts.top ?? TOP
  const bottom = opts.bottom
  let pending: { g: Graph; label?: (n: GraphNode) => string } | null = null
  let prev: Graph | null = null
  let big = false
  let selectedId: string | null = null
  let marked: ReadonlySet<string> = new Set()
  let ro: ResizeObserver | null = null
  /** where a running viewport animation goes (settle jumps there rather than leaving the view half-way) */
  let viewTarget: Viewport | null = null
  /** who set the view last (viewOwner.ts): Layerlab's own view, ⤢ Fit, or the learner's hand (last at movedAt) */
  let owner: ViewOwner = 'auto'
  const owned = () => owner === 'learner'
  let movedAt = 0
  let pointerDown = false

  const viewportFor = (c: Core, g: Graph) => {
    const box = graphBox(g)
    return box ? fitViewport(box, c.width(), c.height(), { top, bottom, minZoom: c.minZoom() }) : null
  }
  const firstFor = (c: Core, g: Graph) => firstViewport(g, c.width(), c.height(), { top, bottom, minZoom: c.minZoom(), focus: selectedId })

  function learnerMoved() {
    owner = ownerAfter(owner, 'hand')
    movedAt = Date.now()
    // a hand on the view wins over a reveal still gliding
    if (viewTarget && cy.value) {
      cy.value.stop(true, false)
      viewTarget = null
    }
  }

  function setView(c: Core, vp: Viewport, animate: boolean) {
    if (!animate) {
      viewTarget = null
      c.viewport(vp)
      return
    }
    viewTarget = vp
    c.animate({ zoom: vp.zoom, pan: vp.pan }, { duration: DURATION * 1.4, easing: 'ease-in-out-cubic', complete: () => (viewTarget = null) })
  }

  /**
   * Where the view goes after an update (null: stays). See docs/architecture.md "Keeping changes in view":
   * a new scene gets its first view; while the learner has not moved the view, a graph that fits whole at a
   * readable zoom is refitted when nodes came, went or moved; otherwise the added/changed nodes are brought
   * into view with the smallest pan (zoom-out only if they do not fit, not below LABEL_ZOOM), unless the
   * learner moved the view in the last HANDS_OFF_MS.
   */
  function viewAfter(c: Core, g: Graph, d: ReturnType<typeof diffGraph>, scene: boolean): Viewport | null {
    if (scene) {
      owner = ownerAfter(owner, 'scene')
      return firstFor(c, g)
    }
    const reshaped = d.added.length + d.removed.length + d.moved.length > 0
    if (!owned() && reshaped) {
      const fit = viewportFor(c, g)
      if (fit && fit.zoom >= LABEL_ZOOM) return fit
    }
    if (owned() && Date.now() - movedAt < HANDS_OFF_MS) return null
    const byId = new Map(g.nodes.map((n) => [n.id, n]))
    const pick = (ids: string[]) => ids.map((id) => byId.get(id)).filter((n): n is GraphNode => !!n)
    let focus = pick([...d.added, ...d.changed])
    if (!focus.length) focus = pick(d.moved)
    if (!focus.length) return null
    const main = focus.find((n) => n.kind === 'container') ?? focus.find((n) => n.kind === 'image' || n.kind === 'tag') ?? focus[0]
    const boxes = [nodesBox(focus), nodesBox([main])].filter((b): b is NonNullable<typeof b> => !!b)
    return revealViewport({ zoom: c.zoom(), pan: c.pan() }, boxes, c.width(), c.height(), { top, bottom, floor: LABEL_ZOOM })
  }

  /**
   * The view after the canvas changed size (null: stays); `resizeAction` (viewOwner.ts) decides. A view
   * Layerlab set (first view, an update's refit, ⤢ Fit) is recomputed for the new size: a window resize
   * refits. The learner's own view is kept, and so is any view when the inspect panel opened or closed
   * (`panelToggled`): the same zoom, the drawing where it was on the page (the panel narrows the canvas from
   * the right, so the node just clicked stays under the pointer; closing it does not jump); a running view
   * animation is finished at its target first. If the canvas now cuts off the selected node, the smallest
   * pan brings it back.
   */
  function resizedView(
    c: Core,
    g: Graph,
    was: { w: number; h: number; left: number; top: number },
    now: { w: number; h: number; left: number; top: number },
    panelToggled: boolean,
  ): Viewport | null {
    const action = resizeAction(owner, was, now, panelToggled)
    if (action === 'none') return null
    if (action !== 'keep') {
      if (viewTarget) c.stop(true, false)
      viewTarget = null
      return action === 'fit' ? viewportFor(c, g) : firstFor(c, g)
    }
    const from = viewTarget ?? { zoom: c.zoom(), pan: c.pan() }
    if (viewTarget) {
      c.stop(true, false)
      viewTarget = null
    }
    const kept = { zoom: from.zoom, pan: { x: from.pan.x + was.left - now.left, y: from.pan.y + was.top - now.top } }
    const sel = selectedId ? g.nodes.find((n) => n.id === selectedId) : undefined
    const box = sel ? nodesBox([sel]) : null
    return (box && revealViewport(kept, [box], now.w, now.h, { top, bottom, floor: LABEL_ZOOM })) || kept
  }

  function create(g: Graph, label?: (n: GraphNode) => string) {
    cy.value?.destroy()
    const c = createGraphCy(host.value!, g, { dark: opts.dark(), label, top, bottom, focus: selectedId })
    viewTarget = null
    owner = ownerAfter(owner, 'scene')
    // a drag on the background pans: the view is the learner's from then on
    c.on('viewport', () => {
      if (pointerDown) learnerMoved()
    })
    c.on('tap', 'node', (ev) => opts.onSelect(ev.target.id()))
    c.on('tap', (ev) => {
      if (ev.target === c) opts.onSelect(null)
    })
    cy.value = markRaw(c)
    painted = false
    big = g.nodes.length + g.edges.length > BIG_GRAPH
    restoreMarks(c)
  }

  function restoreMarks(c: Core) {
    // a big graph streams in what lies outside its first view; marks need every element
    if (selectedId || marked.size) completeGraph(c)
    if (selectedId) c.getElementById(selectedId).addClass('selected')
    paintHighlight(c)
  }

  function apply(g: Graph, label?: (n: GraphNode) => string, o: ApplyOptions = {}) {
    const c = cy.value
    if (!c || !host.value) {
      pending = { g, label }
      return { added: [] }
    }
    const size = g.nodes.length + g.edges.length
    if (!prev || size > BIG_GRAPH !== big) {
      for (const t of timers) clearTimeout(t)
      timers = []
      create(g, label)
      prev = g
      return { added: g.nodes.map((n) => n.id) }
    }
    completeGraph(c)
    const d = diffGraph(prev, g)
    // most of the picture replaced (another view, another focus): a new scene, not a change to explain
    const scene = o.scene === true || (d.removed.length > prev.nodes.length / 2 && d.added.length > 0)
    const relabel = o.animate === false
    const animate = !relabel && !scene && !big && !prefersReducedMotion()
    const byId = new Map(g.nodes.map((n) => [n.id, n]))
    const before = new Map(prev.nodes.map((n) => [n.id, n]))
    const fresh: NodeSingular[] = []
    const changed: NodeSingular[] = []
    settle(c, prev)
    c.batch(() => {
      // removed: fade out, then go (edges of removed nodes go with them)
      for (const id of d.removed) {
        const el = c.getElementById(id)
        if (el.empty()) continue
        if (animate) {
          el.connectedEdges().remove()
          el.addClass('removed').removeClass('selected lesson')
          el.animate({ style: { opacity: 0 } }, { duration: DURATION, complete: () => el.remove() })
        } else el.remove()
      }
      // edges: ids are stable; an edge whose ends changed (a tag moving) is moved, vanished ones removed
      const edgeIds = new Set(g.edges.map((e) => e.id))
      c.edges()
        .filter((e) => !edgeIds.has(e.id()))
        .remove()
      for (const n of g.nodes) {
        const el = c.getElementById(n.id)
        const text = label ? label(n) : n.label
        if (el.empty()) {
          // a new node starts on the node it sits on, small and transparent, then grows into place
          const from = (n.below && byId.get(n.below)) || n
          const start = animate ? { x: from.x, y: from.y } : { x: n.x, y: n.y }
          const added = c.add({ group: 'nodes', data: { id: n.id, label: text }, position: start, classes: nodeClasses(n) + (big ? '' : ' lbl') })
          if (animate) {
            const [w, h] = NODE_SIZE[n.kind]
            added.style({ opacity: 0, width: w * 0.3, height: h * 0.3 })
            fresh.push(added)
          } else if (!relabel && !scene) added.addClass('added') // no motion: a still mark for a moment
          continue
        }
        if (el.hasClass('removed')) {
          // came back while fading out
          el.stop(true, false).removeClass('removed').removeStyle('opacity')
        }
        if (el.data('label') !== text) el.data('label', text)
        const p = before.get(n.id)
        const cls = nodeClasses(n)
        const oldCls = p ? nodeClasses(p) : ''
        if (cls !== oldCls) {
          if (oldCls) el.removeClass(oldCls)
          el.addClass(cls)
        }
        if (p && (p.x !== n.x || p.y !== n.y)) {
          if (animate) el.animate({ position: { x: n.x, y: n.y } }, { duration: DURATION * 1.4, easing: 'ease-in-out-cubic' })
          else el.position({ x: n.x, y: n.y })
        }
      }
      for (const e of g.edges) {
        const el = c.getElementById(e.id)
        if (el.nonempty() && (el.data('source') !== e.source || el.data('target') !== e.target)) el.remove()
        if (c.getElementById(e.id).empty() && c.getElementById(e.source).nonempty() && c.getElementById(e.target).nonempty())
          c.add({ group: 'edges', data: { id: e.id, source: e.source, target: e.target }, classes: e.kind === 'tag' ? 'tagof' : 'on' })
      }
      for (const id of d.changed) {
        const el = c.getElementById(id)
        if (el.nonempty()) changed.push(el)
      }
      restoreMarks(c)
    })
    for (const el of fresh) {
      const n = byId.get(el.id())!
      const [w, h] = NODE_SIZE[n.kind]
      el.addClass('added')
      el.animate(
        { position: { x: n.x, y: n.y }, style: { opacity: 1, width: w, height: h } },
        { duration: DURATION * 1.4, easing: 'ease-out-cubic', complete: () => el.removeStyle('opacity width height') },
      )
    }
    if (d.added.length && !relabel && !scene) later(animate ? DURATION * 1.4 + 900 : 1500, () => c.$('.added').removeClass('added'))
    if (!relabel && !scene && changed.length) {
      const els = changed.reduce((acc, el) => acc.union(el), c.collection())
      els.addClass('changed')
      if (animate) {
        // pulse: on, off, on, off (class toggles; the overlay colour comes from the stylesheet)
        later(300, () => els.removeClass('changed'))
        later(550, () => els.addClass('changed'))
        later(1300, () => els.removeClass('changed'))
      } else later(1500, () => els.removeClass('changed')) // no motion: a still mark for a moment
    }
    prev = g
    labelVisible(c)
    if (!relabel) {
      const vp = viewAfter(c, g, d, scene)
      if (vp) setView(c, vp, animate)
    }
    return { added: d.added }
  }

  /** pulse timers of changed nodes, cleared when the next update settles the picture */
  let timers: ReturnType<typeof setTimeout>[] = []
  const later = (ms: number, fn: () => void) => timers.push(setTimeout(fn, ms))

  /**
   * Ends running animations and puts everything at its final state (Cytoscape's stop(…, jumpToEnd) does not
   * apply the end values reliably), so a quick second command starts from a still picture.
   */
  function settle(c: Core, g: Graph | null) {
    for (const t of timers) clearTimeout(t)
    timers = []
    c.stop(true, false)
    if (viewTarget) c.viewport(viewTarget)
    viewTarget = null
    if (big) return
    c.elements().stop(true, false)
    c.$('.removed').remove()
    c.$('.added').removeStyle('opacity width height').removeClass('added')
    c.$('.changed').removeClass('changed')
    for (const n of g?.nodes ?? []) {
      const el = c.getElementById(n.id)
      const p = el.position()
      if (el.nonempty() && (p.x !== n.x || p.y !== n.y)) el.position({ x: n.x, y: n.y })
    }
  }

  let painted = false
  function paintHighlight(c: Core) {
    if (!marked.size && !painted) return
    completeGraph(c)
    c.elements().removeClass('lesson dim')
    painted = false
    if (!marked.size) return
    const on = c.nodes().filter((n) => marked.has(n.id()))
    if (on.empty()) return
    painted = true
    on.addClass('lesson')
    c.elements().not(on).not(on.edgesWith(on)).addClass('dim')
  }

  onMounted(() => {
    // follow the container's size (window resize, inspect panel opening / closing). A ResizeObserver reports
    // at most once per frame, after layout and before paint: a refit here is one per frame and is drawn with
    // the new size (no frame of the old view cut off).
    let last = { w: 0, h: 0, left: 0, top: 0 }
    let lastAside = false
    ro = new ResizeObserver(() => {
      const el = host.value
      if (!el) return
      const r = el.getBoundingClientRect()
      const now = { w: el.clientWidth, h: el.clientHeight, left: r.left, top: r.top }
      if (now.w === last.w && now.h === last.h) return
      const was = last
      last = now
      const aside = opts.aside?.() ?? false
      const panelToggled = aside !== lastAside
      lastAside = aside
      const c = cy.value
      if (!c || !prev) return
      c.resize()
      const vp = resizedView(c, prev, was, now, panelToggled)
      if (vp) setView(c, vp, false)
    })
    const h = host.value
    if (h) {
      ro.observe(h)
      h.addEventListener('wheel', learnerMoved, { capture: true, passive: true })
      h.addEventListener('pointerdown', () => (pointerDown = true), { capture: true })
      window.addEventListener('pointerup', onPointerUp)
      window.addEventListener('pointercancel', onPointerUp)
      // for tests and debugging: whether anything still moves (view or nodes) — a picture is taken once not
      Object.defineProperty(h, 'layerlabBusy', {
        configurable: true,
        value: () => {
          const c = cy.value
          return !!c && (c.animated() || c.elements().some((e) => (e as unknown as { animated(): boolean }).animated()))
        },
      })
      // and each node's box on screen (px in the graph element), as drawn now
      Object.defineProperty(h, 'layerlabNodes', {
        configurable: true,
        value: () =>
          cy.value?.nodes().map((n) => {
            const b = n.renderedBoundingBox({ includeLabels: false })
            return { id: n.id(), label: String(n.data('label') ?? ''), x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 }
          }) ?? [],
      })
    }
    if (pending) {
      create(pending.g, pending.label)
      prev = pending.g
    } else {
      create({ nodes: [], edges: [] })
      prev = { nodes: [], edges: [] }
    }
    pending = null
  })
  const onPointerUp = () => (pointerDown = false)
  onBeforeUnmount(() => {
    window.removeEventListener('pointerup', onPointerUp)
    window.removeEventListener('pointercancel', onPointerUp)
    for (const t of timers) clearTimeout(t)
    ro?.disconnect()
    cy.value?.destroy()
    cy.value = null
  })
  return {
    cy,
    apply,
    fit() {
      const c = cy.value
      if (!c || !prev) return
      c.resize()
      // everything, however small; updates and resizes may move the view again
      owner = ownerAfter(owner, 'fit')
      const vp = viewportFor(c, prev)
      if (vp) setView(c, vp, false)
    },
    zoomBy(f) {
      const c = cy.value
      if (!c) return
      learnerMoved()
      c.zoom({ level: c.zoom() * f, renderedPosition: { x: c.width() / 2, y: c.height() / 2 } })
    },
    setDark: (d) => cy.value?.style(graphStyle(d)),
    select(id) {
      selectedId = id
      const c = cy.value
      if (!c) return
      if (id) completeGraph(c)
      c.nodes('.selected').removeClass('selected')
      if (id) c.getElementById(id).addClass('selected')
    },
    highlight(ids) {
      marked = ids
      if (cy.value) paintHighlight(cy.value)
    },
    png() {
      const c = cy.value
      if (!c) return ''
      completeGraph(c)
      // labels are lazy (only nodes seen zoomed in have them); the exported picture of a learner-sized graph has them all
      if (!big) c.nodes().addClass('lbl')
      return c.png({ full: true, scale: 2, bg: opts.dark() ? '#12151b' : '#ffffff' })
    },
  }
}
