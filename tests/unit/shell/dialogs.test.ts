import { describe, expect, it } from 'vitest'
import { saveDialogOptions } from '../../../src/main/shell/dialogs'

describe('the save dialogs main opens', () => {
  it('in Chinese by default', () => {
    expect(saveDialogOptions('backup', 'b.iwbk')).toEqual({
      title: '保存备份文件',
      defaultPath: 'b.iwbk',
      filters: [{ name: '工行数字钱包备份', extensions: ['iwbk'] }],
    })
    expect(saveDialogOptions('recovery-codes', 'c.txt', 'zh-CN')).toEqual({
      title: '保存恢复码',
      defaultPath: 'c.txt',
      filters: [{ name: '文本文件', extensions: ['txt'] }],
    })
    expect(saveDialogOptions('pdf', '电子回单', 'zh-CN')).toEqual({
      title: '导出 PDF',
      defaultPath: '电子回单.pdf',
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    })
  })

  it('in English when that is the language', () => {
    expect(saveDialogOptions('backup', 'b.iwbk', 'en-US')).toMatchObject({
      title: 'Save backup file',
      filters: [{ name: 'ICBC Digital Wallet backup', extensions: ['iwbk'] }],
    })
    expect(saveDialogOptions('recovery-codes', 'c.txt', 'en-US')).toMatchObject({
      title: 'Save recovery codes',
      filters: [{ name: 'Text file', extensions: ['txt'] }],
    })
    expect(saveDialogOptions('pdf', 'receipt.pdf', 'en-US')).toMatchObject({ title: 'Export PDF', defaultPath: 'receipt.pdf' })
  })
})
