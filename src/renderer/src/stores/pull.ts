import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '../api/client'
import type { PullProgress } from '../../../shared/contract'
import { message } from './errors'

/**
 * How long a pull that finished well stays on screen (it sits over the terminal's right side): long
 * enough to read "Pull complete", then out of the way. A failed or cancelled pull stays until dismissed.
 */
export const PULL_DONE_KEEP_MS = 15_000

/** Pulls in progress and the last ones finished (pushed as pull:progress), newest first; cancel aborts one. */
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
