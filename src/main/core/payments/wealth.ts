import type {
  BuyInput,
  RiskAnswersInput,
  RiskAssessment,
  RiskQuestionnaire,
  wealthChannels,
  WealthHoldings,
  WealthProducts,
  RedeemInput,
} from '../../../shared/contract/wealth'
import type { PaymentDone } from '../../../shared/contract/payments'
import type { HandlerMap } from '../../base/handlers'
import type { PaymentContext } from './context'
import { toPaymentDone } from './mapping'
import { checkAmount, checkPayPassword, checkText } from './validate'

/**
 * 理财: the bank's products and 风险测评, purchases and redemptions, and what is held. Suitability is the
 * bank's (RISK_ASSESSMENT_REQUIRED / _EXPIRED, RISK_LEVEL_TOO_LOW with both levels): main passes its
 * refusal on unchanged. Buying and redeeming are online only (no outbox: a purchase depends on the
 * questionnaire and the product at the moment it is made), each under a key chosen before the first
 * attempt and kept until the outcome is known (ctx.post), so pressing again never buys or redeems twice.
 */
export function createWealthService(ctx: PaymentContext) {
  async function products(): Promise<WealthProducts> {
    return ctx.get('wealthProducts')
  }

  async function holdings(): Promise<WealthHoldings> {
    const [held, catalog] = await Promise.all([ctx.get('holdings'), ctx.get('wealthProducts')])
    const productOf = (id: string) => catalog.products.find((p) => p.productId === id)
    return {
      holdings: held.holdings.map((h) => ({
        productId: h.productId,
        name: h.name,
        valueFen: h.valueFen,
        settlementDays: productOf(h.productId)?.settlementDays ?? 0,
        principalFen: h.principalFen,
        risk: productOf(h.productId)?.risk ?? null,
        yesterdayYieldFen: h.yesterdayYieldFen,
        accumulatedYieldFen: h.accumulatedYieldFen,
        history: h.history,
      })),
      redemptions: held.pendingRedemptions.map((r) => ({
        txId: r.txId,
        productId: r.productId,
        name: productOf(r.productId)?.name ?? r.productId,
        amountFen: r.amountFen,
        settlesAt: r.settlesAt,
        settlesOn: r.settlesOn,
      })),
    }
  }

  async function questionnaire(): Promise<RiskQuestionnaire> {
    return ctx.get('riskQuestionnaire')
  }

  /** The answers go as given: the bank scores them and names whatever is missing or unknown. */
  async function assess(input: RiskAnswersInput): Promise<{ assessment: RiskAssessment }> {
    const answers = input.answers.map((a) => ({
      questionId: checkText(a.questionId, 'questionId', 8),
      optionId: checkText(a.optionId, 'optionId', 8),
    }))
    return ctx.post('wealth.assess', 'submitRiskAssessment', { body: { answers } })
  }

  function moneyBody(input: BuyInput | RedeemInput) {
    return {
      productId: checkText(input.productId, 'productId', 64),
      amountFen: checkAmount(input.amountFen),
      payPassword: checkPayPassword(input.payPassword),
    }
  }

  async function buy(input: BuyInput): Promise<PaymentDone> {
    const done = toPaymentDone(await ctx.post('wealth.buy', 'buyWealth', { body: moneyBody(input) }))
    // Not a payment to anyone (no 支付成功 notification, payment.completed); the feed brings the line.
    ctx.deps.sync.nudge()
    return done
  }

  async function redeem(input: RedeemInput): Promise<PaymentDone> {
    const done = toPaymentDone(await ctx.post('wealth.redeem', 'redeemWealth', { body: moneyBody(input) }))
    // Money came in, nothing was paid: no 支付成功 notification (payment.completed); the feed brings the line.
    ctx.deps.sync.nudge()
    return done
  }

  return { products, holdings, questionnaire, assess, buy, redeem }
}

export function wealthHandlers(wealth: () => Promise<ReturnType<typeof createWealthService>>): HandlerMap<typeof wealthChannels> {
  return {
    'wealth.products': async () => (await wealth()).products(),
    'wealth.questionnaire': async () => (await wealth()).questionnaire(),
    'wealth.assess': async (input) => (await wealth()).assess(input),
    'wealth.holdings': async () => (await wealth()).holdings(),
    'wealth.buy': async (input) => (await wealth()).buy(input),
    'wealth.redeem': async (input) => (await wealth()).redeem(input),
  }
}
