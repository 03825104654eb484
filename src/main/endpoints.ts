/**
 * Where is a Docker daemon? Pure discovery of candidate endpoints, in the order the docker CLI
 * (and Docker Desktop / rootless / Podman setups) would use them. No I/O of its own: the caller
 * passes env, platform, home directory, a file reader and a sha256 function, so every rule is
 * unit-tested without touching the machine.
 */
import type { EndpointErrorCode } from '../shared/contract'

export type DockerodeOptions =
  | { socketPath: string }
  | { host: string; port: number; protocol: 'http' | 'https'; ca?: string; cert?: string; key?: string }

export interface EndpointCandidate {
  /** 'unix:///var/run/docker.sock', 'tcp://10.0.0.2:2376', 'npipe:////./pipe/docker_engine' */
  endpoint: string
  /** Where it came from: 'DOCKER_HOST', 'context "desktop-linux"', 'default socket', ... */
  source: string
  dockerodeOptions: DockerodeOptions
}

export interface DiscoverInput {
  env: Record<string, string | undefined>
  platform: NodeJS.Platform | string
  homedir: string
  readFile: (p: string) => string | null
  sha256: (s: string) => string
}

/**
 * A malformed DOCKER_HOST (or context host, or typed) value: `code` and `params` say what is wrong
 * (worded in the UI language by the settings dialog); the message is the English of it, for logs.
 */
export class DockerHostError extends Error {
  override readonly name = 'DockerHostError'
  constructor(
    message: string,
    readonly code: EndpointErrorCode,
    readonly params: { scheme?: string; port?: string; suggest?: string } = {},
  ) {
    super(message)
  }
}

function join(...parts: string[]): string {
  return parts
    .map((p, i) => (i === 0 ? p.replace(/\/+$/, '') : p.replace(/^\/+|\/+$/g, '')))
    .filter((p, i) => i === 0 || p !== '')
    .join('/')
}

/**
 * What a scheme-less endpoint most likely meant: 'localhost:2375' → tcp://localhost:2375,
 * '/var/run/docker.sock' → unix:///var/run/docker.sock; nothing for anything else ('tcp//x', 'unix:').
 */
function suggestScheme(s: string): { suggest?: string } {
  if (/^\/[^\s]*$/.test(s)) return { suggest: `unix://${s}` }
  if (/^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\]):\d{1,5}$/i.test(s)) return { suggest: `tcp://${s}` }
  return {}
}

/**
 * Parse a DOCKER_HOST-style value. Accepts unix://, npipe://, tcp:// (and http(s)://, which the
 * docker CLI also takes). TLS files are read only for tcp when tls is true.
 */
