/**
 * Pinia setup stores. Everything comes from the api client (injected with setApiClient in tests)
 * and is refreshed by pushed events, never by polling.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { api, takePrefetched } from './api/client'
import type { ChallengeGoal, ConfirmRequest, EngineProbe, SetMirrorResult, SettingsView, EngineStatus, LessonProgress, LessonSummary, Locale, ProgressFile, ProgressImportReason, PullProgress, UndoResult } from '../../shared/contract'
import type { Snapshot } from '../../domain/snapshot'
import type { GraphView } from '../../domain/graph'

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** Engine status (badge), connection state, engine switching and live-mode confirmations. */
export const useEngineStore = defineStore('engine', () => {
  const status = ref<EngineStatus | null>(null)
  /** the transport (WebSocket) is up */
  const connected = ref(true)
  const error = ref('')
  const confirms = ref<ConfirmRequest[]>([])
  let started = false
  async function init() {
    if (started) return
    started = true
    const a = api()
    a.on('engine:status', (s) => (status.value = s))
    a.on('confirm:request', (r) => confirms.value.push(r))
    let lost = false
    a.onConnection?.((up) => {
      connected.value = up
      if (!up) lost = true
      // back after a loss: main may have changed engines meanwhile (the first open needs no extra call)
      else if (lost) void a.invoke('engine:status', undefined).then((s) => (status.value = s), () => {})
    })
    try {
      status.value = await a.invoke('engine:status', undefined)
    } catch (e) {
      error.value = message(e)
    }
  }
  async function select(mode: 'auto' | 'simulator' | 'live') {
    try {
      // no endpoint: nothing to refuse
      status.value = (await api().invoke('engine:select', { mode })).status
      error.value = ''
    } catch (e) {
      error.value = message(e)
    }
  }
  async function answer(id: string, allow: boolean) {
    confirms.value = confirms.value.filter((c) => c.id !== id)
    try {
      await api().invoke('confirm:answer', { id, allow })
    } catch (e) {
      error.value = message(e)
    }
  }
  /** The settings screen's report: every endpoint probed (or the one typed). Never switches engines. */
  const probe = ref<EngineProbe | null>(null)
  const probing = ref(false)
  async function runProbe(endpoint?: string): Promise<EngineProbe | null> {
    probing.value = true
    try {
      const r = await api().invoke('engine:probe', endpoint === undefined ? undefined : { endpoint })
      probe.value = r
      return r
    } catch (e) {
      error.value = message(e)
      return null
    } finally {
      probing.value = false
    }
  }
  /**
   * Connect to a typed endpoint: probe it first and switch only when it answers usably, so a typo
   * or a dead socket leaves the engine in use as it was. Returns the probe (its one attempt says why);
   * when main refuses the endpoint itself (malformed), its refusal, as the probe's attempt would say it.
   */
  async function connectTo(endpoint: string): Promise<EngineProbe | null> {
    const r = await runProbe(endpoint.trim())
    if (!r?.ok) return r
    try {
      const chosen = await api().invoke('engine:select', { mode: 'live', endpoint: endpoint.trim() })
      status.value = chosen.status
      error.value = ''
      if (!chosen.ok) return (probe.value = { ok: false, tried: [chosen.refused] })
    } catch (e) {
      error.value = message(e)
    }
    return r
  }
  return { status, connected, error, confirms, init, select, answer, probe, probing, runProbe, connectTo }
})

/** Pulls in progress and the last ones finished (pushed as pull:progress), newest first; cancel aborts one. */
/**
 * How long a pull that finished well stays on screen (it sits over the terminal's right side): long
 * enough to read "Pull complete", then out of the way. A failed or cancelled pull stays until dismissed.
 */
export const PULL_DONE_KEEP_MS = 15_000

