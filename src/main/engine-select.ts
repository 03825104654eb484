/**
 * Choose the engine: probe the discovered Docker endpoints (short timeouts), use the first that
 * answers with a usable API version, else fall back to the simulator with a one-line reason for
 * the badge. The probe speaks plain HTTP GET /version (no version prefix) so that it works with
 * daemons of any API version; the live engine then negotiates.
 */
import http from 'node:http'
import https from 'node:https'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import type { DockerEngine } from '../domain/engine'
import type { VersionInfo } from '../domain/types'
import type { EndpointAttempt, EngineMode, EngineStatus } from '../shared/contract'
import { DockerHostError, discoverEndpoints, parseDockerHost, type EndpointCandidate } from './endpoints'
import { MIN_API_VERSION, MAX_API_VERSION, compareApiVersions } from './live/version'

/** Connects a live engine to a probed endpoint (default: connectLive from src/main/live/live-engine.ts; tests may inject). */
export type ConnectLive = (c: EndpointCandidate, opts: { versionInfo: VersionInfo }) => Promise<DockerEngine & { apiVersion: string }>

export type { EngineStatus, EndpointAttempt }

export interface ProbeResult extends EndpointAttempt {
  version?: VersionInfo
}

const PERMISSION_HINT =
  'Your user may not use this socket. Add yourself to the "docker" group (sudo usermod -aG docker $USER, then log out and in) or run Docker rootless; do not loosen the socket\'s permissions.'

type Failure = Pick<EndpointAttempt, 'reason' | 'code' | 'params' | 'hint' | 'detail'>

/** An OS error on the connection, as a reason code with its path; the OS's own text is kept as `detail`. */
function describeError(e: NodeJS.ErrnoException, path: string): Failure {
  const detail = e.message ? e.message.slice(0, 300) : undefined
  switch (e.code) {
    case 'ENOENT':
      return { reason: 'not found', code: 'notFound', params: { path }, hint: `no socket at ${path}`, detail }
    case 'EACCES':
    case 'EPERM':
      return { reason: 'permission denied', code: 'permissionDenied', params: { path }, hint: PERMISSION_HINT, detail }
    case 'ECONNREFUSED':
      return { reason: 'connection refused', code: 'refused', params: { path }, hint: 'the socket exists but no daemon is listening on it', detail }
    case 'ECONNRESET':
    case 'EPIPE':
      return { reason: 'connection reset', code: 'reset', params: { path }, hint: 'the daemon closed the connection without answering', detail }
    default:
      return { reason: e.code ? e.code.toLowerCase() : e.message || 'error', code: 'other', params: { path, ...(e.code ? { errno: e.code.toLowerCase() } : {}) }, detail }
  }
}

/**
 * A malformed endpoint (DOCKER_HOST, typed, chosen): what is wrong as a code with its parameters
 * (params.error, worded by the renderer); the parser's English message is only the hint, for logs.
 * No `detail`: that slot is for what the OS or the daemon said, and neither said anything.
 */
export function malformedAttempt(endpoint: string, source: string, e: unknown): EndpointAttempt {
  const message = (e as Error).message
  const params = e instanceof DockerHostError ? { error: e.code, ...e.params } : undefined
  return { endpoint, source, ok: false, reason: 'malformed', code: 'malformed', ...(params ? { params } : {}), hint: message }
}

/** What answered GET /version, as it answered (trimmed), when it said anything. */
function bodyDetail(text: string): { detail?: string } {
  const t = text.trim().slice(0, 200)
  return t ? { detail: t } : {}
}

