/**
 * One command at a time, in order: the terminal is a single shell. Typed lines, undo, a lesson's
 * sandbox steps and a confirmed rename all run through this one queue (between commands, never
 * during one); a job that fails does not stop the ones after it.
 */
export interface TerminalQueue {
  /** Runs fn once every job queued before it has ended; resolves or rejects as fn does. */
  run<T>(fn: () => Promise<T> | T): Promise<T>
  /** Resolves once every job queued so far has ended (dispose). */
  idle(): Promise<void>
}

export function createTerminalQueue(): TerminalQueue {
  let queue: Promise<unknown> = Promise.resolve()
  return {
    run<T>(fn: () => Promise<T> | T): Promise<T> {
      const job = queue.then(fn)
      queue = job.catch(() => {})
      return job
    },
    idle: () => queue.then(() => {}),
  }
}
