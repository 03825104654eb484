import { createI18n } from 'vue-i18n'
import { en } from './en'
import { zhCN } from './zh-CN'

export const messages = { en, 'zh-CN': zhCN }
export const i18n = createI18n({ legacy: false, locale: 'en', fallbackLocale: 'en', messages })
