import { createHmac, timingSafeEqual } from 'node:crypto'
import type { MoneyResponse, Order, OrderLinkQuery } from '../../shared/bank-api'
import { merchantById, SHOP_ITEMS, SHOP_MERCHANT_ID } from '../catalog'
import { fail } from '../errors'
import { newId } from '../random'
import type { CustomerRec, OrderRec } from '../state'
import type { PasswordVerdict } from './auth'
import type { Ctx } from './context'
import { planMerchantPayment } from './money'
import { requirePayPassword } from './paypw'

/**
 * Online checkout: the demo shop creates an order signed with the bank's shop key and hands the
 * customer an icbc-wallet://pay link; the app shows what the bank says the order is (never what the
 * link says) and pays it.
 */
function sign(ctx: Pick<Ctx, 'state'>, orderId: string, merchantId: string, amountFen: number, expiresAt: number): string {
  return createHmac('sha256', ctx.state.shopKey).update(`${orderId}|${merchantId}|${amountFen}|${expiresAt}`).digest('hex')
}

function sameSig(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function orderView(ctx: Pick<Ctx, 'now'>, order: OrderRec): Order {
  const merchant = merchantById(order.merchantId)!
  return {
    orderId: order.orderId,
    merchant: { merchantId: merchant.merchantId, name: merchant.name },
    items: order.items,
    amountFen: order.amountFen,
    status: order.paidAt !== null ? 'paid' : order.expiresAt <= ctx.now ? 'expired' : 'created',
    createdAt: order.createdAt,
    expiresAt: order.expiresAt,
    paidAt: order.paidAt,
    txId: order.txId,
  }
}

export function payUrl(order: OrderRec): string {
  const q = new URLSearchParams({
    order: order.orderId,
    merchant: order.merchantId,
    amount: String(order.amountFen),
    expires: String(order.expiresAt),
    sig: order.sig,
  })
  return `icbc-wallet://pay?${q.toString()}`
}

export function createShopOrder(ctx: Ctx, lines: { sku: string; qty: number }[]): { order: Order; payUrl: string } {
  const items = lines.map((line) => {
    const item = SHOP_ITEMS.find((i) => i.sku === line.sku)
    if (!item) fail('NOT_FOUND', `no such item: ${line.sku}`)
    return { sku: item.sku, name: item.name, qty: line.qty, priceFen: item.priceFen }
  })
  const amountFen = items.reduce((sum, i) => sum + i.priceFen * i.qty, 0)
  const orderId = newId('ord')
  const expiresAt = ctx.now + ctx.config.orders.ttlMs
  const order: OrderRec = {
    orderId,
    merchantId: SHOP_MERCHANT_ID,
    items,
    amountFen,
    createdAt: ctx.now,
    expiresAt,
    sig: sign(ctx, orderId, SHOP_MERCHANT_ID, amountFen, expiresAt),
    paidAt: null,
    txId: null,
  }
  ctx.emit({ t: 'order', order })
  return { order: orderView(ctx, order), payUrl: payUrl(order) }
}

export function shopOrder(ctx: Pick<Ctx, 'state' | 'now'>, orderId: string): { order: Order } {
  const order = ctx.state.orders.get(orderId)
  if (!order) fail('NOT_FOUND', 'no such order')
  return { order: orderView(ctx, order) }
}

/** What the app calls with the link's parameters: the bank confirms the link is genuine. */
export function verifyOrder(ctx: Pick<Ctx, 'state' | 'now'>, orderId: string, link: OrderLinkQuery): { order: Order } {
  const order = ctx.state.orders.get(orderId)
  const genuine =
    order !== undefined &&
    order.merchantId === link.merchant &&
    order.amountFen === link.amount &&
    order.expiresAt === link.expires &&
    sameSig(sign(ctx, orderId, link.merchant, link.amount, link.expires), link.sig)
  if (!genuine) fail('ORDER_INVALID', 'the payment link is not genuine or was altered')
  return { order: orderView(ctx, order) }
}

export function payOrder(
  ctx: Ctx,
  rec: CustomerRec,
  orderId: string,
  body: { sig: string; couponId?: string | undefined },
  verdict: PasswordVerdict,
): MoneyResponse & { order: Order } {
  const order = ctx.state.orders.get(orderId)
  if (!order || !sameSig(order.sig, body.sig)) fail('ORDER_INVALID', 'the payment link is not genuine or was altered')
  if (order.paidAt !== null) fail('ORDER_PAID', 'this order has been paid', { txId: order.txId })
  if (order.expiresAt <= ctx.now) fail('ORDER_EXPIRED', 'this order has expired', { expiresAt: order.expiresAt })
  const merchant = merchantById(order.merchantId)!
  const commit = planMerchantPayment(ctx, rec, {
    merchantId: order.merchantId,
    amountFen: order.amountFen,
    couponId: body.couponId,
    channel: 'online',
    orderId,
    title: `${merchant.name} 订单`,
  })
  requirePayPassword(ctx, rec, verdict)
  const result = commit()
  ctx.emit({ t: 'order.paid', orderId, txId: result.transaction.txId, at: ctx.now })
  return { ...result, order: orderView(ctx, order) }
}
