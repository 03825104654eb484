/**
 * The terminal prompt's line editor: the usual readline keys (emacs mode), history with Up/Down and
 * reverse search (Ctrl-R), and how a line that wraps is drawn. Pure: keys (what xterm's onData gives)
 * in, the line and cursor out; the component writes what `render` returns. Enter, Tab, Ctrl-C,
 * Ctrl-L and Ctrl-Z are the component's (they run, complete, interrupt, clear and undo).
 */

import { goEscape } from '../../domain/visible'

/** A reverse-i-search under way: what is typed, the history entry it found (-1: none yet), whether the last search failed. */
interface Search {
  query: string
  at: number
  failed: boolean
  /** the line and cursor before it began (Esc / Ctrl-G bring them back) */
  line: string
  cursor: number
  hIndex: number | null
}

/**
 * Typed text or a paste as it enters the line: control characters are dropped (a pasted newline does
 * not run the line, an escape is never obeyed), and so is every character that would be drawn as an
 * escape (C1 controls, bidirectional overrides, zero-width ones); other spaces become plain ones.
 */
export const typed = (d: string): string => [...d.replace(/\p{Zs}/gu, ' ')].filter((c) => goEscape(c) === null).join('')

const isWordChar = (c: string) => /[\p{L}\p{N}_]/u.test(c)

export class LineEditor {
  line = ''
  cursor = 0
  /** the history entry shown, or null for the line being written (past the newest entry) */
  private hIndex: number | null = null
  /** the line being written before Up was pressed: Down past the newest entry brings it back */
  private draft = ''
  private killed = ''
  private search: Search | null = null

  /** `history`: oldest first; the editor reads it, the caller adds to it (see submit) */
  constructor(private readonly history: readonly string[]) {}

  /** The prompt to show: the given one, or bash's reverse-i-search prompt while searching. */
  prompt(normal: string): string {
    const s = this.search
    return s ? `(${s.failed ? 'failing ' : ''}reverse-i-search)\`${s.query}': ` : normal
  }

  get searching(): boolean {
    return this.search !== null
  }

  /** Ends a search: keeps the line found (accept) or brings back the one before it. */
  endSearch(accept = true): void {
    const s = this.search
    if (!s) return
    this.search = null
    if (accept) return
    this.set(s.line, s.cursor)
    this.hIndex = s.hIndex
  }

  /** Enter: the line to run; the editor starts afresh (the caller appends it to the history). */
  submit(): string {
    this.endSearch(true)
    const line = this.line
    this.set('', 0)
    this.draft = ''
    this.hIndex = null
    return line
  }

  /** Ctrl-C: the line is dropped. */
  reset(): void {
    this.search = null
    this.set('', 0)
    this.draft = ''
    this.hIndex = null
  }

  /** Puts text in place of line[start, end) and the cursor after it (a completion). */
  replace(start: number, end: number, text: string): void {
    this.set(this.line.slice(0, start) + text + this.line.slice(end), start + text.length)
  }

  /** One key or a paste; returns whether the line, cursor or prompt changed (and wants a redraw). */
  key(d: string): boolean {
    if (this.search) {
      const handled = this.searchKey(d)
      if (handled !== null) return handled
      // any other key ends the search with the line found, then does what it does
      this.endSearch(true)
      this.key(d)
      return true
    }
    const { line, cursor } = this
    switch (d) {
      case '\x7f': // Backspace
      case '\x08': // Ctrl-H
        return cursor > 0 && this.set(line.slice(0, cursor - 1) + line.slice(cursor), cursor - 1)
      case '\x1b[3~': // Delete
      case '\x04': // Ctrl-D: deletes under the cursor (an empty line stays; there is no shell to leave)
        return cursor < line.length && this.set(line.slice(0, cursor) + line.slice(cursor + 1), cursor)
      case '\x1b[D':
      case '\x02': // Ctrl-B
        return this.move(cursor - 1)
      case '\x1b[C':
      case '\x06': // Ctrl-F
        return this.move(cursor + 1)
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
      case '\x01': // Ctrl-A
        return this.move(0)
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
      case '\x05': // Ctrl-E
        return this.move(line.length)
      case '\x1bb': // Alt-B
      case '\x1b[1;5D': // Ctrl-Left
      case '\x1b[1;3D': // Alt-Left
        return this.move(this.wordStart(cursor))
      case '\x1bf': // Alt-F
      case '\x1b[1;5C':
      case '\x1b[1;3C':
        return this.move(this.wordEnd(cursor))
      case '\x0b': // Ctrl-K: kill to the end
        return this.kill(cursor, line.length)
      case '\x15': // Ctrl-U: kill to the start
        return this.kill(0, cursor)
      case '\x17': {
        // Ctrl-W: kill the whitespace-delimited word before the cursor
        let i = cursor
        while (i > 0 && /\s/.test(line[i - 1])) i--
        while (i > 0 && !/\s/.test(line[i - 1])) i--
        return this.kill(i, cursor)
      }
      case '\x1b\x7f': // Alt-Backspace
      case '\x1b\x08':
        return this.kill(this.wordStart(cursor), cursor)
      case '\x1bd': // Alt-D
        return this.kill(cursor, this.wordEnd(cursor))
      case '\x19': // Ctrl-Y: yank what was killed last
        return this.killed !== '' && this.insert(this.killed)
      case '\x14': {
        // Ctrl-T: swap the two characters before the cursor (at the end) or around it
        if (line.length < 2 || cursor === 0) return false
        const at = cursor === line.length ? cursor - 1 : cursor
        return this.set(line.slice(0, at - 1) + line[at] + line[at - 1] + line.slice(at + 1), at + 1)
      }
      case '\x1b[A':
      case '\x10': // Ctrl-P
        return this.recall((this.hIndex ?? this.history.length) - 1)
      case '\x1b[B':
      case '\x0e': // Ctrl-N
        return this.recall((this.hIndex ?? this.history.length) + 1)
      case '\x12': // Ctrl-R
        this.search = { query: '', at: -1, failed: false, line, cursor, hIndex: this.hIndex }
        return true
    }
    if (d.startsWith('\x1b')) return false
    const clean = typed(d)
    return clean !== '' && this.insert(clean)
  }

