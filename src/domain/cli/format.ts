/**
 * The docker CLI's output formats: tabwriter tables (minwidth 10, padding 3), go-units sizes and
 * durations, quoted and truncated commands.
 */
import { humanDuration } from '../sim/humanize'

/** Docker's table writer: tabwriter.NewWriter(out, 10, 1, 3, ' ', 0); the last column is not padded. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return ''
  const cols = Math.max(...rows.map((r) => r.length))
  const widths: number[] = []
  for (let c = 0; c < cols - 1; c++) {
    const w = Math.max(...rows.map((r) => [...(r[c] ?? '')].length))
    widths.push(Math.max(10, w + 3))
  }
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c < cols - 1 ? cell + ' '.repeat(Math.max(0, widths[c] - [...cell].length)) : cell))
        .join('')
        .replace(/\s+$/, ''),
    )
    .map((l) => l + '\n')
    .join('')
}

/** go-units HumanSizeWithPrecision(size, 3): decimal units, "%.3g". */
export function humanSize(bytes: number, precision = 3): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB']
  let size = bytes
  let i = 0
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000
    i++
  }
  return `${formatG(size, precision)}${units[i]}`
}

function formatG(x: number, precision: number): string {
  if (x === 0) return '0'
  return String(Number(x.toPrecision(precision)))
}

export function ago(unixSeconds: number, nowMs: number): string {
  return `${humanDuration(Math.max(0, nowMs - unixSeconds * 1000))} ago`
}

/** Docker's Ellipsis: keep max-1 runes and add "…". */
export function ellipsis(s: string, max: number): string {
  const runes = [...s]
  if (runes.length <= max) return s
  return runes.slice(0, max - 1).join('') + '…'
}

/** Go's strconv.Quote for the printable ASCII a command holds. */
export function goQuote(s: string): string {
  return JSON.stringify(s)
}

export function shortHex(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12)
}