export const usePullStore = defineStore('pulls', () => {
  const pulls = ref<PullProgress[]>([])
  const error = ref('')
  let started = false
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  function init() {
    if (started) return
    started = true
    api().on('pull:progress', (p) => {
      const i = pulls.value.findIndex((x) => x.pullId === p.pullId)
      if (i >= 0) pulls.value.splice(i, 1, p)
      else pulls.value = [p, ...pulls.value.filter((x) => x.state === 'running')].slice(0, 3)
      if (p.state === 'done' && !timers.has(p.pullId)) timers.set(p.pullId, setTimeout(() => dismiss(p.pullId), PULL_DONE_KEEP_MS))
    })
  }
  async function cancel(pullId: string) {
    try {
      await api().invoke('pull:cancel', { pullId })
      error.value = ''
    } catch (e) {
      error.value = message(e)
    }
  }
  function dismiss(pullId: string) {
    clearTimeout(timers.get(pullId))
    timers.delete(pullId)
    pulls.value = pulls.value.filter((p) => p.pullId !== pullId)
  }
  return { pulls, error, init, cancel, dismiss }
})

/** App settings (settings.json in main): today the registry mirror for Docker Hub pulls. */
export const useSettingsStore = defineStore('settings', () => {
  const view = ref<SettingsView | null>(null)
  const error = ref('')
  async function load(): Promise<SettingsView | null> {
    try {
      view.value = await api().invoke('settings:get', undefined)
      error.value = ''
    } catch (e) {
      error.value = message(e)
    }
    return view.value
  }
  /** Main validates and saves; a refusal comes back as {ok: false, reason} with nothing changed. */
  async function setMirror(text: string): Promise<SetMirrorResult | null> {
    try {
      const r = await api().invoke('settings:setMirror', { mirror: text })
      view.value = r.settings
      error.value = ''
      return r
    } catch (e) {
      error.value = message(e)
      return null
    }
  }
  return { view, error, load, setMirror }
})

/** The engine's Snapshot; refetched on every engine:changed. */
export const useSnapshotStore = defineStore('snapshot', () => {
  const snapshot = shallowRef<Snapshot | null>(null)
  const error = ref('')
  /** when each snapshot arrived (this side's clock): its status texts are of that moment */
  const arrived = new WeakMap<Snapshot, number>()
  const receivedAt = (s: Snapshot): number | undefined => arrived.get(s)
  let started = false
  let inFlight: Promise<void> | null = null
  let again = false
  async function refresh(): Promise<void> {
    if (inFlight) {
      again = true
      return inFlight
    }
    inFlight = (async () => {
      do {
        again = false
        try {
          const s = await api().invoke('engine:snapshot', undefined)
          arrived.set(s, Date.now())
          snapshot.value = s
          error.value = ''
        } catch (e) {
          error.value = message(e)
        }
      } while (again)
    })()
    try {
      await inFlight
    } finally {
      inFlight = null
    }
  }
  async function init() {
    if (started) return
    started = true
    api().on('engine:changed', () => void refresh())
    api().on('engine:status', () => void refresh())
    await refresh()
  }
  return { snapshot, error, init, refresh, receivedAt }
})

export interface TerminalRun {
  runId: string
  line: string
}

/** How long after a command ends a graph change is still put down to it (a live snapshot can lag). */
export const COMMAND_ECHO_MS = 5000

