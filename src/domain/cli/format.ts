/**
 * The docker CLI's output formats: tabwriter tables (minwidth 10, padding 3), go-units sizes and
 * durations (../units), quoted and truncated commands.
 */
import { humanDuration, humanSize } from '../units'
import { visibleControls } from '../visible'

export { humanSize }

/** Code points in s, as Go counts runes ([...s].length without the array). */
export function runeLength(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--
        i++
      }
    }
  }
  return n
}

/** Docker's table writer: tabwriter.NewWriter(out, 10, 1, 3, ' ', 0); the last column is not padded. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return ''
  let cols = 0
  for (const r of rows) if (r.length > cols) cols = r.length
  const widths: number[] = []
  for (let c = 0; c < cols - 1; c++) {
    let w = 0
    for (const r of rows) {
      const n = runeLength(r[c] ?? '')
      if (n > w) w = n
    }
    widths.push(Math.max(10, w + 3))
  }
  const parts: string[] = []
  for (const r of rows) {
    const last = r.length ? r[r.length - 1] : ''
    const end = last.length ? last.charCodeAt(last.length - 1) : 0
    // trailing white space goes: a row whose last cell is empty, blank or padded is joined and trimmed
    if (r.length < cols || end === 0 || end === 32 || (end >= 9 && end <= 13) || end > 127) {
      let line = ''
      for (let c = 0; c < r.length; c++) line += c < cols - 1 ? r[c] + spaces(widths[c] - runeLength(r[c])) : r[c]
      parts.push(line.trimEnd(), '\n')
      continue
    }
    for (let c = 0; c < cols - 1; c++) parts.push(r[c], spaces(widths[c] - runeLength(r[c])))
    parts.push(last, '\n')
  }
  return parts.join('')
}

const padCache: string[] = []

/** n spaces (kept, so a table allocates no padding strings) */
function spaces(n: number): string {
  if (n <= 0) return ''
  if (n > 256) return ' '.repeat(n)
  return (padCache[n] ??= ' '.repeat(n))
}

export function ago(unixSeconds: number, nowMs: number): string {
  return `${humanDuration(Math.max(0, nowMs - unixSeconds * 1000))} ago`
}

/** Docker's Ellipsis: keep max-1 runes and add "…". */
export function ellipsis(s: string, max: number): string {
  if (s.length <= max) return s
  const runes = [...s]
  if (runes.length <= max) return s
  return runes.slice(0, max - 1).join('') + '…'
}

/** Go's strconv.Quote: `"` and `\` escaped, then every non-printable character as Go writes it (visible.ts). */
export function goQuote(s: string): string {
  if (!/[^\x20-\x7e]|["\\]/.test(s)) return `"${s}"`
  return `"${visibleControls(s.replace(/["\\]/g, '\\$&'))}"`
}

export function shortHex(id: string): string {
  return (id.startsWith('sha256:') ? id.slice(7) : id).slice(0, 12)
}