/** GET /version without a version prefix; never throws. */
export function probeEndpoint(candidate: EndpointCandidate, opts: { timeoutMs?: number } = {}): Promise<ProbeResult> {
  const timeoutMs = opts.timeoutMs ?? 1500
  const base = { endpoint: candidate.endpoint, source: candidate.source }
  const target = 'socketPath' in candidate.dockerodeOptions ? candidate.dockerodeOptions.socketPath : `${candidate.dockerodeOptions.host}:${candidate.dockerodeOptions.port}`
  return new Promise<ProbeResult>((resolve) => {
    let done = false
    const finish = (r: ProbeResult) => {
      if (done) return
      done = true
      clearTimeout(timer)
      req.destroy()
      resolve(r)
    }
    const o = candidate.dockerodeOptions
    const reqOpts: https.RequestOptions =
      'socketPath' in o
        ? { socketPath: o.socketPath, path: '/version', method: 'GET', headers: { host: 'docker' } }
        : { host: o.host, port: o.port, path: '/version', method: 'GET', ca: o.ca, cert: o.cert, key: o.key }
    const mod = 'protocol' in o && o.protocol === 'https' ? https : http
    const req = mod.request(reqOpts, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', (e) => finish({ ...base, ok: false, ...describeError(e, target) }))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        if (res.statusCode !== 200) {
          finish({ ...base, ok: false, reason: `HTTP ${res.statusCode ?? '?'}`, code: 'http', params: { path: target, status: res.statusCode ?? 0 }, hint: `GET /version answered HTTP ${res.statusCode ?? '?'}`, ...bodyDetail(text) })
          return
        }
        let v: VersionInfo
        try {
          v = JSON.parse(text) as VersionInfo
        } catch {
          finish({ ...base, ok: false, reason: 'not a Docker daemon', code: 'notDocker', params: { path: target }, hint: 'GET /version did not answer JSON', ...bodyDetail(text) })
          return
        }
        if (typeof v.ApiVersion !== 'string') {
          finish({ ...base, ok: false, reason: 'not a Docker daemon', code: 'notDocker', params: { path: target }, hint: 'GET /version has no ApiVersion', ...bodyDetail(text) })
          return
        }
        if (compareApiVersions(v.ApiVersion, MIN_API_VERSION) < 0) {
          finish({
            ...base,
            ok: false,
            reason: 'API too old',
            code: 'apiTooOld',
            params: { version: v.Version ?? '?', api: v.ApiVersion, min: MIN_API_VERSION },
            hint: `Docker ${v.Version ?? '?'} speaks API ${v.ApiVersion}; Layerlab needs ${MIN_API_VERSION} or newer (Docker 20.10+)`,
            version: v,
          })
          return
        }
        if (v.MinAPIVersion && compareApiVersions(v.MinAPIVersion, MAX_API_VERSION) > 0) {
          finish({
            ...base,
            ok: false,
            reason: 'API too new',
            code: 'apiTooNew',
            params: { version: v.Version ?? '?', min: v.MinAPIVersion, max: MAX_API_VERSION },
            hint: `Docker ${v.Version ?? '?'} requires API ${v.MinAPIVersion} or newer; Layerlab speaks up to ${MAX_API_VERSION}`,
            version: v,
          })
          return
        }
        finish({ ...base, ok: true, reason: 'ok', code: 'ok', version: v })
      })
    })
    req.on('error', (e: NodeJS.ErrnoException) => finish({ ...base, ok: false, ...describeError(e, target) }))
    const timer = setTimeout(
      () => finish({ ...base, ok: false, reason: 'timeout', code: 'timeout', params: { path: target, ms: timeoutMs }, hint: `no answer to GET /version within ${timeoutMs} ms` }),
      timeoutMs,
    )
    req.end()
  })
}

