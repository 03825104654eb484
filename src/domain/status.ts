/**
 * docker's container status text ("Up 3 seconds", "Exited (0) 2 minutes ago": moby's State.String() with
 * go-units HumanDuration) read back into parts, so the UI can say it in the learner's language while the
 * terminal keeps docker's English. Text that is not in that grammar is `other` and shown as it is.
 */
import { humanDuration } from './units'

/** go-units HumanDuration's phrases; n where the phrase has a number. */
export type DurationUnit = 'lessThanSecond' | 'second' | 'seconds' | 'aboutMinute' | 'minutes' | 'aboutHour' | 'hours' | 'days' | 'weeks' | 'months' | 'years'
export interface HumanDuration {
  unit: DurationUnit
  n: number
}

export type ParsedStatus =
  | { kind: 'up'; for: HumanDuration; paused: boolean; health: 'healthy' | 'unhealthy' | 'starting' | null }
  | { kind: 'exited' | 'restarting'; code: number; ago: HumanDuration }
  | { kind: 'created' | 'removing' | 'dead' }
  | { kind: 'other'; text: string }

const FIXED: Record<string, DurationUnit> = {
  'Less than a second': 'lessThanSecond',
  '1 second': 'second',
  'About a minute': 'aboutMinute',
  'About an hour': 'aboutHour',
}
const COUNTED: Record<string, DurationUnit> = { seconds: 'seconds', minutes: 'minutes', hours: 'hours', days: 'days', weeks: 'weeks', months: 'months', years: 'years' }

export function parseDuration(text: string): HumanDuration | null {
  const fixed = FIXED[text]
  if (fixed) return { unit: fixed, n: 1 }
  const m = /^(\d+) ([a-z]+)$/.exec(text)
  const unit = m && COUNTED[m[2]]
  return unit ? { unit, n: Number(m[1]) } : null
}

const HEALTH: Record<string, 'healthy' | 'unhealthy' | 'starting'> = { healthy: 'healthy', unhealthy: 'unhealthy', 'health: starting': 'starting' }

export function parseStatus(text: string): ParsedStatus {
  const other = { kind: 'other', text } as const
  if (text === 'Created') return { kind: 'created' }
  if (text === 'Removal In Progress') return { kind: 'removing' }
  if (text === 'Dead') return { kind: 'dead' }
  let m = /^Up (.+?)(?: \((Paused|healthy|unhealthy|health: starting)\))?$/.exec(text)
  if (m) {
    const d = parseDuration(m[1])
    if (!d) return other
    return { kind: 'up', for: d, paused: m[2] === 'Paused', health: m[2] ? (HEALTH[m[2]] ?? null) : null }
  }
  m = /^(Exited|Restarting) \((-?\d+)\) (.+) ago$/.exec(text)
  if (m) {
    const d = parseDuration(m[3])
    if (!d) return other
    return { kind: m[1] === 'Exited' ? 'exited' : 'restarting', code: Number(m[2]), ago: d }
  }
  return other
}

/** When a container started and last finished, ms on the engine's clock; 0 = never (as moby's State). */
export interface StatusTimes {
  startedAt?: number
  finishedAt?: number
}

/**
 * docker's status text as it reads at `now` (ms, the engine's clock): the duration recomputed from
 * the container's start ("Up …") or end ("Exited (0) … ago", "Restarting (1) … ago") with go-units
 * HumanDuration, everything else in the text kept (Paused, health, the exit code). Text without a
 * duration, or a time that is not known, comes back as it is. Lets the UI keep "Up 3 seconds"
 * current between snapshots without asking the engine again.
 */
export function statusAt(text: string, times: StatusTimes, now: number): string {
  let m = /^Up (.+?)( \((?:Paused|healthy|unhealthy|health: starting)\))?$/.exec(text)
  if (m) {
    const started = times.startedAt ?? 0
    if (!started || !parseDuration(m[1])) return text
    return `Up ${humanDuration(Math.max(0, now - started))}${m[2] ?? ''}`
  }
  m = /^(Exited|Restarting) \((-?\d+)\) (.+) ago$/.exec(text)
  if (m) {
    const finished = times.finishedAt ?? 0
    if (!finished || !parseDuration(m[3])) return text
    return `${m[1]} (${m[2]}) ${humanDuration(Math.max(0, now - finished))} ago`
  }
  return text
}
