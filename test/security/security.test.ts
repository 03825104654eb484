import { describe, expect, it } from 'vitest'
import path from 'node:path'
import fc from 'fast-check'
import {
  APP_ENTRY_URL,
  EXTERNAL_ALLOWLIST,
  HELP_LINKS,
  appResponseHeaders,
  contentSecurityPolicy,
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  isAllowedExternalUrl,
  isTrustedAppUrl,
  resolveAppPath,
  withCspHeader,
} from '../../src/main/security'

const DEV = 'http://localhost:5173'

describe('isTrustedAppUrl', () => {
  it('trusts the app scheme and only it (in production)', () => {
    expect(isTrustedAppUrl(APP_ENTRY_URL)).toBe(true)
    expect(isTrustedAppUrl('app://layerlab/assets/index-abc.js')).toBe(true)
    for (const bad of [
      'app://evil/index.html',
      'app://layerlab@evil/index.html',
      'app://user:pw@layerlab/index.html',
      'file:///tmp/out/renderer/index.html',
      'file:///home/me/renderer/index.html',
      'http://localhost:5173/',
      'https://layerlab/',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      '',
      'not a url',
    ]) {
      expect(isTrustedAppUrl(bad), bad).toBe(false)
    }
  })
  it('trusts the dev server by exact origin only, in development', () => {
    expect(isTrustedAppUrl('http://localhost:5173/index.html', DEV)).toBe(true)
    expect(isTrustedAppUrl('http://localhost:5174/', DEV)).toBe(false)
    expect(isTrustedAppUrl('http://localhost:5173.evil.example/', DEV)).toBe(false)
    expect(isTrustedAppUrl('https://localhost:5173/', DEV)).toBe(false)
    expect(isTrustedAppUrl('http://evil.example/?http://localhost:5173/', DEV)).toBe(false)
    // a dev URL that is not http(s) trusts nothing extra
    expect(isTrustedAppUrl('file:///x', 'file:///x')).toBe(false)
  })
  it('never trusts a random URL (property)', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (u) => {
        expect(isTrustedAppUrl(u)).toBe(false)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('external links', () => {
  it('opens only allowlisted https documentation', () => {
    expect(isAllowedExternalUrl('https://docs.docker.com/get-started/')).toBe(true)
    expect(isAllowedExternalUrl('https://github.com/opencontainers/image-spec/blob/main/spec.md')).toBe(true)
    for (const bad of [
      'http://docs.docker.com/',
      'https://docs.docker.com.evil.example/',
      'https://evil.example/docs.docker.com/',
      'https://user@docs.docker.com/',
      'https://docs.docker.com:8443/',
      'https://github.com/opencontainers/image-spec-evil',
      'https://github.com/evil/repo',
      'file:///etc/passwd',
      'smb://host/share',
      'javascript:alert(1)',
      'app://layerlab/index.html',
    ]) {
      expect(isAllowedExternalUrl(bad), bad).toBe(false)
    }
  })
  it('every Help link is allowlisted and https', () => {
    expect(HELP_LINKS.length).toBeGreaterThan(0)
    for (const l of HELP_LINKS) expect(isAllowedExternalUrl(l.url), l.url).toBe(true)
    expect(EXTERNAL_ALLOWLIST.length).toBeLessThanOrEqual(5)
  })
  it('window.open is always denied; allowlisted links go to the system browser', () => {
    expect(decideWindowOpen('https://docs.docker.com/x')).toEqual({ action: 'deny', openExternally: true })
    expect(decideWindowOpen('https://evil.example/')).toEqual({ action: 'deny', openExternally: false })
    expect(decideWindowOpen(APP_ENTRY_URL)).toEqual({ action: 'deny', openExternally: false })
  })
})

describe('navigation and permissions', () => {
  it('navigates only within the app', () => {
    expect(decideNavigation('app://layerlab/index.html#/lesson/1')).toBe('allow')
    expect(decideNavigation('https://docs.docker.com/')).toBe('deny')
    expect(decideNavigation('http://localhost:5173/')).toBe('deny')
    expect(decideNavigation('http://localhost:5173/', DEV)).toBe('allow')
    expect(decideNavigation('file:///etc/passwd', DEV)).toBe('deny')
  })
  it('denies every permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb', 'x'])
      expect(decidePermission(p)).toBe(false)
  })
})

describe('CSP', () => {
  const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]))
  it('is strict in production: no eval, no inline script, no objects, no framing', () => {
    const csp = contentSecurityPolicy()
    const d = directives(csp)
    expect(csp).not.toMatch(/unsafe-eval|wasm-unsafe-eval/)
    expect(d.get('script-src')).toEqual(["'self'"])
    expect(d.get('default-src')).toEqual(["'self'"])
    expect(d.get('object-src')).toEqual(["'none'"])
    expect(d.get('frame-ancestors')).toEqual(["'none'"])
    expect(d.get('base-uri')).toEqual(["'none'"])
    expect(d.get('connect-src')).toEqual(["'self'"])
  })
  it('in development allows the dev server and its HMR socket, still no eval', () => {
    const csp = contentSecurityPolicy(DEV)
    const d = directives(csp)
    expect(csp).not.toContain('unsafe-eval')
    expect(d.get('script-src')).toEqual(["'self'", 'http://localhost:5173'])
    expect(d.get('connect-src')).toContain('ws://localhost:5173')
  })
  it('headers: HTML pages carry the CSP; onHeadersReceived replaces a CSP sent in any case', () => {
    expect(appResponseHeaders('text/html; charset=utf-8')['content-security-policy']).toBe(contentSecurityPolicy())
    expect(appResponseHeaders('text/javascript; charset=utf-8')['content-security-policy']).toBeUndefined()
    expect(appResponseHeaders('text/javascript; charset=utf-8')['x-content-type-options']).toBe('nosniff')
    // cache: hashed build files for good (V8 keeps their compiled code between starts), nothing else
    expect(appResponseHeaders('text/javascript; charset=utf-8', null, '/assets/shell-D0U4LfsK.js')['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(appResponseHeaders('text/css; charset=utf-8', null, '/assets/boot--QAhOPaX.css')['cache-control']).toBe('public, max-age=31536000, immutable')
    for (const p of ['/index.html', '/assets/shell.js', '/assets/x-D0U4LfsK.js.map', '/assets/sub/x-D0U4LfsK.js', '/x-D0U4LfsK.js'])
      expect(appResponseHeaders('text/javascript; charset=utf-8', null, p)['cache-control'], p).toBe('no-store')
    expect(appResponseHeaders('text/html; charset=utf-8')['cache-control']).toBe('no-store')
    const h = withCspHeader({ 'content-SECURITY-policy': ["script-src 'unsafe-eval'"], 'x-a': 'b' })
    expect(Object.keys(h).filter((k) => k.toLowerCase() === 'content-security-policy')).toEqual(['Content-Security-Policy'])
    expect(h['Content-Security-Policy']).toEqual([contentSecurityPolicy()])
    expect(h['x-a']).toEqual(['b'])
  })
})

