/**
 * A lesson's starting state, for both engines (the LessonSandbox the lesson service calls around
 * a lesson's setup), kept on disk so "Reset lesson" still works after a restart.
 *
 * Simulator (lesson-start.json): the checkpoint taken just before its setup ran, and the revision
 * the sandbox had once the setup was done (nothing changed since = still at its start).
 *
 * Live (lesson-live.json): pulled images carry no label, so for each lesson begun on a daemon main
 * keeps the image names and IDs present just before its setup ran, and every name a pull or tag of
 * that lesson filled while the slot was empty (the guard's onRef: recordRef); a reset takes those
 * names away again (guard.removeCreated). Per lesson, so another lesson in between loses nothing.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import type { SimState } from '../../domain/sim'
import { LESSON_LABEL } from '../../domain/snapshot'
import type { CreatedRefs, GuardedEngine } from '../live/guard'
import type { LessonSandbox } from '../lessons-service'
import type { EngineSession } from './engine-session'
import type { TerminalQueue } from './terminal-queue'
import type { UndoHistory } from './undo-history'

type LessonStart = { lessonId: string; state: SimState; readyRevision: number | null }
type LiveStart = CreatedRefs & { endpoint: string | null }

export interface LessonSandboxOptions {
  dataDir: string
  session: EngineSession
  queue: TerminalQueue
  history: UndoHistory
  /** The lesson the terminal's commands count toward, or null. */
  activeLesson: () => string | null
  log: (line: string) => void
}

export interface LessonSandboxes {
  /** For the lesson service. */
  sandbox: LessonSandbox
  /** The guard filled an image name: during a live lesson a new name is that lesson's (a later pull of it updates the ID). */
  recordRef(ref: string, id: string, created: boolean): void
  /** Resolves once both files are written (dispose). */
  flush(): Promise<void>
}

/** Reads one of the two files: the value it holds, or null when there is none (or it cannot be used). */
async function readSaved<T>(file: string, check: (saved: unknown) => T | null): Promise<T | null> {
  try {
    return check(JSON.parse(await fs.readFile(file, 'utf8')))
  } catch {
    return null
  }
}

/** Writes a file atomically, one write after the other; a failure is logged. */
function writer(file: string, log: (line: string) => void) {
  let saving: Promise<void> = Promise.resolve()
  return {
    save(value: unknown): Promise<void> {
      const data = JSON.stringify(value)
      saving = saving.then(() => writeFileAtomic(file, data)).catch((e) => log(`[lessons] could not save ${file}: ${(e as Error).message}`))
      return saving
    },
    done: () => saving,
  }
}

