import { Menu, nativeImage, Tray, type NativeImage } from 'electron'
import type { TrayItemId, TrayItemSpec } from '../tray'

export interface TrayHandle {
  /** Puts a new menu and tooltip in place (the language or the wallet's state changed). */
  update(menu: TrayItemSpec[], tooltip: string): void
  destroy(): void
}

function iconFrom(iconPath: string | undefined): NativeImage {
  const image = iconPath ? nativeImage.createFromPath(iconPath) : nativeImage.createEmpty()
  if (image.isEmpty()) console.warn(`[shell] tray icon ${iconPath ? 'unreadable' : 'not given'}: the tray shows an empty image`)
  return image
}

/**
 * The tray icon and its menu, built from the pure spec (src/main/shell/tray.ts). A click on the icon
 * itself (Windows, Linux) opens the wallet; macOS opens the menu, as its menu-bar items do.
 */
export function createTray(options: {
  /** The icon file for this platform (src/main/shell/icons.ts); an empty image when missing. */
  iconPath: string | undefined
  menu: TrayItemSpec[]
  tooltip: string
  onItem(item: TrayItemId): void
}): TrayHandle {
  const tray = new Tray(iconFrom(options.iconPath))
  const apply = (menu: TrayItemSpec[], tooltip: string) => {
    tray.setToolTip(tooltip)
    tray.setContextMenu(
      Menu.buildFromTemplate(
        menu.map((item) =>
          item.type === 'separator'
            ? { type: 'separator' as const }
            : {
                id: item.id,
                label: item.label,
                enabled: item.enabled !== false,
                click: () => item.id && options.onItem(item.id),
              },
        ),
      ),
    )
  }
  apply(options.menu, options.tooltip)
  if (process.platform !== 'darwin') tray.on('click', () => options.onItem('open'))
  return {
    update: apply,
    destroy: () => tray.destroy(),
  }
}
