import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setApiClient } from '../api/client'
import { usePullStore, PULL_DONE_KEEP_MS } from './pull'
import { useTerminalStore } from './terminal'
import { fakeClient, flush } from './test-client'

beforeEach(() => setActivePinia(createPinia()))

describe('pull store', () => {
  const pp = (pullId: string, state: 'running' | 'done', layers = 0) => ({
    pullId, runId: 'r', ref: 'x', state, layers: Array.from({ length: layers }, (_, i) => ({ id: `l${i}`, status: 'Waiting' })), message: '', startedAt: 0, endedAt: null,
  })
  it('follows pull:progress (update in place, newest first, finished ones dropped by a new pull) and cancels', async () => {
    const f = fakeClient({ 'pull:cancel': () => ({ ok: true }) })
    setApiClient(f.client)
    const s = usePullStore()
    s.init()
    f.emit('pull:progress', pp('a', 'running'))
    f.emit('pull:progress', pp('a', 'running', 2))
    expect(s.pulls.map((p) => [p.pullId, p.layers.length])).toEqual([['a', 2]])
    f.emit('pull:progress', pp('a', 'done', 2))
    f.emit('pull:progress', pp('b', 'running'))
    expect(s.pulls.map((p) => p.pullId)).toEqual(['b'])
    await s.cancel('b')
    expect(f.calls.at(-1)).toEqual(['pull:cancel', { pullId: 'b' }])
    s.dismiss('b')
    expect(s.pulls).toEqual([])
  })
  it('a pull that finished well leaves the screen after a while; a failed or cancelled one stays until dismissed', () => {
    vi.useFakeTimers()
    try {
      const f = fakeClient({})
      setApiClient(f.client)
      const s = usePullStore()
      s.init()
      f.emit('pull:progress', pp('a', 'running', 1))
      f.emit('pull:progress', { ...pp('b', 'running'), state: 'failed' })
      f.emit('pull:progress', pp('a', 'done', 1))
      vi.advanceTimersByTime(PULL_DONE_KEEP_MS - 1)
      expect(s.pulls.map((p) => p.pullId).sort()).toEqual(['a', 'b'])
      vi.advanceTimersByTime(1)
      expect(s.pulls.map((p) => p.pullId)).toEqual(['b'])
      vi.advanceTimersByTime(10 * PULL_DONE_KEEP_MS)
      expect(s.pulls.map((p) => p.pullId)).toEqual(['b'])
    } finally {
      vi.useRealTimers()
    }
  })
  /** a client whose terminal:run stays open until finish(); runId() is the run it was given; the pull store listening */
  function heldCommand() {
    let finish: (r: { exitCode: number; stdout: string; stderr: string }) => void = () => {}
    let runId = ''
    const f = fakeClient({
      'pull:cancel': () => ({ ok: true }),
      'terminal:run': (r) => ((runId = (r as { runId: string }).runId), new Promise((res) => (finish = res))),
    })
    setApiClient(f.client)
    usePullStore().init()
    return { f, t: useTerminalStore(), finish: (r: { exitCode: number; stdout: string; stderr: string }) => finish(r), runId: () => runId }
  }
  it('Ctrl-C (terminal interrupt) cancels the running pulls of the running command only', async () => {
    const { f, t, finish, runId } = heldCommand()
    expect(await t.interrupt()).toBe(0) // nothing running
    const done = t.run('docker pull big:1', () => {})
    await flush()
    f.emit('pull:progress', { ...pp('other', 'running'), runId: 'someone-else' })
    f.emit('pull:progress', { ...pp('mine', 'running'), runId: runId() })
    expect(await t.interrupt()).toBe(1)
    expect(f.calls.filter(([c]) => c === 'pull:cancel')).toEqual([['pull:cancel', { pullId: 'mine' }]])
    finish({ exitCode: 130, stdout: '', stderr: '' })
    expect(await done).toBe(130)
  })
  it('the pull panel’s Cancel of the running command’s pull is Ctrl-C: ^C echoed, all its pulls cancelled; another pull is cancelled alone', async () => {
    const { f, t, finish, runId } = heldCommand()
    const printed: string[] = []
    t.attach((data) => printed.push(data))
    const cancels = () => f.calls.filter(([c]) => c === 'pull:cancel').map(([, r]) => (r as { pullId: string }).pullId)
    // a pull that is not the terminal's (a lesson's Show me): cancelled alone, nothing echoed
    f.emit('pull:progress', { ...pp('show-me', 'running'), runId: 'lesson-show-me' })
    await t.cancelPull('show-me')
    expect(cancels()).toEqual(['show-me'])
    expect(printed).toEqual([])
    // the running command's pulls: Cancel on one of them does what Ctrl-C does
    const done = t.run('docker run big:1', () => {})
    await flush()
    f.emit('pull:progress', { ...pp('mine-1', 'running'), runId: runId() })
    f.emit('pull:progress', { ...pp('mine-2', 'running'), runId: runId() })
    await t.cancelPull('mine-2')
    expect(printed).toEqual(['^C'])
    expect(cancels().slice(1).sort()).toEqual(['mine-1', 'mine-2'])
    // Ctrl-C goes the same way
    f.emit('pull:progress', { ...pp('mine-3', 'running'), runId: runId() })
    await t.interrupt()
    expect(printed).toEqual(['^C', '^C'])
    finish({ exitCode: 130, stdout: '', stderr: '' })
    expect(await done).toBe(130)
  })
})
