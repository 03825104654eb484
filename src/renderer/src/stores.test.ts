import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setApiClient, type ApiClient } from './api/client'
import { useEngineStore, usePullStore, useSettingsStore, useLessonStore, useSnapshotStore, useTerminalStore, useUiStore, asLessonDoc, PROGRESS_FILE_MAX, COMMAND_ECHO_MS, PULL_DONE_KEEP_MS } from './stores'
import type { ChallengeGoal, EngineStatus, EventMap, EventName, ProgressFile } from '../../shared/contract'

type Handler = (req: unknown) => unknown
function fakeClient(handlers: Record<string, Handler>) {
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const calls: Array<[string, unknown]> = []
  const client: ApiClient = {
    async invoke(channel, request) {
      calls.push([channel, request])
      const h = handlers[channel]
      if (!h) throw new Error(`no handler for ${channel}`)
      return (await h(request)) as never
    },
    on(event, cb) {
      const s = listeners.get(event) ?? new Set()
      listeners.set(event, s)
      s.add(cb as (p: unknown) => void)
      return () => s.delete(cb as (p: unknown) => void)
    },
  }
  const emit = <E extends EventName>(e: E, p: EventMap[E]) => listeners.get(e)?.forEach((l) => l(p))
  return { client, calls, emit, listeners }
}
const status = (kind: 'simulator' | 'live', connected = true): EngineStatus => ({
  kind, reason: kind === 'simulator' ? 'Simulator — no Docker socket at /var/run/docker.sock' : 'Docker 20.10', endpoint: null,
  version: null, apiVersion: null, connected, tried: [], mode: 'auto',
})
const flush = () => new Promise((r) => setTimeout(r, 0))

beforeEach(() => setActivePinia(createPinia()))

describe('engine store', () => {
  it('takes the status, follows engine:status events and switches to the simulator', async () => {
    const f = fakeClient({ 'engine:status': () => status('live'), 'engine:select': (r) => ({ ok: true, status: status((r as { mode: 'simulator' }).mode) }) })
    setApiClient(f.client)
    const s = useEngineStore()
    await s.init()
    expect(s.status?.kind).toBe('live')
    f.emit('engine:status', status('live', false))
    expect(s.status?.connected).toBe(false)
    await s.select('simulator')
    expect(f.calls.at(-1)).toEqual(['engine:select', { mode: 'simulator' }])
    expect(s.status?.reason).toContain('no Docker socket')
  })
  it('queues confirm requests and answers them', async () => {
    const f = fakeClient({ 'engine:status': () => status('live'), 'confirm:answer': () => ({ ok: true }) })
    setApiClient(f.client)
    const s = useEngineStore()
    await s.init()
    f.emit('confirm:request', { id: 'c1', action: 'remove', kind: 'container', target: 'web' })
    expect(s.confirms.map((c) => c.target)).toEqual(['web'])
    await s.answer('c1', false)
    expect(s.confirms).toEqual([])
    expect(f.calls.at(-1)).toEqual(['confirm:answer', { id: 'c1', allow: false }])
  })
  it('keeps a readable error when the status call fails', async () => {
    setApiClient(fakeClient({}).client)
    const s = useEngineStore()
    await s.init()
    expect(s.error).toBe('no handler for engine:status')
  })
})

