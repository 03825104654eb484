/**
 * Window size and position restored between runs (Electron checklist item "window state"), in
 * plain Node: the file is read defensively and written atomically; a saved position is reused only
 * while it is on a display.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {
  DEFAULT_WINDOW_STATE,
  MIN_HEIGHT,
  MIN_WIDTH,
  fitToDisplays,
  loadWindowState,
  parseWindowState,
  trackWindowState,
  type Rect,
  type TrackableWindow,
} from '../../src/main/window-state'

const ONE: Rect[] = [{ x: 0, y: 0, width: 1920, height: 1080 }]
const TWO: Rect[] = [...ONE, { x: 1920, y: 0, width: 2560, height: 1440 }]

let dir = ''
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = ''
})
const tmp = async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'layerlab-winstate-')))

describe('parseWindowState', () => {
  it('reads a saved state and refuses anything unusable', () => {
    expect(parseWindowState('{"x":10,"y":20,"width":1200,"height":800,"maximized":true}')).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: true, fullScreen: false })
    for (const bad of ['', 'not json', '{"width":"wide","height":800}', '{"width":-5,"height":800}', '{"width":1e9,"height":800}', 'null', '[1,2]', '{"width":1.5,"height":800}']) {
      expect(parseWindowState(bad), bad).toBeNull()
    }
    // a position needs both coordinates
    expect(parseWindowState('{"x":10,"width":1200,"height":800}')).toEqual({ width: 1200, height: 800, maximized: false, fullScreen: false })
  })
})

describe('fitToDisplays', () => {
  it('keeps a position that is on a display, drops one whose monitor is gone', () => {
    const onSecond = { x: 2200, y: 100, width: 1600, height: 1000, maximized: false, fullScreen: false }
    expect(fitToDisplays(onSecond, TWO)).toMatchObject({ x: 2200, y: 100 })
    const unplugged = fitToDisplays(onSecond, ONE)
    expect(unplugged.x).toBeUndefined()
    expect(unplugged.y).toBeUndefined()
    // a title bar above the top of every display cannot be grabbed: dropped
    expect(fitToDisplays({ ...onSecond, x: 100, y: -200 }, ONE).x).toBeUndefined()
  })

  it('clamps the size between the minimum and the largest display', () => {
    expect(fitToDisplays({ width: 10, height: 10, maximized: false, fullScreen: false }, ONE)).toMatchObject({ width: MIN_WIDTH, height: MIN_HEIGHT })
    expect(fitToDisplays({ width: 9000, height: 9000, maximized: false, fullScreen: false }, TWO)).toMatchObject({ width: 2560, height: 1440 })
  })
})

describe('loadWindowState / trackWindowState', () => {
  it('falls back to the defaults for a missing or corrupt file, without throwing', async () => {
    const d = await tmp()
    const file = path.join(d, 'window-state.json')
    expect(await loadWindowState(file, ONE)).toEqual(fitToDisplays(DEFAULT_WINDOW_STATE, ONE))
    await writeFile(file, '{"width": 1200, "hei')
    expect(await loadWindowState(file, ONE)).toEqual(fitToDisplays(DEFAULT_WINDOW_STATE, ONE))
  })

  it('saves the normal bounds after a move and on close, and the next run restores them', async () => {
    const d = await tmp()
    const file = path.join(d, 'window-state.json')
    const listeners = new Map<string, Array<() => void>>()
    let bounds: Rect = { x: 50, y: 60, width: 1300, height: 850 }
    let maximized = false
    const win: TrackableWindow = {
      on: (ev, l) => listeners.set(ev, [...(listeners.get(ev) ?? []), l]),
      getNormalBounds: () => bounds,
      isMaximized: () => maximized,
      isMinimized: () => false,
      isFullScreen: () => false,
      isDestroyed: () => false,
    }
    const fire = (ev: string) => listeners.get(ev)?.forEach((l) => l())
    const tracker = trackWindowState(win, file, { delayMs: 5 })
    fire('move')
    await tracker.flush()
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ x: 50, y: 60, width: 1300, height: 850, maximized: false })

    bounds = { x: 200, y: 100, width: 1000, height: 700 }
    maximized = true
    fire('close')
    await tracker.flush()
    expect(await loadWindowState(file, ONE)).toEqual({ x: 200, y: 100, width: 1000, height: 700, maximized: true, fullScreen: false })
    // written atomically: no temporary file left beside it
    expect(await readdir(d)).toEqual(['window-state.json'])
  })

  it('reports a failed save through log and keeps running', async () => {
    const d = await tmp()
    const lines: string[] = []
    let moved: (() => void) | null = null
    const win: TrackableWindow = {
      on: (ev, l) => (ev === 'move' ? (moved = l) : undefined),
      getNormalBounds: () => ({ x: 0, y: 0, width: 900, height: 600 }),
      isMaximized: () => false,
      isMinimized: () => false,
      isFullScreen: () => false,
      isDestroyed: () => false,
    }
    const file = path.join(d, 'no-such-dir', 'window-state.json')
    const tracker = trackWindowState(win, file, { delayMs: 5, log: (l) => lines.push(l) })
    await tracker.flush() // nothing pending: nothing written, nothing logged
    expect(lines).toEqual([])
    moved!()
    await tracker.flush() // must not reject
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`[window-state] could not save ${file}`)
  })
})
