import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Receipt } from '@shared/contract/payments'
import type { TxRow } from '@renderer/db/replica'
import TxDetailDrawer from '@renderer/features/transactions/TxDetailDrawer.vue'
import { $, mountScreen, ok, settle } from '../payments/screen'
import { at, tx } from './fixtures'

enableAutoUnmount(afterEach)

const SERIAL = '20250601483920175533'
const row = (patch: Partial<TxRow> = {}): TxRow => ({
  ...tx({ occurredAt: at(2025, 6, 1), reference: SERIAL }),
  id: 'tx_Vj9GVRPN55dWT',
  key: 'k1',
  month: '2025-06',
  ...patch,
})

const receipt = (txId: string): Receipt => ({
  reference: SERIAL,
  txId,
  kind: 'payment',
  direction: 'out',
  title: '瑞幸咖啡(国贸店)',
  status: 'succeeded',
  amountFen: 1000,
  discountFen: 0,
  paidFen: 1000,
  account: { nameMasked: '王*', walletNoMasked: '0001********0001', phoneMasked: '138****8000' },
  counterparty: { kind: 'merchant', name: '瑞幸咖啡(国贸店)', account: null },
  channel: 'qr',
  category: 'dining',
  memo: null,
  orderId: null,
  couponId: null,
  createdAt: at(2025, 6, 1),
  updatedAt: at(2025, 6, 1),
  balanceAfterFen: 99_000,
  bankName: '中国工商银行',
  issuedAt: at(2025, 6, 2),
})

describe('交易详情', () => {
  it('shows the bank’s 交易流水号 and opens the 电子回单 of a completed transaction', async () => {
    const { sent } = await mountScreen(
      TxDetailDrawer,
      { 'receipt.get': (input) => ok(receipt((input as { txId: string }).txId)) },
      { modelValue: true, row: row() },
    )
    const drawer = $('tx-detail')!
    expect(drawer.textContent).toContain('交易流水号')
    expect($('detail-reference')!.textContent).toContain(SERIAL)
    expect(drawer.textContent).not.toContain('tx_')
    $('detail-receipt')!.click()
    // The receipt's code is loaded when first asked for.
    await vi.waitFor(() => expect(sent('receipt.get')).toEqual([{ txId: 'tx_Vj9GVRPN55dWT' }]), { timeout: 5_000 })
    await settle()
    expect($('receipt')).not.toBeNull()
    expect($('receipt-reference')!.textContent).toBe(SERIAL)
    expect($('receipt')!.textContent).not.toContain('tx_')
  })

  it('offers no 电子回单 while the transaction is still pending', async () => {
    await mountScreen(TxDetailDrawer, {}, { modelValue: true, row: row({ status: 'pending' }) })
    expect($('tx-detail')).not.toBeNull()
    expect($('detail-receipt')).toBeNull()
  })
})
