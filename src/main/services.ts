/**
 * The main-side services behind the contract: engine selection and switching, the terminal
 * (the docker CLI emulator over whichever engine runs), lessons and progress.
 * Plain Node: Electron's main process and browser mode's server host the very same object.
 */
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { CHANNELS } from '../shared/contract'
import type {
  Channel,
  ConfirmAction,
  ConfirmRequest,
  Emit,
  EngineMode,
  EngineSelectResult,
  EngineStatus,
  Handlers,
  TerminalResult,
  LayerFilesView,
  UndoResult,
  MirrorSetting,
  SetMirrorResult,
  SettingsView,
} from '../shared/contract'
import type { DockerEngine } from '../domain/engine'
import type { LayerListing } from '../domain/types'
import { runDockerCommand } from '../domain/cli'
import { createNodeHostFs } from './host-fs'
import { malformedAttempt, selectEngine } from './engine-select'
import { probeEngines } from './engine-probe'
import { parseDockerHost, type EndpointCandidate } from './endpoints'
import { createPullTracker } from './pull-tracker'
import { createLessonService } from './lessons-service'
import { createProgressStore } from './progress-store'
import { createSimulatorStore } from './sim-store'
import { promises as fs } from 'node:fs'
import writeFileAtomic from 'write-file-atomic'
import { guardEngine, type CreatedRefs, type GuardedEngine } from './live/guard'
import { LESSON_LABEL, MANAGED_LABEL } from '../domain/snapshot'
import type { SimState } from '../domain/sim'
import { createSettingsStore } from './settings-store'
import { parseRegistryMirror } from '../shared/registry-mirror'

type LiveMirrorTarget = { setRegistryMirror(m: string | null): void }

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

const CONFIRM_TIMEOUT_MS = 120_000
/** Commands that can be undone, newest first. */
const MAX_UNDO = 50

