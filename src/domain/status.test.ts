import { describe, expect, it } from 'vitest'
import { parseDuration, parseStatus, statusAt } from './status'
import { containerStatus } from './sim/humanize'

describe('parseStatus (docker State.String())', () => {
  it('reads every form docker prints', () => {
    expect(parseStatus('Up 3 seconds')).toEqual({ kind: 'up', for: { unit: 'seconds', n: 3 }, paused: false, health: null })
    expect(parseStatus('Up Less than a second')).toEqual({ kind: 'up', for: { unit: 'lessThanSecond', n: 1 }, paused: false, health: null })
    expect(parseStatus('Up 2 minutes (Paused)')).toMatchObject({ kind: 'up', for: { unit: 'minutes', n: 2 }, paused: true })
    expect(parseStatus('Up About an hour (healthy)')).toMatchObject({ kind: 'up', for: { unit: 'aboutHour' }, health: 'healthy' })
    expect(parseStatus('Up 5 days (health: starting)')).toMatchObject({ kind: 'up', health: 'starting' })
    expect(parseStatus('Exited (0) 2 minutes ago')).toEqual({ kind: 'exited', code: 0, ago: { unit: 'minutes', n: 2 } })
    expect(parseStatus('Exited (137) About a minute ago')).toEqual({ kind: 'exited', code: 137, ago: { unit: 'aboutMinute', n: 1 } })
    expect(parseStatus('Restarting (1) 1 second ago')).toEqual({ kind: 'restarting', code: 1, ago: { unit: 'second', n: 1 } })
    expect(parseStatus('Created')).toEqual({ kind: 'created' })
    expect(parseStatus('Removal In Progress')).toEqual({ kind: 'removing' })
    expect(parseStatus('Dead')).toEqual({ kind: 'dead' })
  })
  it('leaves anything else as it is', () => {
    for (const text of ['', 'Up', 'Up forever', 'Exited (x) 1 second ago', 'Exited (0) 2 minutes', 'up 3 seconds', 'Up 3 fortnights'])
      expect(parseStatus(text)).toEqual({ kind: 'other', text })
    expect(parseDuration('3 seconds ago')).toBeNull()
  })
  it('reads back what the simulator prints, for durations from 0 to years', () => {
    const now = 10 ** 12
    for (const ms of [0, 999, 1000, 1500, 59_000, 60_000, 119_000, 3_599_000, 3_600_000, 47 * 3600_000, 48 * 3600_000, 20 * 86400_000, 70 * 86400_000, 800 * 86400_000]) {
      const up = containerStatus({ running: true, paused: false, restarting: false, removing: false, dead: false, startedAt: now - ms, finishedAt: 0, exitCode: 0 }, now)
      expect(parseStatus(up).kind, up).toBe('up')
      const ex = containerStatus({ running: false, paused: false, restarting: false, removing: false, dead: false, startedAt: 1, finishedAt: now - ms, exitCode: 3 }, now)
      expect(parseStatus(ex), ex).toMatchObject({ kind: 'exited', code: 3 })
    }
  })
})

describe('statusAt: the status text at a later moment, from the container’s times', () => {
  const t0 = Date.UTC(2026, 10, 29, 8, 0, 0)
  const s = 1000
  it('moves "Up …" on from startedAt, keeping Paused / health', () => {
    const times = { startedAt: t0, finishedAt: 0 }
    expect(statusAt('Up 3 seconds', times, t0 + 3 * s)).toBe('Up 3 seconds')
    expect(statusAt('Up 3 seconds', times, t0 + 4 * s + 999)).toBe('Up 4 seconds')
    expect(statusAt('Up Less than a second', times, t0 + 61 * s)).toBe('Up About a minute')
    expect(statusAt('Up 5 minutes (Paused)', times, t0 + 7 * 60 * s)).toBe('Up 7 minutes (Paused)')
    expect(statusAt('Up 2 seconds (health: starting)', times, t0 + 9 * s)).toBe('Up 9 seconds (health: starting)')
  })
  it('moves "Exited (n) … ago" and "Restarting (n) … ago" on from finishedAt, keeping the code', () => {
    const times = { startedAt: t0 - 60 * s, finishedAt: t0 }
    expect(statusAt('Exited (137) 1 second ago', times, t0 + 2 * s)).toBe('Exited (137) 2 seconds ago')
    expect(statusAt('Restarting (1) Less than a second ago', times, t0 + 3 * 3600 * s)).toBe('Restarting (1) 3 hours ago')
  })
  it('leaves a text alone when it has no duration or the time it needs is not known', () => {
    expect(statusAt('Created', { startedAt: 0, finishedAt: 0 }, t0)).toBe('Created')
    expect(statusAt('Up 3 seconds', {}, t0)).toBe('Up 3 seconds')
    expect(statusAt('Exited (0) 5 seconds ago', { startedAt: t0, finishedAt: 0 }, t0 + 9 * s)).toBe('Exited (0) 5 seconds ago')
    expect(statusAt('Up forever', { startedAt: t0 }, t0 + 9 * s)).toBe('Up forever')
    // a clock behind the start never says a negative time
    expect(statusAt('Up 1 second', { startedAt: t0 }, t0 - 5 * s)).toBe('Up Less than a second')
  })
  it('agrees with the simulator’s own status text at every moment (one HumanDuration)', () => {
    const times = { startedAt: t0, finishedAt: 0 }
    for (const dt of [0, 999, 1000, 59_999, 60_000, 119_999, 120_000, 3_599_999, 5_400_000, 200_000_000]) {
      const later = containerStatus({ running: true, paused: false, ...times, exitCode: 0 }, t0 + dt)
      expect(statusAt('Up 3 seconds', times, t0 + dt)).toBe(later)
    }
  })
})
