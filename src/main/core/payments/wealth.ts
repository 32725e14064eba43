import type { wealthChannels, WealthHoldings, RedeemInput } from '../../../shared/contract/wealth'
import type { PaymentDone } from '../../../shared/contract/payments'
import type { HandlerMap } from '../../base/handlers'
import type { PaymentContext } from './context'
import { toPaymentDone } from './mapping'
import { checkAmount, checkPayPassword, checkText } from './validate'

/** 理财: holdings and redemptions, as 注销 needs them (src/main/core/deregister.ts). */
export function createWealthService(ctx: PaymentContext) {
  async function holdings(): Promise<WealthHoldings> {
    const [held, products] = await Promise.all([ctx.get('holdings'), ctx.get('wealthProducts')])
    const productOf = (id: string) => products.products.find((p) => p.productId === id)
    return {
      holdings: held.holdings.map((h) => ({
        productId: h.productId,
        name: h.name,
        valueFen: h.valueFen,
        settlementDays: productOf(h.productId)?.settlementDays ?? 0,
      })),
      redemptions: held.pendingRedemptions.map((r) => ({
        productId: r.productId,
        name: productOf(r.productId)?.name ?? r.productId,
        amountFen: r.amountFen,
        settlesAt: r.settlesAt,
      })),
    }
  }

  /** Online only, under a key kept until the outcome is known (ctx.post): pressing again never redeems twice. */
  async function redeem(input: RedeemInput): Promise<PaymentDone> {
    const body = {
      productId: checkText(input.productId, 'productId', 64),
      amountFen: checkAmount(input.amountFen),
      payPassword: checkPayPassword(input.payPassword),
    }
    const done = toPaymentDone(await ctx.post('wealth.redeem', 'redeemWealth', { body }))
    // Money came in, nothing was paid: no 支付成功 notification (payment.completed); the feed brings the line.
    ctx.deps.sync.nudge()
    return done
  }

  return { holdings, redeem }
}

export function wealthHandlers(wealth: () => Promise<ReturnType<typeof createWealthService>>): HandlerMap<typeof wealthChannels> {
  return {
    'wealth.holdings': async () => (await wealth()).holdings(),
    'wealth.redeem': async (input) => (await wealth()).redeem(input),
  }
}
