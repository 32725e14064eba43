import { afterEach, describe, expect, it } from 'vitest'
import { i18n, setLocale } from '@renderer/i18n'
import { formatDate, formatDateTime, formatDayTime, formatMonth, formatWhen } from '@renderer/i18n/format'
import { keyStoreName, tierName } from '@renderer/i18n/names'
import { useTxLabels } from '@renderer/features/transactions/labels'
import { shortDateTime } from '@renderer/features/transactions/format'

// Local times (the helpers format in the computer's zone), fixed dates: never today's.
const at = new Date(2026, 11, 4, 7, 46, 5).getTime()
const now = new Date(2026, 11, 20, 12, 0, 0).getTime()
const lastYear = new Date(2025, 2, 9, 18, 5, 0).getTime()

afterEach(() => setLocale('zh-CN'))

describe('dates in the language of the screen (src/renderer/src/i18n/format.ts)', () => {
  it('Chinese keeps its forms', () => {
    expect(formatDate(at, 'zh-CN')).toBe('2026-12-04')
    expect(formatDayTime(at, 'zh-CN')).toBe('12-04 07:46')
    expect(formatDateTime(at, 'zh-CN')).toBe('2026-12-04 07:46:05')
    expect(formatWhen(at, 'zh-CN', now)).toBe('12月4日 07:46')
    expect(formatWhen(lastYear, 'zh-CN', now)).toBe('2025年3月9日 18:05')
    expect(formatMonth('2026-12', 'zh-CN')).toBe('2026年12月')
  })

  it('English uses the en-US forms, 24-hour', () => {
    expect(formatDate(at, 'en-US')).toBe('Dec 4, 2026')
    expect(formatDayTime(at, 'en-US')).toBe('Dec 4, 07:46')
    expect(formatDateTime(at, 'en-US')).toBe('Dec 4, 2026, 07:46:05')
    expect(formatWhen(at, 'en-US', now)).toBe('Dec 4, 07:46')
    expect(formatWhen(lastYear, 'en-US', now)).toBe('Mar 9, 2025, 18:05')
    expect(formatMonth('2026-12', 'en-US')).toBe('Dec 2026')
  })

  it('today is the time alone in both', () => {
    const later = new Date(2026, 11, 4, 23, 0).getTime()
    expect(formatWhen(at, 'zh-CN', later)).toBe('07:46')
    expect(formatWhen(at, 'en-US', later)).toBe('07:46')
  })

  it('follow the language setting when none is given', () => {
    setLocale('en-US')
    expect(formatDate(at)).toBe('Dec 4, 2026')
    expect(shortDateTime(at)).toBe('Dec 4, 07:46')
    setLocale('zh-CN')
    expect(formatDate(at)).toBe('2026-12-04')
    expect(shortDateTime(at)).toBe('12-04 07:46')
  })
})

describe('names main sends in Chinese, said in the screen language (src/renderer/src/i18n/names.ts)', () => {
  it('wallet tiers by number', () => {
    expect(tierName(2)).toBe('二类钱包')
    setLocale('en-US')
    expect(tierName(2)).toBe('Tier 2 wallet')
    expect(tierName(4)).toBe('Tier 4 wallet')
  })

  it('where the keys are kept: main’s label in Chinese, the kind and a detail without Chinese in English', () => {
    const linux = { storeKind: 'keychain', storeLabel: '系统钥匙串 (libsecret)' } as const
    const mac = { storeKind: 'safeStorage', storeLabel: 'Electron safeStorage (macOS 钥匙串)' } as const
    expect(keyStoreName(linux)).toBe('系统钥匙串 (libsecret)')
    setLocale('en-US')
    expect(keyStoreName(linux)).toBe('System keychain (libsecret)')
    expect(keyStoreName(mac)).toBe('Electron safeStorage')
    expect(keyStoreName({ storeKind: 'passphrase', storeLabel: '主密码' })).toBe('Master passphrase')
  })

  it('a transaction’s title: the bank’s in Chinese, the type (or the merchant) in English', () => {
    const labels = useTxLabels()
    const topup = { type: 'topup', title: '充值', counterparty: '工商银行(4562)' } as const
    const paid = { type: 'payment', title: '万达影城 订单', counterparty: '万达影城' } as const
    const bill = { type: 'bill', title: '深圳燃气 2026-12', counterparty: '深圳燃气' } as const
    expect(labels.title(topup)).toBe('充值')
    expect(labels.title(paid)).toBe('万达影城 订单')
    i18n.global.locale.value = 'en-US'
    expect(labels.title(topup)).toBe('Top-up')
    expect(labels.title({ type: 'wealth_buy', title: '买入工银现金快线', counterparty: '工银现金快线' })).toBe('Wealth purchase')
    expect(labels.title(paid)).toBe('万达影城')
    expect(labels.title(bill)).toBe('深圳燃气 2026-12')
  })
})
