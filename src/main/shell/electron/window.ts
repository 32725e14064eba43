import { BrowserWindow, Menu } from 'electron'
import { appMenuTemplate } from '../menu'
import { entryUrl, type ShellMode } from '../../base/url-guard'
import { APP_TITLE, windowOptions } from '../window-options'

export function installAppMenu(devTools: boolean): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, appName: APP_TITLE, devTools })))
}

/** The one app window: hardened options, shown when its first paint is ready. */
export function createMainWindow(options: { mode: ShellMode; preloadPath: string; devTools: boolean }): BrowserWindow {
  const win = new BrowserWindow(windowOptions(options.preloadPath, { devTools: options.devTools }))
  win.once('ready-to-show', () => win.show())
  win.webContents.on('render-process-gone', (_event, details) =>
    console.error(`[shell] renderer gone: ${details.reason} (${details.exitCode})`),
  )
  win.loadURL(entryUrl(options.mode)).catch((error: unknown) => console.error('[shell] failed to load the renderer:', error))
  return win
}

/** Brings the window to the front (second instance, deep link). */
export function focusWindow(win: BrowserWindow | undefined): void {
  if (!win || win.isDestroyed()) return
  if (win.isMinimized()) win.restore()
  if (!win.isVisible()) win.show()
  win.focus()
}
