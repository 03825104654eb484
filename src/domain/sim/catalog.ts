/**
 * The pull catalog: what `docker pull` finds on "Docker Hub" in the simulator. Realistic chains:
 * ubuntu 12.04 / 14.04 / latest share their base layer; neo4j sits on a Java base on Debian;
 * nginx on Debian; busybox and alpine stand alone. Everything is content-derived and fixed,
 * so every simulator computes the same image IDs.
 */
import { makeLayer, type LayerFiles } from './layerfs'

export interface CatalogStep {
  createdBy: string
  created: string // RFC 3339
  layer?: LayerFiles // absent: an empty-layer step (ENV, CMD, ...)
  config?: {
    Cmd?: string[] | null
    Entrypoint?: string[] | null
    Env?: string[]
    Labels?: Record<string, string>
    WorkingDir?: string
  }
}

export interface CatalogImage {
  /** registry path, 'library/ubuntu' */
  repo: string
  tags: string[]
  steps: CatalogStep[]
}

const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

function tools(dir: string, names: string[], size: number): Record<string, number> {
  const out: Record<string, number> = {}
  names.forEach((n, i) => (out[`${dir}/${n}`] = size + i * 1031))
  return out
}

const GNU_BIN = ['bash', 'cat', 'cp', 'echo', 'false', 'hostname', 'ls', 'mkdir', 'mv', 'pwd', 'rm', 'sleep', 'touch', 'true', 'uname']

function debianLikeRoot(osRelease: string, issue: string, extra: Record<string, string | number | null | { link: string }> = {}): LayerFiles {
  return makeLayer({
    ...tools('/bin', GNU_BIN, 35_000),
    '/bin/sh': { link: 'dash' },
    '/bin/dash': 121_432,
    '/usr/bin/env': 48_128,
    '/etc/os-release': osRelease,
    '/etc/issue': issue,
    '/etc/hostname': '',
    '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n',
    '/etc/group': 'root:x:0:\ndaemon:x:1:\n',
    '/root': null,
    '/tmp': null,
    '/home': null,
    '/var/lib': null,
    '/usr/lib/x86_64-linux-gnu/libc.so.6': 2_029_592,
    '/usr/share/doc': null,
    ...extra,
  })
}

const ubuntuRoot = debianLikeRoot('NAME="Ubuntu"\nID=ubuntu\n', 'Ubuntu \\n \\l\n', { '/usr/lib/apt/methods/http': 180_000, '/var/lib/dpkg/status': 1_150_000 })
const ubuntuPolicy = makeLayer({ '/usr/sbin/policy-rc.d': '#!/bin/sh\nexit 101\n', '/sbin/initctl': { link: '/bin/true' } })

function ubuntuRelease(version: string, codename: string, size: number): LayerFiles {
  return makeLayer({
    '/etc/lsb-release': `DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=${version}\nDISTRIB_CODENAME=${codename}\nDISTRIB_DESCRIPTION="Ubuntu ${version} LTS"\n`,
    '/etc/debian_version': `${codename}/sid\n`,
    [`/usr/share/doc/ubuntu-${codename}/changelog.gz`]: size,
  })
}

const debianRoot = debianLikeRoot('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n', 'Debian GNU/Linux 12 \\n \\l\n', {
  '/etc/debian_version': '12.8\n',
  '/var/lib/dpkg/status': 1_310_000,
  '/usr/lib/x86_64-linux-gnu/libstdc++.so.6': 2_190_000,
})

const javaLayer = makeLayer({
  '/usr/lib/jvm/java-8-openjdk-amd64/bin/java': 6_264,
  '/usr/lib/jvm/java-8-openjdk-amd64/jre/lib/rt.jar': 64_500_000,
  '/usr/lib/jvm/java-8-openjdk-amd64/jre/lib/amd64/server/libjvm.so': 17_100_000,
  '/usr/bin/java': { link: '/usr/lib/jvm/java-8-openjdk-amd64/bin/java' },
})

function neo4jLayer(version: string, size: number): LayerFiles {
  return makeLayer({
    [`/var/lib/neo4j/lib/neo4j-kernel-${version}.jar`]: size,
    '/var/lib/neo4j/bin/neo4j': 12_000,
    '/var/lib/neo4j/conf/neo4j.conf': `# neo4j ${version}\ndbms.default_listen_address=0.0.0.0\n`,
    '/var/lib/neo4j/data': null,
    '/usr/local/bin/neo4j': { link: '/var/lib/neo4j/bin/neo4j' },
  })
}

