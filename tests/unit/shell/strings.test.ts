import { describe, expect, it } from 'vitest'
import { MAIN_STRINGS, mainStrings } from '../../../src/main/base/strings'
import { LANGUAGES } from '../../../src/shared/contract/constants'

/** Every leaf of a table, functions called with sample arguments, by dotted path. */
function leaves(value: unknown, path = ''): Map<string, string> {
  const out = new Map<string, string>()
  if (typeof value === 'string') out.set(path, value)
  else if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown
    // The refused switches are a list; every other function takes words or a count.
    out.set(path, String(path.endsWith('debugRefusal') ? fn(['--inspect', '--remote-debugging-port']) : fn('ARG', 'ARG2')))
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value))
      for (const [p, v] of leaves(inner, path ? `${path}.${key}` : key)) out.set(p, v)
  }
  return out
}

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/

describe("main's words (src/main/base/strings.ts)", () => {
  it('has a table for every language of the settings, with the same keys', () => {
    expect(Object.keys(MAIN_STRINGS).sort()).toEqual([...LANGUAGES].sort())
    const zh = [...leaves(MAIN_STRINGS['zh-CN']).keys()].sort()
    const en = [...leaves(MAIN_STRINGS['en-US']).keys()].sort()
    expect(en).toEqual(zh)
    expect(zh.length).toBeGreaterThan(60)
  })

  it('has no empty text in either table', () => {
    for (const language of LANGUAGES) {
      for (const [key, text] of leaves(MAIN_STRINGS[language])) expect(text.trim(), `${language} ${key}`).not.toBe('')
    }
  })

  it('writes English without a Chinese character (or full-width punctuation)', () => {
    for (const [key, text] of leaves(MAIN_STRINGS['en-US'])) expect(text, key).not.toMatch(CJK)
  })

  it('writes Chinese in Chinese', () => {
    const zh = MAIN_STRINGS['zh-CN']
    for (const text of [
      zh.tray.open,
      zh.tray.payCode,
      zh.tray.lockNow,
      zh.tray.quit,
      zh.menu.edit,
      zh.dialogs.saveBackup,
      zh.notify.locked,
    ])
      expect(text).toMatch(CJK)
  })

  it('reads an unknown language as Chinese', () => {
    expect(mainStrings(undefined)).toBe(MAIN_STRINGS['zh-CN'])
    expect(mainStrings('fr-FR')).toBe(MAIN_STRINGS['zh-CN'])
    expect(mainStrings('en-US')).toBe(MAIN_STRINGS['en-US'])
  })

  it('names the files main suggests in each language, with their extensions', () => {
    expect(MAIN_STRINGS['zh-CN'].files.backup('20260101-0930')).toBe('工行数字钱包备份-20260101-0930.iwbk')
    expect(MAIN_STRINGS['en-US'].files.backup('20260101-0930')).toBe('icbc-wallet-backup-20260101-0930.iwbk')
    expect(MAIN_STRINGS['zh-CN'].files.recoveryCodes).toBe('工行数字钱包-恢复码.txt')
    expect(MAIN_STRINGS['en-US'].files.recoveryCodes).toBe('icbc-wallet-recovery-codes.txt')
  })
})
