import { describe, it, expect } from 'vitest'
import { ownerAfter, resizeAction, type ViewOwner, type ViewEvent } from './viewOwner'

const wide = { w: 1080, h: 560 }
const narrow = { w: 760, h: 560 }
const small = { w: 540, h: 380 }
const none = { w: 0, h: 0 }

describe('viewOwner', () => {
  it("a new scene gives the view back to Layerlab, ⤢ Fit makes it a fit, a hand makes it the learner's", () => {
    for (const o of ['auto', 'fit', 'learner'] as ViewOwner[]) {
      expect(ownerAfter(o, 'scene')).toBe('auto')
      expect(ownerAfter(o, 'fit')).toBe('fit')
      expect(ownerAfter(o, 'hand')).toBe('learner')
    }
  })

  it('a window resize recomputes a view Layerlab set: its first view, or everything after ⤢ Fit', () => {
    expect(resizeAction('auto', wide, small, false)).toBe('first')
    expect(resizeAction('auto', small, wide, false)).toBe('first')
    expect(resizeAction('fit', wide, small, false)).toBe('fit')
    // height alone counts too (a notice row, the terminal)
    expect(resizeAction('auto', wide, { w: wide.w, h: 400 }, false)).toBe('first')
  })

  it("keeps the learner's own view on any resize", () => {
    expect(resizeAction('learner', wide, small, false)).toBe('keep')
    expect(resizeAction('learner', small, wide, false)).toBe('keep')
  })

  it('the inspect panel opening or closing keeps the view, whoever set it', () => {
    for (const o of ['auto', 'fit', 'learner'] as ViewOwner[]) {
      expect(resizeAction(o, wide, narrow, true)).toBe('keep')
      expect(resizeAction(o, narrow, wide, true)).toBe('keep')
    }
  })

  it("does nothing for the same size or a hidden canvas; a canvas that had no size gets Layerlab's view unless the learner moved it", () => {
    expect(resizeAction('auto', wide, wide, false)).toBe('none')
    expect(resizeAction('auto', wide, wide, true)).toBe('none')
    expect(resizeAction('auto', wide, none, false)).toBe('none')
    expect(resizeAction('learner', wide, { w: 0, h: 560 }, false)).toBe('none')
    expect(resizeAction('auto', none, wide, false)).toBe('first')
    expect(resizeAction('auto', none, wide, true)).toBe('first')
    expect(resizeAction('fit', none, wide, false)).toBe('fit')
    expect(resizeAction('learner', none, wide, false)).toBe('none')
  })

  it('a session: untouched → resize refits; hand → resizes keep; panel keeps; Fit → resizes refit again', () => {
    let owner: ViewOwner = 'auto'
    const steps: [ViewEvent | null, { w: number; h: number }, boolean][] = [
      [null, small, false], // window made smaller, untouched
      [null, narrow, true], // panel opens
      ['hand', wide, false], // learner zooms, then makes the window bigger
      [null, narrow, true], // panel
      ['fit', small, false], // ⤢ Fit, then window smaller
      ['scene', wide, false], // view switch, window bigger
    ]
    let size = wide
    const got: string[] = []
    for (const [ev, next, panel] of steps) {
      if (ev) owner = ownerAfter(owner, ev)
      got.push(resizeAction(owner, size, next, panel))
      size = next
    }
    expect(got).toEqual(['first', 'keep', 'keep', 'keep', 'fit', 'first'])
  })
})