describe('engine settings (probe, typed endpoint)', () => {
  const bad = { ok: false, tried: [{ endpoint: 'x', source: 'typed endpoint', ok: false, reason: 'malformed', code: 'malformed', hint: 'has no scheme', detail: 'has no scheme' }] }
  const good = { ok: true, tried: [{ endpoint: 'unix:///d.sock', source: 'typed endpoint', ok: true, reason: 'ok' }] }
  it('switches only when the typed endpoint answers; a failing one leaves the engine as it was', async () => {
    const f = fakeClient({
      'engine:status': () => status('simulator'),
      'engine:probe': (r) => ((r as { endpoint: string }).endpoint === 'unix:///d.sock' ? good : bad),
      'engine:select': () => ({ ok: true, status: { ...status('live'), endpoint: 'unix:///d.sock' } }),
    })
    setApiClient(f.client)
    const s = useEngineStore()
    await s.init()
    expect(await s.connectTo(' x ')).toEqual(bad)
    expect(f.calls.map((c) => c[0])).toEqual(['engine:status', 'engine:probe'])
    expect(f.calls.at(-1)).toEqual(['engine:probe', { endpoint: 'x' }])
    expect(s.status?.kind).toBe('simulator')
    await s.connectTo('unix:///d.sock')
    expect(f.calls.at(-1)).toEqual(['engine:select', { mode: 'live', endpoint: 'unix:///d.sock' }])
    expect(s.status?.kind).toBe('live')
    expect(s.probe).toEqual(good)
    await s.runProbe()
    expect(f.calls.at(-1)).toEqual(['engine:probe', undefined])
  })
  it('an endpoint engine:select refuses (malformed): its coded attempt is the answer and the report, the engine as it was', async () => {
    const refused = { endpoint: 'tcp://h:0', source: 'typed endpoint', ok: false, reason: 'malformed', code: 'malformed', params: { error: 'port', port: '0' }, hint: 'typed endpoint="tcp://h:0": port "0" is not a number from 1 to 65535' }
    const f = fakeClient({
      'engine:status': () => status('simulator'),
      // the probe let it through (an older main, another parser): main's select has the last word
      'engine:probe': () => ({ ok: true, tried: [{ endpoint: 'tcp://h:0', source: 'typed endpoint', ok: true, reason: 'ok', code: 'ok' }] }),
      'engine:select': () => ({ ok: false, refused, status: status('simulator') }),
    })
    setApiClient(f.client)
    const s = useEngineStore()
    await s.init()
    expect(await s.connectTo('tcp://h:0')).toEqual({ ok: false, tried: [refused] })
    expect(f.calls.at(-1)).toEqual(['engine:select', { mode: 'live', endpoint: 'tcp://h:0' }])
    expect(s.probe).toEqual({ ok: false, tried: [refused] })
    expect(s.status?.kind).toBe('simulator')
    expect(s.error).toBe('')
  })
})

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

describe('snapshot store', () => {
  it('refetches on engine:changed, coalescing bursts', async () => {
    let n = 0
    const f = fakeClient({ 'engine:snapshot': async () => ({ revision: ++n, images: [], containers: [] }) })
    setApiClient(f.client)
    const s = useSnapshotStore()
    await s.init()
    expect(s.snapshot?.revision).toBe(1)
    f.emit('engine:changed', { event: null, revision: 2 })
    f.emit('engine:changed', { event: null, revision: 3 })
    f.emit('engine:changed', { event: null, revision: 4 })
    await flush()
    await s.refresh()
    // one in flight + one coalesced re-run for the burst, then the explicit refresh
    expect(n).toBeLessThanOrEqual(4)
    expect(s.snapshot?.revision).toBe(n)
    expect(f.calls.every(([c]) => c === 'engine:snapshot')).toBe(true)
  })
})

