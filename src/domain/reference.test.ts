import { describe, expect, it } from 'vitest'
import { familiarString, normalizeTagged, parseReference, withDefaultTag } from './reference'
import { matchPrefix, randomHexId, shortId } from './ids'
import { sha256Hex } from './digest'

describe('reference grammar', () => {
  it.each([
    ['ubuntu', 'docker.io', 'library/ubuntu', null, 'ubuntu:latest'],
    ['ubuntu:14.04', 'docker.io', 'library/ubuntu', '14.04', 'ubuntu:14.04'],
    ['user/app:v1', 'docker.io', 'user/app', 'v1', 'user/app:v1'],
    ['docker.io/library/ubuntu:12.04', 'docker.io', 'library/ubuntu', '12.04', 'ubuntu:12.04'],
    ['index.docker.io/library/ubuntu', 'docker.io', 'library/ubuntu', null, 'ubuntu:latest'],
    ['127.0.0.1:5000/x:y', '127.0.0.1:5000', 'x', 'y', '127.0.0.1:5000/x:y'],
    ['localhost/app', 'localhost', 'app', null, 'localhost/app:latest'],
  ])('%s', (input, domain, path, tag, shown) => {
    const r = parseReference(input)
    expect(r.domain).toBe(domain)
    expect(r.path).toBe(path)
    expect(r.tag).toBe(tag)
    expect(familiarString(withDefaultTag(r))).toBe(shown)
  })

  it.each([
    ['Ubuntu', 'invalid reference format: repository name must be lowercase'],
    ['ubuntu:', 'invalid reference format'],
    ['', 'invalid reference format'],
    ['a//b', 'invalid reference format'],
    ['ubuntu:bad tag', 'invalid reference format'],
    ['-x', 'invalid reference format'],
    ['a'.repeat(64).replace(/a/g, 'f'), 'invalid repository name (' + 'f'.repeat(64) + '), cannot specify 64-byte hexadecimal strings'],
    ['x/' + 'a'.repeat(260), 'repository name must not be more than 255 characters'],
  ])('rejects %j with the daemon text', (input, message) => {
    expect(() => parseReference(input)).toThrow(message)
    try {
      parseReference(input)
    } catch (e) {
      expect((e as Error).message).toBe(message)
      expect((e as { statusCode: number }).statusCode).toBe(400)
    }
  })

  it('keeps digests', () => {
    const d = 'sha256:' + sha256Hex('x')
    expect(familiarString(parseReference(`ubuntu@${d}`))).toBe(`ubuntu@${d}`)
    expect(normalizeTagged('busybox')).toBe('busybox:latest')
  })
})

describe('reference grammar in linear time', () => {
  // distribution's regexp is run by Go's RE2; the same pattern in a backtracking engine took 1.4 s
  // for 'llfz43ae9hg6"é' and grows exponentially with the name (found by test/security/cli-lines.fuzz)
  it.each(['llfz43ae9hg6"é', 'llfz43aeomk_', `${'a1'.repeat(40)}!`, `${'ab'.repeat(60)}_`, `x/${'a0'.repeat(50)}:`])('refuses %j at once, with docker’s text', (name) => {
    const t0 = performance.now()
    expect(() => parseReference(name)).toThrow(/invalid reference format/)
    expect(performance.now() - t0).toBeLessThan(50)
  })
  it('still takes what the grammar takes: dashes, dots, underscores, double underscores', () => {
    for (const ok of ['a-b', 'a--b', 'a.b', 'a_b', 'a__b', 'my-org/my_app.v2:1.0', 'localhost:5000/a---b']) expect(() => parseReference(ok)).not.toThrow()
    for (const bad of ['a___b', '-a', 'a-', 'a..b', '_a']) expect(() => parseReference(bad)).toThrow(/invalid reference format/)
  })
})

describe('ids', () => {
  it('short IDs strip sha256: and keep 12 hex', () => {
    expect(shortId('sha256:6a7707d7ac05d2ca6e45c638aa6479ae28f6cdadd57a153c0658c223df1f6ddc')).toBe('6a7707d7ac05')
    expect(shortId('cdc5f84edbab8054086b6c82bcfe3c0b68477beb8373d1374b7a81dc310cf650')).toBe('cdc5f84edbab')
  })
  it('random IDs are 64 hex and follow the random source', () => {
    let n = 0
    const r = () => ((n = (n * 9301 + 49297) % 233280) / 233280)
    const a = randomHexId(r)
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(randomHexId(r)).not.toBe(a)
  })
  it('prefix matching: one, none, ambiguous', () => {
    const ids = ['abc1', 'abd2', 'ff00']
    expect(matchPrefix(ids, (x) => x, 'abc')).toEqual({ kind: 'one', item: 'abc1' })
    expect(matchPrefix(ids, (x) => x, 'ab')).toEqual({ kind: 'ambiguous', count: 2 })
    expect(matchPrefix(ids, (x) => x, 'zz')).toEqual({ kind: 'none' })
    expect(matchPrefix(['sha256:ff00'], (x) => x, 'sha256:ff')).toEqual({ kind: 'one', item: 'sha256:ff00' })
  })
  it('sha256 matches the known vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})
