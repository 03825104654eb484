/** The app itself (Vue, Pinia, vue-i18n, the components); main.ts starts it once the first screen's data is asked for. */
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { i18n, loadMessages } from './i18n'
import { useLessonStore, useUiStore } from './stores'
import './style.css'

/**
 * How long the first render waits for the lesson list and the saved locale (asked for by main.ts
 * before this chunk was loaded, so they are usually here already) and that language's messages: the
 * first screen is then drawn once, complete and in the learner's language, rather than empty, then
 * again. A slow or lost connection shows the shell after this and the list when it comes.
 */
export const FIRST_DATA_WAIT_MS = 1500

export async function start() {
  const pinia = createPinia()
  const app = createApp(App).use(pinia).use(i18n)
  const lessons = useLessonStore(pinia)
  const ui = useUiStore(pinia)
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([
    lessons
      .init()
      .then((file) => ui.restore(file))
      .then(() => loadMessages(ui.locale))
      .catch(() => {}), // a language that failed to load: App.vue tries again and says so in the console
    new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_DATA_WAIT_MS))),
  ])
  clearTimeout(timer)
  app.mount('#app')
  // for npm run bench:startup's breakdown
  performance.mark('layerlab:mounted')
}