export async function createServices(opts: ServicesOptions): Promise<Services> {
  const log = opts.log ?? (() => {})
  // the registry mirror for Docker Hub pulls: LAYERLAB_REGISTRY_MIRROR wins over the settings
  // screen's value (as DOCKER_HOST wins over the saved docker context: a launch-time choice of an
  // admin, a script or CI stays in force whatever a per-user file says); the screen shows which
  const settings = await createSettingsStore(opts.dataDir, { log })
  const envMirrorRaw = (opts.env ?? process.env).LAYERLAB_REGISTRY_MIRROR?.trim() || null
  const envMirror = envMirrorRaw === null ? null : parseRegistryMirror(envMirrorRaw)
  if (envMirror && !envMirror.ok) log(`[settings] LAYERLAB_REGISTRY_MIRROR=${envMirrorRaw} is not used: ${envMirror.message}`)
  const mirrorSetting = (): MirrorSetting => {
    const saved = settings.get().registryMirror
    const env = envMirror?.ok ? envMirror.mirror : null
    return {
      effective: env ?? saved,
      source: env ? 'env' : saved ? 'settings' : 'none',
      saved,
      env: envMirrorRaw,
      envError: envMirror && !envMirror.ok ? envMirror.code : null,
    }
  }
  const settingsView = (): SettingsView => ({ registryMirror: mirrorSetting(), notice: settings.notice })
  /** the live engine in use (its mirror follows the settings), or null */
  let liveMirrorTarget: LiveMirrorTarget | null = null
  const applyMirror = () => liveMirrorTarget?.setRegistryMirror(mirrorSetting().effective)
  const setMirror = async (text: string): Promise<SetMirrorResult> => {
    const r = parseRegistryMirror(text)
    if (!r.ok) return { ok: false, reason: r.code, message: r.message, settings: settingsView() }
    await settings.update((s) => {
      s.registryMirror = r.mirror
    })
    applyMirror()
    log(`[settings] registry mirror: ${r.mirror ?? 'none'}${envMirror?.ok ? ' (LAYERLAB_REGISTRY_MIRROR still wins)' : ''}`)
    return { ok: true, settings: settingsView() }
  }
  const sims = await createSimulatorStore(path.join(opts.dataDir, 'simulator-state.json'), { seed: opts.seed, log })
  let engine: DockerEngine = sims.engine
  let status: EngineStatus
  let unsubscribe: () => void = () => {}
  let closeLive: (() => Promise<void>) | null = null

  // live mode asks before changing what Layerlab did not create
  const pendingConfirms = new Map<string, (allow: boolean) => void>()
  const confirm = (what: { action: ConfirmAction; kind: 'container' | 'image'; id: string; name: string }): Promise<boolean> =>
    new Promise((resolve) => {
      const id = randomUUID()
      const timer = setTimeout(() => {
        pendingConfirms.delete(id)
        resolve(false)
      }, CONFIRM_TIMEOUT_MS)
      pendingConfirms.set(id, (allow) => {
        clearTimeout(timer)
        pendingConfirms.delete(id)
        resolve(allow)
      })
      const req: ConfirmRequest = { id, action: what.action, kind: what.kind, target: what.name || what.id }
      opts.emit('confirm:request', req)
    })

  const attach = (next: DockerEngine, nextStatus: EngineStatus, live: { close(): Promise<void>; onStatus?: LiveStatusSource['onStatus'] } | null) => {
    unsubscribe()
    const offEvent = next.onEvent((event) => {
      opts.emit('engine:changed', { event, revision: Date.now() })
      if (next === sims.engine) sims.scheduleSave()
    })
    let offStatus = () => {}
    if (live?.onStatus) {
      offStatus = live.onStatus((s) => {
        status = {
          ...status,
          connected: s.connected,
          reason: s.connected
            ? `Live — Docker ${status.version ?? ''} at ${status.endpoint ?? ''}`.replace(/\s+/g, ' ').trim()
            : `Live — the daemon at ${status.endpoint ?? 'its socket'} stopped answering (${s.reason}); you can continue in the simulator`,
        }
        opts.emit('engine:status', status)
        if (s.connected) opts.emit('engine:changed', { event: null, revision: Date.now() })
      })
    }
    unsubscribe = () => {
      offEvent()
      offStatus()
    }
    engine = next
    status = nextStatus
    closeLive = live ? () => live.close() : null
    opts.emit('engine:status', status)
    opts.emit('engine:changed', { event: null, revision: Date.now() })
  }

  /** engine selections made so far; the first is the start-up's, not a switch */
  let selections = 0
  /** set once the lesson service exists: the active lesson follows an engine switch (lessons.engineChanged) */
  let afterSwitch: (() => Promise<void>) | null = null
  const select = async (mode: EngineMode, endpoint?: string): Promise<EngineStatus> => {
    const previousLive = closeLive
    const chosen = await selectEngine({ mode, endpoint, candidates: endpoint === undefined ? opts.candidates : undefined, createSimulator: () => sims.engine })
    let next = chosen.engine
    let live: (LiveStatusSource & { close(): Promise<void> }) | null = null
    liveMirrorTarget = null
    if (next.kind === 'live') {
      live = next as unknown as LiveStatusSource & { close(): Promise<void> }
      liveMirrorTarget = typeof (next as Partial<LiveMirrorTarget>).setRegistryMirror === 'function' ? (next as unknown as LiveMirrorTarget) : null
      applyMirror()
      next = guardEngine(next, { confirm, labels: { [MANAGED_LABEL]: 'true' }, onRef: (ref, id, created) => recordRef(ref, id, created) })
    }
    const st: EngineStatus = { ...chosen.status, mode }
    attach(next, st, live)
    if (previousLive && previousLive !== closeLive) await previousLive().catch(() => {})
    log(`[engine] ${st.reason}`)
    if (selections++ > 0) await afterSwitch?.().catch((e: unknown) => log(`[lessons] after the engine switch: ${(e as Error).message}`))
    return st
  }

  /**
   * engine:select. A malformed typed endpoint is refused before anything changes (the engine in use
   * stays), as the attempt engine:probe reports for it (code + params, worded by the renderer).
   */
  const chooseEngine = async (mode: EngineMode, endpoint?: string): Promise<EngineSelectResult> => {
    if (endpoint !== undefined) {
      try {
        parseDockerHost(endpoint, 'typed endpoint')
      } catch (e) {
        const refused = malformedAttempt(endpoint.slice(0, 200), 'typed endpoint', e)
        log(`[engine] refused: ${refused.hint ?? refused.reason}`)
        return { ok: false, refused, status }
      }
    }
    return { ok: true, status: await select(mode, endpoint) }
  }

  status = {
    kind: 'simulator',
    reason: 'Simulator — starting',
    endpoint: null,
    version: null,
    apiVersion: null,
    connected: true,
    tried: [],
    mode: opts.mode ?? 'auto',
  }
  let initial: Promise<void> | null = null
  /** The first engine selection (the Docker probe in modes auto and live), once. */
  const ensureEngine = (): Promise<void> =>
    (initial ??= select(opts.mode ?? 'auto').then(() => {
      if (sims.notice) status = { ...status, reason: `${status.reason} · ${sims.notice}` }
    }))
  if (opts.selectEngine !== 'first-use' || (opts.mode ?? 'auto') === 'simulator') await ensureEngine()

  // pulls report structured progress (pull:progress) and can be cancelled (pull:cancel)
  const pulls = createPullTracker((p) => opts.emit('pull:progress', p))

  // one command at a time, in order: the terminal is a single shell
  let queue: Promise<unknown> = Promise.resolve()
  const host = createNodeHostFs(process.cwd())
  // Undo (simulator only): a checkpoint of the sandbox after every command that changed it (the
  // simulator emitted an event while it ran), the first one taken just before the first command.
  // Every change to the sandbox goes through a command (lesson setups and "Show me" too).
  const checkpoints: Array<{ line: string | null; state: ReturnType<typeof sims.engine.saveState> }> = []
  let simEvents = 0
  sims.engine.onEvent(() => {
    simEvents++
  })
  // A lesson's starting state (simulator): the checkpoint taken just before its setup ran, and the
  // revision the sandbox had once the setup was done (nothing changed since = still at its start).
  // Kept on disk beside the sandbox, so "Reset lesson" still works after a restart.
  const lessonStartFile = path.join(opts.dataDir, 'lesson-start.json')
  type LessonStart = { lessonId: string; state: SimState; readyRevision: number | null }
  let lessonStart: LessonStart | null = null
  try {
    const saved = JSON.parse(await fs.readFile(lessonStartFile, 'utf8')) as Partial<LessonStart> | null
    if (saved && typeof saved.lessonId === 'string' && saved.state && typeof saved.state === 'object') lessonStart = { lessonId: saved.lessonId, state: saved.state, readyRevision: saved.readyRevision ?? null }
  } catch {
    // none yet, or unreadable: a reset then re-runs the setup on the sandbox as it is
  }
  let savingStart: Promise<void> = Promise.resolve()
  const saveLessonStart = () => {
    const data = JSON.stringify(lessonStart)
    savingStart = savingStart.then(() => writeFileAtomic(lessonStartFile, data)).catch((e) => log(`[lessons] could not save ${lessonStartFile}: ${(e as Error).message}`))
    return savingStart
  }
  // A lesson's starting state (live): pulled images carry no label, so for each lesson begun on a
  // daemon main keeps the image names and IDs present just before its setup ran, and every name a
  // pull or tag of that lesson filled while the slot was empty (the guard's onRef); a reset takes
  // those names away again (guard.removeCreated). Kept on disk (lesson-live.json) so a reset after
  // a restart mid-lesson still knows; per lesson, so another lesson in between loses nothing.
  const lessonLiveFile = path.join(opts.dataDir, 'lesson-live.json')
  type LiveStart = CreatedRefs & { endpoint: string | null }
  let liveStarts: Record<string, LiveStart> = {}
  try {
    const saved = JSON.parse(await fs.readFile(lessonLiveFile, 'utf8')) as Record<string, LiveStart> | null
    if (saved && typeof saved === 'object') {
      for (const [id, r] of Object.entries(saved)) {
        if (r && typeof r.refs === 'object' && Array.isArray(r.before?.tags) && Array.isArray(r.before?.ids)) liveStarts[id] = r
      }
    }
  } catch {
    liveStarts = {}
  }
  let savingLive: Promise<void> = Promise.resolve()
  const saveLiveStarts = () => {
    const data = JSON.stringify(liveStarts)
    savingLive = savingLive.then(() => writeFileAtomic(lessonLiveFile, data)).catch((e) => log(`[lessons] could not save ${lessonLiveFile}: ${(e as Error).message}`))
    return savingLive
  }
  /** The guard filled an image name: during a live lesson a new name is that lesson's (a later pull of it updates the ID). */
  function recordRef(ref: string, id: string, created: boolean) {
    const lessonId = lessons?.activeLesson()
    const rec = lessonId ? liveStarts[lessonId] : undefined
    if (!rec || rec.endpoint !== status.endpoint) return
    if (!created && !(ref in rec.refs)) return
    delete rec.refs[ref]
    rec.refs[ref] = id
    void saveLiveStarts()
  }
  /** Runs fn in the terminal's queue (between commands, never during one). */
  const inQueue = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const job = queue.then(fn)
    queue = job.catch(() => {})
    return job
  }
  const sandbox = {
    /** The sandbox lesson work lands in now: the simulator's own identity, or the live daemon's endpoint. */
    id: (): string | null => (engine === sims.engine ? `sim:${sims.sandboxId}` : engine.kind === 'live' ? `live:${status.endpoint}` : null),
    /**
     * Before a lesson begins (entered with no command typed yet, or reset). Simulator: a reset goes
     * back to the checkpoint taken before this lesson's setup; entering again with nothing changed
     * since its setup is already its starting state (true: nothing to run). Live: the containers and
     * images this lesson made (labelled io.layerlab.lesson=<id>, and managed) are removed, then the
     * image names its pulls and tags created (not there at its start), nothing else.
     */
    prepare: (lessonId: string, why: 'enter' | 'reset'): Promise<boolean> =>
      inQueue(async () => {
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
        if (rec && rec.endpoint === status.endpoint && Object.keys(rec.refs).length) {
          const r = await g.removeCreated(rec)
          for (const ref of r.removed) delete rec.refs[ref]
          for (const k of r.kept) if (k.reason !== 'inUse') delete rec.refs[k.ref]
          if (r.kept.length) log(`[lessons] ${lessonId}: kept ${r.kept.map((k) => `${k.ref} (${k.reason})`).join(', ')}`)
          await saveLiveStarts()
        }
        return false
      }),
    /** Just before the setup runs: the simulator's checkpoint to come back to on reset. */
    mark: (lessonId: string): Promise<void> =>
      inQueue(async () => {
        if (engine.kind === 'live') {
          const images = await engine.listImages({ all: true })
          const before = { tags: images.flatMap((i) => (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>')), ids: images.map((i) => i.Id) }
          liveStarts[lessonId] = { endpoint: status.endpoint, before, refs: {} }
          await saveLiveStarts()
          return
        }
        if (engine !== sims.engine) return
        lessonStart = { lessonId, state: sims.engine.saveState(), readyRevision: null }
        await saveLessonStart()
      }),
    /** After the setup: undo stops here (setup commands are not the learner's to undo). */
    settled: (lessonId: string): Promise<void> =>
      inQueue(async () => {
        if (engine !== sims.engine) return
        const state = sims.engine.saveState()
        checkpoints.length = 0
        checkpoints.push({ line: null, state })
        if (lessonStart?.lessonId === lessonId) {
          lessonStart.readyRevision = state.revision
          await saveLessonStart()
        }
      }),
  }

  const undo = (): Promise<UndoResult> => {
    const job = queue.then((): UndoResult => {
      if (engine !== sims.engine) return { ok: false, undone: null, remaining: 0, reason: 'live', message: 'Undo works in the simulator only: a real Docker daemon cannot take a command back.' }
      if (checkpoints.length < 2) return { ok: false, undone: null, remaining: 0, reason: 'empty', message: 'Nothing to undo: no command has changed the sandbox since it started or since the lesson set itself up.' }
      const top = checkpoints.pop()!
      sims.engine.restoreState(checkpoints[checkpoints.length - 1].state)
      sims.scheduleSave()
      return { ok: true, undone: top.line, remaining: checkpoints.length - 1, reason: null, message: `Undone: ${top.line}` }
    })
    queue = job.catch(() => {})
    return job
  }

  const runLine = (line: string, runId?: string): Promise<TerminalResult> => {
    const id = runId ?? randomUUID()
    const job = queue.then(async () => {
      const onSim = engine === sims.engine
      if (onSim && !checkpoints.length) checkpoints.push({ line: null, state: sims.engine.saveState() })
      const before = simEvents
      try {
        return await runOne(line, id)
      } finally {
        if (onSim && simEvents !== before) {
          checkpoints.push({ line: line.trim(), state: sims.engine.saveState() })
          if (checkpoints.length > MAX_UNDO + 1) checkpoints.splice(1, 1)
        }
      }
    })
    queue = job.catch(() => {})
    return job
  }
  const runOne = async (line: string, id: string): Promise<TerminalResult> => {
    {
      let stdout = ''
      let stderr = ''
      const exitCode = await runDockerCommand(line, {
        engine: pulls.wrap(engine, id),
        host,
        // live: what Layerlab creates is labelled, and during a lesson also with the lesson (its reset removes those)
        labels: engine.kind === 'live' ? { [MANAGED_LABEL]: 'true', ...(lessons.activeLesson() ? { [LESSON_LABEL]: lessons.activeLesson()! } : {}) } : undefined,
        io: {
          stdout: (data: string) => {
            stdout += data
            opts.emit('terminal:output', { runId: id, stream: 'stdout', data })
          },
          stderr: (data: string) => {
            stderr += data
            opts.emit('terminal:output', { runId: id, stream: 'stderr', data })
          },
        },
      })
      const result: TerminalResult = { exitCode, stdout, stderr }
      await lessons.afterCommand(line, result)
      return result
    }
  }

  const store = await createProgressStore(opts.dataDir, { log })
  const lessons = await createLessonService({
    lessonsDir: opts.lessonsDir,
    store,
    getEngine: () => engine,
    runCommand: (line: string) => runLine(line),
    sandbox,
    // the learner confirmed this very rename in the lesson panel; live, it goes below the guard so
    // it is not asked a second time (by the container's ID, so it is the one they were shown)
    renameConfirmed: (id, to) =>
      inQueue(async () => {
        await ((engine as Partial<GuardedEngine>).inner ?? engine).renameContainer(id, to)
      }),
    emitProgress: (p) => opts.emit('lesson:progress', p),
  })
  afterSwitch = () => lessons.engineChanged()

  // image layers never change under an ID, so their file lists are kept (a live `docker save` of a
  // big image takes seconds); a small LRU keyed by engine kind + image ID
  const layerCache = new Map<string, LayerListing[]>()
  async function imageLayers(imageId: string): Promise<LayerListing[]> {
    const key = `${engine.kind} ${imageId}`
    const hit = layerCache.get(key)
    if (hit) {
      layerCache.delete(key)
      layerCache.set(key, hit)
      return hit
    }
    const layers = await engine.imageLayerFiles(imageId)
    layerCache.set(key, layers)
    while (layerCache.size > 16) layerCache.delete(layerCache.keys().next().value as string)
    return layers
  }
  async function layerFiles(kind: 'image' | 'container', ref: string): Promise<LayerFilesView> {
    if (kind === 'image') {
      const img = await engine.inspectImage(ref)
      return { kind, imageId: img.Id, layers: await imageLayers(img.Id), writable: null }
    }
    const c = await engine.inspectContainer(ref)
    const [layers, writable] = await Promise.all([imageLayers(c.Image), engine.containerLayerFiles(c.Id)])
    return { kind, imageId: c.Image, layers, writable }
  }

  const direct: Handlers = {
    'app:info': async () => ({ transport: opts.transport, version: opts.version, platform: process.platform }),
    'engine:status': async () => status,
    'engine:select': async ({ mode, endpoint }) => chooseEngine(mode, endpoint),
    'engine:probe': async (req) => probeEngines({ endpoint: req?.endpoint }),
    'engine:snapshot': async () => engine.snapshot(),
    'terminal:run': async ({ line, runId }) => runLine(line, runId),
    'lessons:list': async () => lessons.list(),
    'lessons:get': async ({ id }) => lessons.get(id),
    'lessons:start': async ({ id }) => lessons.start(id),
    'lessons:reset': async ({ id }) => lessons.reset(id),
    'lessons:renameHolder': async ({ id, name, to }) => lessons.renameHolder(id, name, to),
    'lessons:showMe': async ({ id, step }) => lessons.showMe(id, step),
    'lessons:catchUp': async ({ id }) => lessons.catchUpHere(id),
    'lessons:goal': async ({ id }) => lessons.goal(id),
    'lessons:close': async () => lessons.close(),
    'files:get': async ({ kind, ref }) => layerFiles(kind, ref),
    'engine:undo': async () => undo(),
    'progress:get': async () => lessons.getProgress(),
    'progress:setLocale': async ({ locale }) => lessons.setLocale(locale),
    'progress:export': async () => lessons.exportProgress(),
    'progress:import': async ({ text }) => lessons.importProgress(text),
    'progress:dismissWelcome': async () => lessons.dismissWelcome(),
    'confirm:answer': async ({ id, allow }) => {
      const resolve = pendingConfirms.get(id)
      if (!resolve) return { ok: false }
      resolve(allow)
      return { ok: true }
    },
    'pull:cancel': async ({ pullId }) => ({ ok: pulls.cancel(pullId) }),
    'settings:get': async () => settingsView(),
    'settings:setMirror': async ({ mirror }) => setMirror(mirror),
  }

  // Every channel that reads or changes the engine first waits for the first selection (with
  // 'first-use', the first of them starts it); these do not touch the engine in use, so the lesson
  // list and progress are served before main has made any Docker call.
  const withoutEngine = new Set<Channel>([
    'app:info', 'engine:probe', 'lessons:list', 'lessons:get', 'lessons:goal', 'lessons:close',
    'progress:get', 'progress:setLocale', 'progress:export', 'progress:dismissWelcome', 'confirm:answer', 'pull:cancel',
    'settings:get', 'settings:setMirror',
  ])
  const handlers = Object.fromEntries(
    CHANNELS.map((c) => {
      const h = direct[c] as (req: unknown) => Promise<unknown>
      return [c, withoutEngine.has(c) ? h : async (req: unknown) => (await ensureEngine(), h(req))]
    }),
  ) as Handlers

  return {
    handlers,
    engine: () => engine,
    status: () => status,
    dispose: async () => {
      // a selection still probing would attach (and open a live engine) after dispose
      await initial?.catch(() => {})
      unsubscribe()
      pulls.dispose()
      for (const resolve of pendingConfirms.values()) resolve(false)
      await queue.catch(() => {})
      await sims.flush()
      await savingStart
      await savingLive
      if (closeLive) await closeLive().catch(() => {})
    },
  }
}

interface LiveStatusSource {
  onStatus?: (listener: (s: { connected: boolean; reason: string }) => void) => () => void
}