const busyboxLayer = (() => {
  const spec: Record<string, string | number | null | { link: string }> = { '/bin/busybox': 1_052_688 }
  for (const n of ['sh', 'echo', 'cat', 'ls', 'mkdir', 'rm', 'touch', 'cp', 'mv', 'sleep', 'true', 'false', 'pwd', 'hostname', 'env', 'uname']) {
    spec[`/bin/${n}`] = { link: 'busybox' }
  }
  Object.assign(spec, {
    '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n',
    '/etc/group': 'root:x:0:\nnobody:x:65534:\n',
    '/etc/hostname': '',
    '/root': null,
    '/tmp': null,
    '/var': null,
    '/home': null,
    '/usr/sbin': null,
  })
  return makeLayer(spec)
})()

const alpineLayer = makeLayer({
  '/bin/busybox': 808_712,
  '/bin/sh': { link: '/bin/busybox' },
  '/bin/echo': { link: '/bin/busybox' },
  '/bin/cat': { link: '/bin/busybox' },
  '/bin/ls': { link: '/bin/busybox' },
  '/bin/mkdir': { link: '/bin/busybox' },
  '/bin/rm': { link: '/bin/busybox' },
  '/bin/touch': { link: '/bin/busybox' },
  '/bin/cp': { link: '/bin/busybox' },
  '/bin/mv': { link: '/bin/busybox' },
  '/bin/sleep': { link: '/bin/busybox' },
  '/bin/true': { link: '/bin/busybox' },
  '/bin/false': { link: '/bin/busybox' },
  '/bin/pwd': { link: '/bin/busybox' },
  '/bin/hostname': { link: '/bin/busybox' },
  '/bin/uname': { link: '/bin/busybox' },
  '/usr/bin/env': { link: '/bin/busybox' },
  '/lib/ld-musl-x86_64.so.1': 667_000,
  '/lib/apk/db/installed': 23_000,
  '/etc/alpine-release': '3.20.3\n',
  '/etc/os-release': 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\n',
  '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n',
  '/etc/group': 'root:x:0:root\n',
  '/etc/hostname': '',
  '/root': null,
  '/tmp': null,
  '/home': null,
  '/var': null,
})

const nginxLayer = makeLayer({
  '/usr/sbin/nginx': 1_438_000,
  '/etc/nginx/nginx.conf': 'user  nginx;\nworker_processes  auto;\nevents { worker_connections  1024; }\nhttp { include /etc/nginx/conf.d/*.conf; }\n',
  '/etc/nginx/conf.d/default.conf': 'server { listen 80; location / { root /usr/share/nginx/html; } }\n',
  '/usr/share/nginx/html/index.html': '<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1></body></html>\n',
  '/var/cache/nginx': null,
  '/usr/lib/x86_64-linux-gnu/libssl.so.3': 694_000,
})
const nginxEntrypoint = makeLayer({ '/docker-entrypoint.sh': '#!/bin/sh\nset -e\nexec "$@"\n', '/docker-entrypoint.d': null })

const ADD = (hash: string) => `/bin/sh -c #(nop) ADD file:${hash} in / `
const CMD = (cmd: string[]) => `/bin/sh -c #(nop)  CMD ${JSON.stringify(cmd).replace(/","/g, '" "')}`
const ENV = (kv: string) => `/bin/sh -c #(nop)  ENV ${kv}`

function ubuntu(version: string, codename: string, created: string, size: number): CatalogStep[] {
  return [
    { createdBy: ADD('a1f5ce4d0c5de6a3e0c4b0f7e5ad0d6c3a5e8d2b1c0f9e8d7c6b5a4f3e2d1c0b'), created, layer: ubuntuRoot, config: { Env: [PATH_ENV] } },
    { createdBy: `/bin/sh -c echo '#!/bin/sh' > /usr/sbin/policy-rc.d && echo 'exit 101' >> /usr/sbin/policy-rc.d`, created, layer: ubuntuPolicy },
    { createdBy: `/bin/sh -c #(nop) ADD file:ubuntu-${codename} in /etc/`, created, layer: ubuntuRelease(version, codename, size) },
    { createdBy: CMD(['/bin/bash']), created, config: { Cmd: ['/bin/bash'] } },
  ]
}

const debianSteps: CatalogStep[] = [
  { createdBy: ADD('b7e2d1c0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2'), created: '2024-11-11T00:00:00Z', layer: debianRoot, config: { Env: [PATH_ENV] } },
  { createdBy: CMD(['bash']), created: '2024-11-11T00:00:00Z', config: { Cmd: ['bash'] } },
]

