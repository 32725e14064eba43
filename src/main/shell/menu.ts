/**
 * The application menu: minimal, in Chinese, with reload and dev tools only where dev tools are
 * allowed (unpackaged builds). Plain data, turned into a Menu by the Electron glue.
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

export function appMenuTemplate(options: { platform: NodeJS.Platform; appName: string; devTools: boolean }): MenuItemSpec[] {
  const mac = options.platform === 'darwin'
  const menu: MenuItemSpec[] = []
  if (mac) {
    menu.push({
      label: options.appName,
      submenu: [
        { role: 'about', label: `关于${options.appName}` },
        separator,
        { role: 'hide', label: `隐藏${options.appName}` },
        { role: 'hideOthers', label: '隐藏其他' },
        { role: 'unhide', label: '全部显示' },
        separator,
        { role: 'quit', label: `退出${options.appName}` },
      ],
    })
  }
  menu.push({
    label: '编辑',
    submenu: [
      { role: 'undo', label: '撤销' },
      { role: 'redo', label: '重做' },
      separator,
      { role: 'cut', label: '剪切' },
      { role: 'copy', label: '复制' },
      { role: 'paste', label: '粘贴' },
      { role: 'selectAll', label: '全选' },
    ],
  })
  const view: MenuItemSpec[] = [
    { role: 'resetZoom', label: '实际大小' },
    { role: 'zoomIn', label: '放大' },
    { role: 'zoomOut', label: '缩小' },
    separator,
    { role: 'togglefullscreen', label: '全屏' },
  ]
  if (options.devTools) {
    view.push(
      separator,
      { role: 'reload', label: '重新加载' },
      { role: 'forceReload', label: '强制重新加载' },
      { role: 'toggleDevTools', label: '开发者工具' },
    )
  }
  menu.push({ label: '视图', submenu: view })
  menu.push({
    label: '窗口',
    submenu: mac
      ? [
          { role: 'minimize', label: '最小化' },
          { role: 'zoom', label: '缩放' },
          separator,
          { role: 'front', label: '前置全部窗口' },
        ]
      : [{ role: 'minimize', label: '最小化' }, { role: 'close', label: '关闭' }, separator, { role: 'quit', label: '退出' }],
  })
  return menu
}
