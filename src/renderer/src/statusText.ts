/**
 * A container's status in the UI language: docker's "Up 3 seconds" / "Exited (0) 2 minutes ago" parsed
 * (domain/status.ts) and said with the `status.*` messages — in English exactly docker's words, in Chinese
 * "运行中 · 3 秒" / "已退出 (0) · 2 分钟前". The terminal never goes through here: it shows docker's text.
 */
import { parseStatus, type HumanDuration } from '../../domain/status'

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
