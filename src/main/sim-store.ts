/**
 * Keeps the sandbox simulator's state on disk: loaded at start, saved atomically after changes.
 * A state file that cannot be read is set aside (never deleted) and the learner is told.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import writeFileAtomic from 'write-file-atomic'
import { createSimulator, type SimTimers, type SimulatorEngine } from '../domain/sim'
import { loadJsonFile } from './json-file'
import { seededRandom } from '../domain/random'

export interface SimulatorStore {
  engine: SimulatorEngine
  /**
   * This sandbox's identity: random, kept in the state file beside the simulator's state, new when
   * the sandbox starts fresh (no file, or one that could not be loaded). Lesson progress records it,
   * so progress brought from elsewhere (an imported file) is told from work done here.
   */
  sandboxId: string
  /** Set when a corrupt state file was set aside at start. */
  notice: string | null
  scheduleSave(): void
  flush(): Promise<void>
}

const SAVE_DELAY_MS = 200

/** The host's timers, for a simulator whose processes run in time (SimulatorOptions.timers). */
export const nodeTimers: SimTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

export async function createSimulatorStore(
  file: string,
  opts: { seed?: number; log?: (line: string) => void; timers?: SimTimers } = {},
): Promise<SimulatorStore> {
  const log = opts.log ?? (() => {})
  let notice: string | null = null
  const random = opts.seed === undefined ? undefined : seededRandom(opts.seed)
  let sandboxId: string = randomUUID()
  let idIsNew = true
  const loaded = await loadJsonFile(file, (text) => {
    const { sandboxId: id, ...state } = JSON.parse(text) as { sandboxId?: unknown }
    const sim = createSimulator({ state: state as never, random, timers: opts.timers })
    if (typeof id === 'string' && id) [sandboxId, idIsNew] = [id, false] // a file from before the id existed gets one now
    return sim
  })
  let engine: SimulatorEngine
  if (loaded.kind === 'ok') engine = loaded.value
  else {
    if (loaded.kind === 'unreadable') notice = loaded.detail
    else if (loaded.kind === 'corrupt') {
      notice = `the saved sandbox could not be loaded (${loaded.error.message.slice(0, 120)})${loaded.aside ? `; it was kept as ${loaded.aside}` : ''} and a fresh sandbox started`
      log(`[simulator] ${notice}`)
    }
    engine = createSimulator({ random, timers: opts.timers })
  }

  let timer: NodeJS.Timeout | null = null
  let saving: Promise<void> = Promise.resolve()
  const save = () => {
    timer = null
    const data = JSON.stringify({ ...engine.saveState(), sandboxId })
    saving = saving
      .then(() => fs.mkdir(path.dirname(file), { recursive: true }))
      .then(() => writeFileAtomic(file, data))
      .catch((e) => log(`[simulator] could not save ${file}: ${(e as Error).message}`))
  }
  const store: SimulatorStore = {
    engine,
    sandboxId,
    notice,
    scheduleSave() {
      if (!timer) timer = setTimeout(save, SAVE_DELAY_MS)
    },
    async flush() {
      if (timer) {
        clearTimeout(timer)
        save()
      }
      await saving
    },
  }
  // a new identity is written at once: lesson progress may record it before the sandbox next changes
  if (idIsNew) store.scheduleSave()
  return store
}
