/**
 * A container or image name as it goes into a URL path. The docker CLI escapes the path (Go's
 * url.URL{Path}.String(): `?`, `#`, `%`, spaces and non-ASCII escaped, `/` and `:` kept), and the
 * daemon's router answers a path that is not clean (`/containers//zz`, `/containers/..`) with a
 * 301 to the clean one, which the CLI follows: `docker rm -f /zz` removes `zz`. dockerode neither
 * escapes nor survives that redirect (docker-modem throws ERR_INVALID_URL outside the call, which
 * ended the whole process), so every name passes through here first: leading slashes go (the
 * daemon's names are the same with or without one), a name with `.`/`..`/empty segments, whose
 * clean path would be another endpoint, gets the daemon's `page not found` without a request.
 */
import { EngineError } from '../../domain/errors'

export function pathName(name: string): string {
  const stripped = name.replace(/^\/+/, '')
  if (stripped === '' || stripped.split('/').some((s) => s === '' || s === '.' || s === '..')) throw new EngineError(404, 'page not found')
  return encodeURI(stripped).replace(/[?#]/g, (c) => encodeURIComponent(c))
}
