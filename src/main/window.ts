/**
 * The window and Electron's security checklist (docs/security.md lists each item, where it is
 * enforced and which test proves it). The decisions themselves are pure functions in
 * ./security.ts; this file wires them to Electron.
 *
 * Start-up budget: nothing here touches Docker or loads anything heavy. The window is created
 * hidden and shown on 'ready-to-show' (first paint); services are created by index.ts.
 */
import { app, BrowserWindow, Menu, protocol, screen, session, shell, type Session, type WebContents } from 'electron'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  appResponseHeaders,
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  isAllowedExternalUrl,
  isTrustedAppUrl,
  resolveAppPath,
  withCspHeader,
} from './security'
import { buildMenuTemplate, menuLocale } from './menu'
import { loadWindowState, trackWindowState } from './window-state'

/** electron-vite's dev server, in development only (never set in a packaged app). */
const DEV_URL = !app.isPackaged ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null
const RENDERER_DIR = path.join(__dirname, '../renderer')

/** The app's own pages: app://layerlab/… (and the dev server in development). Used by ipc.ts. */
export function isTrustedUrl(url: string): boolean {
  return isTrustedAppUrl(url, DEV_URL)
}

function openExternalIfAllowed(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url)
}

/** Must run before app 'ready' (index.ts calls it first thing). */
export function hardenApp(): void {
  // app://layerlab/ behaves like an https origin (secure context, fetch, standard URL parsing);
  // codeCache: V8 keeps the code it compiled for the app's scripts between starts, as it does for https
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }])

  app.on('web-contents-created', (_e, contents) => guardContents(contents))

  app.whenReady().then(() => {
    hardenSession(session.defaultSession)
    protocol.handle(APP_SCHEME, serveApp)
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({ platform: process.platform, locale: menuLocale(app.getLocale()), appName: app.getName(), openExternal: openExternalIfAllowed, dev: DEV_URL !== null }),
      ),
    )
  })
}

function guardContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    const d = decideWindowOpen(url)
    if (d.openExternally) openExternalIfAllowed(url)
    return { action: 'deny' }
  })
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (decideNavigation(url, DEV_URL) === 'deny') event.preventDefault()
  }
  contents.on('will-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-frame-navigate', (event) => guard(event, event.url))
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(decidePermission(permission)))
  ses.setPermissionCheckHandler((_wc, permission) => decidePermission(permission))
  ses.setDevicePermissionHandler(() => false)
  ses.setDisplayMediaRequestHandler((_req, callback) => callback({}))
  // the dev server's responses get the same CSP (app:// responses carry it from serveApp)
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType === 'mainFrame' || details.resourceType === 'subFrame') {
      callback({ responseHeaders: withCspHeader(details.responseHeaders, DEV_URL) })
    } else {
      callback({ responseHeaders: details.responseHeaders })
    }
  })
}

/** protocol.handle('app', …): files under out/renderer only, with the CSP on every page. */
async function serveApp(request: Request): Promise<Response> {
  const r = resolveAppPath(RENDERER_DIR, request.url)
  if (!r.ok) return new Response(r.reason, { status: r.status, headers: { 'content-type': 'text/plain' } })
  try {
    const body = await fs.readFile(r.file)
    return new Response(new Uint8Array(body), { status: 200, headers: appResponseHeaders(r.mime, DEV_URL, r.urlPath) })
  } catch {
    return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } })
  }
}

export async function createMainWindow(): Promise<BrowserWindow> {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json')
  const state = await loadWindowState(
    stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  )
  const win = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Layerlab',
    backgroundColor: '#0f172a',
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  })
  trackWindowState(win, stateFile, { log: (l) => console.error(l) })
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize()
    if (state.fullScreen) win.setFullScreen(true)
    win.show()
  })
  await win.loadURL(DEV_URL ?? APP_ENTRY_URL)
  return win
}
