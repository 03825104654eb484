/** The app itself (Vue, Pinia, vue-i18n, the components), imported by main.ts once the connection is on its way. */
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { i18n } from './i18n'
import './style.css'

createApp(App).use(createPinia()).use(i18n).mount('#app')
// for npm run bench:startup's breakdown
performance.mark('layerlab:mounted')
