/**
 * Docker's time texts: the container State.String() that `docker ps` shows (go-units
 * HumanDuration lives in ../units) and the daemon's RFC 3339 times.
 */
import { humanDuration } from '../units'

export { humanDuration }

export interface StatusInput {
  running: boolean
  paused: boolean
  restarting?: boolean
  dead?: boolean
  removing?: boolean
  startedAt: number // ms, 0 = never
  finishedAt: number // ms, 0 = never
  exitCode: number
}

/** container State.String(): 'Up 3 seconds', 'Up 2 minutes (Paused)', 'Exited (0) 5 seconds ago', 'Created'. */
export function containerStatus(s: StatusInput, now: number): string {
  if (s.running) {
    if (s.paused) return `Up ${humanDuration(now - s.startedAt)} (Paused)`
    if (s.restarting) return `Restarting (${s.exitCode}) ${humanDuration(now - s.finishedAt)} ago`
    return `Up ${humanDuration(now - s.startedAt)}`
  }
  if (s.removing) return 'Removal In Progress'
  if (s.dead) return 'Dead'
  if (!s.startedAt) return 'Created'
  if (!s.finishedAt) return ''
  return `Exited (${s.exitCode}) ${humanDuration(now - s.finishedAt)} ago`
}

/** RFC 3339 with nanoseconds as the daemon writes times ('0001-01-01T00:00:00Z' for never). */
export function rfc3339(ms: number): string {
  if (!ms) return '0001-01-01T00:00:00Z'
  let text = rfcCache.get(ms)
  if (text === undefined) {
    const iso = new Date(ms).toISOString() // 2026-11-28T18:45:30.123Z
    text = iso.slice(0, -1) + '000000Z' // toISOString always ends in .mmmZ
    if (rfcCache.size > 10_000) rfcCache.clear()
    rfcCache.set(ms, text)
  }
  return text
}

const rfcCache = new Map<number, string>()
