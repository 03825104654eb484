/**
 * Every lesson and challenge on the LIVE daemon, offline: Docker Hub names come from the registry
 * mirror (LAYERLAB_REGISTRY_MIRROR, default 127.0.0.1:5000, seeded by scripts/seed-mirror.sh,
 * which .ci/services.sh start runs). Runs `npm run lessons:verify -- --live` as CI does and
 * checks its table; before that, one pull through the mirror as the learner sees it.
 * With CI=true a missing daemon or mirror FAILS this file; elsewhere it is skipped with a printed reason.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runDockerCommand } from '../../src/domain/cli'
import { selectEngine } from '../../src/main/engine-select'
import { createSimulator } from '../../src/domain/sim'
import type { DockerEngine } from '../../src/domain/engine'

const root = path.resolve(__dirname, '../..')
const MIRROR = process.env.LAYERLAB_REGISTRY_MIRROR || '127.0.0.1:5000'

async function mirrorProblem(): Promise<string> {
  return fetch(`http://${MIRROR}/v2/library/nginx/manifests/1.27`, {
    method: 'HEAD',
    headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    signal: AbortSignal.timeout(3000),
  }).then(
    (r) => (r.ok ? '' : `the mirror ${MIRROR} is not seeded (HTTP ${r.status}; bash scripts/seed-mirror.sh)`),
    (e: Error) => `no registry mirror answers at ${MIRROR} (${e.message})`,
  )
}

process.env.LAYERLAB_REGISTRY_MIRROR = MIRROR // the live engine reads it when it connects
const chosen = await selectEngine({ mode: 'live', createSimulator: () => createSimulator() })
const why = chosen.engine.kind === 'live' ? await mirrorProblem() : `no Docker daemon (${chosen.status.reason})`
if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`)
if (why) console.log(`[test/lessons live] skipped: ${why}`)
const live = !why

afterAll(async () => {
  await chosen.engine.close()
})

describe.skipIf(!live)('lessons on the live daemon through the registry mirror', () => {
  it('`docker pull nginx:1.27` comes from the mirror, named as typed, leaving no mirror tag', async () => {
    const engine = chosen.engine as DockerEngine
    const hadIt = await engine.inspectImage('nginx:1.27').then(() => true, () => false)
    const run = async (line: string) => {
      let out = ''
      const code = await runDockerCommand(line, { engine, io: { stdout: (s) => (out += s), stderr: (s) => (out += s) } })
      return { code, out }
    }
    expect((engine as unknown as { registryMirror?: string }).registryMirror).toBe(MIRROR)
    try {
      const first = await run('docker pull nginx:1.27')
      expect(first.code, first.out).toBe(0)
      expect(first.out).toMatch(/Status: (Downloaded newer image|Image is up to date) for nginx:1\.27/)
      expect(first.out).not.toContain(MIRROR)
      const again = await run('docker pull nginx:1.27')
      expect(again.out).toContain('Status: Image is up to date for nginx:1.27')
      const img = await engine.inspectImage('nginx:1.27')
      expect(img.Config?.Cmd).toEqual(['nginx', '-g', 'daemon off;'])
      expect(img.Config?.Entrypoint).toEqual(['/docker-entrypoint.sh'])
      expect((img.RepoTags ?? []).filter((t) => t.startsWith(MIRROR))).toEqual([])
    } finally {
      if (!hadIt) await engine.removeImage('nginx:1.27').catch(() => {})
    }
  }, 60_000)

  it('npm run lessons:verify -- --live: every step of every lesson and challenge fails before and passes after, on both engines', () => {
    const verify = (...args: string[]) => {
      const t0 = Date.now()
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/lessons-verify.ts', '--live', ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, LAYERLAB_REGISTRY_MIRROR: MIRROR },
        timeout: 200_000,
      })
      console.log(`[test/lessons live] lessons:verify --live ${args.join(' ')} took ${((Date.now() - t0) / 1000).toFixed(1)} s\n${r.stdout}${r.stderr}`)
      return r
    }
    let r = verify()
    const failedLive = [...r.stdout.matchAll(/^(\S+)\s+\d+\/\d+ ok\s+\d+\/\d+ FAIL/gm)].map((m) => m[1]!)
    if (r.status !== 0 && failedLive.length > 0 && failedLive.length <= 2 && !/simulator: FAIL|\d+\/\d+ FAIL\s+\d+\/\d+/.test(r.stdout)) {
      // other live tests in this run (test/live) call the guard's cleanup(), which removes every
      // io.layerlab.managed container on the daemon, ours included: one re-run of those lessons
      console.log(`[test/lessons live] re-running ${failedLive.join(', ')} once (concurrent cleanup by another live test?)`)
      const again = verify(`--only=${failedLive.join(',')}`)
      expect(again.status, again.stdout + again.stderr).toBe(0)
      r = { ...r, status: 0 }
    }
    expect(r.status, r.stdout + r.stderr).toBe(0)
    const summary = /^live: (\d+)\/(\d+) lessons, (\d+)\/(\d+) steps/m.exec(r.stdout)
    expect(summary, r.stdout).not.toBeNull()
    expect(Number(summary![2])).toBeGreaterThanOrEqual(19)
    expect(r.stdout).toMatch(/^simulator: (\d+)\/\1 lessons/m)
    if (failedLive.length === 0) expect(summary![3]).toBe(summary![4])
  }, 300_000)
})
