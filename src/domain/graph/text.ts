/**
 * The graph's short texts that the first screen needs too (the graph-as-text list), kept apart from
 * the projection so they load without d3-hierarchy.
 */
import { visibleControls } from '../visible'

const MAX_INSTR = 44

export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?'
  if (bytes < 1000) return `${bytes}B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let v = bytes / 1000
  let i = 0
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v)}${units[i]}`
}

/** The instruction a history line shows, without the /bin/sh -c #(nop) noise, shortened; controls made visible (untrusted). */
export function instructionText(createdBy: string): string {
  let s = createdBy.replace(/^\/bin\/sh -c #\(nop\)\s*/, '').replace(/^\/bin\/sh -c /, 'RUN ')
  s = visibleControls(s.replace(/\s+/g, ' ').trim())
  return s.length > MAX_INSTR ? s.slice(0, MAX_INSTR - 1) + '…' : s
}
