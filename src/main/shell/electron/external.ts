import { BrowserWindow, dialog, shell } from 'electron'
import { createExternalLinkGuard, externalLinkPrompt } from '../external-links'

/**
 * THE way to open anything outside the app. Refuses all but https/mailto/tel, shows the full URL and
 * opens it only if the user chooses 打开.
 */
export const openExternalGuarded = createExternalLinkGuard({
  async confirm(url) {
    const parent = BrowserWindow.getFocusedWindow()
    const options = externalLinkPrompt(url)
    const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options)
    return response === 0
  },
  open: (url) => shell.openExternal(url),
})