describe('terminal store', () => {
  it('prints streamed chunks of its own run once, and not the final result again', async () => {
    const f = fakeClient({})
    const out: Array<[string, boolean]> = []
    f.client.invoke = (async (_c: string, req: { runId: string }) => {
      f.emit('terminal:output', { runId: 'someone-else', stream: 'stdout', data: 'NOT MINE' })
      f.emit('terminal:output', { runId: req.runId, stream: 'stdout', data: 'Pulling…\n' })
      f.emit('terminal:output', { runId: req.runId, stream: 'stderr', data: 'oops\n' })
      return { exitCode: 0, stdout: 'Pulling…\n', stderr: 'oops\n' }
    }) as never
    setApiClient(f.client)
    const t = useTerminalStore()
    const code = await t.run('docker pull ubuntu:14.04', (d, e) => out.push([d, e]))
    expect(code).toBe(0)
    expect(out).toEqual([['Pulling…\n', false], ['oops\n', true]])
    expect(t.lastCommand).toBe('docker pull ubuntu:14.04')
    expect(f.listeners.get('terminal:output')?.size).toBe(0)
    // a graph change now is put down to the command; one long after it (a container exiting on its own) is not
    expect(t.commandFor()).toBe('docker pull ubuntu:14.04')
    expect(t.commandFor(Date.now() + COMMAND_ECHO_MS + 1000)).toBe('')
  })
  it('prints the final result when nothing streamed, and errors in red', async () => {
    const f = fakeClient({ 'terminal:run': () => ({ exitCode: 1, stdout: 'a\n', stderr: 'Error response from daemon: No such image: nope:latest\n' }) })
    setApiClient(f.client)
    const out: Array<[string, boolean]> = []
    const code = await useTerminalStore().run('docker run nope', (d, e) => out.push([d, e]))
    expect(code).toBe(1)
    expect(out).toEqual([['a\n', false], ['Error response from daemon: No such image: nope:latest\n', true]])
    setApiClient(fakeClient({}).client)
    const out2: Array<[string, boolean]> = []
    await useTerminalStore().run('docker ps', (d, e) => out2.push([d, e]))
    expect(out2).toEqual([['no handler for terminal:run\n', true]])
  })
})

describe('Show me output', () => {
  it('goes to the attached terminal with the step example as title', async () => {
    const doc = { id: 'l1', title: { en: 'One' }, steps: [{ id: 's', title: { en: 'S' }, body: { en: 'b' }, action: { type: 'command', example: 'docker pull ubuntu:14.04' } }] }
    const f = fakeClient({
      'lessons:list': () => [],
      'lessons:get': () => doc,
      'lessons:start': () => ({ lessonId: 'l1', currentStep: 0, passed: [false], completed: false, commands: 0 }),
      'lessons:showMe': () => ({ exitCode: 0, stdout: 'Status: Downloaded\n', stderr: 'warn\n' }),
    })
    setApiClient(f.client)
    const out: Array<[string, boolean]> = []
    useTerminalStore().attach((d, e) => out.push([d, e]))
    const l = useLessonStore()
    await l.open('l1')
    await l.showMe(0)
    expect(out.map((o) => o[0]).join('')).toContain('# docker pull ubuntu:14.04\nStatus: Downloaded\nwarn\n')
    expect(out.find((o) => o[0] === 'warn\n')?.[1]).toBe(true)
    expect(useTerminalStore().lastCommand).toBe('docker pull ubuntu:14.04')
  })
})

describe('Show me and the graph’s explanation', () => {
  it('a change made while a Show me runs is put down to its command, not to the one before it; a failed one ends too', async () => {
    const step = (example: string) => ({ id: example, title: { en: 'S' }, body: { en: 'b' }, action: { type: 'command', example } })
    const doc = { id: 'l1', title: { en: 'One' }, steps: [step('docker commit builder myapp:latest'), step('docker run -d --name new myapp:latest sleep 1000'), step('docker ps')] }
    const seen: string[] = []
    const f = fakeClient({
      'lessons:list': () => [],
      'lessons:get': () => doc,
      'lessons:start': () => ({ lessonId: 'l1', currentStep: 0, passed: [false, false, false], completed: false, commands: 0 }),
      'lessons:showMe': (req: unknown) => {
        // what the graph's explanation would name for a change arriving now
        seen.push(useTerminalStore().commandFor())
        if ((req as { step: number }).step === 2) throw new Error('daemon gone')
        return { exitCode: 0, stdout: '', stderr: '' }
      },
    })
    setApiClient(f.client)
    const t = useTerminalStore()
    const l = useLessonStore()
    await l.open('l1')
    await l.showMe(0)
    await l.showMe(1)
    expect(seen).toEqual(['docker commit builder myapp:latest', 'docker run -d --name new myapp:latest sleep 1000'])
    expect(t.running).toBeNull()
    await l.showMe(2)
    expect(seen.at(-1)).toBe('docker ps')
    expect(t.running).toBeNull() // the failed one ended: Ctrl-C and later commands are not held by it
    expect(t.commandFor(Date.now() + COMMAND_ECHO_MS + 1)).toBe('')
  })
})

