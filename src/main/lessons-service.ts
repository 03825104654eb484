/**
 * The lesson service: lists and serves lesson files, runs a lesson's setup, re-checks the active
 * step after every terminal command, and keeps progress in the progress store.
 * A step passes only after a command has run while it was the current step ("never before").
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { DockerEngine } from '../domain/engine'
import { runDockerCommand } from '../domain/cli'
import { createSimulator } from '../domain/sim'
import { seededRandom } from '../domain/random'
import { evaluate, type HistoryEntry } from '../domain/lessons/checker'
import { parseLesson, type Lesson } from '../domain/lessons/schema'
import type { ChallengeGoal, LessonProgress, LessonSummary, Locale, ProgressExport, ProgressFile, ProgressImportResult, TerminalResult } from '../shared/contract'
import { ProgressParseError, type ProgressStore } from './progress-store'
import { offlinePullRef } from './live/mirror'
import { setupContainerNames } from '../domain/lessons/names'
import { EngineError } from '../domain/errors'

/**
 * Puts the engine in a lesson's starting state around its setup (services/lesson-sandbox.ts implements it for
 * both engines: a simulator checkpoint, or removing what the lesson labelled on a live daemon).
 */
export interface LessonSandbox {
  /**
   * Which sandbox the engine is now (`sim:<random id>`, `live:<endpoint>`), recorded with a lesson's
   * progress when it begins; null when there is nothing to tell apart.
   */
  id(): string | null
  /** Before the lesson begins; true when the engine is already in its starting state (nothing to run). */
  prepare(lessonId: string, why: 'enter' | 'reset'): Promise<boolean>
  /** Just before its setup runs. */
  mark(lessonId: string): Promise<void>
  /** After its setup ran: the lesson's starting state (undo stops here). */
  settled(lessonId: string): Promise<void>
}

const noSandbox: LessonSandbox = { id: () => null, prepare: async () => false, mark: async () => {}, settled: async () => {} }

