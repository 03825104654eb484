import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import en from './i18n/en-all'
import zhCN from './i18n/zh-CN'
import { currentStatus, statusText, statusTicks } from './statusText'
import { describeNode, explanationText, stateText } from './graphText'
import { containerStatus } from '../../domain/sim/humanize'
import type { GraphNode } from '../../domain/graph'
import type { SnapshotContainer } from '../../domain/snapshot'

const i18n = createI18n({ legacy: false, locale: 'en', fallbackLocale: 'en', messages: { en, 'zh-CN': zhCN } })
const tIn = (locale: 'en' | 'zh-CN') => (key: string, params?: Record<string, unknown> | number, plural?: number) => {
  i18n.global.locale.value = locale
  if (params && typeof params === 'object' && plural !== undefined) return i18n.global.t(key, params, plural)
  return params && typeof params === 'object' ? i18n.global.t(key, params) : i18n.global.t(key)
}
const en_ = tIn('en')
const zh = tIn('zh-CN')

describe('statusText', () => {
  it('in Chinese: state · duration, exit code kept, "ago" as 前', () => {
    expect(statusText(zh, 'Up 3 seconds')).toBe('运行中 · 3 秒')
    expect(statusText(zh, 'Up Less than a second')).toBe('运行中 · 不到 1 秒')
    expect(statusText(zh, 'Up About a minute')).toBe('运行中 · 约 1 分钟')
    expect(statusText(zh, 'Exited (0) 2 minutes ago')).toBe('已退出 (0) · 2 分钟前')
    expect(statusText(zh, 'Exited (137) About an hour ago')).toBe('已退出 (137) · 约 1 小时前')
    expect(statusText(zh, 'Up 2 minutes (Paused)')).toBe('已暂停 · 已运行 2 分钟')
    expect(statusText(zh, 'Up 3 weeks (unhealthy)')).toBe('运行中 · 3 周 · 不健康')
    expect(statusText(zh, 'Restarting (1) 1 second ago')).toBe('重启中 (1) · 1 秒前')
    expect(statusText(zh, 'Created')).toBe('已创建')
    expect(statusText(zh, 'Removal In Progress')).toBe('删除中')
    expect(statusText(zh, 'Dead')).toBe('已死亡')
  })
  it('text outside docker’s grammar is shown as it is; none gives the fallback', () => {
    expect(statusText(zh, 'Up 3 fortnights')).toBe('Up 3 fortnights')
    expect(statusText(zh, '', '已退出')).toBe('已退出')
  })
  it('in English it is exactly docker’s text, for every form the simulator prints', () => {
    const now = 10 ** 12
    const texts = new Set<string>(['Created', 'Dead', 'Removal In Progress', 'Up 3 minutes (healthy)', 'Up 1 second (health: starting)'])
    for (const ms of [0, 1000, 5000, 60_000, 600_000, 3_600_000, 5 * 3_600_000, 3 * 86400_000, 20 * 86400_000, 90 * 86400_000, 1000 * 86400_000]) {
      for (const running of [true, false])
        for (const paused of [true, false])
          texts.add(containerStatus({ running, paused, restarting: false, startedAt: now - ms, finishedAt: now - ms, exitCode: 2 }, now))
      texts.add(containerStatus({ running: true, paused: false, restarting: true, startedAt: now - ms, finishedAt: now - ms, exitCode: 1 }, now))
    }
    expect(texts.size).toBeGreaterThan(30)
    for (const s of texts) expect(statusText(en_, s)).toBe(s)
    // and every one of them is translated in Chinese (no English left but the exit code's digits)
    for (const s of texts) expect(statusText(zh, s), s).not.toMatch(/[A-Za-z]/)
  })
})

describe('stateText (graph label)', () => {
  const node = (state: string, exitCode?: number) => ({ id: 'c', kind: 'container', label: '', x: 0, y: 0, below: null, data: { state, exitCode } }) as GraphNode
  it('names the state, and the exit code of an exited container', () => {
    expect(stateText(node('exited', 137), zh)).toBe('已退出 (137)')
    expect(stateText(node('exited', 0), en_)).toBe('exited (0)')
    expect(stateText(node('running', 0), zh)).toBe('运行中')
  })
})

