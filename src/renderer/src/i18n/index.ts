/**
 * The UI's messages. English is in the first screen's code; Chinese is a chunk of its own, loaded
 * before the first render when it is the saved language (boot.ts) or when the learner switches
 * (App.vue), so an English start-up does not parse it (npm run bench:startup). The English messages of
 * the panels that open on request (en-panels.ts) are merged in when one of them is first loaded
 * (withPanelMessages).
 */
import { createI18n } from 'vue-i18n'
import en from './en'
import type enPanels from './en-panels'
import type { Locale } from '../../../shared/contract'

export type Messages = typeof en & typeof enPanels
export const i18n = createI18n({ legacy: false, locale: 'en', fallbackLocale: 'en', messages: { en } as Record<Locale, Messages> })

const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Messages }>> = {
  'zh-CN': () => import('./zh-CN'),
}
const loading = new Map<Locale, Promise<void>>()
/** Makes sure the messages of `locale` are there (loaded once; a failed load is tried again next time). */
export function loadMessages(locale: Locale): Promise<void> {
  if (locale === 'en' || i18n.global.availableLocales.includes(locale)) return Promise.resolve()
  let p = loading.get(locale)
  if (!p) {
    p = loaders[locale]()
      .then((m) => i18n.global.setLocaleMessage(locale, m.default))
      .finally(() => loading.delete(locale))
    loading.set(locale, p)
  }
  return p
}

let panels: Promise<void> | null = null
/** Merges the panels' English messages into 'en' (loaded once; a failed load is tried again next time). */
export function loadPanelMessages(): Promise<void> {
  panels ??= import('./en-panels').then(
    (m) => i18n.global.mergeLocaleMessage('en', m.default),
    (e: unknown) => {
      panels = null
      throw e
    },
  )
  return panels
}

/** A lazy panel's loader that also brings its messages, both fetched at once (for defineAsyncComponent). */
export const withPanelMessages =
  <T>(load: () => Promise<T>) =>
  (): Promise<T> =>
    Promise.all([load(), loadPanelMessages()]).then(([m]) => m)
