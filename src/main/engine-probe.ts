/**
 * engine:probe — the report the settings screen shows: every discovered endpoint probed (all of
 * them, in parallel, not stopping at the first that answers), or the one endpoint the learner
 * typed. Never switches engines and never throws for a bad endpoint: a malformed one is reported
 * as an attempt with code 'malformed' and params.error saying what is wrong (no detail: the OS
 * and the daemon said nothing).
 */
import type { EndpointAttempt, EngineProbe } from '../shared/contract'
import { parseDockerHost, type EndpointCandidate } from './endpoints'
import { localPlan, malformedAttempt, probeEndpoint, skippedAttempt, type ProbeResult } from './engine-select'

export interface ProbeOptions {
  /** A typed endpoint (unix:///…, tcp://host:port, npipe:////./pipe/…); without it, discovery runs. */
  endpoint?: string
  /** Per-endpoint timeout (default 1500 ms). */
  timeoutMs?: number
  /** For tests: candidates instead of this machine's discovery. */
  candidates?: EndpointCandidate[]
  /** With DOCKER_HOST set: probe the other endpoints too (the settings screen's "Try the others"); without it they are listed as not tried. */
  others?: boolean
  env?: Record<string, string | undefined>
}

function toAttempt(r: ProbeResult): EndpointAttempt {
  const { version, ...attempt } = r
  if (version) {
    if (typeof version.Version === 'string') attempt.daemonVersion = version.Version
    if (typeof version.ApiVersion === 'string') attempt.apiVersion = version.ApiVersion
  }
  return attempt
}

export async function probeEngines(opts: ProbeOptions = {}): Promise<EngineProbe> {
  const tried: EndpointAttempt[] = []
  let candidates: EndpointCandidate[]
  let skipped: EndpointCandidate[] = []
  if (opts.endpoint !== undefined) {
    try {
      candidates = [parseDockerHost(opts.endpoint, 'typed endpoint')]
    } catch (e) {
      return { ok: false, tried: [malformedAttempt(opts.endpoint.slice(0, 200), 'typed endpoint', e)] }
    }
  } else if (opts.candidates) {
    candidates = opts.candidates
  } else {
    const plan = localPlan({ others: opts.others, env: opts.env })
    candidates = plan.candidates
    skipped = plan.skipped
    const dh = plan.dockerHost
    if (dh) {
      try {
        parseDockerHost(dh)
      } catch (e) {
        tried.push(malformedAttempt(dh, 'DOCKER_HOST', e))
      }
    }
  }
  const results = await Promise.all(candidates.map((c) => probeEndpoint(c, { timeoutMs: opts.timeoutMs ?? 1500 })))
  tried.push(...results.map(toAttempt), ...skipped.map(skippedAttempt))
  return { ok: tried.some((a) => a.ok), tried }
}
