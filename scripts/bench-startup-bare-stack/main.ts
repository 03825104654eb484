// A reference for `npm run bench:startup`: the bare page's lesson buttons, plus the libraries
// Layerlab's first screen is built on (Pinia for the list, vue-i18n for the heading), built with the
// same vue-i18n build settings as Layerlab (runtime only, Composition API only). It tells which part
// of the ratio is the stack itself and which is Layerlab's own first screen.
import { createApp, h } from 'vue'
import { createPinia, defineStore } from 'pinia'
import { createI18n, useI18n } from 'vue-i18n'
import en from './en'

const useLessons = defineStore('lessons', {
  state: () => ({ titles: ['Image vs container', 'Layers', 'Tags', 'Run and exec', 'Volumes'] }),
})
const i18n = createI18n({ legacy: false, locale: 'en', messages: { en } })

createApp({
  setup() {
    const lessons = useLessons()
    const { t } = useI18n()
    return () => h('div', [h('h2', t('lessons')), h('ul', lessons.titles.map((l) => h('li', [h('button', { class: 'lesson' }, l)])))])
  },
})
  .use(createPinia())
  .use(i18n)
  .mount('#app')