export function parseDockerHost(
  value: string,
  source = 'DOCKER_HOST',
  tls?: { verify: boolean; certPath?: string; readFile?: (p: string) => string | null },
): EndpointCandidate {
  const s = value.trim()
  if (s === '') throw new DockerHostError(`${source} is empty; expected unix:///path/to/docker.sock or tcp://host:port`, 'empty')
  const m = /^([a-z]+):\/\/(.*)$/i.exec(s)
  if (!m) {
    throw new DockerHostError(
      `${source}="${s}" has no scheme; expected unix:///path/to/docker.sock, npipe:////./pipe/docker_engine or tcp://host:port`,
      'noScheme',
      suggestScheme(s),
    )
  }
  const scheme = m[1]!.toLowerCase()
  const rest = m[2]!
  if (scheme === 'unix') {
    if (!rest.startsWith('/')) throw new DockerHostError(`${source}="${s}": a unix socket path must be absolute (unix:///var/run/docker.sock)`, 'unixPath')
    return { endpoint: `unix://${rest}`, source, dockerodeOptions: { socketPath: rest } }
  }
  if (scheme === 'npipe') {
    // npipe:////./pipe/docker_engine → //./pipe/docker_engine
    const pipe = rest.replace(/^\/*/, '//')
    if (!/^\/\/[^/]+\/pipe\/[^/]+$/.test(pipe)) throw new DockerHostError(`${source}="${s}": expected npipe:////./pipe/<name>`, 'npipe')
    return { endpoint: `npipe://${rest}`, source, dockerodeOptions: { socketPath: pipe } }
  }
  if (scheme === 'tcp' || scheme === 'http' || scheme === 'https') {
    // host, then optionally :port (the port checked on its own, so 'tcp://host:port' says the port is wrong)
    const hm = /^(\[[0-9a-f:.]+\]|[^:/[\]]+)(?::([^/]*))?\/?$/i.exec(rest)
    // the scheme typed (http:// and https:// are tcp:// to docker), so the sentence names what the learner wrote
    if (!hm) throw new DockerHostError(`${source}="${s}": expected ${scheme}://host:port`, 'host', { scheme })
    const host = hm[1]!.replace(/^\[|\]$/g, '')
    const useTls = scheme === 'https' || (scheme === 'tcp' && !!tls?.verify)
    const portText = hm[2]
    const port = portText !== undefined ? (/^\d{1,5}$/.test(portText) ? Number(portText) : NaN) : useTls ? 2376 : 2375
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new DockerHostError(`${source}="${s}": port "${portText}" is not a number from 1 to 65535`, 'port', { port: (portText ?? '').slice(0, 20) })
    }
    const opts: DockerodeOptions = { host, port, protocol: useTls ? 'https' : 'http' }
    if (useTls && tls?.certPath && tls.readFile) {
      for (const k of ['ca', 'cert', 'key'] as const) {
        const content = tls.readFile(join(tls.certPath, `${k}.pem`))
        if (content !== null) opts[k] = content
      }
    }
    return { endpoint: `tcp://${hm[1]}:${port}`, source, dockerodeOptions: opts }
  }
  throw new DockerHostError(`${source}="${s}": unsupported scheme "${scheme}://"; use unix://, npipe:// or tcp://`, 'scheme', { scheme: scheme.slice(0, 20) })
}

function unixCandidate(path: string, source: string): EndpointCandidate {
  return { endpoint: `unix://${path}`, source, dockerodeOptions: { socketPath: path } }
}

/** The current docker context's endpoint, or null for 'default' / none / unreadable. */
export function contextEndpoint(input: DiscoverInput, tls: { verify: boolean; certPath?: string }): EndpointCandidate | null {
  const configDir = input.env.DOCKER_CONFIG || join(input.homedir, '.docker')
  let name = input.env.DOCKER_CONTEXT
  if (!name) {
    const raw = input.readFile(join(configDir, 'config.json'))
    if (raw === null) return null
    try {
      const cfg = JSON.parse(raw) as { currentContext?: unknown }
      if (typeof cfg.currentContext === 'string') name = cfg.currentContext
    } catch {
      return null
    }
  }
  if (!name || name === 'default') return null
  const metaRaw = input.readFile(join(configDir, 'contexts', 'meta', input.sha256(name), 'meta.json'))
  if (metaRaw === null) return null
  try {
    const meta = JSON.parse(metaRaw) as { Endpoints?: { docker?: { Host?: unknown } } }
    const host = meta.Endpoints?.docker?.Host
    if (typeof host !== 'string' || !host) return null
    return parseDockerHost(host, `context "${name}"`, { ...tls, readFile: input.readFile })
  } catch {
    return null
  }
}

/**
 * Every place a daemon may answer, best first, duplicates removed. A malformed DOCKER_HOST does
 * not throw here (discovery goes on); use parseDockerHost to report it.
 */
export function discoverEndpoints(input: DiscoverInput): EndpointCandidate[] {
  const out: EndpointCandidate[] = []
  const add = (c: EndpointCandidate | null) => {
    if (c && !out.some((o) => o.endpoint === c.endpoint)) out.push(c)
  }
  const env = input.env
  const verify = !!env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0'
  const certPath = env.DOCKER_CERT_PATH || join(input.homedir, '.docker')
  const tls = { verify, certPath }
  if (env.DOCKER_HOST) {
    try {
      add(parseDockerHost(env.DOCKER_HOST, 'DOCKER_HOST', { ...tls, readFile: input.readFile }))
    } catch {
      /* reported by selectEngine through parseDockerHost */
    }
  }
  add(contextEndpoint(input, tls))
  const win = input.platform === 'win32'
  if (!win) {
    add(unixCandidate(join(input.homedir, '.docker', 'run', 'docker.sock'), 'Docker Desktop socket'))
    if (env.XDG_RUNTIME_DIR) add(unixCandidate(join(env.XDG_RUNTIME_DIR, 'docker.sock'), 'rootless Docker socket'))
    add(unixCandidate('/var/run/docker.sock', 'default socket'))
    if (env.XDG_RUNTIME_DIR) add(unixCandidate(join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'), 'Podman (rootless) socket'))
    add(unixCandidate('/run/podman/podman.sock', 'Podman socket'))
  } else {
    add({ endpoint: 'npipe:////./pipe/docker_engine', source: 'default pipe', dockerodeOptions: { socketPath: '//./pipe/docker_engine' } })
  }
  return out
}

/**
 * What to try, as the docker CLI has it: when DOCKER_HOST is set, that endpoint only (a malformed
 * one: none), the others `skipped` so that the settings screen can list them as not tried and
 * offer to try them (`others`: every endpoint, DOCKER_HOST's first). Someone who points
 * DOCKER_HOST at a daemon is never given another one silently.
 */
export function planEndpoints(input: DiscoverInput, opts: { others?: boolean } = {}): { candidates: EndpointCandidate[]; skipped: EndpointCandidate[]; dockerHost?: string } {
  const all = discoverEndpoints(input)
  const dockerHost = input.env.DOCKER_HOST
  if (!dockerHost || opts.others) return { candidates: all, skipped: [], ...(dockerHost ? { dockerHost } : {}) }
  const mine = all[0]?.source === 'DOCKER_HOST' ? [all[0]] : []
  return { candidates: mine, skipped: all.slice(mine.length), dockerHost }
}