export interface LessonServiceOptions {
  lessonsDir: string
  store: ProgressStore
  getEngine: () => DockerEngine
  runCommand: (line: string) => Promise<TerminalResult>
  sandbox?: LessonSandbox
  /**
   * Renames a container the learner confirmed (by ID) in the UI. Live: below the guard, since the
   * learner has just been asked about exactly this change (services.ts).
   */
  renameConfirmed?: (containerId: string, newName: string) => Promise<void>
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

/**
 * A challenge's goal as a Snapshot: its setup and best solution typed into a throwaway simulator
 * (seeded, so the same every time). Image IDs are content digests, so the goal's images carry the
 * same IDs as the learner's; the goal graph is drawn by the same projection as the learner's graph.
 */
export async function goalSnapshotOf(lesson: Lesson): Promise<ChallengeGoal> {
  if (lesson.kind !== 'challenge' || !lesson.goal) throw new Error(`${lesson.id} is not a challenge: it has no goal`)
  let now = Date.parse('2026-01-01T00:00:00Z')
  const engine = createSimulator({ clock: () => (now += 1000), random: seededRandom(7) })
  const solution = lesson.steps.flatMap((s) => s.solution)
  for (const line of [...(lesson.setup ?? []), ...solution]) {
    let out = ''
    const code = await runDockerCommand(line, { engine, io: { stdout: () => {}, stderr: (d) => (out += d) } })
    if (code !== 0) throw new Error(`the goal of ${lesson.id} could not be built: \`${line}\` exited ${code}: ${out.trim()}`)
  }
  return { lessonId: lesson.id, snapshot: await engine.snapshot(), best: lesson.best ?? null, solution }
}

export async function createLessonService(opts: LessonServiceOptions) {
  const lessons = await loadLessons(opts.lessonsDir)
  const byId = new Map(lessons.map((l) => [l.id, l]))
  /** commands typed since the current step began */
  let stepHistory: HistoryEntry[] = []
  let replaying = false
  const goals = new Map<string, Promise<ChallengeGoal>>()

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
  const offlineOf = (line: string, r: TerminalResult) => (opts.getEngine().kind === 'live' ? offlinePullRef(line, r) : null)
  const withOffline = (p: LessonProgress, ref: string | null): LessonProgress => (ref ? { ...p, offlinePull: ref } : p)
  const sandbox = opts.sandbox ?? noSandbox
  /** the lesson whose setup a taken name stopped, until it begins (the panel keeps saying so) */
  let blocked: { lessonId: string; name: string; rename: string } | null = null
  const withBlocked = (p: LessonProgress): LessonProgress => (blocked?.lessonId === p.lessonId ? { ...p, nameTaken: blocked.name, nameTakenRename: blocked.rename } : p)
  const exists = async (name: string): Promise<boolean> => {
    try {
      await opts.getEngine().inspectContainer(name)
      return true
    } catch (e) {
      if (e instanceof EngineError && e.statusCode === 404) return false
      throw e
    }
  }
  /** A free name for the holder of `name`: `<name>-mine`, then `<name>-mine-2`… (none the setup needs). */
  async function freeNameFor(l: Lesson, name: string): Promise<string> {
    const needed = new Set(setupContainerNames(l.setup))
    for (let i = 1; ; i++) {
      const candidate = i === 1 ? `${name}-mine` : `${name}-mine-${i}`
      if (!needed.has(candidate) && !(await exists(candidate))) return candidate
    }
  }
  /** The first container name the setup gives that something in the engine already holds. */
  async function takenName(l: Lesson): Promise<string | null> {
    for (const name of setupContainerNames(l.setup)) {
      try {
        await opts.getEngine().inspectContainer(name)
        return name
      } catch (e) {
        if (e instanceof EngineError && e.statusCode === 404) continue
        throw e
      }
    }
    return null
  }
  /**
   * A lesson begins (entered with no command typed, or reset): the engine is put in its starting
   * state and its setup runs. A container name the setup needs that is taken stops it before it
   * runs anything (nameTaken: the panel says which and what to do); an offline pull stops it too.
   */
  async function begin(l: Lesson, why: 'enter' | 'reset'): Promise<{ offlinePull?: string; nameTaken?: string; nameTakenRename?: string }> {
    blocked = null
    if (await sandbox.prepare(l.id, why)) {
      await sandbox.settled(l.id)
      await recordSandbox(l)
      return {}
    }
    const taken = await takenName(l)
    if (taken) {
      blocked = { lessonId: l.id, name: taken, rename: await freeNameFor(l, taken) }
      return { nameTaken: taken, nameTakenRename: blocked.rename }
    }
    await sandbox.mark(l.id)
    let offlinePull: string | null = null
    replaying = true
    try {
      for (const line of l.setup ?? []) {
        const r = await opts.runCommand(line)
        // offline with no mirror: the rest of the setup needs that image too
        if ((offlinePull = offlineOf(line, r))) break
      }
    } finally {
      replaying = false
    }
    await sandbox.settled(l.id)
    await recordSandbox(l)
    return offlinePull ? { offlinePull } : {}
  }
  /** The lesson's work is in the sandbox the engine is now (see LessonProgress.sandbox). */
  async function recordSandbox(l: Lesson): Promise<void> {
    const here = sandbox.id()
    if (here) await opts.store.update((f) => void (f.lessons[l.id] && (f.lessons[l.id].sandbox = here)))
  }
  /**
   * A lesson under way whose work is not in this simulator sandbox (its progress was imported, or
   * the sandbox started fresh): set it up and replay the solutions of the steps already passed, so
   * the next step finds what it expects. Progress is kept as it was; the replayed commands count
   * for nothing and cannot be undone. On a live daemon it is only offered: replaying there pulls and
   * creates on a real daemon, which waits for the learner to ask.
   */
  function workElsewhere(lp: LessonProgress): boolean {
    const here = sandbox.id()
    return !lp.completed && lp.commands > 0 && lp.sandbox !== undefined && here !== null && lp.sandbox !== here
  }
  const needsCatchUp = (lp: LessonProgress): boolean => workElsewhere(lp) && sandbox.id()!.startsWith('sim:')
  /**
   * The same on a live daemon: offered, not done (catchUpOffer: the steps passed elsewhere); the
   * learner's "Set it up here" runs it (catchUpHere), or "Start over" resets the lesson.
   */
  const offersCatchUp = (lp: LessonProgress): boolean => workElsewhere(lp) && sandbox.id()!.startsWith('live:')
  async function catchUp(l: Lesson, lp: LessonProgress): Promise<Pick<LessonProgress, 'caughtUp' | 'offlinePull' | 'nameTaken' | 'nameTakenRename'>> {
    // from the lesson's starting state, as a reset starts: in the simulator its checkpoint from
    // before its setup when this sandbox has one (work of an earlier visit is rebuilt, not doubled,
    // and its containers do not hold the names the setup needs); live, the lesson's own labelled
    // leftovers go first. Anything not the lesson's is left as it is.
    const extra = await begin(l, 'reset')
    if (extra.nameTaken || extra.offlinePull) return extra
    let steps = 0
    let failed: string | undefined
    replaying = true
    try {
      for (const step of l.steps.slice(0, lp.currentStep)) {
        for (const line of step.solution) {
          if ((await opts.runCommand(line)).exitCode !== 0) {
            failed = line
            break
          }
        }
        if (failed) break
        steps += 1
      }
    } finally {
      replaying = false
    }
    await sandbox.settled(l.id)
    stepHistory = []
    return { caughtUp: failed ? { steps, failed } : { steps } }
  }
  /** The lesson from its first step and its starting state (progress cleared, setup run again); undo starts after it. */
  async function startOver(l: Lesson, how: 'reset' | 'enter'): Promise<LessonProgress> {
    stepHistory = []
    await opts.store.update((f) => {
      f.lessons[l.id] = fresh(l)
      f.activeLesson = l.id
    })
    const extra = await begin(l, how)
    stepHistory = []
    return { ...opts.store.get().lessons[l.id], ...extra }
  }
  const progressOf = (p: ProgressFile, l: Lesson): LessonProgress => {
    const existing = p.lessons[l.id]
    if (existing && existing.passed.length === l.steps.length) return existing
    return fresh(l)
  }

  const service = {
    lessons,
    /** The lesson the terminal's commands count toward (null: the free sandbox). */
    activeLesson: (): string | null => opts.store.get().activeLesson,
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
      const lp0 = p.lessons[l.id]
      const extra = lp0.commands === 0 ? await begin(l, 'enter') : needsCatchUp(lp0) ? await catchUp(l, lp0) : offersCatchUp(lp0) ? { catchUpOffer: lp0.currentStep } : {}
      const lp = withBlocked({ ...opts.store.get().lessons[l.id], ...extra })
      opts.emitProgress(lp)
      return lp
    },
    /**
     * The learner asked for it: the lesson's setup and the solutions of the steps it passed in
     * another sandbox run here, on the live daemon (labelled as the lesson's, as its setup is).
     * Only for the active lesson whose work is elsewhere; otherwise its progress, unchanged.
     */
    async catchUpHere(id: string): Promise<LessonProgress> {
      const l = need(id)
      const f = opts.store.get()
      const lp0 = progressOf(f, l)
      const extra = f.activeLesson === l.id && workElsewhere(lp0) ? await catchUp(l, lp0) : {}
      const lp = withBlocked({ ...opts.store.get().lessons[l.id] ?? lp0, ...extra })
      opts.emitProgress(lp)
      return lp
    },
    /** The engine changed under the active lesson: it is entered again there (caught up, offered, or set up). */
    async engineChanged(): Promise<void> {
      const id = opts.store.get().activeLesson
      if (id && byId.has(id)) await service.start(id)
    },
    async reset(id: string): Promise<LessonProgress> {
      const lp = await startOver(need(id), 'reset')
      opts.emitProgress(lp)
      return lp
    },
    /**
     * The learner confirmed renaming the container that holds a name this lesson needs (it is not
     * Layerlab's, so the panel asked first): it is renamed to `to` (it keeps running and keeps its
     * files) and the lesson sets itself up from the start. Only the holder the panel named, to the
     * name it offered; anything else is refused and nothing changes.
     */
    async renameHolder(id: string, name: string, to: string): Promise<LessonProgress> {
      const l = need(id)
      if (!opts.renameConfirmed) throw new Error('renaming is not available here')
      if (blocked?.lessonId !== l.id || blocked.name !== name || blocked.rename !== to) {
        throw new Error(`the lesson is not waiting for the name “${name}” (or “${to}” is not the name it offered); nothing was changed`)
      }
      if (await exists(to)) throw new Error(`a container named “${to}” exists now; nothing was changed`)
      let holder: string | null = null
      try {
        holder = (await opts.getEngine().inspectContainer(name)).Id
      } catch (e) {
        if (!(e instanceof EngineError && e.statusCode === 404)) throw e // gone meanwhile: the setup can run
      }
      if (holder) await opts.renameConfirmed(holder, to)
      const lp = withBlocked(await startOver(l, 'enter'))
      opts.emitProgress(lp)
      return lp
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
      // a completed lesson no longer counts: a challenge's count is the commands it took to solve
      if (lp.completed) return
      lp.commands += 1
      stepHistory.push({ line, exitCode: result.exitCode })
      const step = l.steps[lp.currentStep]
      const snapshot = await opts.getEngine().snapshot()
      if (evaluate(step.check, { snapshot, history: stepHistory }).ok) {
        lp.passed[lp.currentStep] = true
        lp.currentStep += 1
        lp.completed = lp.currentStep >= l.steps.length
        stepHistory = []
      }
      const saved = await opts.store.update((p) => {
        p.lessons[l.id] = lp
      })
      opts.emitProgress(withBlocked(withOffline(saved.lessons[l.id], offlineOf(line, result))))
    },
    /** A challenge's goal state (cached: it depends only on the lesson file). */
    goal(id: string): Promise<ChallengeGoal> {
      const l = need(id)
      let g = goals.get(l.id)
      if (!g) {
        g = goalSnapshotOf(l)
        goals.set(l.id, g)
        g.catch(() => goals.delete(l.id))
      }
      return g
    },
    /** Back to the lesson list: commands typed now belong to the free sandbox, not a lesson. */
    async close(): Promise<ProgressFile> {
      stepHistory = []
      return opts.store.update((f) => {
        f.activeLesson = null
      })
    },
    exportProgress: async (): Promise<ProgressExport> => ({
      filename: `layerlab-progress-${new Date().toISOString().slice(0, 10)}.json`,
      text: opts.store.exportText(),
    }),
    /**
     * Replaces progress with a file's text, only if it validates; otherwise nothing changes and the
     * answer says why (a code the renderer translates, and the same in English).
     */
    async importProgress(text: string): Promise<ProgressImportResult> {
      let p: ProgressFile
      try {
        await opts.store.importText(text)
        // a lesson under way in a file that does not say where its work is (written before
        // LessonProgress.sandbox existed): not in this sandbox, so it is caught up when resumed
        p = await opts.store.update((f) => {
          for (const lp of Object.values(f.lessons)) if (lp.commands > 0 && !lp.completed && lp.sandbox === undefined) lp.sandbox = 'imported'
        })
      } catch (e) {
        const reason = e instanceof ProgressParseError ? e.reason : { code: 'notProgress' as const }
        return { ok: false, reason, message: `This file is not Layerlab progress (${(e as Error).message}); your progress was not changed.` }
      }
      stepHistory = []
      const active = p.activeLesson ? byId.get(p.activeLesson) : undefined
      if (active) opts.emitProgress(progressOf(p, active))
      return { ok: true, progress: p }
    },
    dismissWelcome: async (): Promise<ProgressFile> =>
      opts.store.update((p) => {
        p.welcomed = true
      }),
    getProgress: async (): Promise<ProgressFile> => opts.store.get(),
    setLocale: async (locale: Locale): Promise<ProgressFile> =>
      opts.store.update((p) => {
        p.locale = locale
      }),
  }
  return service
}
