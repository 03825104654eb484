/**
 * The terminal (terminal:run, engine:undo): the docker CLI emulator over whichever engine runs,
 * one line at a time through the terminal queue, its output streamed as terminal:output; on the
 * simulator every line that changed the sandbox can be undone.
 */
import { randomUUID } from 'node:crypto'
import type { Emit, TerminalResult, UndoResult } from '../../shared/contract'
import { runDockerCommand } from '../../domain/cli'
import { LESSON_LABEL, MANAGED_LABEL } from '../../domain/snapshot'
import { createNodeHostFs } from '../host-fs'
import type { PullTracker } from '../pull-tracker'
import type { EngineSession } from './engine-session'
import type { TerminalQueue } from './terminal-queue'
import type { UndoHistory } from './undo-history'

/** What the terminal needs of the lessons: whose commands these are, and to tell them of each one. */
export interface TerminalLessonHooks {
  /** The lesson the terminal's commands count toward, or null. */
  active(): string | null
  afterCommand(line: string, result: TerminalResult): Promise<void>
}

export interface TerminalOptions {
  session: EngineSession
  queue: TerminalQueue
  history: UndoHistory
  pulls: PullTracker
  lessons: TerminalLessonHooks
  emit: Emit
}

export interface Terminal {
  /** terminal:run (lessons' setups and "Show me" too), queued. */
  run(line: string, runId?: string): Promise<TerminalResult>
  /** engine:undo, queued: the simulator only. */
  undo(): Promise<UndoResult>
  /** Ctrl-C: cancels the running command of that run (outside the queue); false when none runs under that id */
  interrupt(runId: string): boolean
}

export function createTerminal(opts: TerminalOptions): Terminal {
  const { session, queue, history, pulls, lessons, emit } = opts
  const host = createNodeHostFs(process.cwd())

  /** the commands running now, by run id: Ctrl-C aborts one (a foreground run's wait, its pulls, any daemon call) */
  const running = new Map<string, AbortController>()

  const runOne = async (line: string, id: string): Promise<TerminalResult> => {
    const engine = session.engine()
    const ac = new AbortController()
    running.set(id, ac)
    let stdout = ''
    let stderr = ''
    const active = engine.kind === 'live' ? lessons.active() : null
    const exitCode = await runDockerCommand(line, {
      engine: pulls.wrap(engine, id),
      host,
      signal: ac.signal,
      // live: what Layerlab creates is labelled, and during a lesson also with the lesson (its reset removes those)
      labels: engine.kind === 'live' ? { [MANAGED_LABEL]: 'true', ...(active ? { [LESSON_LABEL]: active } : {}) } : undefined,
      io: {
        stdout: (data: string) => {
          stdout += data
          emit('terminal:output', { runId: id, stream: 'stdout', data })
        },
        stderr: (data: string) => {
          stderr += data
          emit('terminal:output', { runId: id, stream: 'stderr', data })
        },
      },
    }).finally(() => running.delete(id))
    const result: TerminalResult = { exitCode, stdout, stderr }
    await lessons.afterCommand(line, result)
    return result
  }

  return {
    run(line, runId) {
      const id = runId ?? randomUUID()
      return queue.run(() => (session.engine() === session.sims.engine ? history.around(line, () => runOne(line, id)) : runOne(line, id)))
    },
    interrupt(runId) {
      const ac = running.get(runId)
      if (!ac) return false
      ac.abort()
      return true
    },
    undo: () =>
      queue.run((): UndoResult => {
        if (session.engine() !== session.sims.engine) return { ok: false, undone: null, remaining: 0, reason: 'live', message: 'Undo works in the simulator only: a real Docker daemon cannot take a command back.' }
        return history.undo()
      }),
  }
}
