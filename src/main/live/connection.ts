/**
 * The connection to one daemon: dockerode clients on the negotiated API version, the unprefixed
 * GET /version that comes before negotiating (version.ts), and `call`, through which every daemon
 * call goes: a timeout (EngineUnavailableError), an AbortSignal (CancelledError), errors mapped
 * (errors.ts). Also the small request/answer shaping the images and containers calls share.
 */
import Docker from 'dockerode'
import type { CallOptions, ListFilters } from '../../domain/engine'
import { CancelledError, EngineError } from '../../domain/errors'
import type { VersionInfo } from '../../domain/types'
import type { EndpointCandidate } from '../endpoints'
import { mapDockerError, notAnsweredError } from './errors'
import { pathName } from './paths'

function optionsOf(c: EndpointCandidate): Docker.DockerOptions {
  const o = c.dockerodeOptions
  if ('socketPath' in o) return { socketPath: o.socketPath }
  return { host: o.host, port: o.port, protocol: o.protocol, ca: o.ca, cert: o.cert, key: o.key }
}

/** GET /version without a version prefix (works with any daemon). */
export async function rawVersion(candidate: EndpointCandidate, timeoutMs: number): Promise<VersionInfo> {
  const d = new Docker(optionsOf(candidate))
  const ac = new AbortController()
  const t = setTimeout(() => ac.abort(), timeoutMs)
  try {
    // modem.dial with no `version` option sends an unprefixed path
    return await new Promise<VersionInfo>((resolve, reject) => {
      d.modem.dial({ path: '/version', method: 'GET', statusCodes: { 200: true, 500: 'server error' }, options: { abortSignal: ac.signal } }, (err, data) =>
        err ? reject(err) : resolve(data as VersionInfo),
      )
    })
  } catch (e) {
    if (ac.signal.aborted) throw notAnsweredError(candidate.endpoint, `${timeoutMs} ms`)
    throw mapDockerError(e, candidate.endpoint)
  } finally {
    clearTimeout(t)
  }
}

export interface CallLimits {
  /** ms; 0: no timeout (default: the connection's timeoutMs) */
  timeoutMs?: number
  signal?: CallOptions['signal']
}

/** One daemon, spoken to on one API version. */
export class DaemonConnection {
  /** for short calls */
  readonly docker: Docker
  /** for streams (events, pulls, builds, waits), so that they hold no short call's socket */
  readonly streams: Docker

  readonly endpoint: string

  constructor(
    candidate: EndpointCandidate,
    apiVersion: string,
    /** per-call timeout */
    readonly timeoutMs: number,
    /** timeout for pull/push/build/import and layer listings */
    readonly longTimeoutMs: number,
  ) {
    this.endpoint = candidate.endpoint
    const base = { ...optionsOf(candidate), version: `v${apiVersion}` }
    this.docker = new Docker(base)
    this.streams = new Docker(base)
  }

  /**
   * dockerode's handles on a container or an image, the name put in the URL path as the docker CLI
   * puts it (paths.ts); every call that names one goes through these. `streams` for long calls.
   */
  container(name: string, on: 'calls' | 'streams' = 'calls'): Docker.Container {
    return (on === 'streams' ? this.streams : this.docker).getContainer(pathName(name))
  }
  image(name: string, on: 'calls' | 'streams' = 'calls'): Docker.Image {
    return (on === 'streams' ? this.streams : this.docker).getImage(pathName(name))
  }

  /** Runs a daemon call with its timeout and the caller's AbortSignal; its errors mapped (errors.ts). */
  async call<T>(fn: (signal: AbortSignal) => Promise<T>, opts?: CallLimits): Promise<T> {
    const ms = opts?.timeoutMs ?? this.timeoutMs
    const ac = new AbortController()
    let timedOut = false
    const timer = ms > 0 ? setTimeout(() => { timedOut = true; ac.abort() }, ms) : null
    const outer = opts?.signal
    const onAbort = () => ac.abort()
    if (outer) {
      if (outer.aborted) ac.abort()
      else outer.addEventListener('abort', onAbort)
    }
    try {
      return await fn(ac.signal)
    } catch (e) {
      if (timedOut) throw notAnsweredError(this.endpoint, ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`)
      if (ac.signal.aborted) throw new CancelledError()
      throw mapDockerError(e, this.endpoint)
    } finally {
      if (timer) clearTimeout(timer)
      outer?.removeEventListener('abort', onAbort)
    }
  }
}

/** Drop undefined keys: the query string would send them as empty values (`filters=`). */
export function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

/** ListFilters → the `filters` query parameter (JSON), or undefined when none is set. */
export function toFilters(f?: ListFilters): string | undefined {
  if (!f) return undefined
  const clean: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(f)) if (v && v.length) clean[k] = v
  return Object.keys(clean).length ? JSON.stringify(clean) : undefined
}

/** dockerode hands back the raw bytes when a body is not JSON: say so instead of passing it on. */
export function jsonArray<T>(r: unknown, what: string): T[] {
  if (Array.isArray(r)) return r as T[]
  throw new EngineError(502, `the daemon's answer to ${what} is not a JSON list: ${String(r).slice(0, 80)}`)
}
