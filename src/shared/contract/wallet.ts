import { z } from 'zod'
import { channel } from './define'
import { WalletProfile } from './activation'

const NullableFen = z.number().int().nullable()

export const WalletSummary = z.object({
  profile: WalletProfile,
  balanceFen: z.number().int(),
  /** Spent today and this year, counted against the tier's caps. */
  usage: z.object({ todayFen: z.number().int(), yearFen: z.number().int() }),
  /** What may still be paid: this payment, today, this year (null = no cap). */
  remaining: z.object({ paymentFen: NullableFen, dayFen: NullableFen, yearFen: NullableFen, receiveFen: NullableFen }),
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