/** Runs terminal lines; remembers the last command (for the graph's explanation line). */
export const useTerminalStore = defineStore('terminal', () => {
  const lastCommand = ref('')
  const running = ref<TerminalRun | null>(null)
  /** when lastCommand finished (0 while it runs) */
  let endedAt = 0
  let n = 0
  /** a lesson reset is running, or was the last thing done (not a typed command) */
  const resetting = ref(false)
  let lastWasReset = false
  /** A lesson's reset begins: graph changes from now on are the reset's, not the last command's. */
  function beginReset() {
    resetting.value = true
    lastWasReset = true
  }
  function endReset() {
    resetting.value = false
    endedAt = Date.now()
  }
  /** Whether a graph change right now is a lesson reset's (running, or ended moments ago with no command since). */
  function resetFor(now = Date.now()): boolean {
    return resetting.value || (lastWasReset && !running.value && now - endedAt <= COMMAND_ECHO_MS)
  }
  /**
   * The command a graph change right now belongs to: the running one, or the last one if it ended
   * moments ago; '' otherwise — a container exiting on its own, or, live, a change made outside
   * Layerlab, is not put down to whatever was typed minutes before.
   */
  function commandFor(now = Date.now()): string {
    return running.value || now - endedAt <= COMMAND_ECHO_MS ? lastCommand.value : ''
  }
  /**
   * Runs one line. `write(data, stderr)` receives streamed chunks and, when nothing streamed,
   * the final stdout/stderr, so output is never printed twice.
   */
  async function run(line: string, write: (data: string, stderr: boolean) => void): Promise<number> {
    const runId = `run-${Date.now().toString(36)}-${++n}`
    lastWasReset = false
    lastCommand.value = line.trim()
    running.value = { runId, line }
    let streamed = false
    const off = api().on('terminal:output', (o) => {
      if (o.runId !== runId) return
      streamed = true
      write(o.data, o.stream === 'stderr')
    })
    try {
      const r = await api().invoke('terminal:run', { line, runId })
      if (!streamed) {
        if (r.stdout) write(r.stdout, false)
        if (r.stderr) write(r.stderr, true)
      }
      return r.exitCode
    } catch (e) {
      write(`${message(e)}\n`, true)
      return 1
    } finally {
      off()
      running.value = null
      endedAt = Date.now()
    }
  }
  /** The terminal component registers its printer so other panels (Show me) can print into it. */
  let printer: ((data: string, stderr: boolean) => void) | null = null
  function attach(p: ((data: string, stderr: boolean) => void) | null) {
    printer = p
  }
  /**
   * A lesson's "Show me" starts: until it ends (show, or endShow when it failed) the graph changes it
   * makes are put down to its command, as a typed command's are, not to the command before it.
   */
  function beginShow(title: string) {
    lastWasReset = false
    lastCommand.value = title
    running.value = { runId: `show-${Date.now().toString(36)}-${++n}`, line: title }
  }
  function endShow() {
    if (!running.value?.runId.startsWith('show-')) return
    running.value = null
    endedAt = Date.now()
  }
  /** Prints output that did not come from a line typed here (e.g. a lesson's "Show me"). */
  function show(title: string, r: { stdout: string; stderr: string }) {
    endShow()
    lastWasReset = false
    lastCommand.value = title
    endedAt = Date.now()
    printer?.(`\n# ${title}\n`, false)
    if (r.stdout) printer?.(r.stdout, false)
    if (r.stderr) printer?.(r.stderr, true)
    printer?.('\u0000prompt', false)
  }
  /** Undo the last command that changed the simulator's sandbox; prints what happened. */
  async function undo(text: (r: UndoResult) => string = (r) => r.message): Promise<UndoResult> {
    let r: UndoResult
    try {
      r = await api().invoke('engine:undo', undefined)
    } catch (e) {
      r = { ok: false, undone: null, remaining: 0, reason: null, message: message(e) }
    }
    if (r.ok) lastCommand.value = ''
    printer?.(`# ${r.reason === null && !r.ok ? r.message : text(r)}\n`, !r.ok)
    printer?.('\u0000prompt', false)
    return r
  }
  /**
   * Ctrl-C while a command runs, and the pull panel's Cancel for that command's pull: one path.
   * The terminal echoes `^C` (as a tty does) and the command's pulls (the only long requests a
   * terminal command makes) are cancelled; the CLI then ends the command as docker does on Ctrl-C:
   * exit 130, no message, and the prompt comes back. Returns how many pulls were cancelled.
   */
  async function interrupt(): Promise<number> {
    const run = running.value
    if (!run) return 0
    printer?.('^C', false)
    const pulls = usePullStore()
    const mine = pulls.pulls.filter((p) => p.runId === run.runId && p.state === 'running')
    await Promise.all(mine.map((p) => pulls.cancel(p.pullId)))
    return mine.length
  }
  /**
   * The pull panel's Cancel: a pull of the command running in the terminal is interrupted exactly
   * as Ctrl-C would (`interrupt`); any other pull (a lesson's "Show me") is cancelled on its own.
   */
  async function cancelPull(pullId: string): Promise<void> {
    const p = usePullStore().pulls.find((x) => x.pullId === pullId)
    if (p && running.value && p.runId === running.value.runId) await interrupt()
    else await usePullStore().cancel(pullId)
  }
  return { lastCommand, running, resetting, commandFor, resetFor, beginReset, endReset, run, attach, beginShow, endShow, show, undo, interrupt, cancelPull }
})

