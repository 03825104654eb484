/**
 * API versions Layerlab speaks with a live daemon, and the one negotiation: min(daemon ApiVersion, MAX),
 * refused below MIN or when the daemon needs more than MAX. No dockerode here: engine-select.ts reads
 * these at start, before any live engine is loaded.
 */
import { EngineUnavailableError } from '../../domain/errors'
import type { VersionInfo } from '../../domain/types'

export const MIN_API_VERSION = '1.41'
export const MAX_API_VERSION = '1.47'

/** Compare dotted API versions numerically: '1.9' < '1.41'. */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0)
  const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return 0
}

/** Negotiated API version: min(daemon, ours); throws 'API too old' below MIN_API_VERSION. */
export function negotiateApiVersion(v: VersionInfo): string {
  if (compareApiVersions(v.ApiVersion, MIN_API_VERSION) < 0) {
    throw new EngineUnavailableError(`API too old: Docker ${v.Version} speaks API ${v.ApiVersion}; Layerlab needs ${MIN_API_VERSION} or newer (Docker 20.10+)`)
  }
  if (v.MinAPIVersion && compareApiVersions(v.MinAPIVersion, MAX_API_VERSION) > 0) {
    throw new EngineUnavailableError(`API too new: Docker ${v.Version} requires API ${v.MinAPIVersion} or newer; Layerlab speaks up to ${MAX_API_VERSION}`)
  }
  return compareApiVersions(v.ApiVersion, MAX_API_VERSION) < 0 ? v.ApiVersion : MAX_API_VERSION
}
