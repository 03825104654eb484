/**
 * The window and Electron's security checklist. (Owned by the desktop-shell work: hardening,
 * custom protocol, CSP, navigation and permission guards.)
 */
import { app, BrowserWindow, session, shell } from 'electron'
import path from 'node:path'

const DEV_URL = process.env['ELECTRON_RENDERER_URL']

/** The app's own pages: the dev server in development, the bundled file otherwise. */
export function isTrustedUrl(url: string): boolean {
  if (DEV_URL && url.startsWith(DEV_URL)) return true
  return url.startsWith('file://') && url.includes('/renderer/')
}

export function hardenApp(): void {
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://docs.docker.com/')) void shell.openExternal(url)
      return { action: 'deny' }
    })
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault()
    })
  })
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false))
  })
}

export async function createMainWindow(): Promise<BrowserWindow> {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Layerlab',
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  win.once('ready-to-show', () => win.show())
  if (DEV_URL) await win.loadURL(DEV_URL)
  else await win.loadFile(path.join(__dirname, '../renderer/index.html'))
  return win
}
