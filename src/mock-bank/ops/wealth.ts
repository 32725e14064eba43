import type { MoneyResponse, RiskAssessment, WealthProduct } from '../../shared/bank-api'
import { PRODUCTS, productById, type ProductDef } from '../catalog'
import { fail } from '../errors'
import { questionsForCustomer, scoreAnswers, suits } from '../questionnaire'
import type { CustomerRec } from '../state'
import { addBusinessDays, dayKey, dayStart, isoDay, oneYearLater } from '../time'
import type { PasswordVerdict } from './auth'
import type { Ctx } from './context'
import { requirePayPassword } from './paypw'
import { checkFunds } from './profile'
import { makeTx, post } from './transactions'

/**
 * Wealth products: buying moves money from the wallet into a holding account; yield accrues once per
 * day (UTC+8), compounding, paid by the bank's interest account; a redemption reaches the wallet at
 * once (T+0) or at the start of the settlement business day (T+1: weekends skipped, time.ts
 * addBusinessDays), waiting in the customer's suspense account. A purchase needs a 风险测评 less than a
 * year old whose level is at least the product's grade (questionnaire.ts); a redemption never does.
 */
export function holdingAccount(c: string, productId: string): string {
  return `h:${c}:${productId}`
}

/** How many days of a holding's daily yield the holdings answer carries (the chart). */
const HISTORY_SHOWN = 30

/**
 * 七日年化收益率 as a fund reports it: the yield ¥10,000 earned over the last seven days at the bank's own
 * daily accrual (dailyYield, rounded down each day and compounding), annualised. With a constant rate it
 * is a little under the nominal rate, as the rounding loses a fraction of a fen each day.
 */
export function sevenDayYieldBp(annualRateBp: number): number {
  const base = 1_000_000
  let value = base
  for (let day = 0; day < 7; day++) value += dailyYield(value, annualRateBp)
  return Math.round(((value - base) * 365 * 10_000) / (7 * base))
}

function productView(p: ProductDef): WealthProduct {
  return { ...p, terms: [...p.terms], sevenDayYieldBp: sevenDayYieldBp(p.annualRateBp) }
}

export function products() {
  return { products: PRODUCTS.map(productView) }
}

export function holdings(ctx: Pick<Ctx, 'state' | 'now'>, rec: CustomerRec) {
  const lastDay = ctx.state.lastAccruedDay
  const yesterday = dayKey(ctx.now) - 1
  return {
    holdings: [...rec.holdings.entries()].map(([productId, h]) => {
      const history = rec.yieldHistory.get(productId)
      const days = history?.days ?? []
      return {
        productId,
        name: productById(productId)?.name ?? productId,
        principalFen: h.principalFen,
        valueFen: ctx.state.ledger.balance(holdingAccount(rec.id, productId)),
        yieldFen: h.yieldFen,
        lastAccruedDay: lastDay === null ? null : isoDay(dayStart(lastDay)),
        yesterdayYieldFen: days.find((d) => d.day === yesterday)?.fen ?? 0,
        accumulatedYieldFen: history?.totalFen ?? 0,
        history: days.slice(-HISTORY_SHOWN).map((d) => ({ day: isoDay(dayStart(d.day)), yieldFen: d.fen })),
      }
    }),
    pendingRedemptions: [...rec.redemptions.values()].map((r) => ({
      txId: r.txId,
      productId: r.productId,
      amountFen: r.amountFen,
      settlesAt: r.settlesAt,
      settlesOn: isoDay(r.settlesAt),
    })),
  }
}

function assessmentView(ctx: Pick<Ctx, 'now'>, rec: CustomerRec): RiskAssessment | null {
  const r = rec.risk
  return (
    r && { level: r.level, score: r.score, assessedAt: r.assessedAt, expiresAt: r.expiresAt, expired: ctx.now >= r.expiresAt }
  )
}

/** 风险测评: the questions (no scores) and the customer's current result. */
export function riskQuestionnaire(ctx: Pick<Ctx, 'now'>, rec: CustomerRec) {
  return { questions: questionsForCustomer(), assessment: assessmentView(ctx, rec) }
}

/** Scores the answers (every question once) into C1–C5, valid a year from now on the bank's clock; a retake replaces the last. */
export function assessRisk(ctx: Ctx, rec: CustomerRec, answers: readonly { questionId: string; optionId: string }[]) {
  const { score, level } = scoreAnswers(answers)
  const last = rec.risk
  if (last && dayKey(last.assessedAt) === dayKey(ctx.now) && last.takenThatDay >= ctx.config.wealth.assessmentsPerDay)
    fail('RISK_ASSESSMENT_LIMIT', 'the questionnaire was taken as often as a day allows', {
      retryAt: dayStart(dayKey(ctx.now) + 1),
    })
  ctx.emit({ t: 'risk.assessed', c: rec.id, level, score, at: ctx.now, expiresAt: oneYearLater(ctx.now) })
  return { assessment: assessmentView(ctx, rec)! }
}

/** Suitability (适当性): a valid questionnaire whose level covers the product's grade. */
function checkSuitability(ctx: Pick<Ctx, 'now'>, rec: CustomerRec, product: ProductDef): void {
  const r = rec.risk
  if (!r) fail('RISK_ASSESSMENT_REQUIRED', 'take the risk questionnaire first', { productRisk: product.risk })
  if (ctx.now >= r.expiresAt)
    fail('RISK_ASSESSMENT_EXPIRED', 'the risk questionnaire is more than a year old', {
      expiredAt: r.expiresAt,
      customerLevel: r.level,
    })
  if (!suits(r.level, product.risk))
    fail('RISK_LEVEL_TOO_LOW', `a ${r.level} customer cannot buy an ${product.risk} product`, {
      productRisk: product.risk,
      customerLevel: r.level,
    })
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
  // Before the password: an unsuitable product is refused without spending a password attempt.
  checkSuitability(ctx, rec, product)
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
    const settlesAt = dayStart(addBusinessDays(dayKey(ctx.now), product.settlementDays))
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
        // The yield credited on `day` is the one earned the day before (what 昨日收益 shows).
        const earned: number[] = []
        for (let day = last + 1; day <= today; day++) {
          const y = dailyYield(value, product.annualRateBp)
          value += y
          total += y
          earned.push(y)
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
          ctx.emit({
            t: 'holding',
            c: rec.id,
            productId,
            principalDelta: 0,
            yieldDelta: total,
            earned: { from: last, fen: earned },
          })
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
