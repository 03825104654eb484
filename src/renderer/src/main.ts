/**
 * The entry: small on purpose. Before the app's code is fetched and parsed, it opens the connection
 * (browser mode: WebSocket + token handshake) and asks for what the first screen shows (the lesson
 * list and progress), so those round trips overlap with loading Vue and the app (npm run bench:startup).
 */
import { prefetch } from './api/client'

prefetch(['lessons:list', 'progress:get'])
void import('./boot')