describe('lesson store', () => {
  it('lists, opens a lesson and follows lesson:progress for that lesson only', async () => {
    const doc = { id: 'l1', title: { en: 'One', 'zh-CN': '一' }, steps: [{ id: 's', title: { en: 'S' }, body: { en: '**b**' }, hints: [{ en: 'h' }] }] }
    const f = fakeClient({
      'lessons:list': () => [{ id: 'l1' }],
      'lessons:get': () => doc,
      'lessons:start': () => ({ lessonId: 'l1', currentStep: 0, passed: [false], completed: false, commands: 0 }),
    })
    setApiClient(f.client)
    const l = useLessonStore()
    await l.init()
    expect(l.list).toHaveLength(1)
    await l.open('l1')
    expect(l.current?.steps[0].hints).toEqual([{ en: 'h' }])
    expect(l.passed(0)).toBe(false)
    f.emit('lesson:progress', { lessonId: 'other', currentStep: 1, passed: [true], completed: true, commands: 1 })
    expect(l.passed(0)).toBe(false)
    f.emit('lesson:progress', { lessonId: 'l1', currentStep: 1, passed: [true], completed: true, commands: 1 })
    expect(l.passed(0)).toBe(true)
  })
  it('a reset is what graph changes are put down to while it runs and just after, until a command is typed', async () => {
    const p0 = { lessonId: 'l1', currentStep: 0, passed: [false], completed: false, commands: 0 }
    let finish: () => void = () => {}
    const f = fakeClient({
      'lessons:get': () => ({ id: 'l1', title: { en: 'One' }, steps: [{ id: 's', title: { en: 'S' }, body: { en: 'b' } }] }),
      'lessons:start': () => p0,
      'lessons:reset': () => new Promise((r) => (finish = () => r(p0))),
      'terminal:run': () => ({ exitCode: 0, stdout: '', stderr: '' }),
    })
    setApiClient(f.client)
    const l = useLessonStore()
    const t = useTerminalStore()
    await l.open('l1')
    await t.run('docker pull ubuntu', () => {})
    expect(t.resetFor()).toBe(false)
    const resetting = l.reset()
    await flush()
    expect(t.resetFor()).toBe(true)
    finish()
    await resetting
    expect(t.resetFor()).toBe(true) // its last snapshot can arrive a moment later
    expect(t.resetFor(Date.now() + COMMAND_ECHO_MS + 1)).toBe(false)
    await t.run('docker ps', () => {})
    expect(t.resetFor()).toBe(false)
    expect(t.commandFor()).toBe('docker ps')
  })
  it('renames the holder of a taken name only as offered, and takes the new progress', async () => {
    const blocked = { lessonId: 'l1', currentStep: 0, passed: [false], completed: false, commands: 0, nameTaken: 'web', nameTakenRename: 'web-mine' }
    const f = fakeClient({
      'lessons:get': () => ({ id: 'l1', title: { en: 'One' }, steps: [{ id: 's', title: { en: 'S' }, body: { en: 'b' } }] }),
      'lessons:start': () => blocked,
      'lessons:renameHolder': () => ({ ...blocked, nameTaken: undefined, nameTakenRename: undefined }),
    })
    setApiClient(f.client)
    const l = useLessonStore()
    await l.open('l1')
    expect(l.progress?.nameTaken).toBe('web')
    await l.renameHolder()
    expect(f.calls.at(-1)).toEqual(['lessons:renameHolder', { id: 'l1', name: 'web', to: 'web-mine' }])
    expect(l.progress?.nameTaken).toBeUndefined()
    await l.renameHolder() // nothing taken any more: nothing is sent
    expect(f.calls.filter(([c]) => c === 'lessons:renameHolder')).toHaveLength(1)
  })
  it('shows an error instead of throwing when lessons are unavailable', async () => {
    setApiClient(fakeClient({}).client)
    const l = useLessonStore()
    await l.init()
    await l.open('x')
    expect(l.error).toBe('no handler for lessons:get')
    expect(l.current).toBeNull()
  })
  it('reads odd lesson documents defensively', () => {
    const d = asLessonDoc({ id: 3, title: 'plain', steps: [{ body: 'x' }, {}] })
    expect(d.id).toBe('3')
    expect(d.title).toEqual({ en: 'plain' })
    expect(d.steps.map((s) => s.id)).toEqual(['0', '1'])
    expect(asLessonDoc(null).steps).toEqual([])
  })
})

