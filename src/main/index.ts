/**
 * Electron's main process: thin on purpose. It creates the window, hosts the same services as
 * browser mode (src/main/services.ts) and routes the contract to them over IPC.
 */
import { app, BrowserWindow } from 'electron'
import path from 'node:path'
import { createServices, type Services } from './services'
import { createEmitter, registerIpc } from './ipc'
import { createMainWindow, hardenApp, isTrustedUrl } from './window'

hardenApp()

let services: Services | null = null

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0]
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })

  app.whenReady().then(async () => {
    const emit = createEmitter(() => BrowserWindow.getAllWindows().map((w) => w.webContents))
    services = await createServices({
      dataDir: app.getPath('userData'),
      lessonsDir: app.isPackaged ? path.join(process.resourcesPath, 'lessons') : path.join(app.getAppPath(), 'lessons'),
      transport: 'electron',
      version: app.getVersion(),
      mode: (process.env.LAYERLAB_ENGINE as 'auto' | 'simulator' | 'live' | undefined) ?? 'auto',
      // start-up budget: no Docker call before the first paint; the renderer asks for the engine
      // once the lesson list is on screen, and that first call probes the endpoints
      selectEngine: 'first-use',
      emit,
    })
    registerIpc(services.handlers, isTrustedUrl)
    await createMainWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createMainWindow()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  app.on('before-quit', () => {
    void services?.dispose()
  })
}
