import {
  balanceCapExceeded,
  paymentCapExceeded,
  remainingLimits,
  TIER_NAMES,
  tierFor,
  type TierCaps,
  type WalletTier,
} from '../../shared/bank-api'
import { maskName, maskPhone, maskResidentId } from '../../shared/validators'
import type { CustomerProfile } from '../../shared/bank-api'
import { fail } from '../errors'
import type { CustomerRec } from '../state'
import type { Ctx } from './context'

export function tierOf(rec: CustomerRec): WalletTier {
  return tierFor({ counterVerified: rec.counterVerified, idVerified: rec.idNumber !== '', hasBoundCard: rec.cards.size > 0 })
}

export function capsOf(ctx: Pick<Ctx, 'config'>, rec: CustomerRec): TierCaps {
  return ctx.config.tiers[tierOf(rec)]
}

export function profileOf(ctx: Pick<Ctx, 'state' | 'config' | 'now'>, rec: CustomerRec): CustomerProfile {
  const tier = tierOf(rec)
  const caps = ctx.config.tiers[tier]
  const usage = ctx.state.usage(rec.id, ctx.now)
  const balanceFen = ctx.state.walletBalance(rec.id)
  return {
    customerId: rec.id,
    walletNo: rec.walletNo,
    phone: rec.phone,
    phoneMasked: maskPhone(rec.phone),
    name: rec.name,
    nameMasked: maskName(rec.name),
    idNumberMasked: maskResidentId(rec.idNumber),
    tier,
    tierName: TIER_NAMES[tier].zh,
    caps,
    usage,
    remaining: remainingLimits(caps, { ...usage, balanceFen }),
    balanceFen,
    payPasswordSet: rec.payHash !== null,
    payPasswordLockedUntil: rec.payLockedUntil !== null && rec.payLockedUntil > ctx.now ? rec.payLockedUntil : null,
    totpEnabled: rec.totpEnabled,
    settings: rec.settings,
    smallAmountMaxFen: ctx.config.payCode.smallAmountMaxFen,
    createdAt: rec.createdAt,
    passwordChangedAt: rec.passwordChangedAt,
    payPasswordChangedAt: rec.payHash === null ? null : rec.payPasswordChangedAt,
  }
}

/** Refuses a payment of `paidFen` that would break a per-payment, daily or yearly cap. */
export function checkPaymentCaps(ctx: Ctx, rec: CustomerRec, paidFen: number): void {
  const caps = capsOf(ctx, rec)
  const usage = ctx.state.usage(rec.id, ctx.now)
  const balanceFen = ctx.state.walletBalance(rec.id)
  const exceeded = paymentCapExceeded(caps, { ...usage, balanceFen }, paidFen)
  if (!exceeded) return
  const remaining = remainingLimits(caps, { ...usage, balanceFen })
  const capFen = exceeded === 'PER_TX' ? caps.perTxFen : exceeded === 'DAILY' ? caps.dailyFen : caps.yearlyFen
  fail('LIMIT_EXCEEDED', `the payment exceeds the ${exceeded.toLowerCase()} cap of a tier ${tierOf(rec)} wallet`, {
    limit: exceeded,
    tier: tierOf(rec),
    capFen,
    remainingFen: remaining.paymentFen,
  })
}

/** Refuses money arriving in a wallet whose balance cap it would break. */
export function checkReceiveCap(ctx: Ctx, rec: CustomerRec, fen: number, party: 'self' | 'payee'): void {
  const caps = capsOf(ctx, rec)
  const balance = ctx.state.walletBalance(rec.id)
  if (!balanceCapExceeded(caps, balance, fen)) return
  fail(
    'LIMIT_EXCEEDED',
    party === 'self' ? 'the wallet balance would exceed its cap' : "the payee's wallet cannot receive this amount",
    {
      limit: 'BALANCE',
      party,
      tier: tierOf(rec),
      capFen: caps.balanceFen,
      remainingFen: party === 'self' ? Math.max(0, (caps.balanceFen ?? 0) - balance) : null,
    },
  )
}

export function checkFunds(ctx: Ctx, account: string, fen: number, source: 'wallet' | 'card' | 'holding'): void {
  const balance = ctx.state.ledger.balance(account)
  if (balance < fen) {
    fail(
      'INSUFFICIENT_FUNDS',
      `not enough money in the ${source}`,
      source === 'wallet' ? { source, availableFen: balance } : { source },
    )
  }
}
