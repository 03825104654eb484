import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import en from './i18n/en'
import zhCN from './i18n/zh-CN'
import { badgeText, tellingAttempt } from './engineBadge'
import type { EngineStatus } from '../../shared/contract'

const i18n = createI18n({ legacy: false, locale: 'en', fallbackLocale: 'en', messages: { en, 'zh-CN': zhCN } })
const tIn = (locale: 'en' | 'zh-CN') => (key: string, params?: Record<string, unknown>) => {
  i18n.global.locale.value = locale
  return i18n.global.t(key, params ?? {})
}
const base: EngineStatus = { kind: 'simulator', reason: 'x', endpoint: null, version: null, apiVersion: null, connected: true, tried: [], mode: 'auto' }
const nf = (endpoint: string) => ({ endpoint, source: 's', ok: false, reason: 'not found' })

describe('engine badge text', () => {
  it('says why the simulator runs, in both languages', () => {
    const s: EngineStatus = { ...base, tried: [nf('unix:///home/u/.docker/run/docker.sock'), nf('unix:///var/run/docker.sock')] }
    expect(badgeText(s, tIn('en'))).toBe('— no Docker socket at /var/run/docker.sock')
    expect(badgeText(s, tIn('zh-CN'))).toBe('— /var/run/docker.sock 处没有 Docker 套接字')
    const denied: EngineStatus = { ...base, tried: [nf('unix:///run/user/1000/docker.sock'), { endpoint: 'unix:///var/run/docker.sock', source: 's', ok: false, reason: 'permission denied' }] }
    expect(badgeText(denied, tIn('en'))).toBe('— permission denied on /var/run/docker.sock')
    expect(badgeText(denied, tIn('zh-CN'))).toBe('— /var/run/docker.sock：权限被拒绝')
    expect(badgeText({ ...base, mode: 'simulator' }, tIn('zh-CN'))).toBe('— 在设置中选择')
    expect(badgeText(base, tIn('en'))).toBe('— no Docker endpoint to try')
  })

  it('names the live daemon, says when it is lost, and keeps a notice main appended', () => {
    const live: EngineStatus = { ...base, kind: 'live', endpoint: 'unix:///var/run/docker.sock', version: '20.10.24', mode: 'live' }
    expect(badgeText(live, tIn('en'))).toBe('— Docker 20.10.24 at unix:///var/run/docker.sock')
    expect(badgeText({ ...live, connected: false }, tIn('zh-CN'))).toContain('不再应答')
    expect(badgeText({ ...base, mode: 'simulator', reason: 'Simulator — chosen in settings · the saved sandbox could not be loaded' }, tIn('en'))).toBe(
      '— chosen in settings · the saved sandbox could not be loaded',
    )
  })

  it('an unknown reason is shown as main wrote it', () => {
    const odd = { endpoint: 'tcp://10.0.0.1:2375', source: 'DOCKER_HOST', ok: false, reason: 'TLS handshake failed' }
    expect(tellingAttempt([odd])).toBe(odd)
    expect(badgeText({ ...base, tried: [odd] }, tIn('en'))).toBe('— TLS handshake failed on tcp://10.0.0.1:2375')
  })
})