describe('ui store', () => {
  it('switches locale (saved best effort), theme and restores the saved locale', async () => {
    const f = fakeClient({ 'progress:get': () => ({ version: 1, locale: 'zh-CN', activeLesson: null, lessons: {} }) })
    setApiClient(f.client)
    const u = useUiStore()
    await u.restore()
    expect(u.locale).toBe('zh-CN')
    await u.setLocale('en') // no handler: must not throw
    expect(u.locale).toBe('en')
    u.toggleTheme()
    expect(u.isDark).toBe(true)
  })

  it('takes the saved locale from a progress file it is given, without asking again (boot.ts renders once, in that language)', async () => {
    const f = fakeClient({
      'lessons:list': () => [],
      'progress:get': () => ({ version: 1, locale: 'zh-CN', activeLesson: null, lessons: {} }),
    })
    setApiClient(f.client)
    const lessons = useLessonStore()
    const u = useUiStore()
    const file = await lessons.init()
    await u.restore(file)
    expect(u.locale).toBe('zh-CN')
    // init answers once: a second caller (App.vue after boot.ts) gets the same file, no new round trip
    expect(await lessons.init()).toBe(file)
    expect(f.calls.map(([c]) => c).sort()).toEqual(['lessons:list', 'progress:get'])
    // no progress could be read: the defaults stay and nothing is asked
    const v = useUiStore()
    v.locale = 'en'
    await v.restore(null)
    expect(v.locale).toBe('en')
    expect(f.calls).toHaveLength(2)
  })
})

describe('lesson store: first-run welcome', () => {
  const progress = (o: Partial<ProgressFile> = {}): ProgressFile => ({ version: 1, locale: null, activeLesson: null, lessons: {}, ...o })
  const lessonDoc = { id: 'l1', kind: 'lesson', title: { en: 'One' }, steps: [{ id: 's', title: { en: 'S' }, body: { en: 'b' } }] }
  const started = { lessonId: 'l1', currentStep: 0, passed: [false], completed: false, commands: 0 }
  it('is shown on a first run only: not when dismissed before, nor once any lesson has progress', async () => {
    for (const [p, shown] of [[progress(), true], [progress({ welcomed: true }), false], [progress({ lessons: { l1: started } }), false]] as const) {
      setActivePinia(createPinia())
      setApiClient(fakeClient({ 'lessons:list': () => [{ id: 'l1' }], 'progress:get': () => p }).client)
      const l = useLessonStore()
      await l.init()
      expect(l.welcomed, JSON.stringify(p)).toBe(!shown)
    }
  })
  it('dismissing it is kept on the server; starting lesson 1 from it opens the first lesson and dismisses it', async () => {
    let welcomed = false
    const f = fakeClient({
      'lessons:list': () => [{ id: 'l1' }, { id: 'l2' }],
      'progress:get': () => progress({ welcomed }),
      'progress:dismissWelcome': () => ((welcomed = true), progress({ welcomed })),
      'lessons:get': () => lessonDoc,
      'lessons:start': () => started,
    })
    setApiClient(f.client)
    const l = useLessonStore()
    await l.init()
    expect(l.welcomed).toBe(false)
    await l.startFirst()
    expect(f.calls.filter(([c]) => c === 'lessons:start')).toEqual([['lessons:start', { id: 'l1' }]])
    expect(f.calls.map(([c]) => c)).toContain('progress:dismissWelcome')
    expect(l.welcomed).toBe(true)
    expect(l.current?.id).toBe('l1')
  })
  it('a dismissal the server refuses still hides it, and says why', async () => {
    setApiClient(fakeClient({ 'lessons:list': () => [], 'progress:get': () => progress() }).client)
    const l = useLessonStore()
    await l.init()
    await l.dismissWelcome()
    expect(l.welcomed).toBe(true)
    expect(l.error).toBe('no handler for progress:dismissWelcome')
  })
})

