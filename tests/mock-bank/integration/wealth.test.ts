import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  HoldingsResponse,
  MoneyResponse,
  RiskAssessResponse,
  RiskQuestionnaireResponse,
  WealthProductsResponse,
} from '../../../src/shared/bank-api'
import {
  activeCustomer,
  assessRisk,
  errorOf,
  PAY_PASSWORD,
  riskAnswers,
  shape,
  signIn,
  startTestBank,
  type Customer,
  type TestBank,
} from '../../support/bank-client'

/**
 * 理财 at the bank: the products, the 风险测评 and suitability, T+0 and T+1 redemptions on the bank's
 * business days, and the daily yield history. Every date comes from the bank's clock (a ManualClock
 * moved by the tests), never from the machine's.
 */

const DAY = 86_400_000
const CST = 8 * 3600_000

let bank: TestBank

beforeAll(async () => {
  bank = await startTestBank()
})
afterAll(async () => {
  await bank.stop()
})

/** 0 Sunday … 6 Saturday, in UTC+8 on the bank's clock. */
function weekday(ms: number): number {
  return new Date(ms + CST).getUTCDay()
}
function isoDay(ms: number): string {
  return new Date(ms + CST).toISOString().slice(0, 10)
}
/** Moves the bank's clock on whole days until it is `day` (0–6) in UTC+8, at least one day on. */
function advanceTo(day: number): void {
  do bank.clock.advance(DAY)
  while (weekday(bank.clock.now()) !== day)
}

async function buy(c: Customer, productId: string, amountFen: number, key?: string) {
  return bank.client.post(
    '/wealth/buy',
    { productId, amountFen, payPassword: PAY_PASSWORD },
    { token: c.token, ...(key ? { key } : {}) },
  )
}
async function redeem(c: Customer, productId: string, amountFen: number) {
  return bank.client.post('/wealth/redeem', { productId, amountFen, payPassword: PAY_PASSWORD }, { token: c.token })
}
async function holdings(c: Customer) {
  return shape(HoldingsResponse, await bank.client.get('/wealth/holdings', c.token))
}
async function balance(c: Customer): Promise<number> {
  return (await bank.client.get('/me', c.token)).body.balanceFen as number
}

describe('products', () => {
  it('lists each product with its grade, 7-day yield, minimum, redemption speed, 风险提示 and terms', async () => {
    const { products } = shape(WealthProductsResponse, await bank.client.get('/wealth/products'))
    expect(products.map((p) => p.productId)).toEqual(['WP-CASH', 'WP-STEADY', 'WP-BOND', 'WP-MIXED', 'WP-EQUITY'])
    expect(new Set(products.map((p) => p.risk))).toEqual(new Set(['R1', 'R2', 'R3', 'R4']))
    for (const p of products) {
      expect(p.riskNotice).toContain('理财非存款')
      expect(p.riskNotice).toContain(p.risk)
      expect(p.terms.length).toBeGreaterThan(2)
      expect(p.minAmountFen).toBeGreaterThan(0)
      // A little under the nominal rate (the daily accrual rounds down), never far from it.
      expect(p.sevenDayYieldBp).toBeLessThanOrEqual(p.annualRateBp)
      expect(p.sevenDayYieldBp).toBeGreaterThan(p.annualRateBp - 5)
    }
    expect(products.find((p) => p.productId === 'WP-CASH')).toMatchObject({ settlementDays: 0, risk: 'R1' })
    expect(products.find((p) => p.productId === 'WP-MIXED')).toMatchObject({ settlementDays: 1, risk: 'R3' })
  })

  it('reports the 7-day annualised yield that ¥10,000 really earns over seven days of accrual', async () => {
    const c = await activeCustomer(bank.client, 1_000_000)
    await assessRisk(bank.client, c.token, 'C2')
    expect((await buy(c, 'WP-CASH', 1_000_000)).status).toBe(200)
    bank.clock.advance(7 * DAY)
    await signIn(bank.client, c)
    const cash = (await holdings(c)).holdings.find((h) => h.productId === 'WP-CASH')!
    expect(cash.history).toHaveLength(7)
    const { products } = shape(WealthProductsResponse, await bank.client.get('/wealth/products'))
    const product = products.find((p) => p.productId === 'WP-CASH')!
    expect(product.sevenDayYieldBp).toBe(Math.round((cash.accumulatedYieldFen * 365 * 10_000) / (7 * 1_000_000)))
  })
})

