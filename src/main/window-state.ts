/**
 * Restores the window's size and position between runs: a small JSON file in userData, written
 * atomically (write-file-atomic), read defensively (a missing, corrupt or off-screen state falls
 * back to the defaults; nothing throws). No Electron import: the window and the displays are
 * passed in, so test/security/window-state.test.ts runs it in plain Node.
 */
import { promises as fs } from 'node:fs'
import writeFileAtomic from 'write-file-atomic'
import * as v from 'valibot'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  /** absent on first run: let the OS centre the window */
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
  fullScreen: boolean
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1400, height: 900, maximized: false, fullScreen: false }
export const MIN_WIDTH = 800
export const MIN_HEIGHT = 560
/** how much of the title bar must stay on a display for a saved position to be reused */
const MIN_VISIBLE = 64

const Int = v.pipe(v.number(), v.integer(), v.minValue(-100_000), v.maxValue(100_000))
const StateSchema = v.object({
  x: v.optional(Int),
  y: v.optional(Int),
  width: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)),
  height: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)),
  maximized: v.optional(v.boolean(), false),
  fullScreen: v.optional(v.boolean(), false),
})

/** Parses the file's text; anything unusable gives null (the caller falls back to defaults). */
export function parseWindowState(text: string): WindowState | null {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  const r = v.safeParse(StateSchema, json)
  if (!r.success) return null
  const s = r.output
  const out: WindowState = { width: s.width, height: s.height, maximized: s.maximized, fullScreen: s.fullScreen }
  if (s.x !== undefined && s.y !== undefined) {
    out.x = s.x
    out.y = s.y
  }
  return out
}

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x)
  const y = Math.max(a.y, b.y)
  const r = Math.min(a.x + a.width, b.x + b.width)
  const bottom = Math.min(a.y + a.height, b.y + b.height)
  return r > x && bottom > y ? { x, y, width: r - x, height: bottom - y } : null
}

/**
 * Fits a saved state to today's displays (work areas): size clamped to the largest display and to
 * the minimum; a position kept only when a usable strip of the title bar is on some display
 * (a monitor may have been unplugged), else dropped so the OS centres the window.
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  const maxW = Math.max(MIN_WIDTH, ...workAreas.map((a) => a.width))
  const maxH = Math.max(MIN_HEIGHT, ...workAreas.map((a) => a.height))
  const out: WindowState = {
    width: Math.min(Math.max(state.width, MIN_WIDTH), maxW),
    height: Math.min(Math.max(state.height, MIN_HEIGHT), maxH),
    maximized: state.maximized,
    fullScreen: state.fullScreen,
  }
  if (state.x !== undefined && state.y !== undefined) {
    const titleBar: Rect = { x: state.x, y: state.y, width: out.width, height: 32 }
    const visible = workAreas.some((a) => {
      const o = overlap(titleBar, a)
      return o !== null && o.width >= Math.min(MIN_VISIBLE, out.width) && o.height >= 16 && state.y! >= a.y
    })
    if (visible) {
      out.x = state.x
      out.y = state.y
    }
  }
  return out
}

/** Reads and fits the saved state; defaults when there is none or it is unusable. */
export async function loadWindowState(file: string, workAreas: Rect[]): Promise<WindowState> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch {
    return fitToDisplays(DEFAULT_WINDOW_STATE, workAreas)
  }
  return fitToDisplays(parseWindowState(text) ?? DEFAULT_WINDOW_STATE, workAreas)
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(state, null, 2) + '\n', { encoding: 'utf8' })
}

/** The part of BrowserWindow that tracking needs. */
export interface TrackableWindow {
  on(event: 'resize' | 'move' | 'close' | 'maximize' | 'unmaximize' | 'enter-full-screen' | 'leave-full-screen', listener: () => void): unknown
  getNormalBounds(): Rect
  isMaximized(): boolean
  isMinimized(): boolean
  isFullScreen(): boolean
  isDestroyed(): boolean
}

/** The state to save for a window right now (normal bounds, so a maximized window restores well). */
export function captureWindowState(win: TrackableWindow): WindowState {
  const b = win.getNormalBounds()
  return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized(), fullScreen: win.isFullScreen() }
}

/**
 * Saves the window's state after it moves or resizes (debounced) and when it closes.
 * Returns flush(), which writes any pending state now.
 */
export function trackWindowState(
  win: TrackableWindow,
  file: string,
  opts: { delayMs?: number; log?: (line: string) => void } = {},
): { flush(): Promise<void> } {
  const delay = opts.delayMs ?? 400
  let timer: ReturnType<typeof setTimeout> | null = null
  let last: WindowState | null = null
  let writing: Promise<void> = Promise.resolve()
  const capture = () => {
    if (win.isDestroyed() || win.isMinimized()) return
    last = captureWindowState(win)
  }
  const write = () => {
    timer = null
    if (!last) return writing
    const s = last
    last = null
    writing = writing
      .then(() => saveWindowState(file, s))
      .catch((e) => opts.log?.(`[window-state] could not save ${file}: ${(e as Error).message}`))
    return writing
  }
  const schedule = () => {
    capture()
    if (timer) clearTimeout(timer)
    timer = setTimeout(write, delay)
  }
  for (const ev of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const) win.on(ev, schedule)
  win.on('close', () => {
    capture()
    if (timer) clearTimeout(timer)
    void write()
  })
  return {
    flush: () => {
      if (timer) clearTimeout(timer)
      return write()
    },
  }
}
