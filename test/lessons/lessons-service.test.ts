/**
 * The lesson service as the renderer uses it, through the contract's dispatch: challenge goals,
 * the command count against the best, closing a lesson, welcome, export and import of progress.
 */
import { describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { lessonsDir, useServices } from '../helpers/services'
import { evaluate } from '../../src/domain/lessons/checker'
import { loadLessons } from '../../src/main/lessons-service'

const startServices = useServices()
const start = (dataDir?: string) => startServices({ dataDir })

describe('lessons service for the UI', () => {
  it('every challenge has a goal snapshot that meets its goal, the same one each time', async () => {
    const { call } = await start()
    const challenges = (await loadLessons(lessonsDir)).filter((l) => l.kind === 'challenge')
    expect(challenges.length).toBeGreaterThanOrEqual(8)
    for (const c of challenges) {
      const g = await call('lessons:goal', { id: c.id })
      expect(g.best, c.id).toBe(c.best)
      expect(g.solution.length, c.id).toBe(c.best)
      expect(evaluate(c.goal!, { snapshot: g.snapshot, history: [] }).ok, c.id).toBe(true)
      expect(g.snapshot.images.length, c.id).toBeGreaterThan(0)
    }
    const a = await call('lessons:goal', { id: 'challenge-three-running' })
    expect(a.snapshot.containers.filter((c) => c.state === 'running')).toHaveLength(3)
    await expect(call('lessons:goal', { id: 'image-vs-container' })).rejects.toThrow(/not a challenge/)
  })

  it('counts the commands a challenge took, and stops counting once it is solved', async () => {
    const { call } = await start()
    await call('lessons:start', { id: 'challenge-two-tags-one-image' })
    await call('terminal:run', { line: 'docker images' })
    const r = await call('terminal:run', { line: 'docker tag ubuntu:14.04 ubuntu:mine' })
    expect(r.exitCode).toBe(0)
    let p = (await call('progress:get', undefined)).lessons['challenge-two-tags-one-image']
    expect(p).toMatchObject({ completed: true, commands: 2 })
    await call('terminal:run', { line: 'docker ps' })
    p = (await call('progress:get', undefined)).lessons['challenge-two-tags-one-image']
    expect(p.commands).toBe(2)
  })

  it('closing a lesson leaves the sandbox free: commands no longer count toward it', async () => {
    const { call } = await start()
    await call('lessons:start', { id: 'image-vs-container' })
    expect((await call('lessons:close', undefined)).activeLesson).toBeNull()
    await call('terminal:run', { line: 'docker pull ubuntu:14.04' })
    const p = (await call('progress:get', undefined)).lessons['image-vs-container']
    expect(p).toMatchObject({ commands: 0, currentStep: 0 })
  })

  it('remembers that the welcome was dismissed, across a restart', async () => {
    const first = await start()
    expect((await first.call('progress:get', undefined)).welcomed).toBeFalsy()
    expect((await first.call('progress:dismissWelcome', undefined)).welcomed).toBe(true)
    await first.stop()
    const again = await start(first.dataDir)
    expect((await again.call('progress:get', undefined)).welcomed).toBe(true)
  })

  it('exports progress as a file and imports it elsewhere; a bad file changes nothing', async () => {
    const a = await start()
    await a.call('lessons:start', { id: 'image-vs-container' })
    await a.call('terminal:run', { line: 'docker pull ubuntu:14.04' })
    const exported = await a.call('progress:export', undefined)
    expect(exported.filename).toMatch(/^layerlab-progress-\d{4}-\d\d-\d\d\.json$/)
    expect(JSON.parse(exported.text).lessons['image-vs-container'].currentStep).toBe(1)

    const b = await start()
    await b.call('lessons:start', { id: 'image-ids' })
    const before = await readFile(path.join(b.dataDir, 'progress.json'), 'utf8')
    // refused with the reason as a code (the renderer translates it) and the same in English
    const refused: Array<[string, object]> = [
      ['not json at all', { code: 'notJson' }],
      ['{"version":2}', { code: 'version', version: '2' }],
      ['{"lessons":{}}', { code: 'version', version: '—' }],
      [JSON.stringify({ version: 1, locale: 'fr', activeLesson: null, lessons: {} }), { code: 'field', field: 'locale' }],
      [JSON.stringify({ version: 1, locale: null, activeLesson: null, lessons: { x: { lessonId: 'x', currentStep: -1, passed: [], completed: false, commands: 0 } } }), { code: 'field', field: 'lessons.x.currentStep' }],
      ['[1, 2]', { code: 'notProgress' }],
      ['', { code: 'empty' }],
      [' \n', { code: 'empty' }],
    ]
    for (const [bad, reason] of refused) {
      const r = await b.call('progress:import', { text: bad })
      expect(r, bad).toEqual({ ok: false, reason, message: expect.stringMatching(/not Layerlab progress .*your progress was not changed/) })
    }
    expect(await readFile(path.join(b.dataDir, 'progress.json'), 'utf8')).toBe(before)
    await expect(b.call('progress:import', { text: 'x'.repeat(1_000_001) })).rejects.toThrow(/invalid payload for progress:import/)

    const r = await b.call('progress:import', { text: exported.text })
    if (!r.ok) throw new Error(r.message)
    const imported = r.progress
    expect(imported.activeLesson).toBe('image-vs-container')
    expect(imported.lessons['image-vs-container'].passed[0]).toBe(true)
    expect(b.events.some(({ event: e, payload: p }) => e === 'lesson:progress' && (p as { lessonId: string }).lessonId === 'image-vs-container')).toBe(true)
    expect(JSON.parse(await readFile(path.join(b.dataDir, 'progress.json'), 'utf8')).activeLesson).toBe('image-vs-container')
  })
})
