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
import type { EndpointAttempt, EngineMode, EngineStatus, ProbeReason } from '../shared/contract'
import { DockerHostError, parseDockerHost, planEndpoints, type EndpointCandidate } from './endpoints'
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

/** How long a daemon that answered /_ping may take to answer /version: Podman 4.3 takes ~2 s, 4–8 s on a loaded 2-CPU machine (it asks conmon and the OCI runtime for their versions). */
export const VERSION_TIMEOUT_MS = 15_000

/** Which engine answered: Podman's Docker-compatible API names its first component 'Podman Engine'. */
export function productOf(v: VersionInfo): 'docker' | 'podman' {
  const components = (v as { Components?: Array<{ Name?: unknown }> }).Components
  return Array.isArray(components) && components.some((c) => typeof c?.Name === 'string' && /podman/i.test(c.Name)) ? 'podman' : 'docker'
}

type GetResult = { ok: true; status: number; text: string } | { ok: false; failure: Failure }

/** One GET without a version prefix on the candidate's socket or host; never throws. */
function get(candidate: EndpointCandidate, path: string, timeoutMs: number): Promise<GetResult> {
  const target = 'socketPath' in candidate.dockerodeOptions ? candidate.dockerodeOptions.socketPath : `${candidate.dockerodeOptions.host}:${candidate.dockerodeOptions.port}`
  return new Promise<GetResult>((resolve) => {
    let done = false
    const finish = (r: GetResult) => {
      if (done) return
      done = true
      clearTimeout(timer)
      req.destroy()
      resolve(r)
    }
    const o = candidate.dockerodeOptions
    const reqOpts: https.RequestOptions =
      'socketPath' in o
        ? { socketPath: o.socketPath, path, method: 'GET', headers: { host: 'docker' } }
        : { host: o.host, port: o.port, path, method: 'GET', ca: o.ca, cert: o.cert, key: o.key }
    const mod = 'protocol' in o && o.protocol === 'https' ? https : http
    const req = mod.request(reqOpts, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', (e) => finish({ ok: false, failure: describeError(e, target) }))
      res.on('end', () => finish({ ok: true, status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', (e: NodeJS.ErrnoException) => finish({ ok: false, failure: describeError(e, target) }))
    const timer = setTimeout(
      () => finish({ ok: false, failure: { reason: 'timeout', code: 'timeout', params: { path: target, ms: timeoutMs }, hint: `no answer to GET ${path} within ${timeoutMs} ms` } }),
      timeoutMs,
    )
    req.end()
  })
}

/**
 * GET /_ping within `timeoutMs` (is anything there?), then GET /version (which daemon, which API):
 * a daemon that answered the ping gets VERSION_TIMEOUT_MS for its version, since Podman's takes
 * seconds. Neither has a version prefix, so daemons of any API version answer. Never throws.
 */
export async function probeEndpoint(candidate: EndpointCandidate, opts: { timeoutMs?: number; versionTimeoutMs?: number } = {}): Promise<ProbeResult> {
  const timeoutMs = opts.timeoutMs ?? 1500
  const base = { endpoint: candidate.endpoint, source: candidate.source }
  const target = 'socketPath' in candidate.dockerodeOptions ? candidate.dockerodeOptions.socketPath : `${candidate.dockerodeOptions.host}:${candidate.dockerodeOptions.port}`
  const ping = await get(candidate, '/_ping', timeoutMs)
  if (!ping.ok) return { ...base, ok: false, ...ping.failure }
  const res = await get(candidate, '/version', Math.max(timeoutMs, opts.versionTimeoutMs ?? VERSION_TIMEOUT_MS))
  if (!res.ok) return { ...base, ok: false, ...res.failure }
  const text = res.text
  if (res.status !== 200) {
    return { ...base, ok: false, reason: `HTTP ${res.status || '?'}`, code: 'http', params: { path: target, status: res.status }, hint: `GET /version answered HTTP ${res.status || '?'}`, ...bodyDetail(text) }
  }
  let v: VersionInfo
  try {
    v = JSON.parse(text) as VersionInfo
  } catch {
    return { ...base, ok: false, reason: 'not a Docker daemon', code: 'notDocker', params: { path: target }, hint: 'GET /version did not answer JSON', ...bodyDetail(text) }
  }
  if (typeof v?.ApiVersion !== 'string') {
    return { ...base, ok: false, reason: 'not a Docker daemon', code: 'notDocker', params: { path: target }, hint: 'GET /version has no ApiVersion', ...bodyDetail(text) }
  }
  // a daemon whose API Layerlab cannot speak: said with the versions, and its /version kept
  const refused = (reason: string, code: ProbeReason, params: EndpointAttempt['params'], hint: string): ProbeResult => ({ ...base, ok: false, reason, code, params, hint, version: v })
  const version = v.Version ?? '?'
  if (compareApiVersions(v.ApiVersion, MIN_API_VERSION) < 0) {
    return refused('API too old', 'apiTooOld', { version, api: v.ApiVersion, min: MIN_API_VERSION }, `Docker ${version} speaks API ${v.ApiVersion}; Layerlab needs ${MIN_API_VERSION} or newer (Docker 20.10+)`)
  }
  if (v.MinAPIVersion && compareApiVersions(v.MinAPIVersion, MAX_API_VERSION) > 0) {
    return refused('API too new', 'apiTooNew', { version, min: v.MinAPIVersion, max: MAX_API_VERSION }, `Docker ${version} requires API ${v.MinAPIVersion} or newer; Layerlab speaks up to ${MAX_API_VERSION}`)
  }
  return { ...base, ok: true, reason: 'ok', code: 'ok', product: productOf(v), version: v }
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
      reason = `Live — ${args.version && productOf(args.version) === 'podman' ? 'Podman' : 'Docker'} ${args.version?.Version ?? '?'} at ${args.endpoint ?? '?'}`
    } else if (mode === 'simulator') {
      reason = 'Simulator — chosen in settings'
    } else {
      // the most telling failure: a socket that exists but refuses us beats one that is absent
      const rank = (a: EndpointAttempt) => (a.code === 'notFound' ? 0 : 1)
      const best = tried.filter((a) => a.code !== 'dockerHostSet').sort((a, b) => rank(b) - rank(a))[0]
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
    product: kind === 'live' && args.version ? productOf(args.version) : null,
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

function localInput() {
  return {
    env: process.env,
    platform: process.platform,
    homedir: homedir(),
    readFile: readOrNull,
    sha256: (s: string) => createHash('sha256').update(s).digest('hex'),
  }
}

/** This machine's endpoints to try, as planEndpoints decides (DOCKER_HOST alone when set). */
export function localPlan(opts: { others?: boolean; env?: Record<string, string | undefined> } = {}): ReturnType<typeof planEndpoints> {
  const input = localInput()
  return planEndpoints(opts.env ? { ...input, env: opts.env } : input, opts)
}

/** The docker CLI's sentence for a daemon that does not answer (docker 28: `docker ps` with DOCKER_HOST at nothing). */
export function cannotConnect(endpoint: string): string {
  return `Cannot connect to the Docker daemon at ${endpoint}. Is the docker daemon running?`
}

/** An endpoint not tried because DOCKER_HOST names the one to use. */
export function skippedAttempt(c: EndpointCandidate): EndpointAttempt {
  return { endpoint: c.endpoint, source: c.source, ok: false, reason: 'not tried: DOCKER_HOST is set', code: 'dockerHostSet', hint: 'DOCKER_HOST names the one endpoint to use, as for the docker CLI' }
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
  let skipped: EndpointCandidate[] = []
  let dockerHost: string | undefined
  const tried: EndpointAttempt[] = []
  if (opts.endpoint) {
    try {
      candidates = [parseDockerHost(opts.endpoint, 'chosen endpoint')]
    } catch (e) {
      // the attempt lets the badge and the dialog say why in the UI language; the reason stays main's English
      return simulator([malformedAttempt(opts.endpoint.slice(0, 200), 'chosen endpoint', e)], `Simulator — ${(e as Error).message}`)
    }
  } else if (opts.candidates) {
    candidates = opts.candidates
  } else {
    const plan = localPlan()
    candidates = plan.candidates
    skipped = plan.skipped
    dockerHost = plan.dockerHost
    if (dockerHost) {
      try {
        parseDockerHost(dockerHost)
      } catch (e) {
        tried.push(malformedAttempt(dockerHost, 'DOCKER_HOST', e))
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
      tried.push(...skipped.map(skippedAttempt))
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
  tried.push(...skipped.map(skippedAttempt))
  // DOCKER_HOST set and not answering: the docker CLI's sentence, naming it (no other daemon was tried)
  const mine = dockerHost ? tried.find((a) => a.source === 'DOCKER_HOST') : undefined
  return simulator(tried, mine && mine.code !== 'malformed' ? `Simulator — ${cannotConnect(mine.endpoint)}` : undefined)
}