describe('resolveAppPath', () => {
  const root = path.resolve('/srv/out/renderer')
  it('serves files under the root, / as index.html, with a MIME type', () => {
    expect(resolveAppPath(root, 'app://layerlab/')).toEqual({ ok: true, file: path.join(root, 'index.html'), mime: 'text/html; charset=utf-8', urlPath: '/index.html' })
    expect(resolveAppPath(root, 'app://layerlab/assets/a%20b.js')).toMatchObject({ ok: true, file: path.join(root, 'assets/a b.js'), mime: 'text/javascript; charset=utf-8' })
    expect(resolveAppPath(root, 'app://layerlab/x.bin?q=1#f')).toMatchObject({ ok: true, file: path.join(root, 'x.bin'), mime: 'application/octet-stream' })
  })
  it('refuses traversal, encoded or not, other hosts, malformed escapes and NUL', () => {
    const cases: Array<[string, number]> = [
      // the URL parser itself collapses %2e%2e segments: the result stays inside the root
      ['app://layerlab/%2e%2e/%2e%2e/etc/passwd', 200],
      ['app://layerlab/..%2f..%2fetc%2fpasswd', 403],
      ['app://layerlab/assets/..%2F..%2F..%2Fmain%2Findex.js', 403],
      ['app://layerlab/..%5c..%5cwindows%5cwin.ini', 403],
      ['app://layerlab/%2Fetc%2Fpasswd', 200],
      ['app://evil/index.html', 403],
      ['app://layerlab@evil/index.html', 403],
      ['app://layerlab/%E0%A4%A', 400],
      ['app://layerlab/index.html%00.png', 400],
      ['file:///etc/passwd', 400],
    ]
    for (const [url, status] of cases) {
      const r = resolveAppPath(root, url)
      if (status === 200) {
        // an encoded leading slash stays inside the root
        expect(r.ok && r.file.startsWith(root + path.sep), url).toBe(true)
      } else {
        expect(r, url).toMatchObject({ ok: false, status })
      }
    }
  })
  it('never resolves outside the root, whatever the path (property)', () => {
    const seg = fc.oneof(fc.constantFrom('..', '.', '%2e%2e', '%2E%2E', '..%2f', '..%5c', '%2f', 'a', 'index.html', '%00', '%'), fc.string({ maxLength: 6 }))
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 8 }), (segs) => {
        const r = resolveAppPath(root, 'app://layerlab/' + segs.join('/'))
        if (r.ok) {
          expect(r.file.startsWith(root + path.sep)).toBe(true)
        }
      }),
      { numRuns: 5000 },
    )
  })
  it('is safe with Windows paths too', () => {
    const wroot = 'C:\\app\\resources\\out\\renderer'
    expect(resolveAppPath(wroot, 'app://layerlab/..%5c..%5cmain%5cindex.js', path.win32)).toMatchObject({ ok: false, status: 403 })
    // a drive letter in the path is either refused or stays inside the root
    const r = resolveAppPath(wroot, 'app://layerlab/C:%5cWindows%5cwin.ini', path.win32)
    expect(!r.ok || r.file.startsWith(wroot + '\\')).toBe(true)
    expect(resolveAppPath(wroot, 'app://layerlab/assets%5cx.js', path.win32)).toMatchObject({ ok: true, file: 'C:\\app\\resources\\out\\renderer\\assets\\x.js' })
  })
})
