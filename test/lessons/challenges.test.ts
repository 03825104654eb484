// Each challenge's goal is not met by its start state (its setup commands) and is met once its
// best solution is typed; the best solution has exactly `best` commands. Everything goes through
// the docker CLI emulator, as a learner would type it.
import { describe, expect, it } from 'vitest'
import path from 'node:path'
import { loadLessons } from '../../src/main/lessons-service'
import { createSimulator } from '../../src/domain/sim'
import { runDockerCommand } from '../../src/domain/cli'
import { evaluate, type HistoryEntry } from '../../src/domain/lessons/checker'
import { seededRandom } from '../../src/domain/random'

describe('challenges', async () => {
  const challenges = (await loadLessons(path.resolve(__dirname, '../../lessons'))).filter((l) => l.kind === 'challenge')

  it('there are at least eight, each with a goal and a best count', () => {
    expect(challenges.length).toBeGreaterThanOrEqual(8)
    for (const c of challenges) {
      expect(c.goal, c.id).toBeDefined()
      expect(c.best, c.id).toBeGreaterThan(0)
    }
  })

  for (const c of challenges) {
    it(`${c.id}: goal unmet at the start, met after the best solution of ${c.best} command(s)`, async () => {
      let now = Date.parse('2026-01-01T00:00:00Z')
      const engine = createSimulator({ clock: () => (now += 1000), random: seededRandom(5) })
      const type = async (line: string) => {
        let out = ''
        const exitCode = await runDockerCommand(line, { engine, io: { stdout: (s) => (out += s), stderr: (s) => (out += s) } })
        expect(exitCode, `${c.id}: ${line}\n${out}`).toBe(0)
        return { line, exitCode }
      }
      for (const line of c.setup ?? []) await type(line)
      const history: HistoryEntry[] = []
      expect(evaluate(c.goal!, { snapshot: await engine.snapshot(), history }).ok, `${c.id} is solved before anything is typed`).toBe(false)
      const solution = c.steps.flatMap((s) => s.solution)
      for (const line of solution) history.push(await type(line))
      const after = evaluate(c.goal!, { snapshot: await engine.snapshot(), history })
      expect(after.ok, `${c.id}: ${after.why?.en}`).toBe(true)
      expect(solution.length).toBe(c.best)
    })
  }
})
