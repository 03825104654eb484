import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { api, takePrefetched } from '../api/client'
import type { ChallengeGoal, LessonProgress, LessonSummary, ProgressFile, ProgressImportReason } from '../../../shared/contract'
import { message, whileFlagged } from './errors'
import { asLessonDoc, type LessonDoc } from './lesson-doc'
import { useTerminalStore } from './terminal'

/** The largest progress file the import reads (bytes); the contract refuses more anyway. */
export const PROGRESS_FILE_MAX = 1_000_000

/** Lessons: the list, the one open and its progress, the first-run welcome, a challenge's goal, progress export/import. */
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
  /** A call of the panel's: busy meanwhile, its error kept (cleared by one that succeeds). */
  const guard = <T>(fn: () => Promise<T>): Promise<T | undefined> =>
    whileFlagged(busy, error, async () => {
      const r = await fn()
      error.value = ''
      return r
    })
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
