import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '../api/client'
import type { SetMirrorResult, SettingsView } from '../../../shared/contract'
import { message } from './errors'

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