/** The lesson document as the renderer reads it (defensive: see src/domain/lessons/schema.ts). */
export interface LessonDoc {
  id: string
  kind: 'lesson' | 'challenge' | 'quiz'
  title: Partial<Record<Locale, string>>
  /** challenges: the command count of the best known solution */
  best: number | null
  steps: Array<{
    id: string
    title: Partial<Record<Locale, string>>
    body: Partial<Record<Locale, string>>
    hints?: Array<Partial<Record<Locale, string>>>
    highlight?: string[]
    action?: { type?: string; example?: string }
    solution: string[]
  }>
}

export function asLessonDoc(x: unknown): LessonDoc {
  const o = (x ?? {}) as Record<string, unknown>
  const steps = Array.isArray(o.steps) ? (o.steps as Array<Record<string, unknown>>) : []
  const text = (v: unknown) => (v && typeof v === 'object' ? (v as Partial<Record<Locale, string>>) : { en: String(v ?? '') })
  const kind = o.kind === 'challenge' || o.kind === 'quiz' ? o.kind : 'lesson'
  return {
    id: String(o.id ?? ''),
    kind,
    title: text(o.title),
    best: typeof o.best === 'number' ? o.best : null,
    steps: steps.map((s, i) => ({
      id: String(s.id ?? i),
      title: text(s.title),
      body: text(s.body),
      hints: Array.isArray(s.hints) ? s.hints.map(text) : [],
      highlight: Array.isArray(s.highlight) ? s.highlight.map(String) : undefined,
      action: s.action && typeof s.action === 'object' ? (s.action as { type?: string; example?: string }) : undefined,
      solution: Array.isArray(s.solution) ? s.solution.map(String) : [],
    })),
  }
}

/** The largest progress file the import reads (bytes); the contract refuses more anyway. */
export const PROGRESS_FILE_MAX = 1_000_000

