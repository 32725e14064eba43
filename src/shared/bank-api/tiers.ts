/**
 * Wallet tiers after the e-CNY (数字人民币) wallet model: the more the bank knows about the holder, the
 * higher the limits. The caps are configuration: the bank reads them from its config (these are the
 * defaults), the app shows whatever the bank reports.
 *
 * Sources and assumptions (no official ICBC figures are public for this product):
 * - The four tiers and what opens each follow the e-CNY pilot's published wallet classes: 四类 is
 *   anonymous (a mobile number only), 三类 adds a real-name identity check, 二类 adds a bound bank
 *   account, 一类 is opened in person at a counter.
 * - The amounts are those widely reported for the e-CNY app during the 2021–2022 pilots:
 *     四类: balance ¥10,000, per payment ¥2,000, per day ¥5,000, per year ¥50,000
 *     三类: balance ¥20,000, per payment ¥5,000, per day ¥10,000
 *     二类: balance ¥500,000, per payment ¥50,000, per day ¥100,000
 *     一类: no caps
 *   No yearly cap was reported for 三类 and above; `null` means "no cap".
 * - Assumption of this app: caps apply to money leaving the wallet as payments, transfers and bill
 *   payments. Withdrawals to the holder's own card and wealth purchases are not payments and only
 *   need the balance. The balance cap refuses top-ups and incoming transfers that would exceed it;
 *   refunds, yields and redemptions of the holder's own money are never refused.
 */

import { z } from 'zod'

export const WalletTier = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
export type WalletTier = z.infer<typeof WalletTier>

export const WALLET_TIERS: readonly WalletTier[] = [1, 2, 3, 4]

const Cap = z.number().int().nullable()
export const TierCaps = z.object({
  /** Largest single payment, in fen; null = no cap. */
  perTxFen: Cap,
  /** Sum of payments per calendar day (Asia/Shanghai), in fen. */
  dailyFen: Cap,
  /** Sum of payments per calendar year (Asia/Shanghai), in fen. */
  yearlyFen: Cap,
  /** Largest wallet balance, in fen. */
  balanceFen: Cap,
})
export type TierCaps = z.infer<typeof TierCaps>

export type TierCapsConfig = Record<WalletTier, TierCaps>

export const DEFAULT_TIER_CAPS: TierCapsConfig = {
  1: { perTxFen: null, dailyFen: null, yearlyFen: null, balanceFen: null },
  2: { perTxFen: 5_000_000, dailyFen: 10_000_000, yearlyFen: null, balanceFen: 50_000_000 },
  3: { perTxFen: 500_000, dailyFen: 1_000_000, yearlyFen: null, balanceFen: 2_000_000 },
  4: { perTxFen: 200_000, dailyFen: 500_000, yearlyFen: 5_000_000, balanceFen: 1_000_000 },
}

export const TIER_NAMES: Record<WalletTier, { zh: string; en: string }> = {
  1: { zh: '一类钱包', en: 'Tier 1 wallet' },
  2: { zh: '二类钱包', en: 'Tier 2 wallet' },
  3: { zh: '三类钱包', en: 'Tier 3 wallet' },
  4: { zh: '四类钱包', en: 'Tier 4 wallet' },
}

export interface TierFacts {
  /** Opened or upgraded in person at a counter. */
  counterVerified: boolean
  /** Real name and resident ID checked. */
  idVerified: boolean
  /** At least one bank card bound. */
  hasBoundCard: boolean
}

export function tierFor(facts: TierFacts): WalletTier {
  if (facts.counterVerified) return 1
  if (facts.idVerified && facts.hasBoundCard) return 2
  if (facts.idVerified) return 3
  return 4
}

export interface PaymentUsage {
  /** Payments made today, in fen. */
  todayFen: number
  /** Payments made this year, in fen. */
  yearFen: number
  /** Current wallet balance, in fen. */
  balanceFen: number
}

export const RemainingLimits = z.object({
  /** Most that can be paid in one payment right now (the smallest of the per-payment, day and year room); null = no cap. */
  paymentFen: Cap,
  dayFen: Cap,
  yearFen: Cap,
  /** How much more the wallet can receive; null = no cap. */
  receiveFen: Cap,
})
export type RemainingLimits = z.infer<typeof RemainingLimits>

function room(cap: number | null, used: number): number | null {
  return cap === null ? null : Math.max(0, cap - used)
}

function minOf(values: (number | null)[]): number | null {
  const capped = values.filter((v): v is number => v !== null)
  return capped.length === 0 ? null : Math.min(...capped)
}

export function remainingLimits(caps: TierCaps, usage: PaymentUsage): RemainingLimits {
  const dayFen = room(caps.dailyFen, usage.todayFen)
  const yearFen = room(caps.yearlyFen, usage.yearFen)
  return {
    paymentFen: minOf([caps.perTxFen, dayFen, yearFen]),
    dayFen,
    yearFen,
    receiveFen: room(caps.balanceFen, usage.balanceFen),
  }
}

export type CapExceeded = 'PER_TX' | 'DAILY' | 'YEARLY' | 'BALANCE'

/** Which cap (if any) a payment of `amountFen` would break. */
export function paymentCapExceeded(caps: TierCaps, usage: PaymentUsage, amountFen: number): CapExceeded | undefined {
  if (caps.perTxFen !== null && amountFen > caps.perTxFen) return 'PER_TX'
  if (caps.dailyFen !== null && usage.todayFen + amountFen > caps.dailyFen) return 'DAILY'
  if (caps.yearlyFen !== null && usage.yearFen + amountFen > caps.yearlyFen) return 'YEARLY'
  return undefined
}

/** Whether receiving `amountFen` would take the balance over the cap. */
export function balanceCapExceeded(caps: TierCaps, balanceFen: number, amountFen: number): boolean {
  return caps.balanceFen !== null && balanceFen + amountFen > caps.balanceFen
}
