import type { Campaign, Coupon } from '../../shared/bank-api'
import { CAMPAIGNS, campaignById, type CampaignDef } from '../catalog'
import { fail } from '../errors'
import { newId } from '../random'
import type { BankState, CouponRec, CustomerRec } from '../state'
import { DAY_MS, dayKey, dayStart, isoDay } from '../time'
import type { Ctx } from './context'

/** One round of a campaign on the bank's clock: the current one, or the first before it has started. */
export interface Round {
  round: number
  startsAt: number
  endsAt: number
  nextStartsAt: number
  status: Campaign['status']
}

/**
 * Where a campaign stands at `now`. Rounds are counted from the bank's first day (its 'init'), not from
 * any date written down, so a demo bank keeps having campaigns however long it lives; between rounds
 * (`gapDays`) the campaign is 'ended'. Pure arithmetic: nothing to journal, a replay finds the same.
 */
export function roundAt(state: Pick<BankState, 'createdAt'>, def: CampaignDef, now: number): Round {
  const first = dayStart(dayKey(state.createdAt)) + def.startOffsetDays * DAY_MS
  const duration = def.durationDays * DAY_MS
  const period = (def.durationDays + def.gapDays) * DAY_MS
  const round = now < first ? 0 : Math.floor((now - first) / period)
  const startsAt = first + round * period
  const endsAt = startsAt + duration
  const status = now < startsAt ? 'upcoming' : now < endsAt ? 'active' : 'ended'
  return { round, startsAt, endsAt, nextStartsAt: startsAt + period, status }
}

const roundKey = (def: CampaignDef, round: number) => `${def.campaignId}#${round}`

function stockOf(ctx: Pick<Ctx, 'config'>, def: CampaignDef): number {
  return ctx.config.coupons.stock[def.campaignId] ?? def.stock
}

function stockLeft(ctx: Pick<Ctx, 'config' | 'state'>, def: CampaignDef, round: number): number {
  return Math.max(0, stockOf(ctx, def) - (ctx.state.campaignClaims.get(roundKey(def, round)) ?? 0))
}

function eligible(ctx: Pick<Ctx, 'now'>, def: CampaignDef, rec: CustomerRec): boolean {
  return def.newCustomersWithinDays === null || ctx.now - rec.createdAt <= def.newCustomersWithinDays * DAY_MS
}

/** Coupons from journals written before rounds count as claimed in round 0. */
function claimedIn(rec: CustomerRec, def: CampaignDef, round: number): boolean {
  return [...rec.coupons.values()].some((c) => c.campaignId === def.campaignId && (c.round ?? 0) === round)
}

