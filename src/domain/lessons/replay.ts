/**
 * Replays a lesson's solution on an engine, step by step, checking that each step's check fails
 * before its commands and passes after them. Used by the lesson test and `npm run lessons:verify`.
 */
import type { DockerEngine } from '../engine'
import { evaluate, type HistoryEntry } from './checker'
import type { Lesson } from './schema'

export type RunLine = (line: string) => Promise<{ exitCode: number; output: string }>

export interface StepReport {
  step: string
  failedBefore: boolean
  passedAfter: boolean
  problem?: string
}

export interface LessonReport {
  lesson: string
  steps: StepReport[]
  ok: boolean
  problem?: string
}

export async function replayLesson(lesson: Lesson, engine: DockerEngine, run: RunLine): Promise<LessonReport> {
  const steps: StepReport[] = []
  for (const line of lesson.setup ?? []) {
    const r = await run(line)
    if (r.exitCode !== 0) return { lesson: lesson.id, steps, ok: false, problem: `setup \`${line}\` exited ${r.exitCode}: ${r.output.trim()}` }
  }
  for (const step of lesson.steps) {
    const history: HistoryEntry[] = []
    const before = evaluate(step.check, { snapshot: await engine.snapshot(), history })
    let problem: string | undefined
    for (const line of step.solution) {
      const r = await run(line)
      history.push({ line, exitCode: r.exitCode })
      if (r.exitCode !== 0 && !problem) problem = `\`${line}\` exited ${r.exitCode}: ${r.output.trim()}`
    }
    const after = evaluate(step.check, { snapshot: await engine.snapshot(), history })
    if (!after.ok && !problem) problem = `check fails after the solution: ${after.why?.en ?? ''}`
    if (before.ok && !problem) problem = 'check passes before the step’s action'
    steps.push({ step: step.id, failedBefore: !before.ok, passedAfter: after.ok, problem })
  }
  const bad = steps.find((s) => s.problem)
  return { lesson: lesson.id, steps, ok: !bad, problem: bad ? `${bad.step}: ${bad.problem}` : undefined }
}
