import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import en from './i18n/en-all'
import zhCN from './i18n/zh-CN'
import { attemptDetail, attemptReason, badgeText, engineName, tellingAttempt } from './engineBadge'
import { ENDPOINT_ERRORS, type EndpointAttempt, type EngineStatus } from '../../shared/contract'

const i18n = createI18n({ legacy: false, locale: 'en', fallbackLocale: 'en', messages: { en, 'zh-CN': zhCN } })
const tIn = (locale: 'en' | 'zh-CN') => (key: string, params?: Record<string, unknown>) => {
  i18n.global.locale.value = locale
  return i18n.global.t(key, params ?? {})
}
const base: EngineStatus = { kind: 'simulator', reason: 'x', endpoint: null, version: null, apiVersion: null, connected: true, tried: [], mode: 'auto' }
const nf = (endpoint: string): EndpointAttempt => ({ endpoint, source: 's', ok: false, reason: 'not found', code: 'notFound', params: { path: endpoint.replace('unix://', '') } })

describe('engine badge text', () => {
  it('says why the simulator runs, in both languages', () => {
    const s: EngineStatus = { ...base, tried: [nf('unix:///home/u/.docker/run/docker.sock'), nf('unix:///var/run/docker.sock')] }
    expect(badgeText(s, tIn('en'))).toBe('— no Docker socket at /var/run/docker.sock')
    expect(badgeText(s, tIn('zh-CN'))).toBe('— /var/run/docker.sock 处没有 Docker 套接字')
    const denied: EngineStatus = { ...base, tried: [nf('unix:///run/user/1000/docker.sock'), { endpoint: 'unix:///var/run/docker.sock', source: 's', ok: false, reason: 'permission denied', code: 'permissionDenied' }] }
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

  it('an OS error without a code of its own is worded as a failure, its errno kept', () => {
    const odd: EndpointAttempt = { endpoint: 'tcp://10.0.0.1:2375', source: 'DOCKER_HOST', ok: false, reason: 'ehostunreach', code: 'other', params: { path: '10.0.0.1:2375', errno: 'ehostunreach' }, detail: 'connect EHOSTUNREACH 10.0.0.1:2375' }
    expect(tellingAttempt([odd])).toBe(odd)
    expect(badgeText({ ...base, tried: [odd] }, tIn('en'))).toBe('— connecting failed on tcp://10.0.0.1:2375')
    expect(badgeText({ ...base, tried: [odd] }, tIn('zh-CN'))).toBe('— tcp://10.0.0.1:2375：连接失败')
    expect(attemptReason(odd, tIn('zh-CN'))).toBe('失败：ehostunreach')
    expect(attemptDetail(odd, tIn('zh-CN'))).toBe('')
  })
})

describe('settings dialog: an endpoint attempt in the UI language', () => {
  const a = (x: Partial<EndpointAttempt>): EndpointAttempt => ({ endpoint: 'unix:///var/run/docker.sock', source: 'default socket', ok: false, reason: 'x', code: 'other', ...x })
  it('words the reason code and its parameters, never main’s English hint', () => {
    const nf = a({ code: 'notFound', params: { path: '/var/run/docker.sock' }, hint: 'no socket at /var/run/docker.sock', detail: 'connect ENOENT /var/run/docker.sock' })
    expect(attemptDetail(nf, tIn('en'))).toBe('No socket at /var/run/docker.sock.')
    expect(attemptDetail(nf, tIn('zh-CN'))).toBe('/var/run/docker.sock 处没有套接字。')
    expect(attemptReason(nf, tIn('zh-CN'))).toMatch(/^未找到/)
    const old = a({ code: 'apiTooOld', params: { version: '1.12.0', api: '1.24', min: '1.41' } })
    expect(attemptDetail(old, tIn('en'))).toBe('Docker 1.12.0 speaks API 1.24; Layerlab needs API 1.41 or newer (Docker 20.10+).')
    expect(attemptDetail(old, tIn('zh-CN'))).toBe('Docker 1.12.0 使用 API 1.24；Layerlab 需要 API 1.41 或更新（Docker 20.10 及以上）。')
    const slow = a({ code: 'timeout', params: { path: '/run/x.sock', ms: 1500 } })
    expect(attemptDetail(slow, tIn('zh-CN'))).toBe('/run/x.sock 在 1500 毫秒内没有应答（GET /_ping）。')
    const http = a({ code: 'http', params: { path: '127.0.0.1:2375', status: 404 }, detail: '404 page not found' })
    expect(attemptDetail(http, tIn('en'))).toBe('GET /version on 127.0.0.1:2375 answered HTTP 404.')
    expect(attemptReason(a({ ok: true, code: 'ok', daemonVersion: '24.0.7', apiVersion: '1.43' }), tIn('en'))).toContain('24.0.7')
  })
  it('a malformed endpoint: what is wrong with it in the UI language, never the parser’s English', () => {
    const bad = a({ endpoint: 'tcp://host:99999', source: 'typed endpoint', code: 'malformed', reason: 'malformed', params: { error: 'port', port: '99999' }, hint: 'typed endpoint="tcp://host:99999": port "99999" is not a number from 1 to 65535' })
    expect(attemptDetail(bad, tIn('en'))).toBe('The port must be a number from 1 to 65535.')
    expect(attemptDetail(bad, tIn('zh-CN'))).toBe('端口必须是 1 到 65535 之间的数字。')
    expect(attemptReason(bad, tIn('zh-CN'))).toMatch(/^端点格式不对/)
    const ssh = a({ code: 'malformed', params: { error: 'scheme', scheme: 'ssh' } })
    expect(attemptDetail(ssh, tIn('en'))).toBe('Layerlab cannot connect through ssh://; use unix://, tcp:// or npipe://.')
    expect(attemptDetail(ssh, tIn('zh-CN'))).toBe('Layerlab 不能通过 ssh:// 连接；请使用 unix://、tcp:// 或 npipe://。')
    // a scheme left out: what it most likely meant
    const bare = a({ code: 'malformed', params: { error: 'noScheme', suggest: 'tcp://localhost:2375' } })
    expect(attemptDetail(bare, tIn('en'))).toBe('An endpoint starts with its scheme and two slashes: unix://, tcp:// or npipe://. Did you mean tcp://localhost:2375?')
    expect(attemptDetail(bare, tIn('zh-CN'))).toBe('端点要以协议和两个斜杠开头：unix://、tcp:// 或 npipe://。是不是想写 tcp://localhost:2375？')
    // nothing a host name can be after the scheme: the sentence names the scheme typed (docker takes http(s):// as tcp://)
    const host = (scheme?: string) => a({ code: 'malformed', params: { error: 'host', ...(scheme ? { scheme } : {}) } })
    expect(attemptDetail(host('https'), tIn('en'))).toBe('After https:// come a host name or IP address and a port, e.g. https://127.0.0.1:2375.')
    expect(attemptDetail(host('https'), tIn('zh-CN'))).toBe('https:// 后面要写主机名或 IP 地址和端口，例如 https://127.0.0.1:2375。')
    expect(attemptDetail(host('http'), tIn('en'))).toBe('After http:// come a host name or IP address and a port, e.g. http://127.0.0.1:2375.')
    expect(attemptDetail(host('http'), tIn('zh-CN'))).toBe('http:// 后面要写主机名或 IP 地址和端口，例如 http://127.0.0.1:2375。')
    expect(attemptDetail(host('tcp'), tIn('en'))).toBe('After tcp:// come a host name or IP address and a port, e.g. tcp://127.0.0.1:2375.')
    // a main that sent no scheme for host meant tcp://
    expect(attemptDetail(host(), tIn('zh-CN'))).toBe('tcp:// 后面要写主机名或 IP 地址和端口，例如 tcp://127.0.0.1:2375。')
    // the row says only that it is not valid: the formats are under the endpoint field, the line under the row says what is wrong
    expect(attemptReason(bad, tIn('en'))).toBe('Not a valid endpoint.')
    expect(attemptReason(bad, tIn('zh-CN'))).toBe('端点格式不对。')
    // without a code (an older main, an unexpected error): no line rather than a guess
    expect(attemptDetail(a({ code: 'malformed' }), tIn('en'))).toBe('')
    for (const locale of ['en', 'zh-CN'] as const)
      for (const error of ENDPOINT_ERRORS) {
        const text = attemptDetail(a({ code: 'malformed', params: { error, scheme: 'ssh', port: '0' } }), tIn(locale))
        expect(text, `${locale} ${error}`).not.toMatch(/[{}?]/)
        expect(text.length, `${locale} ${error}`).toBeGreaterThan(5)
      }
  })
  it('every code with a detail line fills every parameter it names (no “{path}” left, no “?”, when main sent the params)', () => {
    const params = { path: '/p.sock', ms: 1, status: 500, version: '9', api: '1.2', min: '1.41', max: '1.47' }
    for (const locale of ['en', 'zh-CN'] as const)
      for (const code of ['notFound', 'permissionDenied', 'refused', 'reset', 'timeout', 'notTried', 'http', 'notDocker', 'apiTooOld', 'apiTooNew'] as const) {
        const text = attemptDetail(a({ code, params }), tIn(locale))
        expect(text, `${locale} ${code}`).not.toMatch(/[{}?]/)
        expect(text.length, `${locale} ${code}`).toBeGreaterThan(5)
      }
  })

  it('names Podman as Podman, and never blames an endpoint DOCKER_HOST kept from being tried', () => {
    const podman: EngineStatus = { ...base, kind: 'live', endpoint: 'unix:///run/podman/podman.sock', version: '4.3.1', product: 'podman', mode: 'auto' }
    expect(engineName(podman, tIn('en'))).toBe('Podman')
    expect(badgeText(podman, tIn('en'))).toBe('— Podman 4.3.1 at unix:///run/podman/podman.sock (its Docker-compatible API)')
    expect(badgeText(podman, tIn('zh-CN'))).toContain('Podman 4.3.1')
    expect(engineName({ ...podman, product: 'docker' }, tIn('en'))).toBe('Docker')
    expect(engineName(base, tIn('zh-CN'))).toBe('模拟器')
    const skipped: EndpointAttempt = { endpoint: 'unix:///var/run/docker.sock', source: 'default socket', ok: false, reason: 'not tried: DOCKER_HOST is set', code: 'dockerHostSet' }
    const mine = nf('unix:///nonexistent/docker.sock')
    expect(tellingAttempt([mine, skipped])).toBe(mine)
    expect(badgeText({ ...base, tried: [mine, skipped] }, tIn('en'))).toBe('— no Docker socket at /nonexistent/docker.sock')
    expect(attemptReason(skipped, tIn('en'))).toBe('Not tried: DOCKER_HOST is set.')
    expect(attemptReason(skipped, tIn('zh-CN'))).toBe('没有尝试：已设置 DOCKER_HOST。')
    expect(attemptReason({ ...skipped, ok: true, code: 'ok', product: 'podman', daemonVersion: '4.3.1', apiVersion: '1.41' }, tIn('en'))).toBe('answers — Podman 4.3.1, API 1.41')
  })
})

