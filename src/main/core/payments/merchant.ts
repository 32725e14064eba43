import type {
  ApplicableCouponsInput,
  Checkout,
  CheckoutPaid,
  CheckoutPayInput,
  Coupon,
  CouponsOverview,
  MerchantPayInput,
  PaymentDone,
  ScanResult,
} from '../../../shared/contract/payments'
import { parseDeepLink } from '../../base/deep-link'
import type { PaymentContext } from './context'
import { toPaymentDone } from './mapping'
import { checkAmount, checkMemo, checkPayPassword, checkText, invalid } from './validate'

const MERCHANT_QR_PREFIX = 'icbc-wallet://merchant?'
const MERCHANT_ID = /^[A-Za-z0-9_-]{1,32}$/

/** The merchant id in a merchant QR code's text (`icbc-wallet://merchant?id=…&name=…`); nothing else is trusted. */
export function parseMerchantQr(text: string): string | undefined {
  const raw = text.trim()
  if (!raw.startsWith(MERCHANT_QR_PREFIX) || raw.length > 1024) return undefined
  let params: URLSearchParams
  try {
    params = new URLSearchParams(raw.slice(MERCHANT_QR_PREFIX.length))
  } catch {
    return undefined
  }
  const ids = params.getAll('id')
  return ids.length === 1 && MERCHANT_ID.test(ids[0]!) ? ids[0] : undefined
}

export interface PayLink {
  orderId: string
  merchant: string
  amount: number
  expires: number
  sig: string
}

/** An `icbc-wallet://pay?order&merchant&amount&expires&sig` link, as the demo shop makes them. */
export function parsePayLink(link: string): PayLink | undefined {
  const parsed = parseDeepLink(link.trim())
  if (!parsed.ok || parsed.link.action !== 'pay') return undefined
  const { order, merchant, amount, expires, sig } = parsed.link.params
  if (!order || !MERCHANT_ID.test(order) || !merchant || !MERCHANT_ID.test(merchant)) return undefined
  if (!amount || !/^\d{1,15}$/.test(amount) || !expires || !/^\d{1,15}$/.test(expires)) return undefined
  if (!sig || !/^[0-9a-fA-F]{16,128}$/.test(sig)) return undefined
  return { orderId: order, merchant, amount: Number(amount), expires: Number(expires), sig }
}

/** 扫一扫, 网上购物 and coupons: payments that need the bank at the moment they are made. */
export function createMerchantService(ctx: PaymentContext) {
  const { bank } = ctx.deps

  async function couponsOverview(): Promise<CouponsOverview> {
    const [mine, offered] = await Promise.all([ctx.get('coupons'), ctx.get('campaigns')])
    return { coupons: mine.coupons, campaigns: offered.campaigns, asOf: bank.bankNow() }
  }

  async function claim(input: { campaignId: string }): Promise<Coupon> {
    const campaignId = checkText(input.campaignId, 'campaignId', 64)
    return (await ctx.post(`coupons.claim.${campaignId}`, 'claimCoupon', { body: { campaignId } })).coupon
  }

  async function applicable(input: ApplicableCouponsInput): Promise<{ coupons: Coupon[] }> {
    const amountFen = checkAmount(input.amountFen)
    const { coupons } = await ctx.get('coupons')
    // The bank's clock decides expiry (the client keeps its skew), not this computer's.
    const now = bank.bankNow()
    const usable = coupons.filter(
      (c) =>
        c.status === 'available' &&
        c.validUntil > now &&
        c.scope === input.scope &&
        (c.merchantId === null || c.merchantId === input.merchantId) &&
        c.minSpendFen <= amountFen &&
        c.discountFen < amountFen,
    )
    // The largest saving first (a discount never exceeds the amount here); of equal savings, the one expiring first.
    return { coupons: usable.sort((a, b) => b.discountFen - a.discountFen || a.validUntil - b.validUntil) }
  }

  async function decode(input: { text: string }): Promise<ScanResult> {
    const merchantId = parseMerchantQr(input.text)
    if (!merchantId) throw invalid('text', 'NOT_A_MERCHANT_CODE', 'this QR code is not a merchant payment code')
    const { merchant } = await ctx.get('merchant', { params: { id: merchantId } })
    return {
      merchant: { merchantId: merchant.merchantId, name: merchant.name, category: merchant.category, city: merchant.city },
    }
  }

  async function payMerchant(input: MerchantPayInput): Promise<PaymentDone> {
    const memo = checkMemo(input.memo)
    const body = {
      merchantId: checkText(input.merchantId, 'merchantId', 64),
      amountFen: checkAmount(input.amountFen),
      payPassword: checkPayPassword(input.payPassword),
      ...(input.couponId ? { couponId: input.couponId } : {}),
      ...(memo ? { memo } : {}),
    }
    const done = toPaymentDone(await ctx.post('pay.merchant', 'payMerchant', { body }))
    ctx.deps.sync.nudge()
    ctx.completed(done.transaction, 'online')
    return done
  }

  async function open(input: { link: string }): Promise<Checkout> {
    const link = parsePayLink(input.link)
    if (!link) throw invalid('link', 'NOT_A_PAY_LINK', 'not an icbc-wallet://pay order link')
    const { order } = await ctx.get('order', {
      params: { id: link.orderId },
      query: { merchant: link.merchant, amount: link.amount, expires: link.expires, sig: link.sig },
    })
    const coupons =
      order.status === 'created'
        ? (await applicable({ scope: 'online', merchantId: order.merchant.merchantId, amountFen: order.amountFen })).coupons
        : []
    return { order, sig: link.sig, coupons }
  }

  async function payOrder(input: CheckoutPayInput): Promise<CheckoutPaid> {
    const orderId = checkText(input.orderId, 'orderId', 64)
    const body = {
      sig: checkText(input.sig, 'sig', 128),
      payPassword: checkPayPassword(input.payPassword),
      ...(input.couponId ? { couponId: input.couponId } : {}),
    }
    const res = await ctx.post(`pay.order.${orderId}`, 'payOrder', { params: { id: orderId }, body })
    const done = toPaymentDone(res)
    ctx.deps.sync.nudge()
    ctx.completed(done.transaction, 'online')
    return { ...done, order: res.order }
  }

  return { couponsOverview, claim, applicable, decode, payMerchant, open, payOrder }
}
