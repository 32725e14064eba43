import type { FastifyInstance } from 'fastify'
import * as api from '../../shared/bank-api'
import { MERCHANTS, merchantQr } from '../catalog'
import { fail } from '../errors'
import { billers, billFor, payBill } from '../ops/bills'
import { campaigns, claimCoupon, couponView } from '../ops/coupons'
import { changes } from '../ops/feed'
import { lookupPayee, payMerchant, topup, transferToCard, transferToWallet, withdraw } from '../ops/money'
import { payOrder, verifyOrder } from '../ops/orders'
import { activatePayCode, confirmCharge, declineCharge, pendingCharges } from '../ops/paycode'
import { assessRisk, buy, holdings, products, redeem, riskQuestionnaire } from '../ops/wealth'
import type { CustomerRec } from '../state'
import { verdictFor } from './prep'
import { addRoute, customerScope, operationStatus, type RouteEnv } from './route'


/** Prepares the payment-password verdict for any body that carries `payPassword`. */
const payPrep = (input: { body: { payPassword: string } }, who: { rec: CustomerRec }) =>
  verdictFor(input.body.payPassword, who.rec.payHash)

export function moneyRoutes(app: FastifyInstance, env: RouteEnv): void {
  const { faults } = env

  addRoute(app, env, api.BANK_API.changes, {
    handle: (ctx, { query }, who, decisions) =>
      changes(ctx.state, who.rec, query, {
        ...(decisions.duplicate ? { overlap: Math.max(1, Math.floor(query.limit / 2)) } : {}),
        ...(decisions.reorder ? { shuffle: () => faults.next() } : {}),
      }),
  })

  addRoute(app, env, api.BANK_API.transaction, {
    handle: (_ctx, { params }, who) => {
      const tx = who.rec.txs.get(params.id)
      if (!tx) fail('NOT_FOUND', 'no such transaction')
      return { transaction: tx }
    },
  })

  // What became of one of the customer's operations, by the Idempotency-Key it was sent with.
  addRoute(app, env, api.BANK_API.operation, {
    handle: (ctx, { params }, who) => operationStatus(env.engine, `${customerScope(who.rec.id)}|${params.key}`, ctx.now),
  })

  addRoute(app, env, api.BANK_API.topup, {
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => topup(ctx, who.rec, body, prep),
  })
  addRoute(app, env, api.BANK_API.withdraw, {
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => withdraw(ctx, who.rec, body, prep),
  })

  addRoute(app, env, api.BANK_API.lookupPayee, {
    handle: (ctx, { query }, who) => lookupPayee(ctx, who.rec, query.phone),
  })
  addRoute(app, env, api.BANK_API.transferToWallet, {
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => transferToWallet(ctx, who.rec, body, prep),
  })
  addRoute(app, env, api.BANK_API.transferToCard, {
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => transferToCard(ctx, who.rec, body, prep),
  })

  // --- Merchants: scanned QR, online orders, pay code ----------------------------------------------

  addRoute(app, env, api.BANK_API.merchants, {
    handle: () => ({ merchants: MERCHANTS.map((m) => ({ ...m, qr: merchantQr(m) })) }),
  })
  addRoute(app, env, api.BANK_API.merchant, {
    handle: (_ctx, { params }) => {
      const m = MERCHANTS.find((x) => x.merchantId === params.id)
      if (!m) fail('NOT_FOUND', 'no such merchant')
      return { merchant: { ...m, qr: merchantQr(m) } }
    },
  })
  addRoute(app, env, api.BANK_API.payMerchant, {
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => payMerchant(ctx, who.rec, body, prep),
  })

  addRoute(app, env, api.BANK_API.order, {
    handle: (ctx, { params, query }) => verifyOrder(ctx, params.id, query),
  })
  addRoute(app, env, api.BANK_API.payOrder, {
    prepare: payPrep,
    handle: (ctx, { params, body, prep }, who) => payOrder(ctx, who.rec, params.id, body, prep),
  })

  addRoute(app, env, api.BANK_API.activatePayCode, {
    handle: (ctx, _input, who) => activatePayCode(ctx, who),
  })
  addRoute(app, env, api.BANK_API.pendingCharges, {
    handle: (ctx, _input, who) => pendingCharges(ctx, who.rec),
  })
  addRoute(app, env, api.BANK_API.confirmCharge, {
    prepare: payPrep,
    handle: (ctx, { params, prep }, who) => confirmCharge(ctx, who.rec, params.id, prep),
  })
  addRoute(app, env, api.BANK_API.declineCharge, {
    handle: (ctx, { params }, who) => declineCharge(ctx, who.rec, params.id),
  })

  // --- Bills ---------------------------------------------------------------------------------------

  addRoute(app, env, api.BANK_API.billers, {
    handle: (_ctx, { query }) => billers(query.city),
  })
  addRoute(app, env, api.BANK_API.bill, {
    handle: (ctx, { query }) => ({ bill: billFor(ctx, query.billerId, query.household) }),
  })
  addRoute(app, env, api.BANK_API.payBill, {
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => payBill(ctx, who.rec, body, prep),
  })

  // --- Coupons, wealth ------------------------------------------------------------------------------

  addRoute(app, env, api.BANK_API.campaigns, {
    handle: (ctx, _input, who) => campaigns(ctx, who.rec),
  })
  addRoute(app, env, api.BANK_API.coupons, {
    handle: (ctx, _input, who) => ({ coupons: [...who.rec.coupons.values()].map((c) => couponView(ctx, c)) }),
  })
  addRoute(app, env, api.BANK_API.claimCoupon, {
    handle: (ctx, { body }, who) => claimCoupon(ctx, who.rec, body.campaignId),
  })

  addRoute(app, env, api.BANK_API.wealthProducts, { handle: () => products() })
  addRoute(app, env, api.BANK_API.holdings, {
    handle: (ctx, _input, who) => holdings(ctx, who.rec),
  })
  addRoute(app, env, api.BANK_API.riskQuestionnaire, {
    handle: (ctx, _input, who) => riskQuestionnaire(ctx, who.rec),
  })
  addRoute(app, env, api.BANK_API.submitRiskAssessment, {
    handle: (ctx, { body }, who) => assessRisk(ctx, who.rec, body.answers),
  })
  addRoute(app, env, api.BANK_API.buyWealth, {
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => buy(ctx, who.rec, body, prep),
  })
  addRoute(app, env, api.BANK_API.redeemWealth, {
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => redeem(ctx, who.rec, body, prep),
  })
}
