import { existsSync } from 'node:fs'
import { app, BrowserWindow } from 'electron'
import { appIconPaths, appIconsDir } from '../icons'
import { entryUrl, type ShellMode } from '../../base/url-guard'
import { windowOptions } from '../window-options'

/**
 * The window's icon (../icons.ts): none on macOS (the bundle's), and none when the generated folder is missing
 * (a checkout where `npm run icons` has not run), where Electron's default is better than a failed load.
 */
function windowIcon(): { icon?: string } {
  const dir = appIconsDir({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() })
  const icon = appIconPaths(process.platform, dir).window
  if (!icon) return {}
  if (existsSync(icon)) return { icon }
  console.warn(`[shell] no window icon at ${icon} (npm run icons makes it)`)
  return {}
}

/** The one app window: hardened options, shown when its first paint is ready. */
export function createMainWindow(options: { mode: ShellMode; preloadPath: string; devTools: boolean }): BrowserWindow {
  const win = new BrowserWindow({ ...windowOptions(options.preloadPath, { devTools: options.devTools }), ...windowIcon() })
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
