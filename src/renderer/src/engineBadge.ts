/**
 * The engine badge's text in the learner's language, built from the structured EngineStatus
 * (kind, mode, connection, endpoints tried) rather than from main's English `reason` line, which
 * stays as the badge's tooltip and in logs.
 */
import type { EndpointAttempt, EngineStatus } from '../../shared/contract'

type T = (key: string, params?: Record<string, unknown>) => string

/** Endpoint failure reasons (as main's probe words them) → i18n keys, for the badge (badge.reasons.*) and the settings dialog (settings.reasons.*). */
export const REASON_KEYS: Record<string, string> = {
  ok: 'ok',
  'not found': 'notFound',
  'permission denied': 'permissionDenied',
  timeout: 'timeout',
  'connection refused': 'refused',
  'connection reset': 'reset',
  'API too old': 'apiTooOld',
  'API too new': 'apiTooNew',
  'not a Docker daemon': 'notDocker',
  malformed: 'malformed',
  error: 'error',
}

const socketOf = (endpoint: string) => endpoint.replace(/^unix:\/\//, '')

/** The attempt that explains best why the simulator runs (as main's engine-select picks it). */
export function tellingAttempt(tried: EndpointAttempt[]): EndpointAttempt | null {
  const failed = tried.filter((a) => !a.ok)
  const present = failed.find((a) => a.reason !== 'not found')
  return present ?? failed.find((a) => a.endpoint === 'unix:///var/run/docker.sock') ?? failed[0] ?? null
}

/** The text after the bold engine name, e.g. '— no Docker socket at /var/run/docker.sock'. */
export function badgeText(s: EngineStatus, t: T): string {
  let text: string
  if (s.kind === 'live') {
    text = s.connected ? t('badge.live', { version: s.version ?? '?', endpoint: s.endpoint ?? '?' }) : t('badge.lost', { endpoint: s.endpoint ?? '?' })
  } else if (s.mode === 'simulator') {
    text = t('badge.chosen')
  } else {
    const a = tellingAttempt(s.tried)
    if (!a) text = t('badge.noEndpoint')
    else if (a.reason === 'not found') text = t('badge.noSocket', { path: socketOf(a.endpoint) })
    else {
      const key = REASON_KEYS[a.reason]
      text = t('badge.failed', { reason: key ? t(`badge.reasons.${key}`) : a.reason, path: socketOf(a.endpoint) })
    }
  }
  // a notice main appends (a sandbox file set aside) stays as main wrote it
  const notice = s.reason.indexOf(' · ')
  return notice >= 0 ? `${text}${s.reason.slice(notice)}` : text
}
