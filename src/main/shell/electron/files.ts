import type { BrowserWindow } from 'electron'
import { dialog } from 'electron'
import { writeFileAtomic } from '../../platform/vault'
import type { BackupFiles } from '../../core/backup'
import { saveDialogOptions } from '../dialogs'

/**
 * Backups (and the two-factor recovery codes) are saved where the user says, through the system's save
 * dialog; titles and filter names in the settings' language, read at each dialog (src/main/shell/dialogs.ts).
 */
export function electronBackupFiles(window: () => BrowserWindow | undefined, language: () => string): BackupFiles {
  return {
    async save(bytes, suggestedName, kind = 'backup') {
      const options = saveDialogOptions(kind, suggestedName, language())
      const parent = window()
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options)
      if (result.canceled || !result.filePath) return { kind: 'cancelled' }
      await writeFileAtomic(result.filePath, bytes)
      return { kind: 'saved', path: result.filePath }
    },
    async printToPdf(suggestedName) {
      const win = window()
      if (!win) return { kind: 'cancelled' }
      // The page's print stylesheet decides what is printed (for a receipt: the receipt only).
      const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' })
      const result = await dialog.showSaveDialog(win, saveDialogOptions('pdf', suggestedName, language()))
      if (result.canceled || !result.filePath) return { kind: 'cancelled' }
      await writeFileAtomic(result.filePath, pdf)
      return { kind: 'saved', path: result.filePath }
    },
  }
}