describe('currentStatus: the inspect panel’s status kept current between snapshots', () => {
  const takenAt = Date.UTC(2026, 10, 29, 8, 0, 0) // the engine's clock
  const receivedAt = 5_000_000 // this side's clock (they need not agree)
  const c = { status: 'Up 3 seconds', startedAt: takenAt - 3_200, finishedAt: 0 } as SnapshotContainer
  it('moves on with the time since the snapshot arrived, in both languages', () => {
    expect(currentStatus(c, { takenAt }, receivedAt, receivedAt)).toBe('Up 3 seconds')
    expect(currentStatus(c, { takenAt }, receivedAt, receivedAt + 1_000)).toBe('Up 4 seconds')
    const later = currentStatus(c, { takenAt }, receivedAt, receivedAt + 57_000)
    expect(later).toBe('Up About a minute')
    expect(statusText(zh, later)).toBe('运行中 · 约 1 分钟')
    // a snapshot that arrived after the clock last ticked is shown as it came
    expect(currentStatus(c, { takenAt }, receivedAt, receivedAt - 800)).toBe('Up 3 seconds')
  })
  it('without the engine’s times, the snapshot’s text', () => {
    expect(currentStatus({ ...c, startedAt: undefined }, { takenAt }, receivedAt, receivedAt + 9_000)).toBe('Up 3 seconds')
    expect(currentStatus(c, {}, receivedAt, receivedAt + 9_000)).toBe('Up 3 seconds')
  })
  it('only a text with a duration ticks', () => {
    expect(['Up 3 seconds', 'Exited (0) 2 minutes ago', 'Restarting (1) 1 second ago', 'Created', 'Dead', ''].map(statusTicks)).toEqual([true, true, true, false, false, false])
  })
})

describe('the graph’s explanation line', () => {
  it('counts changes in the right form, says states in the UI language', () => {
    const changes = (count: number) => explanationText(en_, 'explain.changes', { cmd: 'docker exec', count, name: 'alpha' })
    expect(changes(1)).toBe('alpha now has 1 change in its writable layer')
    expect(changes(3)).toBe('alpha now has 3 changes in its writable layer')
    expect(changes(0)).toBe('alpha now has no changes in its writable layer')
    expect(explanationText(zh, 'explain.changes', { cmd: 'docker exec', count: 1, name: 'alpha' })).toBe('alpha 的可写层里现在有 1 处改动')
    const pull = (layers: number) => explanationText(en_, 'explain.pull', { cmd: 'docker pull', image: 'busybox:latest', layers })
    expect(pull(1)).toBe('docker pull: image busybox:latest arrived with 1 new read-only layer')
    expect(pull(3)).toBe('docker pull: image busybox:latest arrived with 3 new read-only layers')
    expect(pull(0)).toContain('no new read-only layers')
    expect(explanationText(en_, 'explain.rmi', { image: 'busybox:latest', layers: 1 })).toBe('image busybox:latest removed (1 layer freed)')
    expect(explanationText(en_, 'explain.build', { cmd: 'docker build', image: 'app:1', layers: 1 })).toBe('docker build: new image app:1 with 1 new layer')
    expect(explanationText(zh, 'explain.pull', { cmd: 'docker pull', image: 'busybox:latest', layers: 1 })).toBe('docker pull：镜像 busybox:latest 到了，带来 1 个新的只读层')
    expect(explanationText(en_, 'explain.state', { name: 'web', from: 'running', to: 'exited' })).toContain('exited')
    expect(explanationText(zh, 'explain.state', { name: 'web', from: 'running', to: 'exited' })).toContain('已退出')
  })
})

describe('the graph as text', () => {
  it('an image of one layer is "1 layer"', () => {
    const node = (layers: number) =>
      describeNode({ id: 'image:x', kind: 'image', data: { fullId: 'x', tags: ['busybox:latest'], shortId: 'abc' } } as never, { images: [{ id: 'x', layers: Array.from({ length: layers }, (_, i) => `l${i}`) }] } as never, en_)
    expect(node(1)).toBe('image busybox:latest (1 layer), ID abc')
    expect(node(4)).toBe('image busybox:latest (4 layers), ID abc')
  })
})
