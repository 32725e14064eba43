import { Menu } from 'electron'
import { appMenuTemplate } from '../menu'

/** The application menu in the settings' language (src/main/shell/menu.ts); installed again when it changes. */
export function installAppMenu(devTools: boolean, language: string): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, devTools, language })))
}
