import { describe, expect, it } from 'vitest'
import type { PaymentCompleted } from '@shared/contract/payments'
import { announcesCompletion, completedTitle } from '@renderer/features/payments/notices'
import { i18n } from '@renderer/i18n'

const completed = (patch: Partial<PaymentCompleted>): PaymentCompleted => ({
  txId: 'T1',
  kind: 'topup',
  amountFen: 10_000,
  title: '充值',
  source: 'online',
  ...patch,
})

describe('the notification of a finished payment', () => {
  it('is left to the result panel for a payment made on screen and to 付款码 for a till’s charge', () => {
    expect(announcesCompletion(completed({ source: 'online' }))).toBe(false)
    expect(announcesCompletion(completed({ source: 'paycode', kind: 'payment' }))).toBe(false)
    expect(announcesCompletion(completed({ source: 'outbox' }))).toBe(true)
  })

  it('says what kind of movement finished, in both languages', () => {
    i18n.global.locale.value = 'zh-CN'
    expect(completedTitle(completed({ kind: 'topup' }))).toBe('充值成功')
    expect(completedTitle(completed({ kind: 'withdraw' }))).toBe('提现成功')
    expect(completedTitle(completed({ kind: 'bill' }))).toBe('缴费成功')
    expect(completedTitle(completed({ kind: 'transfer_out' }))).toBe('转账成功')
    i18n.global.locale.value = 'en-US'
    expect(completedTitle(completed({ kind: 'topup' }))).toBe('Top-up completed')
    i18n.global.locale.value = 'zh-CN'
  })
})
