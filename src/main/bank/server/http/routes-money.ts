import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import * as api from '../../../../shared/bank-api'
import { MERCHANTS, merchantQr } from '../catalog'
import { fail } from '../errors'
import { billers, billFor, payBill } from '../ops/bills'
import { campaigns, claimCoupon, couponView } from '../ops/coupons'
import { changes } from '../ops/feed'
import { lookupPayee, payMerchant, topup, transferToCard, transferToWallet, withdraw } from '../ops/money'
import { payOrder, verifyOrder } from '../ops/orders'
import { activatePayCode, confirmCharge, declineCharge, pendingCharges } from '../ops/paycode'
import { buy, holdings, products, redeem } from '../ops/wealth'
import type { CustomerRec } from '../state'
import { verdictFor } from './prep'
import { addRoute, customerScope, operationStatus, type RouteEnv } from './route'

const IdParam = z.object({ id: api.Id })
const KeyParam = z.object({ key: api.IdempotencyKey })

/** Prepares the payment-password verdict for any body that carries `payPassword`. */
const payPrep = (input: { body: { payPassword: string } }, who: { rec: CustomerRec }) =>
  verdictFor(input.body.payPassword, who.rec.payHash)

export function moneyRoutes(app: FastifyInstance, env: RouteEnv): void {
  const { faults } = env

  addRoute(app, env, {
    method: 'GET',
    url: '/changes',
    auth: 'customer',
    query: api.ChangesQuery,
    handle: (ctx, { query }, who, decisions) =>
      changes(ctx.state, who.rec, query, {
        ...(decisions.duplicate ? { overlap: Math.max(1, Math.floor(query.limit / 2)) } : {}),
        ...(decisions.reorder ? { shuffle: () => faults.next() } : {}),
      }),
  })

  addRoute(app, env, {
    method: 'GET',
    url: '/transactions/:id',
    auth: 'customer',
    params: IdParam,
    handle: (_ctx, { params }, who) => {
      const tx = who.rec.txs.get(params.id)
      if (!tx) fail('NOT_FOUND', 'no such transaction')
      return { transaction: tx }
    },
  })

  // What became of one of the customer's operations, by the Idempotency-Key it was sent with.
  addRoute(app, env, {
    method: 'GET',
    url: '/operations/:key',
    auth: 'customer',
    params: KeyParam,
    handle: (ctx, { params }, who) => operationStatus(env.engine, `${customerScope(who.rec.id)}|${params.key}`, ctx.now),
  })

  addRoute(app, env, {
    method: 'POST',
    url: '/topup',
    auth: 'customer',
    body: api.TopupRequest,
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => topup(ctx, who.rec, body, prep),
  })
  addRoute(app, env, {
    method: 'POST',
    url: '/withdraw',
    auth: 'customer',
    body: api.WithdrawRequest,
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => withdraw(ctx, who.rec, body, prep),
  })

  addRoute(app, env, {
    method: 'GET',
    url: '/payees/lookup',
    auth: 'customer',
    query: api.PayeeLookupQuery,
    handle: (ctx, { query }, who) => lookupPayee(ctx, who.rec, query.phone),
  })
  addRoute(app, env, {
    method: 'POST',
    url: '/transfers/wallet',
    auth: 'customer',
    body: api.WalletTransferRequest,
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => transferToWallet(ctx, who.rec, body, prep),
  })
  addRoute(app, env, {
    method: 'POST',
    url: '/transfers/card',
    auth: 'customer',
    body: api.CardTransferRequest,
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => transferToCard(ctx, who.rec, body, prep),
  })

  // --- Merchants: scanned QR, online orders, pay code ----------------------------------------------

  addRoute(app, env, {
    method: 'GET',
    url: '/merchants',
    auth: 'none',
    handle: () => ({ merchants: MERCHANTS.map((m) => ({ ...m, qr: merchantQr(m) })) }),
  })
  addRoute(app, env, {
    method: 'GET',
    url: '/merchants/:id',
    auth: 'none',
    params: IdParam,
    handle: (_ctx, { params }) => {
      const m = MERCHANTS.find((x) => x.merchantId === params.id)
      if (!m) fail('NOT_FOUND', 'no such merchant')
      return { merchant: { ...m, qr: merchantQr(m) } }
    },
  })
  addRoute(app, env, {
    method: 'POST',
    url: '/payments/merchant',
    auth: 'customer',
    body: api.MerchantPaymentRequest,
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => payMerchant(ctx, who.rec, body, prep),
  })

  addRoute(app, env, {
    method: 'GET',
    url: '/orders/:id',
    auth: 'customer',
    params: IdParam,
    query: api.OrderLinkQuery,
    handle: (ctx, { params, query }) => verifyOrder(ctx, params.id, query),
  })
  addRoute(app, env, {
    method: 'POST',
    url: '/orders/:id/pay',
    auth: 'customer',
    params: IdParam,
    body: api.PayOrderRequest,
    prepare: payPrep,
    handle: (ctx, { params, body, prep }, who) => payOrder(ctx, who.rec, params.id, body, prep),
  })

  addRoute(app, env, {
    method: 'POST',
    url: '/paycode/activate',
    auth: 'customer',
    handle: (ctx, _input, who) => activatePayCode(ctx, who),
  })
  addRoute(app, env, {
    method: 'GET',
    url: '/paycode/pending',
    auth: 'customer',
    handle: (ctx, _input, who) => pendingCharges(ctx, who.rec),
  })
  addRoute(app, env, {
    method: 'POST',
    url: '/paycode/pending/:id/confirm',
    auth: 'customer',
    params: IdParam,
    body: api.ConfirmChargeRequest,
    prepare: payPrep,
    handle: (ctx, { params, prep }, who) => confirmCharge(ctx, who.rec, params.id, prep),
  })
  addRoute(app, env, {
    method: 'POST',
    url: '/paycode/pending/:id/decline',
    auth: 'customer',
    params: IdParam,
    handle: (ctx, { params }, who) => declineCharge(ctx, who.rec, params.id),
  })

  // --- Bills ---------------------------------------------------------------------------------------

  addRoute(app, env, {
    method: 'GET',
    url: '/bills/billers',
    auth: 'none',
    query: z.object({ city: z.string().max(12).optional() }),
    handle: (_ctx, { query }) => billers(query.city),
  })
  addRoute(app, env, {
    method: 'GET',
    url: '/bills/query',
    auth: 'customer',
    query: api.BillQuery,
    handle: (ctx, { query }) => ({ bill: billFor(ctx, query.billerId, query.household) }),
  })
  addRoute(app, env, {
    method: 'POST',
    url: '/bills/pay',
    auth: 'customer',
    body: api.BillPayRequest,
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => payBill(ctx, who.rec, body, prep),
  })

  // --- Coupons, wealth ------------------------------------------------------------------------------

  addRoute(app, env, {
    method: 'GET',
    url: '/coupons/campaigns',
    auth: 'customer',
    handle: (ctx, _input, who) => campaigns(ctx, who.rec),
  })
  addRoute(app, env, {
    method: 'GET',
    url: '/coupons',
    auth: 'customer',
    handle: (ctx, _input, who) => ({ coupons: [...who.rec.coupons.values()].map((c) => couponView(ctx, c)) }),
  })
  addRoute(app, env, {
    method: 'POST',
    url: '/coupons/claim',
    auth: 'customer',
    body: api.ClaimCouponRequest,
    handle: (ctx, { body }, who) => claimCoupon(ctx, who.rec, body.campaignId),
  })

  addRoute(app, env, { method: 'GET', url: '/wealth/products', auth: 'none', handle: () => products() })
  addRoute(app, env, {
    method: 'GET',
    url: '/wealth/holdings',
    auth: 'customer',
    handle: (ctx, _input, who) => holdings(ctx, who.rec),
  })
  addRoute(app, env, {
    method: 'POST',
    url: '/wealth/buy',
    auth: 'customer',
    body: api.WealthBuyRequest,
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => buy(ctx, who.rec, body, prep),
  })
  addRoute(app, env, {
    method: 'POST',
    url: '/wealth/redeem',
    auth: 'customer',
    body: api.WealthRedeemRequest,
    prepare: payPrep,
    handle: (ctx, { body, prep }, who) => redeem(ctx, who.rec, body, prep),
  })
}
