// Each challenge's goal is not met by its start state and is met once its best solution is applied.
// The CLI emulator has not landed yet, so the solutions are applied here through the engine API
// (the same operations the docker commands in the files perform); lessons.test.ts replays the text.
import { describe, expect, it } from 'vitest'
import path from 'node:path'
import { loadLessons } from '../../src/main/lessons-service'
import { createSimulator } from '../../src/domain/sim'
import { evaluate } from '../../src/domain/lessons/checker'
import type { DockerEngine } from '../../src/domain/engine'

function sim() {
  let t = Date.parse('2026-01-01T00:00:00Z')
  let s = 5
  return createSimulator({ clock: () => (t += 1000), random: () => ((s = (s * 16807) % 2147483647) / 2147483647) })
}
async function run(e: DockerEngine, image: string, name?: string) {
  const c = await e.createContainer({ Image: image, Cmd: ['sleep', '1000'], name })
  await e.startContainer(c.Id)
  return c.Id
}
const steps: Record<string, { setup: (e: DockerEngine) => Promise<void>; solve: (e: DockerEngine) => Promise<string[]> }> = {
  'challenge-two-tags-one-image': {
    setup: async (e) => e.pullImage('ubuntu:14.04'),
    solve: async (e) => (await e.tagImage('ubuntu:14.04', 'ubuntu', 'mine'), ['docker tag ubuntu:14.04 ubuntu:mine']),
  },
  'challenge-three-running': {
    setup: async (e) => e.pullImage('ubuntu:14.04'),
    solve: async (e) => {
      for (let i = 0; i < 3; i++) await run(e, 'ubuntu:14.04')
      return Array(3).fill('docker run -d ubuntu:14.04 sleep 1000')
    },
  },
  'challenge-wake-the-sleeper': {
    setup: async (e) => {
      await e.pullImage('ubuntu:14.04')
      await run(e, 'ubuntu:14.04', 'sleeper')
      await e.stopContainer('sleeper', { t: 0 })
    },
    solve: async (e) => (await e.startContainer('sleeper'), ['docker start sleeper']),
  },
  'challenge-save-the-change': {
    setup: async (e) => {
      await e.pullImage('ubuntu:14.04')
      await run(e, 'ubuntu:14.04', 'box')
      await e.exec('box', { Cmd: ['sh', '-c', 'echo hi > /hello'] })
    },
    solve: async (e) => {
      await e.commitContainer('box', { repo: 'ubuntu', tag: 'hello' })
      await run(e, 'ubuntu:hello', 'copy')
      return ['docker commit box ubuntu:hello', 'docker run -d --name copy ubuntu:hello sleep 1000']
    },
  },
}

describe('challenges', async () => {
  const all = (await loadLessons(path.resolve(__dirname, '../../lessons'))).filter((l) => l.kind === 'challenge')
  it('has a goal and a best count for every challenge', () => {
    expect(all.length).toBeGreaterThanOrEqual(4)
    for (const c of all) {
      expect(c.goal, c.id).toBeDefined()
      expect(c.best, c.id).toBe(c.steps.flatMap((s) => s.solution).length)
    }
  })
  for (const c of all) {
    it(`${c.id}: goal not met at the start, met after the best solution`, async () => {
      const plan = steps[c.id]
      expect(plan, `no engine plan for ${c.id}`).toBeDefined()
      const e = sim()
      await plan.setup(e)
      const before = evaluate(c.goal!, { snapshot: await e.snapshot(), history: [] })
      expect(before.ok).toBe(false)
      expect(before.why?.en && before.why['zh-CN']).toBeTruthy()
      const lines = await plan.solve(e)
      expect(lines).toEqual(c.steps.flatMap((s) => s.solution))
      const after = evaluate(c.goal!, { snapshot: await e.snapshot(), history: lines.map((line) => ({ line, exitCode: 0 })) })
      expect(after, JSON.stringify(after.why)).toEqual({ ok: true })
    })
  }
})
