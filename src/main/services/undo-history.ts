/**
 * Undo (simulator only): a checkpoint of the sandbox after every command that changed it (the
 * simulator emitted an event while it ran), the first one taken just before the first command.
 * Every change to the sandbox goes through a command (lesson setups and "Show me" too). Called
 * inside the terminal queue only.
 */
import type { UndoResult } from '../../shared/contract'
import type { SimState, SimulatorEngine } from '../../domain/sim'

/** Commands that can be undone, newest first. */
const MAX_UNDO = 50

export interface UndoHistory {
  /** Around one command run on the simulator: checkpoints it when it changed the sandbox. */
  around<T>(line: string, run: () => Promise<T>): Promise<T>
  /** A lesson's setup is done: undo stops here (setup commands are not the learner's to undo). */
  restart(state: SimState): void
  /** engine:undo on the simulator. */
  undo(): UndoResult
}

export function createUndoHistory(sim: SimulatorEngine, scheduleSave: () => void): UndoHistory {
  const checkpoints: Array<{ line: string | null; state: SimState }> = []
  let simEvents = 0
  sim.onEvent(() => {
    simEvents++
  })
  return {
    async around(line, run) {
      if (!checkpoints.length) checkpoints.push({ line: null, state: sim.saveState() })
      const before = simEvents
      try {
        return await run()
      } finally {
        if (simEvents !== before) {
          checkpoints.push({ line: line.trim(), state: sim.saveState() })
          if (checkpoints.length > MAX_UNDO + 1) checkpoints.splice(1, 1)
        }
      }
    },
    restart(state) {
      checkpoints.length = 0
      checkpoints.push({ line: null, state })
    },
    undo() {
      if (checkpoints.length < 2) return { ok: false, undone: null, remaining: 0, reason: 'empty', message: 'Nothing to undo: no command has changed the sandbox since it started or since the lesson set itself up.' }
      const top = checkpoints.pop()!
      sim.restoreState(checkpoints[checkpoints.length - 1].state)
      scheduleSave()
      return { ok: true, undone: top.line, remaining: checkpoints.length - 1, reason: null, message: `Undone: ${top.line}` }
    },
  }
}