  /** A key while searching: true/false when the search took it, null when it ends the search. */
  private searchKey(d: string): boolean | null {
    const s = this.search!
    if (d === '\x12') return this.find(s.query, s.at === -1 ? this.history.length - 1 : s.at - 1)
    if (d === '\x07' || d === '\x1b') {
      this.endSearch(false)
      return true
    }
    if (d === '\x7f' || d === '\x08') {
      if (!s.query) return false
      s.query = s.query.slice(0, -1)
      return this.find(s.query, this.history.length - 1)
    }
    if (d.startsWith('\x1b')) return null
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f]/.test(d)) return null
    s.query += typed(d)
    return this.find(s.query, s.at === -1 ? this.history.length - 1 : s.at)
  }

  /** The newest entry at or before `from` that holds `query`: shown with the cursor on the match. */
  private find(query: string, from: number): boolean {
    const s = this.search!
    for (let i = Math.min(from, this.history.length - 1); i >= 0; i--) {
      const at = query ? this.history[i].indexOf(query) : -1
      if (at >= 0) {
        s.at = i
        s.failed = false
        if (this.hIndex === null) this.draft = s.line
        this.hIndex = i
        this.set(this.history[i], at)
        return true
      }
    }
    s.failed = query !== ''
    return true
  }

  private recall(i: number): boolean {
    if (i < 0 || i > this.history.length) return false
    const next = i === this.history.length ? null : i
    if (next === this.hIndex) return false
    if (this.hIndex === null) this.draft = this.line
    this.hIndex = next
    const line = next === null ? this.draft : this.history[next]
    this.set(line, line.length)
    return true
  }

  private wordStart(from: number): number {
    let i = from
    while (i > 0 && !isWordChar(this.line[i - 1])) i--
    while (i > 0 && isWordChar(this.line[i - 1])) i--
    return i
  }

  private wordEnd(from: number): number {
    let i = from
    while (i < this.line.length && !isWordChar(this.line[i])) i++
    while (i < this.line.length && isWordChar(this.line[i])) i++
    return i
  }

  private kill(from: number, to: number): boolean {
    if (from >= to) return false
    this.killed = this.line.slice(from, to)
    return this.set(this.line.slice(0, from) + this.line.slice(to), from)
  }

  private insert(text: string): boolean {
    return this.set(this.line.slice(0, this.cursor) + text + this.line.slice(this.cursor), this.cursor + text.length)
  }

  private move(to: number): boolean {
    const c = Math.max(0, Math.min(this.line.length, to))
    if (c === this.cursor) return false
    this.cursor = c
    return true
  }

  private set(line: string, cursor: number): boolean {
    const changed = line !== this.line || cursor !== this.cursor
    this.line = line
    this.cursor = cursor
    return changed
  }
}

/** Cells a character takes in the terminal: 2 for East Asian wide ones, 0 for combining marks, else 1. */
export function charWidth(c: string): number {
  const cp = c.codePointAt(0) ?? 0
  if (/\p{Mn}/u.test(c)) return 0
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2
  return 1
}

export const textWidth = (s: string): number => [...s].reduce((n, c) => n + charWidth(c), 0)

/**
 * Where each character of `text` lands on a terminal `cols` wide, starting at column 0 of a row,
 * as xterm places it: a wide character that does not fit in the last column goes to the next row.
 * Returns the row and column after the last one.
 */
function place(text: string, cols: number): { row: number; col: number } {
  let row = 0
  let col = 0
  for (const c of text) {
    const w = charWidth(c)
    if (col + w > cols) {
      row++
      col = 0
    }
    col += w
  }
  // a row filled to its last column: the next character starts the next row
  if (col >= cols && cols > 0) return { row: row + 1, col: 0 }
  return { row, col }
}

/**
 * The escapes that redraw `prompt` + `line` with the cursor at `cursor`, on a terminal `cols` wide,
 * when the cursor now stands on row `cursorRow` of what was drawn before (0: the prompt's row). The line
 * may wrap over several rows; they are cleared and drawn again. Returns the cursor's row afterwards.
 */
export function render(prompt: string, line: string, cursor: number, cols: number, cursorRow: number): { out: string; cursorRow: number } {
  const up = (n: number) => (n > 0 ? `\x1b[${n}A` : '')
  let out = `${up(cursorRow)}\r\x1b[J${prompt}${line}`
  const end = place(prompt + line, cols)
  // the cursor sits in the last column when a row is exactly full: put it on the next row, where place() says it is
  if (end.col === 0 && end.row > 0) out += '\r\n'
  const at = place(prompt + line.slice(0, cursor), cols)
  out += up(end.row - at.row) + '\r' + (at.col > 0 ? `\x1b[${at.col}C` : '')
  return { out, cursorRow: at.row }
}

/** The escapes that clear a prompt drawn by `render` (cursor on `cursorRow`), leaving the cursor at its start. */
export const clearRendered = (cursorRow: number): string => `${cursorRow > 0 ? `\x1b[${cursorRow}A` : ''}\r\x1b[J`
