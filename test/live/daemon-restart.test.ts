/**
 * The daemon goes away mid-session and comes back. This file starts its OWN dockerd on a private
 * socket, data-root and exec-root (never the main daemon other tests use), kills it, checks the
 * live engine says "disconnected" within 2 s, starts it again, checks reconnect + resync.
 * With CI=true a missing dockerd binary or a dockerd that will not start FAILS; elsewhere it skips
 * with a printed reason.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, openSync, rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import type { DockerEvent } from '../../src/domain/types'
import { connectLive, type LiveEngine, type LiveStatus } from '../../src/main/live/live-engine'
import { selectEngine } from '../../src/main/engine-select'
import type { DockerEngine } from '../../src/domain/engine'

const ROOT = '/tmp/ll-dockerd-test'
const SOCK = `${ROOT}/docker.sock`
const ENDPOINT = `unix://${SOCK}`

let daemon: ChildProcess | null = null

function startDaemon(): ChildProcess {
  mkdirSync(ROOT, { recursive: true })
  const log = openSync(`${ROOT}/dockerd.log`, 'a')
  const p = spawn(
    'dockerd',
    ['--iptables=false', '--bridge=none', '--host', ENDPOINT, '--data-root', `${ROOT}/root`, '--exec-root', `${ROOT}/exec`, '--pidfile', `${ROOT}/docker.pid`],
    { stdio: ['ignore', log, log] },
  )
  return p
}

async function waitForSocket(ms: number): Promise<boolean> {
  const t0 = Date.now()
  while (Date.now() - t0 < ms) {
    if (existsSync(SOCK)) {
      const r = spawnSync('curl', ['-s', '--max-time', '1', '--unix-socket', SOCK, 'http://d/_ping'], { encoding: 'utf8' })
      if (r.stdout === 'OK') return true
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return false
}

function stopDaemon(p: ChildProcess | null, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!p || p.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      p.kill('SIGKILL')
    }, 15_000)
    p.once('exit', () => {
      clearTimeout(t)
      resolve()
    })
    p.kill(signal)
  })
}

const hasBinary = spawnSync('sh', ['-c', 'command -v dockerd']).status === 0
let why = ''
if (!hasBinary) why = 'no dockerd binary on PATH'
else if (process.getuid?.() !== 0) why = 'starting a private dockerd needs root'
else {
  rmSync(`${ROOT}/exec`, { recursive: true, force: true })
  daemon = startDaemon()
  if (!(await waitForSocket(30_000))) {
    why = `the private dockerd did not answer on ${SOCK} within 30 s (see ${ROOT}/dockerd.log)`
    await stopDaemon(daemon)
    daemon = null
  }
}
if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`)
if (why) console.log(`[test/live/daemon-restart] skipped: ${why}`)

afterAll(async () => {
  await stopDaemon(daemon)
})

describe.skipIf(!!why)('daemon stops and restarts mid-session', () => {
  it('reports disconnected within 2 s, reconnects and emits a resync', { timeout: 90_000 }, async () => {
    const live: LiveEngine = await connectLive(ENDPOINT, { timeoutMs: 3000 })
    const statuses: Array<LiveStatus & { at: number }> = []
    const events: DockerEvent[] = []
    live.onStatus((s) => statuses.push({ ...s, at: Date.now() }))
    live.onEvent((e) => events.push(e))
    try {
      await live.ping()
      await new Promise((r) => setTimeout(r, 300)) // let the event stream open

      // a frozen daemon (SIGSTOP): the socket still accepts, nothing answers; the ping notices
      const frozenAt = Date.now()
      daemon!.kill('SIGSTOP')
      while (!statuses.some((s) => !s.connected) && Date.now() - frozenAt < 5000) await new Promise((r) => setTimeout(r, 20))
      const frozen = statuses.find((s) => !s.connected)
      daemon!.kill('SIGCONT')
      expect(frozen, 'a disconnected status for a frozen daemon').toBeDefined()
      console.log(`[daemon-restart] frozen daemon reported ${frozen!.at - frozenAt} ms after SIGSTOP: ${frozen!.reason}`)
      expect(frozen!.at - frozenAt).toBeLessThanOrEqual(2000)
      const t2 = Date.now()
      while (!(statuses.at(-1)?.connected && events.some((e) => e.Action === 'resync')) && Date.now() - t2 < 20_000) await new Promise((r) => setTimeout(r, 20))
      expect(statuses.at(-1)?.connected).toBe(true)
      console.log(`[daemon-restart] thawed daemon reconnected after ${Date.now() - t2} ms`)
      statuses.length = 0
      events.length = 0

      const killedAt = Date.now()
      await stopDaemon(daemon, 'SIGKILL')
      daemon = null
      const t0 = Date.now()
      while (!statuses.some((s) => !s.connected) && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20))
      const down = statuses.find((s) => !s.connected)
      expect(down, 'a disconnected status').toBeDefined()
      expect(down!.at - killedAt).toBeLessThanOrEqual(2000)
      console.log(`[daemon-restart] disconnected reported ${down!.at - killedAt} ms after SIGKILL: ${down!.reason}`)
      await expect(live.listContainers()).rejects.toMatchObject({ name: 'EngineUnavailableError' })

      // a fresh selection with the daemon gone falls back to the simulator with a reason
      const sim = { kind: 'simulator' } as unknown as DockerEngine
      const fallback = await selectEngine({ mode: 'live', endpoint: ENDPOINT, createSimulator: () => sim })
      expect(fallback.engine).toBe(sim)
      expect(fallback.status.reason).toMatch(/^Simulator — (no Docker socket at|connection refused on) \/tmp\/ll-dockerd-test\/docker\.sock$/)

      rmSync(`${ROOT}/exec`, { recursive: true, force: true })
      daemon = startDaemon()
      expect(await waitForSocket(30_000)).toBe(true)
      const t1 = Date.now()
      while (!(statuses.at(-1)?.connected && events.some((e) => e.Type === 'daemon' && e.Action === 'resync')) && Date.now() - t1 < 40_000) {
        await new Promise((r) => setTimeout(r, 50))
      }
      expect(statuses.at(-1)?.connected).toBe(true)
      expect(events.some((e) => e.Type === 'daemon' && e.Action === 'resync')).toBe(true)
      console.log(`[daemon-restart] reconnected ${Date.now() - t1} ms after the socket answered`)
      expect((await live.version()).ApiVersion).toMatch(/^1\.\d+$/)
    } finally {
      await live.close()
    }
  })
})
