import { describe, expect, it } from 'vitest'
import zhCN from '@renderer/i18n/zh-CN'
import enUS from '@renderer/i18n/en-US'
import { EN_ALLOWED_CJK } from '@renderer/i18n/allowed-cjk'
import { leaves } from './message-leaves'

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/

/** `{name}` placeholders of a message (vue-i18n's named interpolation). */
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()

describe('the zh-CN and en-US messages (src/renderer/src/i18n)', () => {
  const zh = new Map(leaves(zhCN))
  const en = new Map(leaves(enUS))

  it('have the same keys', () => {
    expect([...en.keys()].filter((k) => !zh.has(k)), 'in en-US only').toEqual([])
    expect([...zh.keys()].filter((k) => !en.has(k)), 'in zh-CN only').toEqual([])
  })

  it('are all strings, empty in neither or both,, with the same placeholders in both languages', () => {
    const problems: string[] = []
    for (const [key, value] of zh) {
      const other = en.get(key)
      if (typeof value !== 'string' || typeof other !== 'string') {
        problems.push(`${key}: not a string`)
        continue
      }
      // Empty on purpose only in both languages (a row with nothing to add).
      if ((value.trim() === '') !== (other.trim() === '')) problems.push(`${key}: empty in one language`)
      if (placeholders(value).join() !== placeholders(other).join()) problems.push(`${key}: {${placeholders(value)}} vs {${placeholders(other)}}`)
    }
    expect(problems).toEqual([])
  })

  it('en-US holds no Chinese except the allowed words, each of which is used', () => {
    const offending: string[] = []
    const used = new Set<string>()
    for (const [key, value] of en) {
      let rest = String(value)
      for (const word of EN_ALLOWED_CJK) {
        if (rest.includes(word)) used.add(word)
        rest = rest.split(word).join('')
      }
      if (CJK.test(rest)) offending.push(`${key}: ${String(value)}`)
    }
    expect(offending).toEqual([])
    expect(EN_ALLOWED_CJK.filter((w) => !used.has(w)), 'allowed but never used').toEqual([])
  })

  it('the check itself sees Chinese', () => {
    expect(CJK.test('Top-up 充值')).toBe(true)
    expect(CJK.test('¥1,234.56 · Tier 2 wallet')).toBe(false)
  })
})
