import type { PaymentDone, WealthHoldings } from '@shared/contract'
import { call } from '@renderer/api/client'

/** 理财 holdings and the redemptions on their way back (注销 needs both empty). */
export function loadHoldings(): Promise<WealthHoldings> {
  return call('wealth.holdings')
}

/** 赎回 a holding: at the bank now, under a key main keeps until the outcome is known. */
export function redeemHolding(productId: string, amountFen: number, payPassword: string): Promise<PaymentDone> {
  return call('wealth.redeem', { productId, amountFen, payPassword })
}
