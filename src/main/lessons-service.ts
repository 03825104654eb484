/**
 * The lesson service: lists and serves lesson files, runs a lesson's setup, re-checks the active
 * step after every terminal command, and keeps progress in the progress store.
 * A step passes only after a command has run while it was the current step ("never before").
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { DockerEngine } from '../domain/engine'
import { evaluate, type HistoryEntry } from '../domain/lessons/checker'
import { parseLesson, type Lesson } from '../domain/lessons/schema'
import type { LessonProgress, LessonSummary, Locale, ProgressFile, TerminalResult } from '../shared/contract'
import type { ProgressStore } from './progress-store'

export interface LessonServiceOptions {
  lessonsDir: string
  store: ProgressStore
  getEngine: () => DockerEngine
  runCommand: (line: string) => Promise<TerminalResult>
  emitProgress: (p: LessonProgress) => void
}

export async function loadLessons(dir: string): Promise<Lesson[]> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json') && n !== 'sequences.json').sort()
  const lessons: Lesson[] = []
  for (const n of names) {
    const text = await fs.readFile(path.join(dir, n), 'utf8')
    lessons.push(parseLesson(JSON.parse(text), n))
  }
  return lessons.sort((a, b) => a.order - b.order)
}

export async function createLessonService(opts: LessonServiceOptions) {
  const lessons = await loadLessons(opts.lessonsDir)
  const byId = new Map(lessons.map((l) => [l.id, l]))
  /** commands typed since the current step began */
  let stepHistory: HistoryEntry[] = []
  let replaying = false

  const need = (id: string): Lesson => {
    const l = byId.get(id)
    if (!l) throw new Error(`no lesson named ${id}`)
    return l
  }
  const fresh = (l: Lesson): LessonProgress => ({
    lessonId: l.id,
    currentStep: 0,
    passed: l.steps.map(() => false),
    completed: false,
    commands: 0,
  })
  const progressOf = (p: ProgressFile, l: Lesson): LessonProgress => {
    const existing = p.lessons[l.id]
    if (existing && existing.passed.length === l.steps.length) return existing
    return fresh(l)
  }

  return {
    lessons,
    list: async (): Promise<LessonSummary[]> =>
      lessons.map((l) => ({ id: l.id, sequence: l.sequence, title: l.title, summary: l.summary, steps: l.steps.length, kind: l.kind })),
    get: async (id: string) => need(id),
    async start(id: string): Promise<LessonProgress> {
      const l = need(id)
      stepHistory = []
      const p = await opts.store.update((f) => {
        f.activeLesson = l.id
        f.lessons[l.id] = progressOf(f, l)
      })
      if (l.setup?.length && p.lessons[l.id].commands === 0) {
        replaying = true
        try {
          for (const line of l.setup) await opts.runCommand(line)
        } finally {
          replaying = false
        }
      }
      const lp = opts.store.get().lessons[l.id]
      opts.emitProgress(lp)
      return lp
    },
    async reset(id: string): Promise<LessonProgress> {
      const l = need(id)
      stepHistory = []
      const p = await opts.store.update((f) => {
        f.lessons[l.id] = fresh(l)
        f.activeLesson = l.id
      })
      opts.emitProgress(p.lessons[l.id])
      return p.lessons[l.id]
    },
    async showMe(id: string, step: number): Promise<TerminalResult> {
      const l = need(id)
      const s = l.steps[step]
      if (!s) throw new Error(`lesson ${id} has no step ${step + 1}`)
      let stdout = ''
      let stderr = ''
      let exitCode = 0
      for (const line of s.solution) {
        const r = await opts.runCommand(line)
        stdout += `$ ${line}\n${r.stdout}`
        stderr += r.stderr
        exitCode = r.exitCode
      }
      return { exitCode, stdout, stderr }
    },
    /** Called by the terminal after every command. */
    async afterCommand(line: string, result: TerminalResult): Promise<void> {
      if (replaying) return
      const f = opts.store.get()
      const l = f.activeLesson ? byId.get(f.activeLesson) : undefined
      if (!l) return
      const lp = progressOf(f, l)
      lp.commands += 1
      stepHistory.push({ line, exitCode: result.exitCode })
      if (!lp.completed) {
        const step = l.steps[lp.currentStep]
        const snapshot = await opts.getEngine().snapshot()
        if (evaluate(step.check, { snapshot, history: stepHistory }).ok) {
          lp.passed[lp.currentStep] = true
          lp.currentStep += 1
          lp.completed = lp.currentStep >= l.steps.length
          stepHistory = []
        }
      }
      const saved = await opts.store.update((p) => {
        p.lessons[l.id] = lp
      })
      opts.emitProgress(saved.lessons[l.id])
    },
    getProgress: async (): Promise<ProgressFile> => opts.store.get(),
    setLocale: async (locale: Locale): Promise<ProgressFile> =>
      opts.store.update((p) => {
        p.locale = locale
      }),
  }
}
