import { describe, expect, it } from 'vitest'
import type { PaymentCompleted } from '@shared/contract/payments'
import { announcesCompletion, completedTitle } from '@renderer/features/payments/notices'
import { outboxWhat } from '@renderer/features/payments/outbox'
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

describe('a queued payment on the password sheet', () => {
  it('is said the way its own screen says it', () => {
    i18n.global.locale.value = 'zh-CN'
    expect(outboxWhat({ kind: 'topup', counterparty: '工商银行(4562)' })).toBe('从 工商银行(4562) 充值到钱包')
    expect(outboxWhat({ kind: 'withdraw', counterparty: '工商银行(4562)' })).toBe('从钱包提现到 工商银行(4562)')
    expect(outboxWhat({ kind: 'transfer.wallet', counterparty: '李*' })).toBe('向 李* 转账')
    expect(outboxWhat({ kind: 'bill.pay', counterparty: '北京市自来水集团' })).toBe('向 北京市自来水集团 缴费')
  })
})
