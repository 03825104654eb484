/**
 * The live differential: Layerlab's CLI emulator over the live engine against the real docker CLI,
 * on the same daemon — dockerd (/var/run/docker.sock) and Podman (/run/podman/podman.sock). Each
 * case is a short session run twice, once by each side, with names of the same length (`llc…`
 * for the docker CLI, `lle…` for the emulator) so that neither meets the other's resources.
 *
 * Strict: stdout and stderr are compared apart and whole, spaces and all; only IDs (by first
 * appearance) and the side's name prefix are normalised. A difference that is known is listed in
 * KNOWN by its case and engine, with the reason; a case that matches must keep matching, and a
 * known difference that went away fails too (so that the list stays true).
 * With CI=true a missing daemon or Podman service fails this file (CI starts both).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runDockerCommand, splitLine } from '../../src/domain/cli'
import { createNodeHostFs } from '../../src/main/host-fs'
import { connectLive, type LiveEngine } from '../../src/main/live/live-engine'
import { realDocker, strictNormalizer } from './harness'

const ROOT = path.resolve(__dirname, '../..')
const TAR = process.env.LAYERLAB_BASE_TAR ?? '/tmp/layerlab-services/busybox-rootfs.tar'
const RUN = `${Date.now().toString(36).slice(-4)}${process.pid.toString(36).slice(-2)}`

interface Engine {
  name: 'dockerd' | 'podman'
  endpoint: string
}
const ENGINES: Engine[] = [
  { name: 'dockerd', endpoint: process.env.LAYERLAB_TEST_DOCKER ?? 'unix:///var/run/docker.sock' },
  { name: 'podman', endpoint: process.env.LAYERLAB_TEST_PODMAN ?? 'unix:///run/podman/podman.sock' },
]

/**
 * One session per case, `{n}` standing for the side's prefix, `{base}` for the base image (imported
 * on that engine from the busybox tarball CI makes), `{tar}` for the tarball.
 */
const CASES: Record<string, string[]> = {
  'a container removed by the name with its leading slash (docker inspect prints it so)': ['docker create --name {n}zz {base} sleep 100', 'docker rm -f /{n}zz', 'docker rm -f /{n}zz'],
  'the diff of an unchanged container is empty': ['docker create --name {n}d {base} true', 'docker diff {n}d', 'docker rm {n}d'],
  'an import with no --change': ['docker import {tar} {n}imp:1', 'docker image inspect -f "{{.RepoTags}}" {n}imp:1', 'docker rmi {n}imp:1'],
  'names that cannot be names reach the daemon as names': ["docker rm -f '{n}a?b'", 'docker rm -f {n}%', "docker rm -f '{n}a#b'", 'docker rm -f {n}a/b', "docker stop '{n}x y'"],
  'an unknown image': ['docker rmi {n}nothing:1', 'docker history {n}nothing:1', 'docker tag {n}nothing:1 {n}other:1'],
  'a foreground run prints what the process printed and exits with its code': ["docker run --name {n}r {base} sh -c 'echo out; echo err >&2; exit 3'", 'docker rm {n}r'],
  'images and containers by their familiar names (Podman answers docker.io/…)': [
    "docker images --format '{{.Repository}} {{.Tag}}' {base}",
    'docker create --name {n}fam {base} true',
    "docker ps -a --format '{{.Image}} {{.Names}}' --filter name={n}fam",
    'docker ps -a --filter name={n}fam --format "table {{.Image}}\t{{.Names}}"',
    'docker rm {n}fam',
  ],
  'a foreground run with --rm leaves nothing behind': ["docker run --rm --name {n}rm {base} sh -c 'echo done; exit 4'", 'docker rm {n}rm'],
}

/**
 * Known differences, by case and engine, each with its reason. Keys: `${engine}: ${case}`.
 */
const KNOWN: Record<string, string> = {
  'podman: a foreground run with --rm leaves nothing behind':
    'Podman removes an --rm container as soon as it exits, before the docker CLI reads its exit code, so docker 28 on Podman exits 0; the emulator reports the exit code Podman\'s wait gave it (4), as docker does on dockerd',
}

const real = (endpoint: string, line: string) => realDocker(splitLine(line), { cwd: ROOT, env: { DOCKER_HOST: endpoint } })

/** IDs by first appearance and relative times (harness.ts), and the side's prefix. */
const normalizer = (prefix: string) => {
  const norm = strictNormalizer('')
  return (text: string) => norm(text.split(prefix).join('<n>'))
}

async function connect(e: Engine): Promise<{ live: LiveEngine | null; why: string }> {
  try {
    const live = await connectLive(e.endpoint, { timeoutMs: 20_000, followEvents: false })
    await live.ping()
    return { live, why: '' }
  } catch (err) {
    return { live: null, why: `${e.name} at ${e.endpoint}: ${(err as Error).message}` }
  }
}

for (const engine of ENGINES) {
  const { live, why } = await connect(engine)
  if (!live && process.env.CI === 'true') throw new Error(`CI=true and no ${why}`)
  if (!live) console.log(`[live-cli differential] ${engine.name} skipped: no ${why}`)
  const base = `llbase${RUN}/busybox:base`

  describe.skipIf(!live)(`the CLI emulator over the live engine vs the docker CLI, on ${engine.name}`, () => {
    afterAll(async () => {
      for (const side of ['llc', 'lle']) {
        const ps = real(engine.endpoint, `docker ps -aq --filter name=${side}${RUN}`).out.split('\n').filter(Boolean)
        if (ps.length) real(engine.endpoint, `docker rm -f ${ps.join(' ')}`)
      }
      const imgs = real(engine.endpoint, "docker images --format '{{.Repository}}:{{.Tag}}'").out.split('\n').filter((r) => r.includes(RUN))
      if (imgs.length) real(engine.endpoint, `docker rmi -f ${imgs.join(' ')}`)
      await live?.close()
    })

    it('has the base image (imported from the tarball CI makes)', () => {
      expect(existsSync(TAR), `no ${TAR} (bash .ci/services.sh start makes it)`).toBe(true)
      const r = real(engine.endpoint, `docker import ${TAR} ${base}`)
      expect(r.code, r.err).toBe(0)
    })

    for (const [name, lines] of Object.entries(CASES)) {
      it(name, async () => {
        const host = createNodeHostFs(ROOT)
        const transcript = async (side: 'llc' | 'lle') => {
          const n = `${side}${RUN}`
          let text = ''
          for (const template of lines) {
            const line = template.replaceAll('{n}', n).replaceAll('{base}', base).replaceAll('{tar}', TAR)
            let out = ''
            let err = ''
            let code: number
            if (side === 'llc') ({ out, err, code } = real(engine.endpoint, line))
            else code = await runDockerCommand(line, { engine: live!, host, io: { stdout: (s) => (out += s), stderr: (s) => (err += s) } })
            const norm = normalizer(n)
            text += `$ ${template}\n--- stdout\n${norm(out)}--- stderr\n${norm(err)}--- exit ${code}\n`
          }
          return text
        }
        const theirs = await transcript('llc')
        const emulated = await transcript('lle')
        const key = `${engine.name}: ${name}`
        if (KNOWN[key]) {
          console.log(`[live-cli differential] known difference ${key}: ${KNOWN[key]}`)
          expect(emulated, `${key} is listed as a known difference but now matches: take it off KNOWN`).not.toBe(theirs)
        } else {
          expect(emulated).toBe(theirs)
        }
      }, 120_000)
    }
  })
}