describe('lesson store: a challenge’s goal', () => {
  const doc = (id: string, kind: string) => ({ id, kind, best: 2, title: { en: id }, steps: [{ id: 's', title: { en: 'S' }, body: { en: 'b' } }] })
  const progress = (id: string) => ({ lessonId: id, currentStep: 0, passed: [false], completed: false, commands: 0 })
  const goal = (id: string): ChallengeGoal => ({ lessonId: id, snapshot: { revision: 1, images: [], containers: [] } as never, best: 2, solution: ['docker tag a b', 'docker tag a c'] })
  it('is fetched for a challenge only, and dropped when the lesson is left', async () => {
    const f = fakeClient({
      'lessons:get': (r) => doc((r as { id: string }).id, (r as { id: string }).id.startsWith('c') ? 'challenge' : 'lesson'),
      'lessons:start': (r) => progress((r as { id: string }).id),
      'lessons:goal': (r) => goal((r as { id: string }).id),
      'lessons:close': () => ({}),
    })
    setApiClient(f.client)
    const l = useLessonStore()
    await l.open('c1')
    expect(l.goal?.lessonId).toBe('c1')
    expect(l.current?.best).toBe(2)
    await l.open('l2')
    expect(l.goal).toBeNull()
    expect(f.calls.filter(([c]) => c === 'lessons:goal')).toEqual([['lessons:goal', { id: 'c1' }]])
    await l.open('c1')
    l.close()
    expect(l.goal).toBeNull()
  })
  it('a goal that cannot be built leaves the challenge open with the reason', async () => {
    setApiClient(
      fakeClient({
        'lessons:get': () => doc('c1', 'challenge'),
        'lessons:start': () => progress('c1'),
        'lessons:goal': () => {
          throw new Error('the goal of c1 could not be built')
        },
      }).client,
    )
    const l = useLessonStore()
    await l.open('c1')
    expect(l.current?.id).toBe('c1')
    expect(l.goal).toBeNull()
    expect(l.goalError).toBe('the goal of c1 could not be built')
  })
  it('a goal that arrives after the learner moved on is not shown for the other lesson', async () => {
    let release: () => void = () => {}
    const f = fakeClient({
      'lessons:get': (r) => doc((r as { id: string }).id, (r as { id: string }).id.startsWith('c') ? 'challenge' : 'lesson'),
      'lessons:start': (r) => progress((r as { id: string }).id),
      'lessons:goal': (r) => new Promise((res) => (release = () => res(goal((r as { id: string }).id)))),
    })
    setApiClient(f.client)
    const l = useLessonStore()
    const first = l.open('c1')
    await flush()
    await flush()
    l.current = asLessonDoc(doc('l2', 'lesson')) // the learner opened another lesson meanwhile
    release()
    await first
    expect(l.goal).toBeNull()
  })
})