export async function createLessonSandboxes(opts: LessonSandboxOptions): Promise<LessonSandboxes> {
  const { session, queue, history, log } = opts
  const sims = session.sims
  const lessonStartFile = path.join(opts.dataDir, 'lesson-start.json')
  // none yet, or unreadable: a reset then re-runs the setup on the sandbox as it is
  let lessonStart: LessonStart | null = await readSaved(lessonStartFile, (saved) => {
    const s = saved as Partial<LessonStart> | null
    return s && typeof s.lessonId === 'string' && s.state && typeof s.state === 'object' ? { lessonId: s.lessonId, state: s.state, readyRevision: s.readyRevision ?? null } : null
  })
  const startWriter = writer(lessonStartFile, log)
  const saveLessonStart = () => startWriter.save(lessonStart)

  const lessonLiveFile = path.join(opts.dataDir, 'lesson-live.json')
  const liveStarts: Record<string, LiveStart> =
    (await readSaved(lessonLiveFile, (saved) => {
      if (!saved || typeof saved !== 'object') return null
      const kept: Record<string, LiveStart> = {}
      for (const [id, r] of Object.entries(saved as Record<string, LiveStart>)) {
        if (r && typeof r.refs === 'object' && Array.isArray(r.before?.tags) && Array.isArray(r.before?.ids)) kept[id] = r
      }
      return kept
    })) ?? {}
  const liveWriter = writer(lessonLiveFile, log)
  const saveLiveStarts = () => liveWriter.save(liveStarts)

  const sandbox: LessonSandbox = {
    /** The sandbox lesson work lands in now: the simulator's own identity, or the live daemon's endpoint. */
    id: () => {
      const engine = session.engine()
      return engine === sims.engine ? `sim:${sims.sandboxId}` : engine.kind === 'live' ? `live:${session.status().endpoint}` : null
    },
    /**
     * Before a lesson begins (entered with no command typed yet, or reset). Simulator: a reset goes
     * back to the checkpoint taken before this lesson's setup; entering again with nothing changed
     * since its setup is already its starting state (true: nothing to run). Live: the containers and
     * images this lesson made (labelled io.layerlab.lesson=<id>, and managed) are removed, then the
     * image names its pulls and tags created (not there at its start), nothing else.
     */
    prepare: (lessonId, why) =>
      queue.run(async () => {
        const engine = session.engine()
        if (engine === sims.engine) {
          if (lessonStart?.lessonId !== lessonId) return false
          if (why === 'reset') {
            try {
              sims.engine.restoreState(lessonStart.state)
              sims.scheduleSave()
            } catch (e) {
              // a checkpoint that no longer loads: the setup runs on the sandbox as it is
              log(`[lessons] the start of ${lessonId} could not be restored: ${(e as Error).message}`)
              lessonStart = null
            }
            return false
          }
          return lessonStart.readyRevision !== null && lessonStart.readyRevision === sims.engine.saveState().revision
        }
        const g = engine as Partial<GuardedEngine>
        if (engine.kind !== 'live' || !g.cleanup || !g.removeCreated) return false
        await g.cleanup({ only: { [LESSON_LABEL]: lessonId } })
        const rec = liveStarts[lessonId]
        if (rec && rec.endpoint === session.status().endpoint && Object.keys(rec.refs).length) {
          const r = await g.removeCreated(rec)
          for (const ref of r.removed) delete rec.refs[ref]
          for (const k of r.kept) if (k.reason !== 'inUse') delete rec.refs[k.ref]
          if (r.kept.length) log(`[lessons] ${lessonId}: kept ${r.kept.map((k) => `${k.ref} (${k.reason})`).join(', ')}`)
          await saveLiveStarts()
        }
        return false
      }),
    /** Just before the setup runs: the simulator's checkpoint to come back to on reset. */
    mark: (lessonId) =>
      queue.run(async () => {
        const engine = session.engine()
        if (engine.kind === 'live') {
          const images = await engine.listImages({ all: true })
          const before = { tags: images.flatMap((i) => (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>')), ids: images.map((i) => i.Id) }
          liveStarts[lessonId] = { endpoint: session.status().endpoint, before, refs: {} }
          await saveLiveStarts()
          return
        }
        if (engine !== sims.engine) return
        lessonStart = { lessonId, state: sims.engine.saveState(), readyRevision: null }
        await saveLessonStart()
      }),
    /** After the setup: undo stops here (setup commands are not the learner's to undo). */
    settled: (lessonId) =>
      queue.run(async () => {
        if (session.engine() !== sims.engine) return
        const state = sims.engine.saveState()
        history.restart(state)
        if (lessonStart?.lessonId === lessonId) {
          lessonStart.readyRevision = state.revision
          await saveLessonStart()
        }
      }),
  }

  return {
    sandbox,
    recordRef(ref, id, created) {
      const lessonId = opts.activeLesson()
      const rec = lessonId ? liveStarts[lessonId] : undefined
      if (!rec || rec.endpoint !== session.status().endpoint) return
      if (!created && !(ref in rec.refs)) return
      delete rec.refs[ref]
      rec.refs[ref] = id
      void saveLiveStarts()
    },
    async flush() {
      await startWriter.done()
      await liveWriter.done()
    },
  }
}