describe('风险测评 and suitability', () => {
  it('asks ten questions without their scores; no purchase before the questionnaire', async () => {
    const c = await activeCustomer(bank.client, 500_000)
    const q = shape(RiskQuestionnaireResponse, await bank.client.get('/wealth/risk-assessment', c.token))
    expect(q.questions).toHaveLength(10)
    expect(q.assessment).toBeNull()
    expect(JSON.stringify(q.questions)).not.toContain('score')
    for (const question of q.questions) expect(question.options.length).toBeGreaterThanOrEqual(4)

    const refused = await buy(c, 'WP-CASH', 10_000)
    expect(refused.status).toBe(422)
    expect(errorOf(refused)).toMatchObject({ code: 'RISK_ASSESSMENT_REQUIRED', details: { productRisk: 'R1' } })
    expect(await balance(c)).toBe(500_000)
  })

  it('refuses answers that leave a question out, answer one twice or pick what is not there', async () => {
    const c = await activeCustomer(bank.client)
    const answers = riskAnswers('C3')
    const missing = await bank.client.post('/wealth/risk-assessment', { answers: answers.slice(1) }, { token: c.token })
    expect(errorOf(missing)).toMatchObject({ code: 'INVALID_INPUT', details: { reason: 'MISSING', questionId: 'Q1' } })
    const twice = await bank.client.post('/wealth/risk-assessment', { answers: [...answers, answers[0]] }, { token: c.token })
    expect(errorOf(twice)).toMatchObject({ code: 'INVALID_INPUT', details: { reason: 'DUPLICATE' } })
    const bad = answers.map((a) => (a.questionId === 'Q4' ? { ...a, optionId: 'Z' } : a))
    const unknown = await bank.client.post('/wealth/risk-assessment', { answers: bad }, { token: c.token })
    expect(errorOf(unknown)).toMatchObject({ code: 'INVALID_INPUT', details: { reason: 'UNKNOWN_OPTION', questionId: 'Q4' } })
    const q = shape(RiskQuestionnaireResponse, await bank.client.get('/wealth/risk-assessment', c.token))
    expect(q.assessment).toBeNull()
  })

  it('allows three questionnaires a bank day: retaking until a riskier level comes out is refused until tomorrow', async () => {
    const c = await activeCustomer(bank.client, 0)
    for (const level of ['C1', 'C2', 'C3'] as const) await assessRisk(bank.client, c.token, level)
    const fourth = await bank.client.post('/wealth/risk-assessment', { answers: riskAnswers('C5') }, { token: c.token })
    expect(fourth.status).toBe(429)
    const error = errorOf(fourth)
    expect(error.code).toBe('RISK_ASSESSMENT_LIMIT')
    const retryAt = (error.details as { retryAt: number }).retryAt
    expect(retryAt).toBeGreaterThan(bank.clock.now())
    // The level on record is still the last one allowed.
    const q = shape(RiskQuestionnaireResponse, await bank.client.get('/wealth/risk-assessment', c.token))
    expect(q.assessment?.level).toBe('C3')
    // From the next bank day (UTC+8) on, it can be taken again.
    bank.clock.advance(retryAt - 1 - bank.clock.now())
    await signIn(bank.client, c)
    expect((await bank.client.post('/wealth/risk-assessment', { answers: riskAnswers('C5') }, { token: c.token })).status).toBe(
      429,
    )
    bank.clock.advance(1)
    const next = await bank.client.post('/wealth/risk-assessment', { answers: riskAnswers('C5') }, { token: c.token })
    expect(shape(RiskAssessResponse, next).assessment.level).toBe('C5')
  })

  it('scores C1–C5, caps at C1 whoever accepts no loss, and refuses a product above the level with both levels', async () => {
    const c = await activeCustomer(bank.client, 1_000_000)
    for (const level of ['C1', 'C2', 'C3', 'C4', 'C5'] as const) {
      // A day apart (signed in again): a customer may take it only a few times a day (the test above).
      bank.clock.advance(DAY)
      await signIn(bank.client, c)
      const reply = await bank.client.post('/wealth/risk-assessment', { answers: riskAnswers(level) }, { token: c.token })
      expect(shape(RiskAssessResponse, reply).assessment.level).toBe(level)
    }
    // Everything else at its most daring, but 不能承受任何本金损失: C1.
    const daringButNoLoss = riskAnswers('C5').map((a) => (a.questionId === 'Q9' ? { ...a, optionId: 'A' } : a))
    const capped = shape(
      RiskAssessResponse,
      await bank.client.post('/wealth/risk-assessment', { answers: daringButNoLoss }, { token: c.token }),
    )
    expect(capped.assessment).toMatchObject({ level: 'C1', score: 90 })

    await assessRisk(bank.client, c.token, 'C2')
    const before = await balance(c)
    const refused = await buy(c, 'WP-MIXED', 100_000)
    expect(refused.status).toBe(422)
    expect(errorOf(refused)).toMatchObject({ code: 'RISK_LEVEL_TOO_LOW', details: { productRisk: 'R3', customerLevel: 'C2' } })
    // Refused before the password: a wrong one would not have been counted either.
    const wrongPassword = await bank.client.post(
      '/wealth/buy',
      { productId: 'WP-MIXED', amountFen: 100_000, payPassword: '000000' },
      { token: c.token },
    )
    expect(errorOf(wrongPassword).code).toBe('RISK_LEVEL_TOO_LOW')
    expect(await balance(c)).toBe(before)
    expect((await buy(c, 'WP-BOND', 10_000)).status).toBe(200)

    // Retaken the next day: C4 buys R3 and R4.
    bank.clock.advance(DAY)
    await signIn(bank.client, c)
    await assessRisk(bank.client, c.token, 'C4')
    expect((await buy(c, 'WP-MIXED', 100_000)).status).toBe(200)
    expect((await buy(c, 'WP-EQUITY', 1_000)).status).toBe(200)
    expect((await holdings(c)).holdings.map((h) => h.productId).sort()).toEqual(['WP-BOND', 'WP-EQUITY', 'WP-MIXED'])
  })

  it('holds a year on the bank clock, then refuses purchases until it is taken again', async () => {
    const c = await activeCustomer(bank.client, 500_000)
    const taken = shape(
      RiskAssessResponse,
      await bank.client.post('/wealth/risk-assessment', { answers: riskAnswers('C3') }, { token: c.token }),
    )
    expect(taken.assessment).toMatchObject({ level: 'C3', assessedAt: bank.clock.now(), expired: false })
    // The same date and time a year later, UTC+8.
    const at = new Date(bank.clock.now() + CST)
    expect(taken.assessment.expiresAt).toBe(
      Date.UTC(
        at.getUTCFullYear() + 1,
        at.getUTCMonth(),
        at.getUTCDate(),
        at.getUTCHours(),
        at.getUTCMinutes(),
        at.getUTCSeconds(),
        at.getUTCMilliseconds(),
      ) - CST,
    )

    bank.clock.advance(taken.assessment.expiresAt - bank.clock.now() - 60_000)
    await signIn(bank.client, c)
    expect((await buy(c, 'WP-CASH', 10_000)).status).toBe(200)

    bank.clock.advance(60_000)
    const refused = await buy(c, 'WP-CASH', 10_000)
    expect(errorOf(refused)).toMatchObject({
      code: 'RISK_ASSESSMENT_EXPIRED',
      details: { expiredAt: taken.assessment.expiresAt, customerLevel: 'C3' },
    })
    const q = shape(RiskQuestionnaireResponse, await bank.client.get('/wealth/risk-assessment', c.token))
    expect(q.assessment).toMatchObject({ level: 'C3', expired: true })
    // A redemption needs no questionnaire.
    expect((await redeem(c, 'WP-CASH', 5_000)).status).toBe(200)

    await assessRisk(bank.client, c.token, 'C3')
    expect((await buy(c, 'WP-CASH', 10_000)).status).toBe(200)
  })

  it('answers a repeated submission or purchase under the same key once', async () => {
    const c = await activeCustomer(bank.client, 300_000)
    const key = randomUUID()
    const first = await bank.client.post('/wealth/risk-assessment', { answers: riskAnswers('C3') }, { token: c.token, key })
    bank.clock.advance(1000)
    const again = await bank.client.post('/wealth/risk-assessment', { answers: riskAnswers('C3') }, { token: c.token, key })
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('idempotent-replayed')).toBe('true')

    const buyKey = randomUUID()
    const bought = shape(MoneyResponse, await buy(c, 'WP-MIXED', 100_000, buyKey))
    const replay = shape(MoneyResponse, await buy(c, 'WP-MIXED', 100_000, buyKey))
    expect(replay.transaction.txId).toBe(bought.transaction.txId)
    expect(await balance(c)).toBe(200_000)
    expect((await holdings(c)).holdings[0]).toMatchObject({ productId: 'WP-MIXED', principalFen: 100_000 })
  })
})

