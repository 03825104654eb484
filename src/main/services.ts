/**
 * The main-side services behind the contract: engine selection and switching, the terminal
 * (the docker CLI emulator over whichever engine runs), lessons and progress.
 * Plain Node: Electron's main process and browser mode's server host the very same object.
 *
 * This file composes them (each concern is a file in ./services/) and maps the contract's
 * channels to them; it is imported by src/main/index.ts, src/web/browser-mode.ts and the tests.
 */
import { CHANNELS } from '../shared/contract'
import type { Channel, Emit, EngineMode, EngineStatus, Handlers } from '../shared/contract'
import type { DockerEngine } from '../domain/engine'
import { probeEngines } from './engine-probe'
import type { EndpointCandidate } from './endpoints'
import { createPullTracker } from './pull-tracker'
import { createLessonService } from './lessons-service'
import { createProgressStore } from './progress-store'
import type { GuardedEngine } from './live/guard'
import { createMirrorSettings } from './services/mirror-settings'
import { createConfirmations } from './services/confirmations'
import { createEngineSession } from './services/engine-session'
import { createTerminalQueue } from './services/terminal-queue'
import { createUndoHistory } from './services/undo-history'
import { createLessonSandboxes } from './services/lesson-sandbox'
import { createTerminal } from './services/terminal'
import { createLayerFiles } from './services/layer-cache'

export interface ServicesOptions {
  /** Where progress and the simulator's state are kept (Electron: userData; web: ~/.layerlab or --data-dir). */
  dataDir: string
  /** Folder of lesson files. */
  lessonsDir: string
  transport: 'electron' | 'web'
  version: string
  /** 'auto' tries the live daemon first; tests pin 'simulator'. */
  mode?: EngineMode
  emit: Emit
  /**
   * When to look for Docker (modes auto and live; the simulator needs no probe). 'create' (default):
   * inside createServices. 'first-use': when a call first needs the engine, so that the lesson list
   * (lessons:list, progress:get) is served, and the window painted, before any Docker call. Electron's
   * main process and `npm run web` use 'first-use'.
   */
  selectEngine?: 'create' | 'first-use'
  /** For tests: where to look for Docker instead of this machine's endpoints. */
  candidates?: EndpointCandidate[]
  /** Seeded simulator (tests). */
  seed?: number
  /** Where LAYERLAB_REGISTRY_MIRROR is read (default process.env; tests pass their own). */
  env?: NodeJS.ProcessEnv
  log?: (line: string) => void
}

export interface Services {
  handlers: Handlers
  /** The engine in use now (for tests and the lesson service). */
  engine(): DockerEngine
  status(): EngineStatus
  dispose(): Promise<void>
}

type LessonService = Awaited<ReturnType<typeof createLessonService>>

/**
 * Every channel that reads or changes the engine first waits for the first selection (with
 * 'first-use', the first of them starts it); these do not touch the engine in use, so the lesson
 * list and progress are served before main has made any Docker call.
 */
const WITHOUT_ENGINE = new Set<Channel>([
  'app:info', 'engine:probe', 'lessons:list', 'lessons:get', 'lessons:goal', 'lessons:close',
  'progress:get', 'progress:setLocale', 'progress:export', 'progress:dismissWelcome', 'confirm:answer', 'pull:cancel', 'terminal:interrupt',
  'settings:get', 'settings:setMirror',
])

