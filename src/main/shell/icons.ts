import { join } from 'node:path'

/**
 * Which icon files the window and the tray load, per platform. Pure (no electron import): the files come
 * from `npm run icons` (scripts/icons.ts renders them from build/icon.svg into build/generated/app), and
 * electron-builder.yml's extraResources copies that folder to `<resources>/icons` in an installed app.
 */

/** The files of the app's icon folder (scripts/icons.ts writes exactly these; the packaging test checks). */
export const APP_ICON_FILES = {
  windowPng: 'icon.png',
  windowIco: 'icon.ico',
  tray16: 'tray-16.png',
  tray32: 'tray-32.png',
  /** macOS: a template image, black with alpha; Electron loads trayTemplate@2x.png beside it on Retina. */
  trayTemplate: 'trayTemplate.png',
  trayTemplate2x: 'trayTemplate@2x.png',
} as const

export interface AppIconPaths {
  /**
   * BrowserWindow's `icon`. Undefined on macOS, where the window takes the bundle's icon.icns (mac.icon in
   * electron-builder.yml) and the option is ignored.
   */
  window: string | undefined
  /** The tray's image: an .ico on Windows, the menu bar's template image on macOS, a 32 px PNG on Linux. */
  tray: string
}

export function appIconPaths(platform: NodeJS.Platform, iconsDir: string): AppIconPaths {
  switch (platform) {
    case 'darwin':
      return { window: undefined, tray: join(iconsDir, APP_ICON_FILES.trayTemplate) }
    case 'win32':
      // Windows picks the size it needs from the .ico (16 in the tray, 32/48 in the taskbar and Alt+Tab).
      return { window: join(iconsDir, APP_ICON_FILES.windowIco), tray: join(iconsDir, APP_ICON_FILES.windowIco) }
    default:
      // Linux and the rest: PNGs; 256 px for the window (docks scale it down), 32 px for the tray's area.
      return { window: join(iconsDir, APP_ICON_FILES.windowPng), tray: join(iconsDir, APP_ICON_FILES.tray32) }
  }
}

/**
 * Where the icon folder is: `<resources>/icons` in an installed app (extraResources), the generated folder
 * in a checkout (`npm start` and `npm run dev` run `npm run icons` first).
 */
export function appIconsDir(where: { isPackaged: boolean; resourcesPath: string; appPath: string }): string {
  return where.isPackaged ? join(where.resourcesPath, 'icons') : join(where.appPath, 'build', 'generated', 'app')
}
