import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { discoverEndpoints, parseDockerHost, planEndpoints, DockerHostError, type DiscoverInput } from './endpoints'

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

function input(over: Partial<DiscoverInput> & { files?: Record<string, string> } = {}): DiscoverInput {
  const files = over.files ?? {}
  return {
    env: over.env ?? {},
    platform: over.platform ?? 'linux',
    homedir: over.homedir ?? '/home/ana',
    readFile: (p) => files[p] ?? null,
    sha256,
  }
}

describe('parseDockerHost', () => {
  it('parses unix sockets', () => {
    expect(parseDockerHost('unix:///var/run/docker.sock')).toEqual({
      endpoint: 'unix:///var/run/docker.sock',
      source: 'DOCKER_HOST',
      dockerodeOptions: { socketPath: '/var/run/docker.sock' },
    })
  })
  it('parses npipe', () => {
    expect(parseDockerHost('npipe:////./pipe/docker_engine').dockerodeOptions).toEqual({ socketPath: '//./pipe/docker_engine' })
  })
  it('parses tcp with default ports, TLS and cert files', () => {
    expect(parseDockerHost('tcp://10.0.0.2').dockerodeOptions).toEqual({ host: '10.0.0.2', port: 2375, protocol: 'http' })
    const files: Record<string, string> = { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' }
    const c = parseDockerHost('tcp://docker.example:2376', 'DOCKER_HOST', { verify: true, certPath: '/certs', readFile: (p) => files[p] ?? null })
    expect(c.dockerodeOptions).toEqual({ host: 'docker.example', port: 2376, protocol: 'https', ca: 'CA', cert: 'CERT', key: 'KEY' })
    expect(parseDockerHost('tcp://[::1]:2375').dockerodeOptions).toEqual({ host: '::1', port: 2375, protocol: 'http' })
  })
  it.each([
    ['', /empty/, 'empty', {}],
    ['   ', /empty/, 'empty', {}],
    ['/var/run/docker.sock', /no scheme/, 'noScheme', { suggest: 'unix:///var/run/docker.sock' }],
    ['tcp//x', /no scheme/, 'noScheme', {}],
    ['unix:', /no scheme/, 'noScheme', {}],
    ['localhost:2375', /no scheme/, 'noScheme', { suggest: 'tcp://localhost:2375' }],
    ['[::1]:2375', /no scheme/, 'noScheme', { suggest: 'tcp://[::1]:2375' }],
    ['docker.example.com:2376', /no scheme/, 'noScheme', { suggest: 'tcp://docker.example.com:2376' }],
    ['unix://relative.sock', /absolute/, 'unixPath', {}],
    ['unix://', /absolute/, 'unixPath', {}],
    ['tcp://host:99999', /port "99999" is not a number from 1 to 65535/, 'port', { port: '99999' }],
    ['tcp://host:0', /port "0"/, 'port', { port: '0' }],
    ['tcp://host:port', /port "port"/, 'port', { port: 'port' }],
    ['tcp://host:', /port ""/, 'port', { port: '' }],
    ['https://host:1234567', /port "1234567"/, 'port', { port: '1234567' }],
    ['tcp://', /expected tcp:\/\/host:port/, 'host', { scheme: 'tcp' }],
    ['tcp://host:2375/path', /expected tcp:\/\/host:port/, 'host', { scheme: 'tcp' }],
    ['http://', /expected http:\/\/host:port/, 'host', { scheme: 'http' }],
    ['HTTPS://host:2376/v1.41', /expected https:\/\/host:port/, 'host', { scheme: 'https' }],
    ['https://[::1', /expected https:\/\/host:port/, 'host', { scheme: 'https' }],
    ['ssh://me@host', /unsupported scheme "ssh:\/\/"/, 'scheme', { scheme: 'ssh' }],
    ['FTP://host:21', /unsupported scheme "ftp:\/\/"/, 'scheme', { scheme: 'ftp' }],
    ['npipe://nope', /npipe/, 'npipe', {}],
  ])('rejects %j with a code, its parameters and an English message for logs', (value, re, code, params) => {
    let err: unknown
    try {
      parseDockerHost(value)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(DockerHostError)
    expect((err as DockerHostError).message).toMatch(re)
    expect((err as DockerHostError).code).toBe(code)
    expect((err as DockerHostError).params).toEqual(params)
  })
})

describe('discoverEndpoints', () => {
  it('linux default order without env', () => {
    expect(discoverEndpoints(input()).map((c) => c.endpoint)).toEqual([
      'unix:///home/ana/.docker/run/docker.sock',
      'unix:///var/run/docker.sock',
      'unix:///run/podman/podman.sock',
    ])
  })
  it('DOCKER_HOST first, then context, desktop, rootless, default, podman', () => {
    const files = {
      '/home/ana/.docker/config.json': JSON.stringify({ currentContext: 'colima' }),
      [`/home/ana/.docker/contexts/meta/${sha256('colima')}/meta.json`]: JSON.stringify({ Endpoints: { docker: { Host: 'unix:///home/ana/.colima/docker.sock' } } }),
    }
    const list = discoverEndpoints(input({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2375', XDG_RUNTIME_DIR: '/run/user/1000' }, files }))
    expect(list.map((c) => [c.endpoint, c.source])).toEqual([
      ['tcp://127.0.0.1:2375', 'DOCKER_HOST'],
      ['unix:///home/ana/.colima/docker.sock', 'context "colima"'],
      ['unix:///home/ana/.docker/run/docker.sock', 'Docker Desktop socket'],
      ['unix:///run/user/1000/docker.sock', 'rootless Docker socket'],
      ['unix:///var/run/docker.sock', 'default socket'],
      ['unix:///run/user/1000/podman/podman.sock', 'Podman (rootless) socket'],
      ['unix:///run/podman/podman.sock', 'Podman socket'],
    ])
  })
  it('DOCKER_CONTEXT overrides config.json; default context adds nothing', () => {
    const files = {
      '/home/ana/.docker/config.json': JSON.stringify({ currentContext: 'default' }),
      [`/home/ana/.docker/contexts/meta/${sha256('other')}/meta.json`]: JSON.stringify({ Endpoints: { docker: { Host: 'unix:///tmp/other.sock' } } }),
    }
    expect(discoverEndpoints(input({ files }))[0]!.endpoint).toBe('unix:///home/ana/.docker/run/docker.sock')
    expect(discoverEndpoints(input({ files, env: { DOCKER_CONTEXT: 'other' } }))[0]).toMatchObject({ endpoint: 'unix:///tmp/other.sock', source: 'context "other"' })
  })
  it('ignores broken config files and malformed DOCKER_HOST', () => {
    const files = { '/home/ana/.docker/config.json': '{not json' }
    const list = discoverEndpoints(input({ files, env: { DOCKER_HOST: 'bogus' } }))
    expect(list[0]!.endpoint).toBe('unix:///home/ana/.docker/run/docker.sock')
  })
  it('dedupes: DOCKER_HOST equal to the default socket appears once', () => {
    const list = discoverEndpoints(input({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock' } }))
    expect(list.filter((c) => c.endpoint === 'unix:///var/run/docker.sock')).toHaveLength(1)
    expect(list[0]!.source).toBe('DOCKER_HOST')
  })
  it('win32 uses the named pipe', () => {
    expect(discoverEndpoints(input({ platform: 'win32', homedir: 'C:/Users/ana' })).map((c) => c.endpoint)).toEqual(['npipe:////./pipe/docker_engine'])
  })
})

describe('planEndpoints: DOCKER_HOST as the docker CLI has it', () => {
  it('without DOCKER_HOST: every endpoint, none skipped', () => {
    const plan = planEndpoints(input())
    expect(plan.candidates.map((c) => c.endpoint)).toEqual(discoverEndpoints(input()).map((c) => c.endpoint))
    expect(plan.skipped).toEqual([])
    expect(plan.dockerHost).toBeUndefined()
  })
  it('with DOCKER_HOST: that endpoint only; the others skipped, to be listed as not tried', () => {
    const plan = planEndpoints(input({ env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } }))
    expect(plan.candidates.map((c) => [c.endpoint, c.source])).toEqual([['unix:///nonexistent/docker.sock', 'DOCKER_HOST']])
    expect(plan.skipped.map((c) => c.endpoint)).toEqual(['unix:///home/ana/.docker/run/docker.sock', 'unix:///var/run/docker.sock', 'unix:///run/podman/podman.sock'])
    expect(plan.dockerHost).toBe('unix:///nonexistent/docker.sock')
  })
  it('a malformed DOCKER_HOST: nothing to try (never another daemon instead)', () => {
    const plan = planEndpoints(input({ env: { DOCKER_HOST: 'bogus' } }))
    expect(plan.candidates).toEqual([])
    expect(plan.skipped.map((c) => c.endpoint)).toContain('unix:///var/run/docker.sock')
  })
  it('others: every endpoint, DOCKER_HOST first (the settings screen asked to try them)', () => {
    const plan = planEndpoints(input({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' } }), { others: true })
    expect(plan.candidates.map((c) => c.endpoint)).toEqual(['tcp://127.0.0.1:2375', 'unix:///home/ana/.docker/run/docker.sock', 'unix:///var/run/docker.sock', 'unix:///run/podman/podman.sock'])
    expect(plan.skipped).toEqual([])
  })
})
