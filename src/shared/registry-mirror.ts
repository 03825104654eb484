/**
 * The registry mirror setting (Docker Hub pulls go through it; see src/main/live/mirror.ts):
 * validation and normalisation, shared by the settings screen (instant feedback) and main (the
 * authority). Accepted: `host`, `host:port`, `[ipv6]:port`, optionally with a repository prefix
 * path (`harbor.example.com/dockerhub`), or the same as an `http://` / `https://` URL. The result
 * is always a registry *reference domain* (what a `docker pull` reference starts with), never a
 * URL: the daemon, not Layerlab, talks to it, and it chooses https or http (insecure-registries,
 * 127.0.0.0/8) itself. Any other scheme (file:, javascript:, ftp:, data:…), credentials, a query
 * or a fragment are refused, so a pull can never become a request of another kind.
 */

export type MirrorErrorCode = 'scheme' | 'credentials' | 'host' | 'notRegistryHost' | 'port' | 'path' | 'tooLong'

export type MirrorParse = { ok: true; mirror: string | null } | { ok: false; code: MirrorErrorCode; message: string }

export const MIRROR_MAX = 253

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const IPV6 = /^\[[0-9a-f:.]+\]$/
/** a repository path component, as docker's reference grammar has it */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/

const fail = (code: MirrorErrorCode, message: string): MirrorParse => ({ ok: false, code, message })

/** Parses what was typed (or LAYERLAB_REGISTRY_MIRROR); empty → `{ok: true, mirror: null}` (no mirror). */
export function parseRegistryMirror(input: string): MirrorParse {
  let s = input.trim()
  if (!s) return { ok: true, mirror: null }
  if (s.length > MIRROR_MAX) return fail('tooLong', `at most ${MIRROR_MAX} characters`)
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s)
  const rest = scheme ? s.slice(scheme[0].length) : ''
  // `host:5000` (or a mistyped `mirror.example.com:abc`) also matches a scheme pattern: a scheme is
  // followed by `//`, or has no dot and is followed by something other than a port
  if (scheme && (rest.startsWith('//') || (!scheme[1]!.includes('.') && !/^\d*$/.test(rest.split('/')[0]!)))) {
    if (!/^https?:\/\//i.test(s)) return fail('scheme', `only http:// or https:// (or no scheme) is allowed, not ${scheme[1]!.toLowerCase()}:`)
    s = s.replace(/^https?:\/\//i, '')
  }
  if (/[?#]/.test(s)) return fail('path', 'a mirror has no query (?) or fragment (#)')
  s = s.replace(/\/+$/, '')
  const slash = s.indexOf('/')
  const authority = slash < 0 ? s : s.slice(0, slash)
  const path = slash < 0 ? '' : s.slice(slash + 1)
  if (authority.includes('@')) return fail('credentials', 'no user name or password in the mirror; docker login stores those')
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(authority)
  if (!m) return fail('host', `${authority} is not a host name`)
  const host = m[1]!.toLowerCase()
  const port = m[2]
  const isIp = IPV4.test(host) || IPV6.test(host)
  if (!host || (!isIp && !host.split('.').every((l) => LABEL.test(l)))) return fail('host', `"${host || authority}" is not a host name or IP address`)
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && +port >= 1 && +port <= 65535)) return fail('port', `"${port}" is not a port (1–65535)`)
  // docker reads the first part of `x/library/ubuntu` as a registry only with a dot, a port or
  // `localhost`; anything else would name a Docker Hub repository and the pull would go to Docker Hub
  if (port === undefined && !host.includes('.') && !host.includes(':') && host !== 'localhost') {
    return fail('notRegistryHost', `"${host}" would be read as a Docker Hub user, not a registry: add a port (${host}:5000) or a domain`)
  }
  if (path && !path.split('/').every((c) => COMPONENT.test(c))) return fail('path', `"/${path}" is not a repository path (lowercase letters, digits, . _ -)`)
  return { ok: true, mirror: `${host}${port !== undefined ? `:${+port}` : ''}${path ? `/${path}` : ''}` }
}
