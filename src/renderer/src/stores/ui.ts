import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api/client'
import type { Locale, ProgressFile } from '../../../shared/contract'
import type { GraphView } from '../../../domain/graph'

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
