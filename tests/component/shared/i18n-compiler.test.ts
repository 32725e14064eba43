import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { i18n } from '@renderer/i18n'
import { messageCompiler } from '@renderer/i18n/compiler'
import zhCN from '@renderer/i18n/zh-CN'
import enUS from '@renderer/i18n/en-US'
import a11yZh from '@renderer/i18n/a11y.zh-CN'
import a11yEn from '@renderer/i18n/a11y.en-US'
import { leaves } from './message-leaves'

/** The same catalogues through vue-i18n's own compiler only. */
const reference = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': { ...zhCN, a11y: a11yZh }, 'en-US': { ...enUS, a11y: a11yEn } },
})

describe('the message compiler of src/renderer/src/i18n/compiler.ts', () => {
  it('renders every message of both languages exactly as vue-i18n compiles it', () => {
    const app = i18n.global
    const ref = reference.global
    const before = app.locale.value
    let plain = 0
    let checked = 0
    try {
      for (const language of ['zh-CN', 'en-US'] as const) {
        app.locale.value = language
        ref.locale.value = language
        const tree = language === 'zh-CN' ? { ...zhCN, a11y: a11yZh } : { ...enUS, a11y: a11yEn }
        for (const [key, value] of leaves(tree)) {
          const text = String(value)
          if (!/[{}@|]/.test(text)) plain++
          const params = Object.fromEntries([...text.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], `‹${m[1]}›`]))
          for (const n of [0, 1, 2]) {
            expect(app.t(key, { n, count: n, ...params }), `${language} ${key}`).toBe(ref.t(key, { n, count: n, ...params }))
          }
          checked++
        }
      }
    } finally {
      app.locale.value = before
    }
    // Most messages take the quick way; the comparison above covers both ways.
    expect(plain).toBeGreaterThan(checked / 2)
  })

  it('gives plain text back as it is and compiles the rest', () => {
    const ctx = { type: 'text', normalize: (parts: unknown[]) => parts.join('') } as never
    const compileContext = { locale: 'zh-CN', key: 'k', onError: () => {} } as never
    expect(messageCompiler('转账 · 已完成 ', compileContext)(ctx)).toBe('转账 · 已完成 ')
    // The same function for the same text, made once.
    expect(messageCompiler('已保存', compileContext)).toBe(messageCompiler('已保存', compileContext))
    const local = createI18n({ legacy: false, locale: 'zh-CN', messageCompiler, messages: { 'zh-CN': { a: '共 {n} 笔', b: '无 | 一笔 | {n} 笔', c: '见 @:a', d: "邮箱 {'@'} 银行" } } })
    expect(local.global.t('a', { n: 3 })).toBe('共 3 笔')
    expect(local.global.t('b', 2)).toBe('2 笔')
    expect(local.global.t('c', { n: 5 })).toBe('见 共 5 笔')
    expect(local.global.t('d')).toBe('邮箱 @ 银行')
  })
})
