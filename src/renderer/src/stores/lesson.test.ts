import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setApiClient } from '../api/client'
import { useTerminalStore, COMMAND_ECHO_MS } from './terminal'
import { asLessonDoc } from './lesson-doc'
import { useLessonStore, PROGRESS_FILE_MAX } from './lesson'
import { fakeClient, flush } from './test-client'
import type { ChallengeGoal, ProgressFile } from '../../../shared/contract'

beforeEach(() => setActivePinia(createPinia()))

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
