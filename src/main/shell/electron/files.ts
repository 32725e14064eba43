import type { BrowserWindow} from 'electron';
import { dialog } from 'electron'
import { writeFileAtomic } from '../../platform/vault'
import type { BackupFiles } from '../../core/backup'

/** Backups (and the two-factor recovery codes) are saved where the user says, through the system's save dialog. */
export function electronBackupFiles(window: () => BrowserWindow | undefined): BackupFiles {
  return {
    async save(bytes, suggestedName, kind = 'backup') {
      const options =
        kind === 'recovery-codes'
          ? { title: '保存恢复码', defaultPath: suggestedName, filters: [{ name: '文本文件', extensions: ['txt'] }] }
          : { title: '保存备份文件', defaultPath: suggestedName, filters: [{ name: '工行数字钱包备份', extensions: ['iwbk'] }] }
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
      const result = await dialog.showSaveDialog(win, {
        title: '导出 PDF',
        defaultPath: suggestedName.endsWith('.pdf') ? suggestedName : `${suggestedName}.pdf`,
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      })
      if (result.canceled || !result.filePath) return { kind: 'cancelled' }
      await writeFileAtomic(result.filePath, pdf)
      return { kind: 'saved', path: result.filePath }
    },
  }
}