const javaSteps: CatalogStep[] = [
  ...debianSteps,
  { createdBy: ENV('JAVA_HOME=/usr/lib/jvm/java-8-openjdk-amd64'), created: '2024-11-12T00:00:00Z', config: { Env: [PATH_ENV, 'JAVA_HOME=/usr/lib/jvm/java-8-openjdk-amd64'] } },
  { createdBy: '/bin/sh -c apt-get update && apt-get install -y openjdk-8-jre-headless && rm -rf /var/lib/apt/lists/*', created: '2024-11-12T00:00:00Z', layer: javaLayer },
]

function neo4j(version: string, size: number, created: string): CatalogStep[] {
  return [
    ...javaSteps,
    { createdBy: ENV(`NEO4J_VERSION=${version}`), created, config: { Env: [PATH_ENV, 'JAVA_HOME=/usr/lib/jvm/java-8-openjdk-amd64', `NEO4J_VERSION=${version}`] } },
    { createdBy: `/bin/sh -c curl -fsSL https://dist.neo4j.org/neo4j-community-${version}-unix.tar.gz | tar -xz -C /var/lib/neo4j --strip-components=1`, created, layer: neo4jLayer(version, size) },
    { createdBy: '/bin/sh -c #(nop) WORKDIR /var/lib/neo4j', created, config: { WorkingDir: '/var/lib/neo4j' } },
    { createdBy: CMD(['neo4j', 'console']), created, config: { Cmd: ['neo4j', 'console'] } },
  ]
}

export const CATALOG: CatalogImage[] = [
  { repo: 'library/ubuntu', tags: ['12.04', 'precise'], steps: ubuntu('12.04', 'precise', '2014-10-01T00:00:00Z', 6_100_000) },
  { repo: 'library/ubuntu', tags: ['14.04', 'trusty'], steps: ubuntu('14.04', 'trusty', '2014-10-02T00:00:00Z', 7_300_000) },
  { repo: 'library/ubuntu', tags: ['latest', '22.04', 'jammy'], steps: ubuntu('22.04', 'jammy', '2024-10-11T00:00:00Z', 9_800_000) },
  { repo: 'library/debian', tags: ['latest', 'bookworm', '12'], steps: debianSteps },
  { repo: 'library/openjdk', tags: ['8-jre', 'latest'], steps: javaSteps },
  { repo: 'library/neo4j', tags: ['2.1.5'], steps: neo4j('2.1.5', 41_000_000, '2014-10-20T00:00:00Z') },
  { repo: 'library/neo4j', tags: ['latest', '5'], steps: neo4j('5.24.0', 98_000_000, '2024-11-13T00:00:00Z') },
  {
    repo: 'library/busybox',
    tags: ['latest', '1.36'],
    steps: [
      { createdBy: ADD('c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2'), created: '2024-09-26T00:00:00Z', layer: busyboxLayer },
      { createdBy: CMD(['sh']), created: '2024-09-26T00:00:00Z', config: { Cmd: ['sh'] } },
    ],
  },
  {
    repo: 'library/alpine',
    tags: ['latest', '3.20'],
    steps: [
      { createdBy: ADD('d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3'), created: '2024-09-06T00:00:00Z', layer: alpineLayer, config: { Env: [PATH_ENV] } },
      { createdBy: CMD(['/bin/sh']), created: '2024-09-06T00:00:00Z', config: { Cmd: ['/bin/sh'] } },
    ],
  },
  {
    repo: 'library/nginx',
    tags: ['latest', '1.27'],
    steps: [
      ...debianSteps,
      { createdBy: ENV('NGINX_VERSION=1.27.2'), created: '2024-10-02T00:00:00Z', config: { Env: [PATH_ENV, 'NGINX_VERSION=1.27.2'] } },
      { createdBy: '/bin/sh -c set -x && apt-get update && apt-get install -y nginx', created: '2024-10-02T00:00:00Z', layer: nginxLayer },
      { createdBy: '/bin/sh -c #(nop) COPY file:docker-entrypoint in / ', created: '2024-10-02T00:00:00Z', layer: nginxEntrypoint },
      { createdBy: '/bin/sh -c #(nop)  ENTRYPOINT ["/docker-entrypoint.sh"]', created: '2024-10-02T00:00:00Z', config: { Entrypoint: ['/docker-entrypoint.sh'] } },
      { createdBy: CMD(['nginx', '-g', 'daemon off;']), created: '2024-10-02T00:00:00Z', config: { Cmd: ['nginx', '-g', 'daemon off;'] } },
    ],
  },
]

/** Programs that keep running as a main process until stopped (servers). */
export const SERVER_PROGRAMS = new Set(['nginx', 'neo4j', 'java', 'httpd', 'redis-server', 'postgres', 'mysqld', 'tail'])
