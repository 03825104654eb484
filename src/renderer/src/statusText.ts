/**
 * A container's status in the UI language: docker's "Up 3 seconds" / "Exited (0) 2 minutes ago" parsed
 * (domain/status.ts) and said with the `status.*` messages — in English exactly docker's words, in Chinese
 * "运行中 · 3 秒" / "已退出 (0) · 2 分钟前". The terminal never goes through here: it shows docker's text.
 */
import { parseStatus, statusAt, type HumanDuration } from '../../domain/status'
import type { Snapshot, SnapshotContainer } from '../../domain/snapshot'

type T = (key: string, params?: Record<string, unknown>) => string

export function durationText(t: T, d: HumanDuration): string {
  return t(`status.dur.${d.unit}`, { n: d.n })
}

/** The status in the UI language; docker's own text when it is not in docker's grammar; `fallback` for none. */
export function statusText(t: T, status: string, fallback = ''): string {
  if (!status) return fallback
  const p = parseStatus(status)
  switch (p.kind) {
    case 'up':
      if (p.paused) return t('status.upPaused', { d: durationText(t, p.for) })
      if (p.health) return t('status.upHealth', { d: durationText(t, p.for), health: t(`status.health.${p.health}`) })
      return t('status.up', { d: durationText(t, p.for) })
    case 'exited':
    case 'restarting':
      return t(`status.${p.kind}`, { code: p.code, d: durationText(t, p.ago) })
    case 'created':
    case 'removing':
    case 'dead':
      return t(`status.${p.kind}`)
    case 'other':
      return p.text
  }
}

/**
 * docker's status text of a container as it reads now, from the snapshot it came in: the engine's
 * clock when the snapshot was taken (`takenAt`) plus the time since it arrived here (`receivedAt`,
 * `now`: this side's clock), through the container's start/finish times (statusAt). Without those
 * times (an older snapshot shape) the text is the snapshot's.
 */
export function currentStatus(c: SnapshotContainer, s: Pick<Snapshot, 'takenAt'>, receivedAt: number, now: number): string {
  if (s.takenAt === undefined) return c.status
  return statusAt(c.status, c, s.takenAt + Math.max(0, now - receivedAt))
}

/** Whether a status text has a duration that moves with time ("Up …", "Exited (0) … ago"). */
export const statusTicks = (status: string): boolean => /^(Up|Exited|Restarting) /.test(status)