describe('redemptions', () => {
  it('T+0 reaches the wallet at once, on a weekend too', async () => {
    const c = await activeCustomer(bank.client, 100_000)
    await assessRisk(bank.client, c.token, 'C1')
    await buy(c, 'WP-CASH', 50_000)
    advanceTo(6)
    await signIn(bank.client, c)
    const before = await balance(c)
    const value = (await holdings(c)).holdings[0]!.valueFen
    const done = shape(MoneyResponse, await redeem(c, 'WP-CASH', value))
    expect(done.transaction.status).toBe('succeeded')
    expect(done.balanceFen).toBe(before + value)
    expect(await holdings(c)).toEqual({ holdings: [], pendingRedemptions: [] })
  })

  it('T+1 asked on a Friday is pending over the weekend and arrives on Monday', async () => {
    const c = await activeCustomer(bank.client, 200_000)
    await assessRisk(bank.client, c.token, 'C2')
    await buy(c, 'WP-BOND', 100_000)
    advanceTo(5)
    bank.clock.advance(5 * 3600_000)
    await signIn(bank.client, c)
    const before = await balance(c)
    const friday = bank.clock.now()
    const pending = shape(MoneyResponse, await redeem(c, 'WP-BOND', 60_000))
    expect(pending.transaction.status).toBe('pending')
    expect(pending.balanceFen).toBe(before)
    const monday = isoDay(friday + 3 * DAY)
    const held = await holdings(c)
    expect(held.pendingRedemptions).toEqual([
      expect.objectContaining({ txId: pending.transaction.txId, productId: 'WP-BOND', amountFen: 60_000, settlesOn: monday }),
    ])
    expect(isoDay(held.pendingRedemptions[0]!.settlesAt)).toBe(monday)

    // Saturday and Sunday: still on its way.
    for (let day = 0; day < 2; day++) {
      bank.clock.advance(DAY)
      await signIn(bank.client, c)
      expect(await balance(c)).toBe(before)
      expect((await holdings(c)).pendingRedemptions).toHaveLength(1)
    }
    // Monday (the start of the day, UTC+8): in the wallet.
    bank.clock.advance(held.pendingRedemptions[0]!.settlesAt - bank.clock.now())
    expect(weekday(bank.clock.now())).toBe(1)
    await signIn(bank.client, c)
    expect(await balance(c)).toBe(before + 60_000)
    expect((await holdings(c)).pendingRedemptions).toEqual([])
    expect((await bank.client.get(`/transactions/${pending.transaction.txId}`, c.token)).body.transaction.status).toBe(
      'succeeded',
    )
    expect((await bank.client.get('/_dev/ledger')).body.balanced).toBe(true)
  })

  it('T+1 asked on a Saturday arrives on Tuesday; asked on a Wednesday, on Thursday', async () => {
    const c = await activeCustomer(bank.client, 300_000)
    await assessRisk(bank.client, c.token, 'C2')
    await buy(c, 'WP-BOND', 200_000)
    advanceTo(6)
    await signIn(bank.client, c)
    const saturday = bank.clock.now()
    await redeem(c, 'WP-BOND', 10_000)
    expect((await holdings(c)).pendingRedemptions[0]!.settlesOn).toBe(isoDay(saturday + 3 * DAY))
    advanceTo(3)
    await signIn(bank.client, c)
    const wednesday = bank.clock.now()
    await redeem(c, 'WP-BOND', 10_000)
    const settles = (await holdings(c)).pendingRedemptions.map((r) => r.settlesOn)
    expect(settles).toContain(isoDay(wednesday + DAY))
  })
})

