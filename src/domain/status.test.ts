import { describe, expect, it } from 'vitest'
import { parseDuration, parseStatus } from './status'
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
