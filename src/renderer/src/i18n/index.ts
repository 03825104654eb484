/**
 * The UI's messages. English is in the first screen's code; Chinese is a chunk of its own, loaded
 * before the first render when it is the saved language (boot.ts) or when the learner switches
 * (App.vue), so an English start-up does not parse it (npm run bench:startup).
 */
import { createI18n } from 'vue-i18n'
import en from './en'
import type { Locale } from '../../../shared/contract'

export type Messages = typeof en
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
