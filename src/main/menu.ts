/**
 * The application menu as a plain template (Electron's MenuItemConstructorOptions). Only a type
 * is imported from Electron, so the template is unit-tested in Node; window.ts builds the Menu.
 * Help links come from security.ts's HELP_LINKS and open only through the external allowlist.
 */
import type { MenuItemConstructorOptions } from 'electron'
import { HELP_LINKS, isAllowedExternalUrl } from './security'

export type MenuLocale = 'en' | 'zh-CN'

export interface MenuOptions {
  platform: NodeJS.Platform
  locale: MenuLocale
  appName: string
  /** Called with an allowlisted URL only. */
  openExternal: (url: string) => void
  /** Development builds get Reload and DevTools; release builds do not. */
  dev: boolean
}

const T = {
  file: { en: 'File', 'zh-CN': '文件' },
  edit: { en: 'Edit', 'zh-CN': '编辑' },
  view: { en: 'View', 'zh-CN': '视图' },
  window: { en: 'Window', 'zh-CN': '窗口' },
  help: { en: 'Help', 'zh-CN': '帮助' },
} as const

export function menuLocale(systemLocale: string): MenuLocale {
  return /^zh\b/i.test(systemLocale) ? 'zh-CN' : 'en'
}

export function buildMenuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const t = (k: keyof typeof T) => T[k][o.locale]
  const mac = o.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = []
  if (mac) {
    template.push({
      label: o.appName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    })
  }
  template.push({ label: t('file'), submenu: [mac ? { role: 'close' } : { role: 'quit' }] })
  template.push({
    label: t('edit'),
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  })
  const view: MenuItemConstructorOptions[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }]
  if (o.dev) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' })
  template.push({ label: t('view'), submenu: view })
  template.push({ label: t('window'), role: 'windowMenu' })
  template.push({
    label: t('help'),
    role: 'help',
    submenu: HELP_LINKS.filter((l) => isAllowedExternalUrl(l.url)).map((l) => ({
      id: `help:${l.id}`,
      label: l.label[o.locale],
      click: () => {
        if (isAllowedExternalUrl(l.url)) o.openExternal(l.url)
      },
    })),
  })
  return template
}
