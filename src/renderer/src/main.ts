import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { i18n } from './i18n'
import { api } from './api/client'
import './style.css'

// open the connection (browser mode: WebSocket + token handshake) while Vue mounts, not after
api()
createApp(App).use(createPinia()).use(i18n).mount('#app')
// for npm run bench:startup's breakdown
performance.mark('layerlab:mounted')
