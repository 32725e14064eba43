import { z } from 'zod'
import { DailyYield, RiskGrade, WealthProduct } from '../bank-api/domain'
import { RiskAssessment, RiskQuestion } from '../bank-api/bodies'
import { channel } from './define'
import { PaymentDone } from './payments'
import { Secret, Text } from './text'

/**
 * 理财 (src/main/core/payments/wealth.ts): the bank's products, its 风险测评 (the questions, the customer's
 * level C1–C5 and when it expires), purchases and redemptions online under an idempotency key kept
 * until the outcome is known, and what is held with its daily yield; 注销 needs holdings and
 * redemptions both empty.
 */
export const WealthHolding = z.object({
  productId: z.string(),
  name: z.string(),
  /** What a full redemption pays: principal and yield. */
  valueFen: z.number().int().nonnegative(),
  /** Business days until a redemption reaches the wallet: 0 = at once (T+0), 1 = T+1. */
  settlementDays: z.number().int().nonnegative(),
  principalFen: z.number().int().nonnegative(),
  risk: RiskGrade.nullable(),
  /** 昨日收益 and 累计收益 (everything earned since the holding opened), by the bank. */
  yesterdayYieldFen: z.number().int().nonnegative(),
  accumulatedYieldFen: z.number().int().nonnegative(),
  /** Daily yield, oldest first, up to 30 days: the chart. */
  history: z.array(DailyYield),
})
export type WealthHolding = z.infer<typeof WealthHolding>

export const PendingRedemption = z.object({
  txId: z.string(),
  productId: z.string(),
  name: z.string(),
  amountFen: z.number().int(),
  settlesAt: z.number(),
  /** The business day it reaches the wallet, 'YYYY-MM-DD' (UTC+8). */
  settlesOn: z.string(),
})
export type PendingRedemption = z.infer<typeof PendingRedemption>

export const WealthHoldings = z.object({
  holdings: z.array(WealthHolding),
  redemptions: z.array(PendingRedemption),
})
export type WealthHoldings = z.infer<typeof WealthHoldings>

export const WealthProducts = z.object({ products: z.array(WealthProduct) })
export type WealthProducts = z.infer<typeof WealthProducts>
export type { WealthProduct, RiskAssessment, RiskQuestion, DailyYield }

export const RiskQuestionnaire = z.object({ questions: z.array(RiskQuestion), assessment: RiskAssessment.nullable() })
export type RiskQuestionnaire = z.infer<typeof RiskQuestionnaire>

export const RiskAnswersInput = z.object({
  answers: z.array(z.object({ questionId: Text(8).min(1), optionId: Text(8).min(1) })).max(20),
})
export type RiskAnswersInput = z.infer<typeof RiskAnswersInput>

export const RedeemInput = z.object({ productId: Text(64).min(1), amountFen: z.number(), payPassword: Secret(16) })
export type RedeemInput = z.infer<typeof RedeemInput>
export const BuyInput = RedeemInput
export type BuyInput = z.infer<typeof BuyInput>

export const wealthChannels = {
  'wealth.products': channel(z.void(), WealthProducts),
  /** 风险测评: the questions and the customer's current result (null before the first). */
  'wealth.questionnaire': channel(z.void(), RiskQuestionnaire),
  /** Takes (or retakes) the questionnaire; the bank scores it. */
  'wealth.assess': channel(RiskAnswersInput, z.object({ assessment: RiskAssessment })),
  'wealth.holdings': channel(z.void(), WealthHoldings),
  /** Buys at the bank now (no outbox): the key is kept and looked up when the answer is lost. */
  'wealth.buy': channel(BuyInput, PaymentDone),
  /** Redeems at the bank now (no outbox): the key is kept and looked up when the answer is lost. */
  'wealth.redeem': channel(RedeemInput, PaymentDone),
}
