import { z } from 'zod'
import { Usage } from '../bank-api/domain'
import { RemainingLimits } from '../bank-api/tiers'
import { channel } from './define'
import { WalletProfile } from './activation'

export const WalletSummary = z.object({
  profile: WalletProfile,
  balanceFen: z.number().int(),
  /**
   * 理财: every holding at its value and every redemption on its way to the wallet; null when not known
   * (a summary kept by a version that did not ask). 总资产 on 首页 is balanceFen + wealthFen.
   */
  wealthFen: z.number().int().nonnegative().nullable(),
  /** Spent today and this year, counted against the tier's caps. */
  usage: Usage,
  /** What may still be paid: this payment, today, this year (null = no cap). */
  remaining: RemainingLimits,
  payPasswordLockedUntil: z.number().nullable(),
  /** When the bank said so; an offline answer is the last one kept. */
  asOf: z.number(),
  stale: z.boolean(),
})
export type WalletSummary = z.infer<typeof WalletSummary>

export const walletChannels = {
  /** Balance, tier and limits: from the bank when it answers, else the last answer kept on this computer. */
  'wallet.summary': channel(z.void(), WalletSummary),
}
