/**
 * The entry. It gets what the first screen shows (the lesson list and progress) — in browser mode
 * from the page itself, where the server wrote them (src/shared/wire.ts BOOT_DATA_ID), in Electron
 * by asking over IPC — opens the connection for the first click, and starts the app. The app's code
 * (boot.ts: Vue, Pinia, vue-i18n, the first screen) is a static import: index.html loads it in
 * parallel chunks and it runs as soon as they are in, with no extra round trip (npm run bench:startup).
 */
import { prefetch } from './api/client'
import { start } from './boot'

prefetch(['lessons:list', 'progress:get'])
void start()
