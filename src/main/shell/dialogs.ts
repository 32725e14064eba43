import { mainStrings } from '../base/strings'

export type SaveKind = 'backup' | 'recovery-codes' | 'pdf'

/**
 * The save dialog's options for what main saves (src/main/shell/electron/files.ts): title and filter
 * name in the settings' language; a PDF's name always ends in .pdf.
 */
export function saveDialogOptions(kind: SaveKind, suggestedName: string, language?: string) {
  const words = mainStrings(language).dialogs
  switch (kind) {
    case 'recovery-codes':
      return {
        title: words.saveRecoveryCodes,
        defaultPath: suggestedName,
        filters: [{ name: words.textFilter, extensions: ['txt'] }],
      }
    case 'pdf':
      return {
        title: words.exportPdf,
        defaultPath: suggestedName.endsWith('.pdf') ? suggestedName : `${suggestedName}.pdf`,
        filters: [{ name: words.pdfFilter, extensions: ['pdf'] }],
      }
    default:
      return {
        title: words.saveBackup,
        defaultPath: suggestedName,
        filters: [{ name: words.backupFilter, extensions: ['iwbk'] }],
      }
  }
}
