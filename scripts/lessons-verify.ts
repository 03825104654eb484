/**
 * `npm run lessons:verify [-- --live]`: replays every lesson's solution headless and checks that each
 * step's check fails before its action and passes after it. Prints lesson × engine × steps passed.
 * With --live, also on the Docker daemon Layerlab finds (labelled resources only, removed after).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadLessons } from '../src/main/lessons-service'
import { createSimulator } from '../src/domain/sim'
import { runDockerCommand } from '../src/domain/cli'
import { replayLesson, type LessonReport } from '../src/domain/lessons/replay'
import type { DockerEngine } from '../src/domain/engine'
import { MANAGED_LABEL } from '../src/domain/snapshot'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function runner(engine: DockerEngine, labels?: Record<string, string>) {
  return async (line: string) => {
    let output = ''
    const exitCode = await runDockerCommand(line, { engine, labels, io: { stdout: (s) => (output += s), stderr: (s) => (output += s) } })
    return { exitCode, output }
  }
}

async function main() {
  const live = process.argv.includes('--live')
  const lessons = await loadLessons(path.join(root, 'lessons'))
  const rows: Array<{ engine: string; report: LessonReport }> = []
  for (const lesson of lessons) {
    let now = Date.parse('2026-01-01T00:00:00Z')
    let seed = 11
    const engine = createSimulator({ clock: () => (now += 1000), random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) })
    rows.push({ engine: 'simulator', report: await replayLesson(lesson, engine, runner(engine)) })
  }
  if (live) {
    const { selectEngine } = await import('../src/main/engine-select')
    const chosen = await selectEngine({ mode: 'live', createSimulator: () => createSimulator() })
    if (chosen.engine.kind !== 'live') {
      console.error(`lessons:verify --live: no Docker daemon (${chosen.status.reason})`)
      process.exit(1)
    }
    for (const lesson of lessons) {
      const report = await replayLesson(lesson, chosen.engine, runner(chosen.engine, { [MANAGED_LABEL]: 'true' }))
      rows.push({ engine: 'live', report })
      // remove what the lesson made: only labelled containers (images stay for the next lesson's setup)
      for (const c of await chosen.engine.listContainers({ all: true, filters: { label: [`${MANAGED_LABEL}=true`] } })) {
        await chosen.engine.removeContainer(c.Id, { force: true }).catch(() => {})
      }
    }
    await chosen.engine.close()
  }
  const w = Math.max(...rows.map((r) => r.report.lesson.length), 6)
  console.log(`${'lesson'.padEnd(w)}  engine     steps  result`)
  for (const { engine, report } of rows) {
    const passed = report.steps.filter((s) => s.failedBefore && s.passedAfter).length
    const total = lessons.find((l) => l.id === report.lesson)!.steps.length
    console.log(`${report.lesson.padEnd(w)}  ${engine.padEnd(9)}  ${`${passed}/${total}`.padEnd(5)}  ${report.ok ? 'ok' : `FAIL — ${report.problem}`}`)
  }
  const failed = rows.filter((r) => !r.report.ok).length
  console.log(`${rows.length - failed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

main().catch((e) => {
  console.error(`lessons:verify: ${(e as Error).stack ?? e}`)
  process.exit(1)
})
