import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BankServer } from '../../../src/mock-bank'
import type { PaymentDone, RiskQuestionnaire, WalletSummary, WealthHoldings, WealthProducts } from '../../../src/shared/contract'
import { riskAnswers } from '../../support/bank-client'
import { setFaults } from '../../support/wallet'
import { demoBank, demoWallet, PAY_PASSWORD, type Cleanup } from '../payments/helpers'

/**
 * 理财 through the wallet's core and its IPC router, on a real mock bank: the channels' shapes, the bank's
 * suitability refusals passed on with their details, a purchase whose answer is lost joined (not
 * repeated) by pressing again, and 总资产's 理财 part in wallet.summary.
 */

const cleanups: Cleanup[] = []
let bank: BankServer
let w: Awaited<ReturnType<typeof demoWallet>>

beforeAll(async () => {
  bank = await demoBank(cleanups)
  w = await demoWallet(bank, cleanups)
  // Enough in the wallet for the purchases below, whatever the seed's history left.
  const { cards } = await w.ok<{ cards: { cardId: string }[] }>('cards.list')
  await w.ok('pay.topup', { cardId: cards[0]!.cardId, amountFen: 500_000, payPassword: PAY_PASSWORD })
})
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('wealth channels', () => {
  it('lists the products and the demo customer’s questionnaire (C2 from the seed, valid)', async () => {
    const { products } = await w.ok<WealthProducts>('wealth.products')
    expect(products.map((p) => [p.productId, p.risk, p.settlementDays])).toEqual([
      ['WP-CASH', 'R1', 0],
      ['WP-STEADY', 'R2', 1],
      ['WP-BOND', 'R2', 1],
      ['WP-MIXED', 'R3', 1],
      ['WP-EQUITY', 'R4', 1],
    ])
    for (const p of products) expect(p.sevenDayYieldBp).toBeGreaterThan(0)
    const q = await w.ok<RiskQuestionnaire>('wealth.questionnaire')
    expect(q.questions).toHaveLength(10)
    expect(q.assessment).toMatchObject({ level: 'C2', expired: false })
  })

  it('passes the bank’s suitability refusal on with both levels, and buys after the questionnaire is retaken', async () => {
    const before = await w.ok<WalletSummary>('wallet.summary')
    const refused = await w.fails('wealth.buy', { productId: 'WP-MIXED', amountFen: 100_000, payPassword: PAY_PASSWORD })
    expect(refused).toMatchObject({ code: 'RISK_LEVEL_TOO_LOW', details: { productRisk: 'R3', customerLevel: 'C2' } })

    const { assessment } = await w.ok<{ assessment: { level: string; expiresAt: number } }>('wealth.assess', {
      answers: riskAnswers('C4'),
    })
    expect(assessment.level).toBe('C4')
    const done = await w.ok<PaymentDone>('wealth.buy', { productId: 'WP-MIXED', amountFen: 100_000, payPassword: PAY_PASSWORD })
    expect(done.transaction).toMatchObject({ kind: 'wealth_buy', status: 'succeeded' })
    expect(done.balanceFen).toBe(before.balanceFen - 100_000)

    const held = await w.ok<WealthHoldings>('wealth.holdings')
    const mixed = held.holdings.find((h) => h.productId === 'WP-MIXED')
    expect(mixed).toMatchObject({
      risk: 'R3',
      settlementDays: 1,
      principalFen: 100_000,
      valueFen: 100_000,
      accumulatedYieldFen: 0,
    })
    const summary = await w.ok<WalletSummary>('wallet.summary')
    expect(summary.wealthFen).toBe(held.holdings.reduce((s, h) => s + h.valueFen, 0))
    expect(summary.wealthFen).toBe((before.wealthFen ?? 0) + 100_000)
  })

  it('joins a purchase whose answer was lost: pressing again under the same key buys once', async () => {
    const before = await w.ok<WalletSummary>('wallet.summary')
    await setFaults(bank, { dropAfterCommitRate: 1, paths: ['/wealth/buy'] })
    const lost = await w.fails('wealth.buy', { productId: 'WP-BOND', amountFen: 20_000, payPassword: PAY_PASSWORD })
    expect(lost).toMatchObject({ details: { outcomeUnknown: true } })
    await setFaults(bank, {})
    const again = await w.ok<PaymentDone>('wealth.buy', { productId: 'WP-BOND', amountFen: 20_000, payPassword: PAY_PASSWORD })
    expect(again.balanceFen).toBe(before.balanceFen - 20_000)
    const held = await w.ok<WealthHoldings>('wealth.holdings')
    expect(held.holdings.find((h) => h.productId === 'WP-BOND')).toMatchObject({ principalFen: 20_000 })
  })

  it('redeems T+1 as pending with its arrival day; 总资产 still counts it', async () => {
    const before = await w.ok<WalletSummary>('wallet.summary')
    const done = await w.ok<PaymentDone>('wealth.redeem', { productId: 'WP-MIXED', amountFen: 40_000, payPassword: PAY_PASSWORD })
    expect(done.transaction.status).toBe('pending')
    expect(done.balanceFen).toBe(before.balanceFen)
    const held = await w.ok<WealthHoldings>('wealth.holdings')
    const [pending] = held.redemptions.filter((r) => r.txId === done.transaction.txId)
    expect(pending).toMatchObject({ productId: 'WP-MIXED', name: '工银稳健混合', amountFen: 40_000 })
    expect(pending!.settlesOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(pending!.settlesAt).toBeGreaterThan(done.transaction.createdAt)
    const after = await w.ok<WalletSummary>('wallet.summary')
    expect(after.balanceFen + (after.wealthFen ?? 0)).toBe(before.balanceFen + (before.wealthFen ?? 0))
  })

  it('refuses malformed answers before the bank, and names what the bank found missing', async () => {
    const control = await w.fails('wealth.assess', { answers: [{ questionId: 'Q1\u0000', optionId: 'A' }] })
    expect(control).toMatchObject({ code: 'INVALID_INPUT', details: { reason: 'CONTROL_CHARS' } })
    const missing = await w.fails('wealth.assess', { answers: riskAnswers('C3').slice(0, 9) })
    expect(missing).toMatchObject({ code: 'INVALID_INPUT', details: { reason: 'MISSING', questionId: 'Q10' } })
    expect((await w.ok<RiskQuestionnaire>('wealth.questionnaire')).assessment?.level).toBe('C4')
  })

  it('keeps the balance when 理财 does not answer: 总资产 reads as not known, the balance is fresh', async () => {
    await setFaults(bank, { errorRate: 1, paths: ['/wealth/holdings'] })
    try {
      const summary = await w.ok<WalletSummary>('wallet.summary')
      expect(summary).toMatchObject({ stale: false, wealthFen: null })
      expect(summary.balanceFen).toBeGreaterThan(0)
    } finally {
      await setFaults(bank, {})
    }
  })
})
