import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { api } from '../api/client'
import type { Snapshot } from '../../../domain/snapshot'
import { message } from './errors'

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
