import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { PaymentQueued } from '@shared/contract/payments'
import PaymentOutcome from '@renderer/features/payments/components/PaymentOutcome.vue'
import { done, mountScreen } from './screen'

enableAutoUnmount(afterEach)

const queued = (status?: PaymentQueued['status']): PaymentQueued => ({
  queued: true,
  outboxId: 'O1',
  kind: 'transfer.wallet',
  amountFen: 3333,
  ...(status ? { status } : {}),
})

describe('PaymentOutcome', () => {
  it('shows a payment done at the bank with the balance after and its receipt', async () => {
    const { wrapper } = await mountScreen(
      PaymentOutcome,
      {},
      { result: done({ discountFen: 200, paidFen: 1800 }), title: '付款成功' },
    )
    expect(wrapper.get('[data-testid="pay-outcome-title"]').text()).toBe('付款成功')
    expect(wrapper.get('[data-testid="pay-outcome-amount"]').text()).toBe('¥18.00')
    expect(wrapper.get('[data-testid="pay-outcome-balance"]').text()).toBe('¥980.00')
    expect(wrapper.text()).toContain('¥2.00')
    expect(wrapper.find('[data-testid="pay-outcome-receipt"]').exists()).toBe(true)
  })

  it.each([
    [undefined, 'unsent', '已加入待发送队列，联网后自动发送'],
    ['unsent' as const, 'unsent', '已加入待发送队列，联网后自动发送'],
    ['processing' as const, 'processing', '处理中：银行可能已收到这笔付款，正在确认结果'],
    ['needs-confirmation' as const, 'needs-confirmation', '需要确认：银行已不再保留这笔付款首次提交的记录'],
  ])('shows a payment not done yet (%s) as what it is, with 账单 to follow it', async (status, shown, text) => {
    const { wrapper } = await mountScreen(PaymentOutcome, {}, { result: queued(status), title: '转账成功' })
    const title = wrapper.get('[data-testid="pay-outcome-queued"]')
    expect(title.attributes('data-status')).toBe(shown)
    expect(title.text()).toBe(text)
    expect(wrapper.text()).toContain('¥33.33')
    expect(wrapper.find('[data-testid="pay-outcome-history"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="pay-outcome-receipt"]').exists()).toBe(false)
  })
})

describe('PaymentOutcome: who paid and who got it, per kind of movement', () => {
  it.each([
    ['topup' as const, { from: '工商银行 6222 **** 4562', to: '我的钱包' }],
    ['withdraw' as const, { from: '我的钱包', to: '工商银行 6222 **** 4562' }],
    ['payment' as const, { merchant: '工商银行 6222 **** 4562' }],
    ['bill' as const, { biller: '工商银行 6222 **** 4562' }],
    ['transfer_out' as const, { payee: '工商银行 6222 **** 4562' }],
  ])('%s', async (kind, rows) => {
    const counterparty = { kind: 'card' as const, name: '工商银行', account: '6222 **** 4562' }
    const { wrapper } = await mountScreen(PaymentOutcome, {}, { result: done({ kind, counterparty }), title: '完成' })
    for (const [key, value] of Object.entries(rows))
      expect(wrapper.get(`[data-testid="pay-outcome-${key}"]`).text()).toBe(value)
    const shown = wrapper.findAll('dd[data-testid^="pay-outcome-"]').map((d) => d.attributes('data-testid'))
    expect(shown.filter((id) => id !== 'pay-outcome-balance')).toEqual(Object.keys(rows).map((k) => `pay-outcome-${k}`))
  })
})
