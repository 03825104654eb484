/**
 * The pure, testable half of Electron's security checklist: which URLs are the app's own, where
 * the window may navigate, which links may open in the system browser, the CSP, and how an
 * `app://layerlab/…` request maps to a file under out/renderer (no way out of that folder).
 *
 * Nothing here imports Electron, so test/security/*.test.ts exercises it in plain Node.
 * src/main/window.ts wires these decisions to Electron's events.
 */
import path from 'node:path'

/** The custom scheme the production renderer is served from (instead of file://). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'layerlab'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * The only sites `shell.openExternal` will ever open: https, these exact hosts, optionally under
 * these path prefixes. Keep it short; every entry is listed in docs/security.md.
 */
export const EXTERNAL_ALLOWLIST: ReadonlyArray<{ host: string; pathPrefix: string }> = [
  { host: 'docs.docker.com', pathPrefix: '/' },
  { host: 'github.com', pathPrefix: '/opencontainers/image-spec' },
  { host: 'www.electronjs.org', pathPrefix: '/docs/latest/tutorial/security' },
]

/** Links shown in the Help menu (each must pass isAllowedExternalUrl: a test checks). */
export const HELP_LINKS: ReadonlyArray<{ id: string; label: { en: string; 'zh-CN': string }; url: string }> = [
  { id: 'docker-images', label: { en: 'Docker: what is an image?', 'zh-CN': 'Docker：什么是镜像？' }, url: 'https://docs.docker.com/get-started/docker-concepts/the-basics/what-is-an-image/' },
  { id: 'docker-containers', label: { en: 'Docker: what is a container?', 'zh-CN': 'Docker：什么是容器？' }, url: 'https://docs.docker.com/get-started/docker-concepts/the-basics/what-is-a-container/' },
  { id: 'docker-layers', label: { en: 'Docker: image layers', 'zh-CN': 'Docker：镜像层' }, url: 'https://docs.docker.com/get-started/docker-concepts/building-images/understanding-image-layers/' },
  { id: 'docker-cli', label: { en: 'Docker CLI reference', 'zh-CN': 'Docker 命令行参考' }, url: 'https://docs.docker.com/reference/cli/docker/' },
  { id: 'oci-image-spec', label: { en: 'OCI image specification', 'zh-CN': 'OCI 镜像规范' }, url: 'https://github.com/opencontainers/image-spec' },
]

function parse(url: string): URL | null {
  if (typeof url !== 'string' || url.length > 8192) return null
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * Is this URL one of the app's own pages? `app://layerlab/…` always; in development also the
 * electron-vite dev server's exact origin (scheme + host + port). Credentials in the URL never are.
 */
export function isTrustedAppUrl(url: string, devUrl?: string | null): boolean {
  const u = parse(url)
  if (!u || u.username || u.password) return false
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true
  if (devUrl) {
    const d = parse(devUrl)
    if (d && (d.protocol === 'http:' || d.protocol === 'https:') && u.protocol === d.protocol && u.host === d.host) return true
  }
  return false
}

/** May shell.openExternal open this? https only, allowlisted host and path, no credentials, default port. */
export function isAllowedExternalUrl(url: string): boolean {
  const u = parse(url)
  if (!u || u.protocol !== 'https:' || u.username || u.password || u.port !== '') return false
  return EXTERNAL_ALLOWLIST.some(
    (e) => u.hostname === e.host && (e.pathPrefix === '/' || u.pathname === e.pathPrefix || u.pathname.startsWith(e.pathPrefix + '/')),
  )
}

export type NavigationDecision = 'allow' | 'deny'

/** will-navigate / will-redirect / will-frame-navigate: only within the app itself. */
export function decideNavigation(url: string, devUrl?: string | null): NavigationDecision {
  return isTrustedAppUrl(url, devUrl) ? 'allow' : 'deny'
}

/**
 * window.open / target=_blank: never a new Electron window. An allowlisted documentation link is
 * handed to the system browser instead; anything else is dropped.
 */
export function decideWindowOpen(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isAllowedExternalUrl(url) }
}

/**
 * The renderer's Content-Security-Policy: no eval, no inline script, no plugins, no framing,
 * connections only back to the app. In development the dev server's origin (and its HMR
 * WebSocket) is allowed too; still no 'unsafe-eval'.
 */
