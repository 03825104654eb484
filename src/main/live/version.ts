/** API versions Layerlab speaks with a live daemon (negotiated: min(daemon ApiVersion, MAX)). */
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

/** The version to speak with a daemon announcing `daemonApi`. */
export function negotiateApiVersion(daemonApi: string): string {
  return compareApiVersions(daemonApi, MAX_API_VERSION) < 0 ? daemonApi : MAX_API_VERSION
}
