/**
 * Replays every lesson's solution on a fresh simulator through the docker CLI emulator, as a
 * learner typing it would, and checks that each step's check fails before its commands and
 * passes after them. Also: every file validates and every text exists in both languages.
 */
import { describe, expect, it } from 'vitest'
import path from 'node:path'
import { loadLessons } from '../../src/main/lessons-service'
import { createSimulator } from '../../src/domain/sim'
import { runDockerCommand } from '../../src/domain/cli'
import { replayLesson } from '../../src/domain/lessons/replay'
import { seededRandom as seeded } from '../../src/domain/random'

const lessonsDir = path.resolve(__dirname, '../../lessons')


describe('lessons', async () => {
  const lessons = await loadLessons(lessonsDir)

  it('there are lessons, with unique ids, every text in English and Chinese', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(7)
    expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length)
    const texts = lessons.flatMap((l) => [l.title, l.summary, ...l.steps.flatMap((s) => [s.title, s.body, ...s.hints])])
    for (const t of texts) {
      expect(t.en.trim()).not.toBe('')
      expect(t['zh-CN']).toMatch(/[\u4e00-\u9fff]|`/)
    }
  })

  for (const lesson of lessons) {
    it(`${lesson.id}: each step fails before its solution and passes after it`, async () => {
      let now = Date.parse('2026-01-01T00:00:00Z')
      const engine = createSimulator({ clock: () => (now += 1000), random: seeded(11) })
      const report = await replayLesson(lesson, engine, async (line) => {
        let output = ''
        const exitCode = await runDockerCommand(line, { engine, io: { stdout: (s) => (output += s), stderr: (s) => (output += s) } })
        return { exitCode, output }
      })
      expect(report.problem).toBeUndefined()
      expect(report.steps.every((s) => s.failedBefore && s.passedAfter)).toBe(true)
      expect(report.steps.length).toBe(lesson.steps.length)
    })
  }
})