export function contentSecurityPolicy(devUrl?: string | null): string {
  const d = devUrl ? parse(devUrl) : null
  const dev = d && (d.protocol === 'http:' || d.protocol === 'https:') ? d : null
  const self = dev ? `'self' ${dev.origin}` : "'self'"
  const ws = dev ? ` ${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}` : ''
  return [
    `default-src ${self}`,
    `script-src ${self}`,
    // Vue transitions, Cytoscape and xterm.js set element styles at run time
    `style-src ${self} 'unsafe-inline'`,
    `img-src ${self} data: blob:`,
    `font-src ${self} data:`,
    `connect-src ${self}${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
    "worker-src 'none'",
  ].join('; ')
}

/** Electron's permission request and check handlers: Layerlab needs no permission at all. */
export function decidePermission(_permission: string): boolean {
  return false
}

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

export type AppPathResolution = { ok: true; file: string; mime: string; urlPath: string } | { ok: false; status: 400 | 403 | 404; reason: string }

/**
 * Maps `app://layerlab/<path>` to a file inside `rootDir` (out/renderer). Refuses other hosts,
 * malformed escapes, NUL bytes, and anything (`..`, encoded `%2e%2e`, `%2f`, `%5c`, absolute
 * paths) that would resolve outside the root. `/` is index.html.
 */
export function resolveAppPath(rootDir: string, requestUrl: string, pathImpl: typeof path = path): AppPathResolution {
  const u = parse(requestUrl)
  if (!u || u.protocol !== `${APP_SCHEME}:`) return { ok: false, status: 400, reason: 'not an app:// URL' }
  if (u.host !== APP_HOST || u.username || u.password) return { ok: false, status: 403, reason: `foreign host ${JSON.stringify(u.host)}` }
  let rel: string
  try {
    rel = decodeURIComponent(u.pathname)
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL escape' }
  }
  if (rel.includes('\0')) return { ok: false, status: 400, reason: 'NUL byte in path' }
  if (rel === '/' || rel === '') rel = '/index.html'
  const root = pathImpl.resolve(rootDir)
  const file = pathImpl.resolve(root, '.' + rel.replace(/\\/g, '/'))
  const relative = pathImpl.relative(root, file)
  if (relative === '' || relative === '..' || relative.startsWith('..' + pathImpl.sep) || pathImpl.isAbsolute(relative)) {
    return { ok: false, status: 403, reason: 'outside the app folder' }
  }
  const ext = pathImpl.extname(file).toLowerCase()
  return { ok: true, file, mime: MIME_TYPES[ext] ?? 'application/octet-stream', urlPath: rel }
}

/** a file the bundler named by its content (`assets/<name>-<8-char hash>.<ext>`) */
const HASHED_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.(?:js|css|woff2?|png|svg)$/

/**
 * What the app's responses may be kept for (app:// in Electron, browser mode's server alike): a
 * hashed build file never changes under its name, so it is kept for good — a restart then reads it
 * from the cache and V8 reuses the code it compiled for it (npm run bench:startup, "restart");
 * everything else, index.html above all (in browser mode it carries the learner's progress), is
 * never stored.
 */
export function cacheControlFor(urlPath: string): string {
  return HASHED_ASSET.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-store'
}

/** Headers sent with every app:// response (`urlPath`: the path asked for, for its cache policy). */
export function appResponseHeaders(mime: string, devUrl?: string | null, urlPath = '/index.html'): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': mime,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': cacheControlFor(urlPath),
  }
  if (mime.startsWith('text/html')) {
    h['content-security-policy'] = contentSecurityPolicy(devUrl)
    h['x-frame-options'] = 'DENY'
  }
  return h
}

/**
 * Adds our CSP to a response's headers (for session.webRequest.onHeadersReceived), replacing any
 * the server sent, whatever its letter case.
 */
export function withCspHeader(headers: Record<string, string[] | string> | undefined, devUrl?: string | null): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === 'content-security-policy') continue
    out[k] = Array.isArray(v) ? v : [v]
  }
  out['Content-Security-Policy'] = [contentSecurityPolicy(devUrl)]
  return out
}
