/**
 * Docker's time texts: a faithful port of go-units HumanDuration and of the container
 * State.String() that `docker ps` shows.
 */

/** go-units HumanDuration, d in milliseconds. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000)
  if (seconds < 1) return 'Less than a second'
  if (seconds === 1) return '1 second'
  if (seconds < 60) return `${seconds} seconds`
  const minutes = Math.trunc(ms / 60000)
  if (minutes === 1) return 'About a minute'
  if (minutes < 60) return `${minutes} minutes`
  const hours = Math.trunc(ms / 3600000 + 0.5)
  if (hours === 1) return 'About an hour'
  if (hours < 48) return `${hours} hours`
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`
  return `${Math.trunc(Math.trunc(ms / 3600000) / 24 / 365)} years`
}

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
  const iso = new Date(ms).toISOString() // 2026-11-28T18:45:30.123Z
  return iso.replace(/\.(\d{3})Z$/, (_m, frac: string) => `.${frac}000000Z`)
}
