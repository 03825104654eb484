import { describe, expect, it } from 'vitest'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createProgressStore } from '../../src/main/progress-store'

describe('progress store', () => {
  it('saves atomically and reloads what it saved', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'll-progress-'))
    const a = await createProgressStore(dir)
    await a.update((p) => {
      p.locale = 'zh-CN'
      p.activeLesson = 'image-vs-container'
      p.lessons['image-vs-container'] = { lessonId: 'image-vs-container', currentStep: 2, passed: [true, true, false, false], completed: false, commands: 5 }
    })
    const b = await createProgressStore(dir)
    expect(b.notice).toBeNull()
    expect(b.get().locale).toBe('zh-CN')
    expect(b.get().lessons['image-vs-container'].currentStep).toBe(2)
    expect(JSON.parse(await readFile(path.join(dir, 'progress.json'), 'utf8')).version).toBe(1)
  })

  it('sets a corrupt file aside with a notice and starts fresh, losing nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'll-progress-'))
    await writeFile(path.join(dir, 'progress.json'), '{"version":1, "lessons": [oops')
    const s = await createProgressStore(dir)
    expect(s.notice).toMatch(/could not be read/)
    expect(s.get().lessons).toEqual({})
    const files = await readdir(dir)
    const aside = files.find((f) => f.startsWith('progress.json.corrupt-'))
    expect(aside).toBeDefined()
    expect(await readFile(path.join(dir, aside!), 'utf8')).toBe('{"version":1, "lessons": [oops')
  })

  it('refuses to import a file of the wrong shape and keeps the current progress', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'll-progress-'))
    const s = await createProgressStore(dir)
    await s.update((p) => {
      p.locale = 'en'
    })
    await expect(s.importText('{"version":2}')).rejects.toThrow(/version/)
    expect(s.get().locale).toBe('en')
    const round = await s.importText(s.exportText())
    expect(round.locale).toBe('en')
  })
})
