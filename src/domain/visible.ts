/**
 * Untrusted text (file names, labels, image history, container output) shown as text: every
 * character that Go's strconv.IsPrint rejects — controls a terminal would obey, characters a page
 * would hide or reorder — is written the way Go (and so `docker ps`) escapes it.
 *
 * - ESC → `\x1b`, so an escape sequence such as `ESC[2J` reads as `\x1b[2J` instead of clearing
 *   xterm's screen, and an OSC 8 hyperlink or a title change is never started; TAB → `\t`, LF → `\n`,
 *   CR → `\r`, BEL → `\a`, DEL → `\x7f`.
 * - C1 controls (xterm also obeys U+009B as CSI), bidirectional overrides and isolates ("Trojan
 *   Source" reordering), zero-width and other format characters, non-ASCII spaces → `\u202e`.
 *
 * Plain ASCII escapes were chosen over Unicode Control Pictures (␛): common monospace fonts (DejaVu,
 * Liberation) have no glyph for those and draw a box; `\x1b` is also what `docker ps` shows.
 */
const NAMED: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' }
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u
const NOT_ASCII_PRINTABLE = /[^\x20-\x7e]/

/** Go's escape for one character (a code point), or null when Go prints it as it is. */
export function goEscape(ch: string): string | null {
  const c = ch.codePointAt(0)!
  if (c >= 0x20 && c < 0x7f) return null
  if (c < 0x80) return NAMED[c] ?? `\\x${c.toString(16).padStart(2, '0')}`
  if (PRINTABLE.test(ch)) return null
  return c < 0x10000 ? `\\u${c.toString(16).padStart(4, '0')}` : `\\U${c.toString(16).padStart(8, '0')}`
}

/**
 * `s` with every non-printable character escaped. `keep` lists characters left as they are (the
 * terminal keeps line feeds and tabs); `mark` may wrap each escape (the terminal shows it in reverse
 * video, so `\x1b` from a file name stands out from the four characters `\x1b` typed in one).
 */
export function visibleControls(s: string, keep = '', mark?: (escape: string) => string): string {
  if (!NOT_ASCII_PRINTABLE.test(s)) return s
  let out = ''
  for (const ch of s) {
    const e = keep.includes(ch) ? null : goEscape(ch)
    out += e === null ? ch : mark ? mark(e) : e
  }
  return out
}

/** For names and paths shown on one line: everything made visible, newlines and tabs too. */
export const visibleText = (s: string | undefined | null): string => (s == null ? '' : visibleControls(s))
