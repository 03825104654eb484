/**
 * Who owns the graph's view, and what a canvas resize does with it. Pure: no DOM, no Cytoscape
 * (useCytoscape feeds it; viewOwner.test.ts pins it down). See docs/architecture.md "Keeping changes in view".
 *
 * - 'auto': the last pan/zoom came from Layerlab: the first view at start or on a view switch (a new scene),
 *   or an update's refit. A resize gives the first view again for the new size (everything, fitted as by ⤢ Fit,
 *   unless the graph is a wide forest: then the readable window on the focus).
 * - 'fit': the last pan/zoom was ⤢ Fit. A resize fits everything again (the same padding).
 * - 'learner': the learner panned or zoomed by hand (wheel, drag on the background, ＋/－) since. A resize keeps
 *   their view (same zoom, drawing in the same place on the page) until the next new scene or ⤢ Fit.
 */
export type ViewOwner = 'auto' | 'fit' | 'learner'

/** what changed the view: a new scene (start, view switch), the Fit button, or the learner's hand */
export type ViewEvent = 'scene' | 'fit' | 'hand'

export function ownerAfter(_owner: ViewOwner, ev: ViewEvent): ViewOwner {
  return ev === 'scene' ? 'auto' : ev === 'fit' ? 'fit' : 'learner'
}

export interface CanvasSize {
  w: number
  h: number
}

/**
 * What a size change of the graph's canvas does to the view:
 * - 'none': nothing (same size; a hidden canvas; or a canvas that had no size under the learner's view)
 * - 'first' / 'fit': the owner's automatic view recomputed for the new size (a canvas that had no size
 *   gets it too)
 * - 'keep': the view stays where it was on the page (the learner's view; and always when the resize is the
 *   inspect panel opening or closing beside the canvas, so the node just clicked stays under the pointer)
 * `panelToggled`: the panel beside the canvas appeared or went since the last size change.
 */
export type ResizeAction = 'none' | 'first' | 'fit' | 'keep'

export function resizeAction(owner: ViewOwner, was: CanvasSize, now: CanvasSize, panelToggled: boolean): ResizeAction {
  if (was.w === now.w && was.h === now.h) return 'none'
  if (!now.w || !now.h) return 'none'
  const auto: ResizeAction = owner === 'fit' ? 'fit' : 'first'
  if (!was.w || !was.h) return owner === 'learner' ? 'none' : auto
  if (panelToggled || owner === 'learner') return 'keep'
  return auto
}