function socketOf(endpoint: string): string {
  return endpoint.replace(/^unix:\/\//, '')
}

/** The one-line badge text and the full status. */
export function buildEngineStatus(args: {
  kind: 'simulator' | 'live'
  mode: EngineMode
  tried: EndpointAttempt[]
  endpoint?: string | null
  version?: VersionInfo | null
  apiVersion?: string | null
  reason?: string
}): EngineStatus {
  const { kind, mode, tried } = args
  let reason = args.reason
  if (!reason) {
    if (kind === 'live') {
      reason = `Live — Docker ${args.version?.Version ?? '?'} at ${args.endpoint ?? '?'}`
    } else if (mode === 'simulator') {
      reason = 'Simulator — chosen in settings'
    } else {
      // the most telling failure: a socket that exists but refuses us beats one that is absent
      const rank = (a: EndpointAttempt) => (a.code === 'notFound' ? 0 : 1)
      const best = [...tried].sort((a, b) => rank(b) - rank(a))[0]
      const preferred = tried.find((a) => a.endpoint === 'unix:///var/run/docker.sock') ?? best
      const pick = best && rank(best) > 0 ? best : preferred
      if (!pick) reason = 'Simulator — no Docker endpoint to try'
      else if (pick.code === 'notFound') reason = `Simulator — no Docker socket at ${socketOf(pick.endpoint)}`
      else reason = `Simulator — ${pick.reason} on ${socketOf(pick.endpoint)}`
    }
  }
  return {
    kind,
    reason,
    endpoint: kind === 'live' ? (args.endpoint ?? null) : null,
    version: kind === 'live' ? (args.version?.Version ?? null) : null,
    apiVersion: kind === 'live' ? (args.apiVersion ?? args.version?.ApiVersion ?? null) : null,
    connected: true,
    tried,
    mode,
  }
}

export interface SelectOptions {
  mode: EngineMode
  endpoint?: string
  /** Total time budget for probing all candidates (default 1500 ms). */
  timeoutMs?: number
  createSimulator: () => DockerEngine
  /** For tests: the candidates to try instead of discovering them on this machine. */
  candidates?: EndpointCandidate[]
  /** The live-engine factory; without it a reachable daemon is reported but the simulator is used. */
  connectLive?: ConnectLive
}

function readOrNull(p: string): string | null {
  try {
    return readFileSync(p, 'utf8')
  } catch {
    return null
  }
}

export function localCandidates(): EndpointCandidate[] {
  return discoverEndpoints({
    env: process.env,
    platform: process.platform,
    homedir: homedir(),
    readFile: readOrNull,
    sha256: (s) => createHash('sha256').update(s).digest('hex'),
  })
}

/**
 * The live engine, imported only when a daemon answered: dockerode and its dependencies take
 * ~0.3 s to load, which start-up should not pay before the first paint (or at all on the simulator).
 */
const defaultConnectLive: ConnectLive = async (c, o) => (await import('./live/live-engine')).connectLive(c, o)

export async function selectEngine(opts: SelectOptions): Promise<{ engine: DockerEngine; status: EngineStatus }> {
  const mode = opts.mode
  const simulator = (tried: EndpointAttempt[], reason?: string) => ({
    engine: opts.createSimulator(),
    status: buildEngineStatus({ kind: 'simulator', mode, tried, reason }),
  })
  if (mode === 'simulator') return simulator([])

  let candidates: EndpointCandidate[]
  const tried: EndpointAttempt[] = []
  if (opts.endpoint) {
    try {
      candidates = [parseDockerHost(opts.endpoint, 'chosen endpoint')]
    } catch (e) {
      // the attempt lets the badge and the dialog say why in the UI language; the reason stays main's English
      return simulator([malformedAttempt(opts.endpoint.slice(0, 200), 'chosen endpoint', e)], `Simulator — ${(e as Error).message}`)
    }
  } else {
    candidates = opts.candidates ?? localCandidates()
    const dh = process.env.DOCKER_HOST
    if (!opts.candidates && dh) {
      try {
        parseDockerHost(dh)
      } catch (e) {
        tried.push(malformedAttempt(dh, 'DOCKER_HOST', e))
      }
    }
  }

  const budget = opts.timeoutMs ?? 1500
  const deadline = Date.now() + budget
  for (const c of candidates) {
    const left = deadline - Date.now()
    if (left <= 0) {
      tried.push({ endpoint: c.endpoint, source: c.source, ok: false, reason: 'timeout', code: 'notTried', hint: 'not tried: the time budget was used up' })
      continue
    }
    const r = await probeEndpoint(c, { timeoutMs: left })
    const { version, ...attempt } = r
    tried.push(attempt)
    if (!r.ok || !version) continue
    const connect = opts.connectLive ?? defaultConnectLive
    try {
      const live = await connect(c, { versionInfo: version })
      return {
        engine: live,
        status: buildEngineStatus({ kind: 'live', mode, tried, endpoint: c.endpoint, version, apiVersion: live.apiVersion }),
      }
    } catch (e) {
      attempt.ok = false
      attempt.reason = 'error'
      attempt.code = 'error'
      attempt.hint = (e as Error).message
      attempt.detail = (e as Error).message
    }
  }
  return simulator(tried)
}
