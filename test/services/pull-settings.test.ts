/**
 * Through the contract as the renderer uses it (simulator): a pull pushes structured progress
 * (pull:progress) beside the terminal text, pull:cancel of an unknown or finished pull says so,
 * engine:probe reports endpoints without switching, and a malformed typed endpoint is refused by
 * engine:select as the probe reports it (code + params, worded by the renderer) while the engine in use stays.
 */
import { describe, expect, it } from 'vitest'
import * as v from 'valibot'
import { createI18n } from 'vue-i18n'
import { useServices } from '../helpers/services'
import { EndpointAttemptSchema, type PullProgress } from '../../src/shared/contract'
import { attemptDetail } from '../../src/renderer/src/engineBadge'
import en from '../../src/renderer/src/i18n/en-all'
import zhCN from '../../src/renderer/src/i18n/zh-CN'

const i18n = createI18n({ legacy: false, locale: 'en', fallbackLocale: 'en', messages: { en, 'zh-CN': zhCN } })
const tIn = (locale: 'en' | 'zh-CN') => (key: string, params?: Record<string, unknown>) => {
  i18n.global.locale.value = locale
  return i18n.global.t(key, params ?? {})
}

const startServices = useServices()

async function start() {
  const h = await startServices({ seed: 7 })
  const pulls = () => h.events.filter((e) => e.event === 'pull:progress').map((e) => e.payload as PullProgress)
  return { ...h, pulls }
}

describe('pull progress and engine settings through the contract (simulator)', () => {
  it('a typed pull pushes pull:progress with every layer complete, tied to its terminal run', async () => {
    const { call, pulls } = await start()
    const r = await call('terminal:run', { line: 'docker pull ubuntu:14.04', runId: 'run-a' })
    expect(r.exitCode).toBe(0)
    const ps = pulls()
    expect(ps[0]).toMatchObject({ runId: 'run-a', ref: 'ubuntu:14.04', state: 'running' })
    const last = ps.at(-1)!
    expect(last.state).toBe('done')
    expect(last.layers.length).toBeGreaterThan(1)
    expect(last.layers.every((l) => l.status === 'Pull complete')).toBe(true)
    // the terminal still prints docker's lines for the same layers
    for (const l of last.layers) expect(r.stdout).toContain(`${l.id}: Pull complete`)
    expect(last.message).toMatch(/^Status: Downloaded newer image for ubuntu:14.04$/)
    // a second pull of a image sharing layers reports 'Already exists' for them
    await call('terminal:run', { line: 'docker pull ubuntu:14.04', runId: 'run-b' })
    expect(pulls().at(-1)).toMatchObject({ runId: 'run-b', state: 'done' })
    expect(pulls().at(-1)!.layers.every((l) => l.status === 'Already exists')).toBe(true)
    // the pull implied by docker run is tracked too
    await call('terminal:run', { line: 'docker run busybox echo hi', runId: 'run-c' })
    expect(pulls().at(-1)).toMatchObject({ runId: 'run-c', ref: 'busybox', state: 'done' })
  })

  it('pull:cancel answers ok:false for a pull that is not running, and refuses a bad payload', async () => {
    const { call, pulls } = await start()
    await call('terminal:run', { line: 'docker pull busybox' })
    expect(await call('pull:cancel', { pullId: pulls().at(-1)!.pullId })).toEqual({ ok: false })
    expect(await call('pull:cancel', { pullId: 'nope' })).toEqual({ ok: false })
    await expect(call('pull:cancel', { pullId: '' })).rejects.toThrow(/invalid payload for pull:cancel: pullId/)
    await expect(call('pull:cancel', { id: 'x' })).rejects.toThrow(/invalid payload for pull:cancel/)
  })

  it('engine:probe reports endpoints without switching; a malformed typed endpoint is refused and nothing changes', async () => {
    const { call, services } = await start()
    const before = services.engine()
    const probe = await call('engine:probe', undefined)
    expect(probe.tried.length).toBeGreaterThan(0)
    for (const a of probe.tried) expect(typeof a.reason).toBe('string')
    expect(services.engine()).toBe(before)
    expect(services.status().kind).toBe('simulator')
    const typed = await call('engine:probe', { endpoint: 'localhost:2375' })
    expect(typed).toMatchObject({ ok: false, tried: [{ reason: 'malformed', code: 'malformed', source: 'typed endpoint' }] })
    expect(services.engine()).toBe(before)
    await expect(call('engine:probe', { endpoint: 1 })).rejects.toThrow(/invalid payload for engine:probe/)
  })

  it('engine:select with a malformed endpoint answers the probe’s coded attempt (worded in the UI language), and nothing changes', async () => {
    const { call, services } = await start()
    const before = services.engine()
    const statusBefore = services.status()
    for (const [endpoint, params, en, zh] of [
      ['localhost:2375', { error: 'noScheme', suggest: 'tcp://localhost:2375' }, 'An endpoint starts with its scheme and two slashes: unix://, tcp:// or npipe://. Did you mean tcp://localhost:2375?', '端点要以协议和两个斜杠开头：unix://、tcp:// 或 npipe://。是不是想写 tcp://localhost:2375？'],
      ['tcp://host:99999', { error: 'port', port: '99999' }, 'The port must be a number from 1 to 65535.', '端口必须是 1 到 65535 之间的数字。'],
      ['ssh://me@host', { error: 'scheme', scheme: 'ssh' }, 'Layerlab cannot connect through ssh://; use unix://, tcp:// or npipe://.', 'Layerlab 不能通过 ssh:// 连接；请使用 unix://、tcp:// 或 npipe://。'],
      ['https://', { error: 'host', scheme: 'https' }, 'After https:// come a host name or IP address and a port, e.g. https://127.0.0.1:2375.', 'https:// 后面要写主机名或 IP 地址和端口，例如 https://127.0.0.1:2375。'],
    ] as const) {
      const chosen = await call('engine:select', { mode: 'live', endpoint })
      if (chosen.ok) throw new Error(`${endpoint} was not refused`)
      // the same attempt engine:probe reports for it: a code and its params, no English in its place
      const probed = await call('engine:probe', { endpoint })
      expect(chosen.refused).toEqual(probed.tried[0])
      expect(v.parse(EndpointAttemptSchema, chosen.refused)).toEqual(chosen.refused)
      expect(chosen.refused).toMatchObject({ endpoint, source: 'typed endpoint', ok: false, code: 'malformed', params })
      expect(chosen.refused.detail).toBeUndefined()
      // the engine in use stays, and the answer says which it is
      expect(chosen.status).toEqual(statusBefore)
      expect(services.engine()).toBe(before)
      expect(services.status()).toEqual(statusBefore)
      // the renderer words it as the settings dialog does, in both languages
      expect(attemptDetail(chosen.refused, tIn('en'))).toBe(en)
      expect(attemptDetail(chosen.refused, tIn('zh-CN'))).toBe(zh)
    }
    // a well-formed endpoint is not refused (nothing listens there: the simulator, said so)
    const none = await call('engine:select', { mode: 'live', endpoint: 'unix:///tmp/layerlab-no-such.sock' })
    expect(none).toMatchObject({ ok: true, status: { kind: 'simulator', tried: [{ code: 'notFound' }] } })
  })
})