export async function createServices(opts: ServicesOptions): Promise<Services> {
  const log = opts.log ?? (() => {})
  const mirror = await createMirrorSettings(opts.dataDir, opts.env ?? process.env, log)
  const confirmations = createConfirmations(opts.emit)
  const session = await createEngineSession({ dataDir: opts.dataDir, mode: opts.mode, candidates: opts.candidates, seed: opts.seed, emit: opts.emit, log, mirror, confirmations })
  if (opts.selectEngine !== 'first-use' || (opts.mode ?? 'auto') === 'simulator') await session.ensure()

  // pulls report structured progress (pull:progress) and can be cancelled (pull:cancel)
  const pulls = createPullTracker((p) => opts.emit('pull:progress', p))
  const queue = createTerminalQueue()
  const history = createUndoHistory(session.sims.engine, () => session.sims.scheduleSave())

  /** The lesson service: created last, as it runs its setups through the terminal and the sandbox below. */
  let lessons: LessonService | null = null
  const activeLesson = () => lessons?.activeLesson() ?? null
  const sandboxes = await createLessonSandboxes({ dataDir: opts.dataDir, session, queue, history, activeLesson, log })
  session.onRef((ref, id, created) => sandboxes.recordRef(ref, id, created))
  const terminal = createTerminal({
    session,
    queue,
    history,
    pulls,
    emit: opts.emit,
    lessons: { active: activeLesson, afterCommand: async (line, result) => void (await lessons?.afterCommand(line, result)) },
  })

  const store = await createProgressStore(opts.dataDir, { log })
  const lessonService = await createLessonService({
    lessonsDir: opts.lessonsDir,
    store,
    getEngine: () => session.engine(),
    runCommand: (line: string) => terminal.run(line),
    sandbox: sandboxes.sandbox,
    // the learner confirmed this very rename in the lesson panel; live, it goes below the guard so
    // it is not asked a second time (by the container's ID, so it is the one they were shown)
    renameConfirmed: (id, to) =>
      queue.run(async () => {
        const engine = session.engine()
        await ((engine as Partial<GuardedEngine>).inner ?? engine).renameContainer(id, to)
      }),
    emitProgress: (p) => opts.emit('lesson:progress', p),
  })
  lessons = lessonService
  session.onSwitch(() => lessonService.engineChanged())

  const layerFiles = createLayerFiles(() => session.engine())

  const direct: Handlers = {
    'app:info': async () => ({ transport: opts.transport, version: opts.version, platform: process.platform }),
    'engine:status': async () => session.status(),
    'engine:select': async ({ mode, endpoint }) => session.choose(mode, endpoint),
    'engine:probe': async (req) => probeEngines({ endpoint: req?.endpoint, others: req?.others }),
    'engine:snapshot': async () => session.engine().snapshot(),
    'terminal:run': async ({ line, runId }) => terminal.run(line, runId),
    'lessons:list': async () => lessonService.list(),
    'lessons:get': async ({ id }) => lessonService.get(id),
    'lessons:start': async ({ id }) => lessonService.start(id),
    'lessons:reset': async ({ id }) => lessonService.reset(id),
    'lessons:renameHolder': async ({ id, name, to }) => lessonService.renameHolder(id, name, to),
    'lessons:showMe': async ({ id, step }) => lessonService.showMe(id, step),
    'lessons:catchUp': async ({ id }) => lessonService.catchUpHere(id),
    'lessons:goal': async ({ id }) => lessonService.goal(id),
    'lessons:close': async () => lessonService.close(),
    'files:get': async ({ kind, ref }) => layerFiles(kind, ref),
    'engine:undo': async () => terminal.undo(),
    'progress:get': async () => lessonService.getProgress(),
    'progress:setLocale': async ({ locale }) => lessonService.setLocale(locale),
    'progress:export': async () => lessonService.exportProgress(),
    'progress:import': async ({ text }) => lessonService.importProgress(text),
    'progress:dismissWelcome': async () => lessonService.dismissWelcome(),
    'confirm:answer': async ({ id, allow }) => ({ ok: confirmations.answer(id, allow) }),
    'pull:cancel': async ({ pullId }) => ({ ok: pulls.cancel(pullId) }),
    'terminal:interrupt': async ({ runId }) => ({ ok: terminal.interrupt(runId) }),
    'settings:get': async () => mirror.view(),
    'settings:setMirror': async ({ mirror: text }) => mirror.set(text),
  }
  const handlers = Object.fromEntries(
    CHANNELS.map((c) => {
      const h = direct[c] as (req: unknown) => Promise<unknown>
      return [c, WITHOUT_ENGINE.has(c) ? h : async (req: unknown) => (await session.ensure(), h(req))]
    }),
  ) as Handlers

  return {
    handlers,
    engine: () => session.engine(),
    status: () => session.status(),
    dispose: async () => {
      await session.detach()
      pulls.dispose()
      confirmations.refuseAll()
      await queue.idle()
      await sandboxes.flush()
      await session.close()
    },
  }
}
