import type { Coupon } from '../../shared/bank-api'
import { CAMPAIGNS } from '../catalog'
import { fail } from '../errors'
import { newId } from '../random'
import type { CouponRec, CustomerRec } from '../state'
import { DAY_MS } from '../time'
import type { Ctx } from './context'

export function couponView(ctx: Pick<Ctx, 'now'>, rec: CouponRec): Coupon {
  const campaign = CAMPAIGNS.find((c) => c.campaignId === rec.campaignId)!
  return {
    couponId: rec.couponId,
    campaignId: rec.campaignId,
    title: campaign.title,
    minSpendFen: campaign.minSpendFen,
    discountFen: campaign.discountFen,
    scope: campaign.scope,
    merchantId: campaign.merchantId,
    claimedAt: rec.claimedAt,
    validUntil: rec.validUntil,
    status: rec.usedTxId !== null ? 'used' : rec.validUntil <= ctx.now ? 'expired' : 'available',
    usedTxId: rec.usedTxId,
  }
}

export function campaigns(ctx: Ctx, rec: CustomerRec) {
  const claimed = new Set([...rec.coupons.values()].map((c) => c.campaignId))
  return {
    campaigns: CAMPAIGNS.map((c) => ({ ...c, validDays: ctx.config.coupons.validDays, claimed: claimed.has(c.campaignId) })),
  }
}

export function claimCoupon(ctx: Ctx, rec: CustomerRec, campaignId: string): { coupon: Coupon } {
  const campaign = CAMPAIGNS.find((c) => c.campaignId === campaignId)
  if (!campaign) fail('NOT_FOUND', 'no such campaign')
  if ([...rec.coupons.values()].some((c) => c.campaignId === campaignId))
    fail('COUPON_ALREADY_CLAIMED', 'one coupon per campaign')
  const coupon: CouponRec = {
    couponId: newId('cpn'),
    campaignId,
    claimedAt: ctx.now,
    validUntil: ctx.now + ctx.config.coupons.validDays * DAY_MS,
    usedTxId: null,
  }
  ctx.emit({ t: 'coupon', c: rec.id, coupon })
  return { coupon: couponView(ctx, coupon) }
}

/** Checks a coupon against a payment and returns the discount; using it is the payment's job. */
export function couponDiscount(
  ctx: Ctx,
  rec: CustomerRec,
  couponId: string | undefined,
  use: { scope: 'merchant' | 'bill' | 'online'; merchantId: string | null; amountFen: number },
): { couponId: string; discountFen: number } | undefined {
  if (couponId === undefined) return undefined
  const coupon = rec.coupons.get(couponId)
  if (!coupon) fail('COUPON_INVALID', 'no such coupon', { reason: 'NOT_FOUND' })
  if (coupon.usedTxId !== null) fail('COUPON_USED', 'the coupon has been used')
  if (coupon.validUntil <= ctx.now) fail('COUPON_EXPIRED', 'the coupon has expired', { validUntil: coupon.validUntil })
  const campaign = CAMPAIGNS.find((c) => c.campaignId === coupon.campaignId)!
  if (campaign.scope !== use.scope)
    fail('COUPON_INVALID', 'the coupon does not apply to this kind of payment', { reason: 'SCOPE' })
  if (campaign.merchantId !== null && campaign.merchantId !== use.merchantId)
    fail('COUPON_INVALID', 'the coupon is for another merchant', { reason: 'MERCHANT' })
  if (use.amountFen < campaign.minSpendFen)
    fail('COUPON_INVALID', 'the amount is below the minimum spend', { reason: 'MIN_SPEND', minSpendFen: campaign.minSpendFen })
  return { couponId, discountFen: Math.min(campaign.discountFen, use.amountFen) }
}