export function couponView(ctx: Pick<Ctx, 'now'>, rec: CouponRec): Coupon {
  const campaign = campaignById(rec.campaignId)!
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

function campaignView(ctx: Ctx, rec: CustomerRec, def: CampaignDef): Campaign {
  const r = roundAt(ctx.state, def, ctx.now)
  return {
    campaignId: def.campaignId,
    title: def.title,
    description: def.description,
    minSpendFen: def.minSpendFen,
    discountFen: def.discountFen,
    scope: def.scope,
    merchantId: def.merchantId,
    validDays: def.validDays ?? ctx.config.coupons.validDays,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    nextStartsAt: r.nextStartsAt,
    status: r.status,
    stockTotal: stockOf(ctx, def),
    stockLeft: stockLeft(ctx, def, r.round),
    newCustomersWithinDays: def.newCustomersWithinDays,
    eligible: eligible(ctx, def, rec),
    claimed: claimedIn(rec, def, r.round),
  }
}

export function campaigns(ctx: Ctx, rec: CustomerRec): { campaigns: Campaign[] } {
  return { campaigns: CAMPAIGNS.map((def) => campaignView(ctx, rec, def)) }
}

/**
 * One coupon per customer per round, within the round's period, while its stock lasts, for whom the
 * campaign is meant. The claim and the stock it takes are one event (state.ts 'coupon'), so a replay
 * counts the same stock; a repeated request under its key gets the stored answer (http/route.ts).
 */
export function claimCoupon(ctx: Ctx, rec: CustomerRec, campaignId: string): { coupon: Coupon } {
  const def = campaignById(campaignId)
  if (!def) fail('NOT_FOUND', 'no such campaign')
  const r = roundAt(ctx.state, def, ctx.now)
  if (r.status === 'upcoming') fail('COUPON_NOT_STARTED', 'the campaign has not started', { startsAt: r.startsAt })
  if (r.status === 'ended')
    fail('COUPON_CAMPAIGN_ENDED', 'the campaign is over', { endsAt: r.endsAt, nextStartsAt: r.nextStartsAt })
  if (!eligible(ctx, def, rec))
    fail('COUPON_NOT_ELIGIBLE', 'the campaign is for new customers', {
      reason: 'NEW_CUSTOMERS_ONLY',
      withinDays: def.newCustomersWithinDays,
    })
  if (claimedIn(rec, def, r.round)) fail('COUPON_ALREADY_CLAIMED', 'one coupon per customer per campaign')
  if (stockLeft(ctx, def, r.round) <= 0) fail('COUPON_OUT_OF_STOCK', 'every coupon of this campaign has been claimed')
  const coupon: CouponRec = {
    couponId: newId('cpn'),
    campaignId,
    claimedAt: ctx.now,
    validUntil: ctx.now + (def.validDays ?? ctx.config.coupons.validDays) * DAY_MS,
    usedTxId: null,
    round: r.round,
  }
  ctx.emit({ t: 'coupon', c: rec.id, coupon })
  return { coupon: couponView(ctx, coupon) }
}

function announcement(ctx: Pick<Ctx, 'config'>, def: CampaignDef, r: Round, at: number) {
  const until = isoDay(r.endsAt - 1)
  const period =
    def.durationDays >= 365
      ? `领取后 ${def.validDays ?? ctx.config.coupons.validDays} 天内有效`
      : `活动时间 ${isoDay(r.startsAt)} 至 ${until}`
  return {
    messageId: newId('msg'),
    sender: '工银数字钱包',
    title: def.welcome ? '新客专享优惠券待领取' : '优惠活动开始啦',
    body: `「${def.title}」${def.description}。${period}，限量 ${stockOf(ctx, def)} 份，先到先得。请在「优惠」中领取。`,
    category: 'promotion' as const,
    createdAt: at,
    read: false,
  }
}

/** The welcome campaign's message for a customer registering now (ops/auth.ts createCustomer). */
export function welcomeAnnouncements(ctx: Ctx, c: string, at: number): void {
  for (const def of CAMPAIGNS) {
    if (!def.welcome) continue
    const r = roundAt(ctx.state, def, ctx.now)
    if (r.status === 'active') ctx.emit({ t: 'message', c, message: announcement(ctx, def, r, at) })
  }
}

/** Campaign rounds that have started and are not yet announced (cheap: one look per campaign). */
function dueRounds(state: BankState, now: number): { def: CampaignDef; r: Round }[] {
  return CAMPAIGNS.filter((def) => !def.welcome)
    .map((def) => ({ def, r: roundAt(state, def, now) }))
    .filter(({ def, r }) => r.status === 'active' && !state.announcedRounds.has(roundKey(def, r.round)))
}

export function hasDueAnnouncements(ctx: Pick<Ctx, 'state' | 'now'>): boolean {
  return dueRounds(ctx.state, ctx.now).length > 0
}

/**
 * A campaign that starts later is news when it starts: every open customer who registered before the
 * round began (and may claim it) gets a message dated at its start. It runs before the first request
 * after the start (http/route.ts catchUp), so a customer listing 消息中心 then finds it; the round is
 * then marked announced, and a customer registering later finds the campaign in 优惠 instead.
 */
export function announceCampaigns(ctx: Ctx): void {
  for (const { def, r } of dueRounds(ctx.state, ctx.now)) {
    for (const rec of ctx.state.customers.values()) {
      if (rec.closedAt !== null || rec.createdAt >= r.startsAt) continue
      if (!eligible({ now: r.startsAt }, def, rec)) continue
      ctx.emit({ t: 'message', c: rec.id, message: announcement(ctx, def, r, r.startsAt) })
    }
    ctx.emit({ t: 'campaign.announced', round: roundKey(def, r.round) })
  }
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
  const campaign = campaignById(coupon.campaignId)!
  if (campaign.scope !== use.scope)
    fail('COUPON_INVALID', 'the coupon does not apply to this kind of payment', { reason: 'SCOPE' })
  if (campaign.merchantId !== null && campaign.merchantId !== use.merchantId)
    fail('COUPON_INVALID', 'the coupon is for another merchant', { reason: 'MERCHANT' })
  if (use.amountFen < campaign.minSpendFen)
    fail('COUPON_INVALID', 'the amount is below the minimum spend', { reason: 'MIN_SPEND', minSpendFen: campaign.minSpendFen })
  return { couponId, discountFen: Math.min(campaign.discountFen, use.amountFen) }
}