describe('lesson store: progress export and import', () => {
  const file = (o: Partial<ProgressFile> = {}): ProgressFile => ({ version: 1, locale: null, activeLesson: null, lessons: {}, welcomed: true, ...o })
  const doc = { id: 'l1', kind: 'lesson', title: { en: 'One' }, steps: [{ id: 's', title: { en: 'S' }, body: { en: 'b' } }, { id: 't', title: { en: 'T' }, body: { en: 'c' } }] }
  const half = { lessonId: 'l1', currentStep: 1, passed: [true, false], completed: false, commands: 3 }
  it('an imported file replaces the progress and opens its active lesson', async () => {
    const f = fakeClient({
      'lessons:list': () => [{ id: 'l1' }],
      'progress:get': () => file(),
      'progress:import': () => ({ ok: true, progress: file({ activeLesson: 'l1', lessons: { l1: half } }) }),
      'lessons:get': () => doc,
      'lessons:start': () => half,
    })
    setApiClient(f.client)
    const l = useLessonStore()
    await l.init()
    expect(await l.importProgress('{…}', 'mine.json')).toBe(true)
    expect(f.calls.find(([c]) => c === 'progress:import')).toEqual(['progress:import', { text: '{…}' }])
    expect(l.fileMessage).toEqual({ ok: true, key: 'progress.imported', name: 'mine.json' })
    expect(l.all.l1).toEqual(half)
    expect(l.current?.id).toBe('l1')
    expect(l.passed(0)).toBe(true)
  })
  it('a refused file: the reason is kept as its code (translated by the panel), nothing else changes', async () => {
    const f = fakeClient({
      'lessons:list': () => [{ id: 'l1' }],
      'progress:get': () => file({ lessons: { l1: half } }),
      'progress:import': () => ({ ok: false, reason: { code: 'field', field: 'lessons.l1.passed' }, message: 'This file is not Layerlab progress (…)' }),
    })
    setApiClient(f.client)
    const l = useLessonStore()
    await l.init()
    expect(await l.importProgress('{"version":1}', 'bad.json')).toBe(false)
    expect(l.fileMessage).toEqual({ ok: false, key: 'progress.importFailed', name: 'bad.json', reason: { code: 'field', field: 'lessons.l1.passed' } })
    expect(l.all.l1).toEqual(half)
    expect(l.current).toBeNull()
  })
  it('a file over the limit is refused before it is sent', async () => {
    const f = fakeClient({})
    setApiClient(f.client)
    const l = useLessonStore()
    expect(await l.importProgress('x'.repeat(PROGRESS_FILE_MAX + 1), 'huge.json')).toBe(false)
    expect(f.calls).toEqual([])
    expect(l.fileMessage).toEqual({ ok: false, key: 'progress.tooBig', name: 'huge.json' })
  })
  it('export hands back the file name and text, and says where it went; a failure says so', async () => {
    setApiClient(fakeClient({ 'progress:export': () => ({ filename: 'layerlab-progress-2026-11-29.json', text: '{}' }) }).client)
    const l = useLessonStore()
    expect(await l.exportProgress()).toEqual({ filename: 'layerlab-progress-2026-11-29.json', text: '{}' })
    expect(l.fileMessage).toEqual({ ok: true, key: 'progress.exported', name: 'layerlab-progress-2026-11-29.json' })
    setApiClient(fakeClient({}).client)
    expect(await l.exportProgress()).toBeNull()
    expect(l.fileMessage).toMatchObject({ ok: false, key: 'progress.exportFailed' })
  })
})

describe('settings store', () => {
  it('loads the settings and keeps main\'s answer to a mirror change, refused or saved', async () => {
    const view = (saved: string | null) => ({ registryMirror: { effective: saved, source: saved ? 'settings' : 'none', saved, env: null, envError: null }, notice: null })
    const f = fakeClient({
      'settings:get': () => view(null),
      'settings:setMirror': (r) => {
        const m = (r as { mirror: string }).mirror
        return m.startsWith('file:') ? { ok: false, reason: 'scheme', message: 'no', settings: view(null) } : { ok: true, settings: view(m) }
      },
    })
    setApiClient(f.client)
    const s = useSettingsStore()
    expect((await s.load())?.registryMirror.source).toBe('none')
    expect(await s.setMirror('file:///x')).toMatchObject({ ok: false, reason: 'scheme' })
    expect(s.view?.registryMirror.saved).toBeNull()
    expect(await s.setMirror('127.0.0.1:5000')).toMatchObject({ ok: true })
    expect(s.view?.registryMirror.effective).toBe('127.0.0.1:5000')
    // a transport failure is an error message, not a crash
    setApiClient(fakeClient({}).client)
    expect(await s.setMirror('a.example.com')).toBeNull()
    expect(s.error).toMatch(/no handler/)
  })
})
