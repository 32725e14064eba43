import { z } from 'zod'
import { channel } from './define'
import { PaymentDone } from './payments'
import { Secret, Text } from './text'

/**
 * 理财 as far as the wallet needs it now: what is held and what is on its way back (for 注销, which
 * needs both empty), and a redemption (赎回) online under an idempotency key (src/main/core/payments/wealth.ts).
 */
export const WealthHolding = z.object({
  productId: z.string(),
  name: z.string(),
  /** What a full redemption pays: principal and yield. */
  valueFen: z.number().int().nonnegative(),
  /** Days until a redemption reaches the wallet: 0 = at once. */
  settlementDays: z.number().int().nonnegative(),
})
export type WealthHolding = z.infer<typeof WealthHolding>

export const WealthHoldings = z.object({
  holdings: z.array(WealthHolding),
  redemptions: z.array(z.object({ productId: z.string(), name: z.string(), amountFen: z.number().int(), settlesAt: z.number() })),
})
export type WealthHoldings = z.infer<typeof WealthHoldings>

export const RedeemInput = z.object({ productId: Text(64).min(1), amountFen: z.number(), payPassword: Secret(16) })
export type RedeemInput = z.infer<typeof RedeemInput>

export const wealthChannels = {
  'wealth.holdings': channel(z.void(), WealthHoldings),
  /** Redeems at the bank now (no outbox): the key is kept and looked up when the answer is lost. */
  'wealth.redeem': channel(RedeemInput, PaymentDone),
}