export const useLessonStore = defineStore('lesson', () => {
  const list = ref<LessonSummary[]>([])
  const current = shallowRef<LessonDoc | null>(null)
  const progress = ref<LessonProgress | null>(null)
  /** every lesson's saved progress, for the list (done / n of m) */
  const all = ref<Record<string, LessonProgress>>({})
  /** the first-run welcome: shown until dismissed or a lesson is started */
  const welcomed = ref(true)
  /** the current challenge's goal state */
  const goal = shallowRef<ChallengeGoal | null>(null)
  const goalError = ref('')
  const error = ref('')
  /**
   * The outcome of the last export/import, for the learner: an i18n key, and for a refused file the
   * reason as a code (translated by the panel); `detail` only for a failure that has no code (the
   * connection to main lost).
   */
  const fileMessage = ref<{ ok: boolean; key: string; name: string; reason?: ProgressImportReason; detail?: string } | null>(null)
  const busy = ref(false)
  const take = (p: ProgressFile) => {
    all.value = p.lessons
    welcomed.value = p.welcomed === true || Object.keys(p.lessons).length > 0
  }
  let initDone: Promise<ProgressFile | null> | null = null
  /**
   * The lesson list and the saved progress (main.ts asked for both before the app was loaded).
   * Once only: later calls get the same answer. Resolves to the progress file, or null when it could not be read.
   */
  function init(): Promise<ProgressFile | null> {
    return (initDone ??= load())
  }
  async function load(): Promise<ProgressFile | null> {
    api().on('lesson:progress', (p) => {
      all.value = { ...all.value, [p.lessonId]: p }
      if (current.value && p.lessonId === current.value.id) progress.value = p
    })
    // both at once: the lesson list is what the learner sees first (npm run bench:startup)
    // (main.ts asked for both before the app was loaded)
    const [l, p] = await Promise.allSettled([
      takePrefetched('lessons:list') ?? api().invoke('lessons:list', undefined),
      takePrefetched('progress:get') ?? api().invoke('progress:get', undefined),
    ])
    if (l.status === 'fulfilled') list.value = l.value
    performance.mark('layerlab:lessons')
    if (p.status === 'fulfilled') {
      take(p.value)
      activeLesson = p.value.activeLesson ?? null
    }
    const failed = [l, p].find((r) => r.status === 'rejected')
    if (failed) error.value = message(failed.reason)
    return p.status === 'fulfilled' ? p.value : null
  }
  let activeLesson: string | null = null
  /** Resume where the learner left (after init): the last lesson, at its first step not yet passed. */
  async function resume() {
    const id = activeLesson
    activeLesson = null
    if (id && !current.value && list.value.some((l) => l.id === id)) await open(id)
  }
  async function guard<T>(fn: () => Promise<T>): Promise<T | undefined> {
    busy.value = true
    try {
      const r = await fn()
      error.value = ''
      return r
    } catch (e) {
      error.value = message(e)
      return undefined
    } finally {
      busy.value = false
    }
  }
  async function loadGoal(doc: LessonDoc) {
    goal.value = null
    goalError.value = ''
    if (doc.kind !== 'challenge') return
    try {
      const g = await api().invoke('lessons:goal', { id: doc.id })
      if (current.value?.id === doc.id) goal.value = g
    } catch (e) {
      goalError.value = message(e)
    }
  }
  const open = (id: string) =>
    guard(async () => {
      const doc = asLessonDoc(await api().invoke('lessons:get', { id }))
      current.value = doc
      progress.value = await api().invoke('lessons:start', { id })
      all.value = { ...all.value, [id]: progress.value }
      if (!welcomed.value) await dismissWelcome()
      await loadGoal(doc)
    })
  const reset = () =>
    guard(async () => {
      if (!current.value) return
      const terminal = useTerminalStore()
      terminal.beginReset()
      try {
        progress.value = await api().invoke('lessons:reset', { id: current.value.id })
      } finally {
        terminal.endReset()
      }
      all.value = { ...all.value, [current.value.id]: progress.value }
    })
  /** The learner confirmed (in the panel) renaming the container holding a name the lesson needs to the name offered. */
  const renameHolder = () =>
    guard(async () => {
      const p = progress.value
      if (!current.value || !p?.nameTaken || !p.nameTakenRename) return
      progress.value = await api().invoke('lessons:renameHolder', { id: current.value.id, name: p.nameTaken, to: p.nameTakenRename })
      all.value = { ...all.value, [current.value.id]: progress.value }
    })
  /** The learner asked to set the lesson up on this daemon and replay the steps passed elsewhere (LessonProgress.catchUpOffer). */
  const catchUp = () =>
    guard(async () => {
      if (!current.value) return
      progress.value = await api().invoke('lessons:catchUp', { id: current.value.id })
      all.value = { ...all.value, [current.value.id]: progress.value }
    })
  const showMe = (step: number) =>
    guard(async () => {
      if (!current.value) return
      const s = current.value.steps[step] as { action?: { example?: string } } | undefined
      const title = s?.action?.example ?? 'Show me'
      const terminal = useTerminalStore()
      terminal.beginShow(title)
      try {
        const r = await api().invoke('lessons:showMe', { id: current.value.id, step })
        terminal.show(title, r)
        return r
      } finally {
        terminal.endShow()
      }
    })
  const close = () => {
    current.value = null
    progress.value = null
    goal.value = null
    void api()
      .invoke('lessons:close', undefined)
      .catch(() => {})
  }
  async function dismissWelcome() {
    welcomed.value = true
    try {
      take(await api().invoke('progress:dismissWelcome', undefined))
    } catch (e) {
      error.value = message(e)
    }
  }
  /** The first lesson of the list (the welcome's button). */
  const startFirst = () => (list.value[0] ? open(list.value[0].id) : dismissWelcome())
  /** The progress file's text and a file name, for the panel to offer as a download. */
  async function exportProgress() {
    try {
      const r = await api().invoke('progress:export', undefined)
      fileMessage.value = { ok: true, key: 'progress.exported', name: r.filename }
      return r
    } catch (e) {
      fileMessage.value = { ok: false, key: 'progress.exportFailed', name: '', detail: message(e) }
      return null
    }
  }
  /** Imports a picked file's text; a bad file is refused with a message and nothing changes. */
  async function importProgress(text: string, name: string) {
    if (text.length > PROGRESS_FILE_MAX) {
      fileMessage.value = { ok: false, key: 'progress.tooBig', name }
      return false
    }
    try {
      const r = await api().invoke('progress:import', { text })
      if (!r.ok) {
        fileMessage.value = { ok: false, key: 'progress.importFailed', name, reason: r.reason }
        return false
      }
      const p = r.progress
      take(p)
      if (p.activeLesson && list.value.some((l) => l.id === p.activeLesson)) await open(p.activeLesson)
      else if (current.value) close()
      fileMessage.value = { ok: true, key: 'progress.imported', name }
      return true
    } catch (e) {
      fileMessage.value = { ok: false, key: 'progress.importFailed', name, detail: message(e) }
      return false
    }
  }
  /** A file refused before it reached the service (too big, unreadable). */
  const refuse = (key: 'progress.tooBig' | 'progress.unreadable', name: string) => (fileMessage.value = { ok: false, key, name })
  const passed = (i: number) => progress.value?.passed[i] === true
  return {
    list, current, progress, all, welcomed, goal, goalError, error, fileMessage, busy,
    init, resume, open, reset, renameHolder, catchUp, showMe, close, passed, dismissWelcome, startFirst, exportProgress, importProgress, refuse,
  }
})

export type Theme = 'light' | 'dark'

/** Locale, theme, graph view and selection. */
export const useUiStore = defineStore('ui', () => {
  const locale = ref<Locale>('en')
  const theme = ref<Theme>('light')
  const view = ref<GraphView>('family')
  /** the node id selected in the graph (inspect panel, stack focus) */
  const selected = ref<string | null>(null)
  const isDark = computed(() => theme.value === 'dark')
  async function setLocale(l: Locale) {
    locale.value = l
    try {
      await api().invoke('progress:setLocale', { locale: l })
    } catch {
      // saving the preference is best effort; the UI already switched
    }
  }
  function toggleTheme() {
    theme.value = theme.value === 'dark' ? 'light' : 'dark'
  }
  /** The saved locale: from the progress file given (null: none could be read, keep the defaults), else asked for. */
  async function restore(file?: ProgressFile | null) {
    try {
      const p = file === undefined ? await api().invoke('progress:get', undefined) : file
      if (p?.locale) locale.value = p.locale
    } catch {
      // no saved progress: keep the defaults
    }
  }
  return { locale, theme, view, selected, isDark, setLocale, toggleTheme, restore }
})
