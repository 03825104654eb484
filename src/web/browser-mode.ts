/**
 * Browser mode in one call: the loopback web server and the main-side services behind it, wired
 * (services emit through the server's WebSocket, the server dispatches to the services' handlers).
 * Used by `npm run web` (src/web/cli.ts), the e2e fixture and `npm run bench:startup`.
 */
import path from 'node:path'
import { startWebServer, type WebServer } from './server'
import { createServices, type Services, type ServicesOptions } from '../main/services'

export interface BrowserMode {
  server: WebServer
  services: Services
  /** disposes the services, then closes the server */
  close(): Promise<void>
}

export async function startBrowserMode(
  opts: { root: string; port?: number } & Omit<ServicesOptions, 'emit' | 'transport' | 'lessonsDir'>,
): Promise<BrowserMode> {
  const { root, port, ...services } = opts
  const server = await startWebServer({ staticDir: path.join(root, 'dist-web'), port, log: opts.log })
  try {
    const s = await createServices({ ...services, lessonsDir: path.join(root, 'lessons'), transport: 'web', emit: server.emit })
    server.setHandlers(s.handlers)
    return {
      server,
      services: s,
      close: async () => {
        await s.dispose().catch(() => {})
        await server.close().catch(() => {})
      },
    }
  } catch (e) {
    await server.close().catch(() => {})
    throw e
  }
}
