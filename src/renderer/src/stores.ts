import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { api } from './api/client'
import type { EngineStatus, LessonSummary, LessonProgress } from '../../shared/contract'
import type { Snapshot } from '../../domain/snapshot'

export const useEngineStore = defineStore('engine', () => {
  const status = ref<EngineStatus | null>(null)
  const snapshot = shallowRef<Snapshot | null>(null)
  const connected = ref(true)
  const lastCommand = ref('')
  async function refresh() {
    snapshot.value = await api().invoke('engine:snapshot', undefined)
  }
  async function init() {
    const a = api()
    a.on('engine:status', (s) => (status.value = s))
    a.on('engine:changed', () => void refresh())
    a.onConnection?.((up) => (connected.value = up))
    status.value = await a.invoke('engine:status', undefined)
    await refresh()
  }
  return { status, snapshot, connected, lastCommand, init, refresh }
})

export interface LessonDoc {
  id: string
  title: Record<string, string>
  steps: Array<{ id: string; title: Record<string, string>; body: Record<string, string>; hints?: Array<Record<string, string>> }>
}

export const useLessonStore = defineStore('lesson', () => {
  const list = ref<LessonSummary[]>([])
  const current = shallowRef<LessonDoc | null>(null)
  const progress = ref<LessonProgress | null>(null)
  async function init() {
    api().on('lesson:progress', (p) => {
      if (current.value && p.lessonId === current.value.id) progress.value = p
    })
    list.value = await api().invoke('lessons:list', undefined)
  }
  async function open(id: string) {
    current.value = (await api().invoke('lessons:get', { id })) as LessonDoc
    progress.value = await api().invoke('lessons:start', { id })
  }
  return { list, current, progress, init, open }
})
