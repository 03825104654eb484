/**
 * Keeps the sandbox simulator's state on disk: loaded at start, saved atomically after changes.
 * A state file that cannot be read is set aside (never deleted) and the learner is told.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import { createSimulator, type SimulatorEngine } from '../domain/sim'
import { seededRandom } from '../domain/random'

export interface SimulatorStore {
  engine: SimulatorEngine
  /** Set when a corrupt state file was set aside at start. */
  notice: string | null
  scheduleSave(): void
  flush(): Promise<void>
}

const SAVE_DELAY_MS = 200

export async function createSimulatorStore(
  file: string,
  opts: { seed?: number; log?: (line: string) => void } = {},
): Promise<SimulatorStore> {
  const log = opts.log ?? (() => {})
  let notice: string | null = null
  let state: unknown = undefined
  let text: string | null = null
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') notice = `could not read ${file}: ${(e as Error).message}`
  }
  let engine: SimulatorEngine
  const random = opts.seed === undefined ? undefined : seededRandom(opts.seed)
  if (text !== null) {
    try {
      state = JSON.parse(text)
      engine = createSimulator({ state: state as never, random })
    } catch (e) {
      const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
      await fs.rename(file, aside).catch(() => {})
      notice = `the saved sandbox could not be loaded (${(e as Error).message.slice(0, 120)}); it was kept as ${aside} and a fresh sandbox started`
      log(`[simulator] ${notice}`)
      engine = createSimulator({ random })
    }
  } else {
    engine = createSimulator({ random })
  }

  let timer: NodeJS.Timeout | null = null
  let saving: Promise<void> = Promise.resolve()
  const save = () => {
    timer = null
    const data = JSON.stringify(engine.saveState())
    saving = saving
      .then(() => fs.mkdir(path.dirname(file), { recursive: true }))
      .then(() => writeFileAtomic(file, data))
      .catch((e) => log(`[simulator] could not save ${file}: ${(e as Error).message}`))
  }
  return {
    engine,
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
}


