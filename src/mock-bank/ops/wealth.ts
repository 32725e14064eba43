import type { MoneyResponse } from '../../shared/bank-api'
import { PRODUCTS, productById } from '../catalog'
import { fail } from '../errors'
import type { CustomerRec } from '../state'
import { dayKey, dayStart, isoDay } from '../time'
import type { PasswordVerdict } from './auth'
import type { Ctx } from './context'
import { requirePayPassword } from './paypw'
import { checkFunds } from './profile'
import { makeTx, post } from './transactions'

/**
 * Wealth products: buying moves money from the wallet into a holding account; yield accrues once per
 * day (UTC+8), compounding, paid by the bank's interest account; a redemption reaches the wallet at
 * once (T+0) or at the start of the settlement day, waiting in the customer's suspense account.
 */
export function holdingAccount(c: string, productId: string): string {
  return `h:${c}:${productId}`
}

export function products() {
  return { products: [...PRODUCTS] }
}

export function holdings(ctx: Pick<Ctx, 'state'>, rec: CustomerRec) {
  const lastDay = ctx.state.lastAccruedDay
  return {
    holdings: [...rec.holdings.entries()].map(([productId, h]) => ({
      productId,
      name: productById(productId)?.name ?? productId,
      principalFen: h.principalFen,
      valueFen: ctx.state.ledger.balance(holdingAccount(rec.id, productId)),
      yieldFen: h.yieldFen,
      lastAccruedDay: lastDay === null ? null : isoDay(dayStart(lastDay)),
    })),
    pendingRedemptions: [...rec.redemptions.values()].map((r) => ({
      txId: r.txId,
      productId: r.productId,
      amountFen: r.amountFen,
      settlesAt: r.settlesAt,
    })),
  }
}

export function buy(
  ctx: Ctx,
  rec: CustomerRec,
  body: { productId: string; amountFen: number },
  verdict: PasswordVerdict,
): MoneyResponse {
  const product = productById(body.productId)
  if (!product) fail('NOT_FOUND', 'no such product')
  if (body.amountFen < product.minAmountFen)
    fail('AMOUNT_TOO_SMALL', 'below the minimum purchase', { minAmountFen: product.minAmountFen })
  checkFunds(ctx, `w:${rec.id}`, body.amountFen, 'wallet')
  requirePayPassword(ctx, rec, verdict)
  const tx = makeTx(ctx, {
    kind: 'wealth_buy',
    direction: 'out',
    amountFen: body.amountFen,
    category: 'wealth',
    title: `买入${product.name}`,
    counterparty: { kind: 'product', id: product.productId, name: product.name },
    channel: 'app',
  })
  post(
    ctx,
    [
      [`w:${rec.id}`, -body.amountFen],
      [holdingAccount(rec.id, product.productId), body.amountFen],
    ],
    [{ c: rec.id, tx }],
  )
  ctx.emit({ t: 'holding', c: rec.id, productId: product.productId, principalDelta: body.amountFen, yieldDelta: 0 })
  return { transaction: rec.txs.get(tx.txId)!, balanceFen: ctx.state.walletBalance(rec.id) }
}

export function redeem(
  ctx: Ctx,
  rec: CustomerRec,
  body: { productId: string; amountFen: number },
  verdict: PasswordVerdict,
): MoneyResponse {
  const product = productById(body.productId)
  if (!product) fail('NOT_FOUND', 'no such product')
  const account = holdingAccount(rec.id, product.productId)
  checkFunds(ctx, account, body.amountFen, 'holding')
  requirePayPassword(ctx, rec, verdict)
  const h = rec.holdings.get(product.productId) ?? { principalFen: 0, yieldFen: 0 }
  const fromYield = Math.min(h.yieldFen, body.amountFen)
  const pending = product.settlementDays > 0
  const tx = makeTx(ctx, {
    kind: 'wealth_redeem',
    direction: 'in',
    amountFen: body.amountFen,
    status: pending ? 'pending' : 'succeeded',
    category: 'wealth',
    title: `赎回${product.name}`,
    counterparty: { kind: 'product', id: product.productId, name: product.name },
    channel: 'app',
  })
  const to = pending ? `s:${rec.id}` : `w:${rec.id}`
  post(
    ctx,
    [
      [account, -body.amountFen],
      [to, body.amountFen],
    ],
    [{ c: rec.id, tx }],
  )
  ctx.emit({
    t: 'holding',
    c: rec.id,
    productId: product.productId,
    principalDelta: -(body.amountFen - fromYield),
    yieldDelta: -fromYield,
  })
  if (pending) {
    const settlesAt = dayStart(dayKey(ctx.now) + product.settlementDays)
    ctx.emit({ t: 'redemption', c: rec.id, txId: tx.txId, productId: product.productId, amountFen: body.amountFen, settlesAt })
  }
  return { transaction: rec.txs.get(tx.txId)!, balanceFen: ctx.state.walletBalance(rec.id) }
}

/** One day's yield on `valueFen` at `rateBp` a year, rounded down to the fen, in integers. */
export function dailyYield(valueFen: number, rateBp: number): number {
  return Number((BigInt(valueFen) * BigInt(rateBp)) / 3_650_000n)
}

export function hasDueWealthWork(ctx: Pick<Ctx, 'state' | 'now'>): boolean {
  const today = dayKey(ctx.now)
  if (ctx.state.lastAccruedDay === null || ctx.state.lastAccruedDay < today) return true
  for (const rec of ctx.state.customers.values()) {
    for (const r of rec.redemptions.values()) if (r.settlesAt <= ctx.now) return true
  }
  return false
}

/** Accrues every day since the last accrual and settles redemptions that are due. */
export function runDueWealthWork(ctx: Ctx): void {
  const today = dayKey(ctx.now)
  const last = ctx.state.lastAccruedDay
  if (last === null) {
    ctx.emit({ t: 'accrued', day: today })
  } else if (last < today) {
    for (const rec of ctx.state.customers.values()) {
      for (const productId of rec.holdings.keys()) {
        const product = productById(productId)
        if (!product) continue
        const account = holdingAccount(rec.id, productId)
        let value = ctx.state.ledger.balance(account)
        let total = 0
        for (let day = last + 1; day <= today; day++) {
          const y = dailyYield(value, product.annualRateBp)
          value += y
          total += y
        }
        if (total > 0) {
          post(
            ctx,
            [
              ['x:interest', -total],
              [account, total],
            ],
            [],
          )
          ctx.emit({ t: 'holding', c: rec.id, productId, principalDelta: 0, yieldDelta: total })
        }
      }
    }
    ctx.emit({ t: 'accrued', day: today })
  }
  for (const rec of ctx.state.customers.values()) {
    for (const r of [...rec.redemptions.values()]) {
      if (r.settlesAt > ctx.now) continue
      const original = rec.txs.get(r.txId)
      if (!original) continue
      const settled = { ...original, status: 'succeeded' as const, updatedAt: Math.max(ctx.now, r.settlesAt) }
      post(
        ctx,
        [
          [`s:${rec.id}`, -r.amountFen],
          [`w:${rec.id}`, r.amountFen],
        ],
        [{ c: rec.id, tx: settled }],
      )
      ctx.emit({ t: 'redemption.settled', c: rec.id, txId: r.txId })
    }
  }
}
