/**
 * The entry: small on purpose. Before the app's code is fetched and parsed, it gets what the first
 * screen shows (the lesson list and progress): in browser mode from the page itself, where the server
 * wrote them (src/shared/wire.ts BOOT_DATA_ID), otherwise by asking (Electron's IPC) — and it opens
 * the connection, so it is up by the time the learner first clicks (npm run bench:startup).
 */
import { prefetch } from './api/client'

prefetch(['lessons:list', 'progress:get'])
void import('./boot')
