import { mainStrings } from '../base/strings'

/**
 * The application menu: minimal, in the settings' language (rebuilt when it changes), with reload and
 * dev tools only where dev tools are allowed (unpackaged builds). Plain data, turned into a Menu by
 * the Electron glue (src/main/shell/electron/app-menu.ts).
 */

export type MenuRole =
  | 'about'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'close'
  | 'front'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'

export interface MenuItemSpec {
  label?: string
  role?: MenuRole
  type?: 'separator'
  submenu?: MenuItemSpec[]
}

const separator: MenuItemSpec = { type: 'separator' }

export function appMenuTemplate(options: {
  platform: NodeJS.Platform
  devTools: boolean
  /** The settings' language (src/main/base/strings.ts); Chinese unless English is chosen. */
  language?: string
  /** The app's name in the macOS app menu; the language's own name for the app unless given. */
  appName?: string
}): MenuItemSpec[] {
  const mac = options.platform === 'darwin'
  const words = mainStrings(options.language)
  const m = words.menu
  const appName = options.appName ?? words.appName
  const menu: MenuItemSpec[] = []
  if (mac) {
    menu.push({
      label: appName,
      submenu: [
        { role: 'about', label: m.about(appName) },
        separator,
        { role: 'hide', label: m.hide(appName) },
        { role: 'hideOthers', label: m.hideOthers },
        { role: 'unhide', label: m.unhide },
        separator,
        { role: 'quit', label: m.quitApp(appName) },
      ],
    })
  }
  menu.push({
    label: m.edit,
    submenu: [
      { role: 'undo', label: m.undo },
      { role: 'redo', label: m.redo },
      separator,
      { role: 'cut', label: m.cut },
      { role: 'copy', label: m.copy },
      { role: 'paste', label: m.paste },
      { role: 'selectAll', label: m.selectAll },
    ],
  })
  const view: MenuItemSpec[] = [
    { role: 'resetZoom', label: m.resetZoom },
    { role: 'zoomIn', label: m.zoomIn },
    { role: 'zoomOut', label: m.zoomOut },
    separator,
    { role: 'togglefullscreen', label: m.fullscreen },
  ]
  if (options.devTools) {
    view.push(
      separator,
      { role: 'reload', label: m.reload },
      { role: 'forceReload', label: m.forceReload },
      { role: 'toggleDevTools', label: m.devTools },
    )
  }
  menu.push({ label: m.view, submenu: view })
  menu.push({
    label: m.window,
    submenu: mac
      ? [{ role: 'minimize', label: m.minimize }, { role: 'zoom', label: m.zoom }, separator, { role: 'front', label: m.front }]
      : [{ role: 'minimize', label: m.minimize }, { role: 'close', label: m.close }, separator, { role: 'quit', label: m.quit }],
  })
  return menu
}
