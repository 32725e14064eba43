import { BrowserWindow, dialog, shell } from 'electron'
import { createExternalLinkGuard, externalLinkPrompt, type OpenExternalGuarded } from '../external-links'

/**
 * THE way to open anything outside the app. Refuses all but https/mailto/tel, shows the full URL (in
 * the settings' language, read at each prompt) and opens it only if the user chooses 打开.
 */
export function createOpenExternalGuarded(language: () => string): OpenExternalGuarded {
  return createExternalLinkGuard({
    async confirm(url) {
      const parent = BrowserWindow.getFocusedWindow()
      const options = externalLinkPrompt(url, language())
      const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options)
      return response === 0
    },
    open: (url) => shell.openExternal(url),
  })
}