describe('yield', () => {
  it('accrues daily and keeps the history: 昨日收益, 累计收益 and one entry per day, across a restart', async () => {
    const c = await activeCustomer(bank.client, 2_000_000)
    await assessRisk(bank.client, c.token, 'C2')
    await buy(c, 'WP-BOND', 1_000_000)
    const boughtOn = bank.clock.now()
    expect((await holdings(c)).holdings[0]).toMatchObject({ yesterdayYieldFen: 0, accumulatedYieldFen: 0, history: [] })

    bank.clock.advance(3 * DAY)
    await signIn(bank.client, c)
    const h = (await holdings(c)).holdings[0]!
    // 3.20% a year on ¥10,000 is 87.67 fen a day: 87 the first day, then a little more as it compounds.
    expect(h.history.map((d) => d.day)).toEqual([0, 1, 2].map((i) => isoDay(boughtOn + i * DAY)))
    expect(h.history[0]!.yieldFen).toBe(87)
    for (const d of h.history) expect(d.yieldFen).toBeGreaterThanOrEqual(87)
    const sum = h.history.reduce((s, d) => s + d.yieldFen, 0)
    expect(h.accumulatedYieldFen).toBe(sum)
    expect(h.yieldFen).toBe(sum)
    expect(h.valueFen).toBe(1_000_000 + sum)
    expect(h.yesterdayYieldFen).toBe(h.history.at(-1)!.yieldFen)
    expect(h.history.at(-1)!.day).toBe(isoDay(bank.clock.now() - DAY))

    // A partial redemption takes yield first, but what was earned stays earned.
    await redeem(c, 'WP-BOND', 100)
    const after = (await holdings(c)).holdings[0]!
    expect(after.yieldFen).toBe(sum - 100)
    expect(after.accumulatedYieldFen).toBe(sum)

    // The journal replays to the same history.
    bank = await bank.restart()
    await signIn(bank.client, c)
    expect((await holdings(c)).holdings[0]).toEqual(after)

    // Redeemed in full, the holding is closed with its history.
    await redeem(c, 'WP-BOND', after.valueFen)
    expect((await holdings(c)).holdings).toEqual([])
  })

  it('shows at most the last 30 days of the chart', async () => {
    const c = await activeCustomer(bank.client, 100_000)
    await assessRisk(bank.client, c.token, 'C1')
    await buy(c, 'WP-CASH', 100_000)
    bank.clock.advance(40 * DAY)
    await signIn(bank.client, c)
    const h = (await holdings(c)).holdings[0]!
    expect(h.history).toHaveLength(30)
    expect(h.history.at(-1)!.day).toBe(isoDay(bank.clock.now() - DAY))
    expect(h.accumulatedYieldFen).toBe(h.yieldFen)
    expect(h.accumulatedYieldFen).toBeGreaterThan(h.history.reduce((s, d) => s + d.yieldFen, 0))
  })
})
