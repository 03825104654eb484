import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseRegistryMirror } from './registry-mirror'

describe('parseRegistryMirror', () => {
  it('accepts host[:port][/path] and http(s) URLs, normalised to a reference domain', () => {
    const ok: Array<[string, string | null]> = [
      ['', null],
      ['   ', null],
      ['127.0.0.1:5000', '127.0.0.1:5000'],
      ['  http://127.0.0.1:5000/  ', '127.0.0.1:5000'],
      ['HTTPS://Mirror.Example.COM', 'mirror.example.com'],
      ['localhost', 'localhost'],
      ['localhost:5000', 'localhost:5000'],
      ['registry:5000', 'registry:5000'],
      ['[::1]:5000', '[::1]:5000'],
      ['harbor.example.com/dockerhub-proxy', 'harbor.example.com/dockerhub-proxy'],
      ['https://harbor.example.com:8443/a/b/', 'harbor.example.com:8443/a/b'],
      ['mirror.example.com:05000', 'mirror.example.com:5000'],
    ]
    for (const [input, mirror] of ok) expect(parseRegistryMirror(input), input).toEqual({ ok: true, mirror })
  })

  it('refuses other schemes, credentials, bad hosts, ports and paths with a code', () => {
    const bad: Array<[string, string]> = [
      ['file:///etc/passwd', 'scheme'],
      ['javascript:alert(1)', 'scheme'],
      ['JavaScript://mirror.example.com', 'scheme'],
      ['data:text/html,x', 'scheme'],
      ['ftp://mirror.example.com', 'scheme'],
      ['unix:///var/run/docker.sock', 'scheme'],
      ['tcp://127.0.0.1:2375', 'scheme'],
      ['http://user:pw@mirror.example.com', 'credentials'],
      ['mirror.example.com:0', 'port'],
      ['mirror.example.com:70000', 'port'],
      ['mirror.example.com:abc', 'port'],
      ['registry:', 'port'],
      ['mirror.example.com:', 'port'],
      ['mirror_example.com', 'host'],
      ['-bad.example.com', 'host'],
      ['mirror..example.com', 'host'],
      ['http://', 'host'],
      ['mirror', 'notRegistryHost'],
      ['https://mirror', 'notRegistryHost'],
      ['mirror.example.com/Upper', 'path'],
      ['mirror.example.com/a?x=1', 'path'],
      ['mirror.example.com#frag', 'path'],
      ['mirror.example.com/../x', 'path'],
      ['a.'.repeat(200) + 'com', 'tooLong'],
    ]
    for (const [input, code] of bad) {
      const r = parseRegistryMirror(input)
      expect(r, input).toMatchObject({ ok: false, code })
      if (!r.ok) expect(r.message.length, input).toBeGreaterThan(5)
    }
  })

  it('whatever is typed, an accepted mirror is a bare reference domain (no scheme, no credentials, no query)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.domain().map((d) => `${d}:5000`)), (s) => {
        const r = parseRegistryMirror(s)
        if (!r.ok || r.mirror === null) return
        expect(r.mirror).toMatch(/^(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?(?:\/[a-z0-9._-]+)*$/)
        expect(r.mirror).not.toMatch(/[@?#\s]|^[a-z][a-z0-9+.-]*:\/\//)
        // parsing its own output is stable (the settings file stores exactly this)
        expect(parseRegistryMirror(r.mirror)).toEqual({ ok: true, mirror: r.mirror })
      }),
      { numRuns: 2000 },
    )
  })
})
