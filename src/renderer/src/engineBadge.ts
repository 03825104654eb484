/**
 * The engine badge's text in the learner's language, built from the structured EngineStatus
 * (kind, mode, connection, endpoints tried) rather than from main's English `reason` line, which
 * stays as the badge's tooltip and in logs.
 */
import type { EndpointAttempt, EngineStatus, ProbeReason } from '../../shared/contract'

type T = (key: string, params?: Record<string, unknown>) => string

const socketOf = (endpoint: string) => endpoint.replace(/^unix:\/\//, '')

/** Probe reasons that have a line of their own under the reason in the settings dialog (settings.details.*), worded from the attempt's params. */
export const DETAIL_CODES = ['notFound', 'permissionDenied', 'refused', 'reset', 'timeout', 'notTried', 'dockerHostSet', 'http', 'notDocker', 'apiTooOld', 'apiTooNew'] as const satisfies readonly ProbeReason[]

/** The settings dialog's result for one attempt, in the UI language: 'answers (Docker 24.0.7, API 1.43)' or the reason's sentence. */
export function attemptReason(a: EndpointAttempt, t: T): string {
  if (a.ok) return t(a.product === 'podman' ? 'settings.answersPodman' : 'settings.answers', { version: a.daemonVersion ?? '?', api: a.apiVersion ?? '?' })
  return t(`settings.reasons.${a.code}`, { reason: a.params?.errno ?? a.reason })
}

/**
 * The line under the reason ('No socket at /var/run/docker.sock.', 'The port must be a number from 1
 * to 65535.'), or '' when the code has none (the OS's own text still follows).
 */
export function attemptDetail(a: EndpointAttempt, t: T): string {
  if (a.ok) return ''
  // a malformed endpoint: what is wrong with it (settings.endpointErrors.*), never the parser's English
  if (a.code === 'malformed') {
    const p = a.params ?? {}
    if (!p.error) return ''
    // host: the scheme typed (tcp, http or https); a main that did not send it meant tcp
    const what = t(`settings.endpointErrors.${p.error}`, { scheme: p.scheme ?? (p.error === 'host' ? 'tcp' : '?'), port: p.port ?? '?' })
    return p.suggest ? t('settings.endpointSuggest', { what, suggest: p.suggest }) : what
  }
  if (!(DETAIL_CODES as readonly string[]).includes(a.code)) return ''
  const p = a.params ?? {}
  return t(`settings.details.${a.code}`, { path: p.path ?? socketOf(a.endpoint), ms: p.ms ?? '?', status: p.status ?? '?', version: p.version ?? '?', api: p.api ?? '?', min: p.min ?? '?', max: p.max ?? '?' })
}

/** The attempt that explains best why the simulator runs (as main's engine-select picks it). */
export function tellingAttempt(tried: EndpointAttempt[]): EndpointAttempt | null {
  const failed = tried.filter((a) => !a.ok && a.code !== 'dockerHostSet')
  const present = failed.find((a) => a.code !== 'notFound')
  return present ?? failed.find((a) => a.endpoint === 'unix:///var/run/docker.sock') ?? failed[0] ?? null
}

/** The bold engine name: Simulator, Docker, or Podman when Podman's Docker-compatible API answers. */
export function engineName(s: EngineStatus, t: T): string {
  return t(s.kind === 'live' && s.product === 'podman' ? 'engine.podman' : `engine.${s.kind}`)
}

/** The text after the bold engine name, e.g. '— no Docker socket at /var/run/docker.sock'. */
export function badgeText(s: EngineStatus, t: T): string {
  let text: string
  if (s.kind === 'live') {
    const key = s.product === 'podman' ? 'badge.livePodman' : 'badge.live'
    text = s.connected ? t(key, { version: s.version ?? '?', endpoint: s.endpoint ?? '?' }) : t('badge.lost', { endpoint: s.endpoint ?? '?' })
  } else if (s.mode === 'simulator') {
    text = t('badge.chosen')
  } else {
    const a = tellingAttempt(s.tried)
    if (!a) text = t('badge.noEndpoint')
    else if (a.code === 'notFound') text = t('badge.noSocket', { path: socketOf(a.endpoint) })
    else text = t('badge.failed', { reason: t(`badge.reasons.${a.code}`), path: socketOf(a.endpoint) })
  }
  // a notice main appends (a sandbox file set aside) stays as main wrote it
  const notice = s.reason.indexOf(' · ')
  return notice >= 0 ? `${text}${s.reason.slice(notice)}` : text
}
