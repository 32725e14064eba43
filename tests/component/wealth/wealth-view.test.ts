import { defineComponent, h } from 'vue'
import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RiskAssessment, RiskQuestionnaire, WealthHoldings, WealthProduct } from '@shared/contract'
import { i18n } from '@renderer/i18n'
import { useSyncStore } from '@renderer/stores/sync'
import WealthView from '@renderer/views/wealth/WealthView.vue'
import { $, done, fieldErrors, mountScreen, ok, refuse, settle, typeOnKeypad } from '../payments/screen'

// The chart's canvas is not what is tested here: a stand-in shows the series it was given.
vi.mock('vue-echarts', () => ({
  default: defineComponent({
    props: { option: { type: Object, required: true } },
    setup: (props) => () =>
      h(
        'div',
        { 'data-testid': 'chart-data' },
        JSON.stringify((props.option as { series: { data: number[] }[] }).series[0]!.data),
      ),
  }),
}))

enableAutoUnmount(afterEach)
afterEach(() => {
  document.body.innerHTML = ''
  i18n.global.locale.value = 'zh-CN'
})

const PAY_PASSWORD = '135790'

function product(patch: Partial<WealthProduct>): WealthProduct {
  return {
    productId: 'WP-CASH',
    name: '工银现金快线',
    category: '现金管理类',
    annualRateBp: 180,
    sevenDayYieldBp: 179,
    risk: 'R1',
    minAmountFen: 100,
    settlementDays: 0,
    description: '货币基金类产品',
    riskNotice: '理财非存款，产品有风险，投资须谨慎。本产品风险等级为 R1。',
    terms: ['起购金额 1.00 元。', '每日计算收益。', '赎回实时到账（T+0）。'],
    ...patch,
  }
}

const PRODUCTS = [
  product({}),
  product({
    productId: 'WP-BOND',
    name: '工银添利债券',
    risk: 'R2',
    annualRateBp: 320,
    sevenDayYieldBp: 318,
    minAmountFen: 10_000,
    settlementDays: 1,
    riskNotice: '理财非存款。本产品风险等级为 R2。',
  }),
  product({
    productId: 'WP-MIXED',
    name: '工银稳健混合',
    risk: 'R3',
    annualRateBp: 450,
    sevenDayYieldBp: 447,
    minAmountFen: 100_000,
    settlementDays: 1,
  }),
]

const QUESTIONS = Array.from({ length: 10 }, (_, i) => ({
  questionId: `Q${i + 1}`,
  text: `问题 ${i + 1}`,
  options: ['A', 'B', 'C', 'D'].map((o) => ({ optionId: o, text: `选项 ${o}` })),
}))

// 2026-01-15 10:00 UTC+8, valid a year.
const ASSESSED_AT = Date.UTC(2026, 0, 15, 2)
function assessment(level: RiskAssessment['level'], patch: Partial<RiskAssessment> = {}): RiskAssessment {
  return { level, score: 33, assessedAt: ASSESSED_AT, expiresAt: Date.UTC(2027, 0, 15, 2), expired: false, ...patch }
}

const HOLDINGS: WealthHoldings = {
  holdings: [
    {
      productId: 'WP-BOND',
      name: '工银添利债券',
      valueFen: 1_000_263,
      settlementDays: 1,
      principalFen: 1_000_000,
      risk: 'R2',
      yesterdayYieldFen: 88,
      accumulatedYieldFen: 263,
      history: [
        { day: '2026-01-15', yieldFen: 87 },
        { day: '2026-01-16', yieldFen: 88 },
        { day: '2026-01-17', yieldFen: 88 },
      ],
    },
  ],
  redemptions: [
    {
      txId: 'TX-R1',
      productId: 'WP-BOND',
      name: '工银添利债券',
      amountFen: 60_000,
      settlesAt: Date.UTC(2026, 0, 18, 16),
      settlesOn: '2026-01-19',
    },
  ],
}

function handlers(state: { assessment: RiskAssessment | null; holdings?: WealthHoldings }) {
  return {
    'wealth.products': () => ok({ products: PRODUCTS }),
    'wealth.holdings': () => ok(state.holdings ?? { holdings: [], redemptions: [] }),
    'wealth.questionnaire': () => ok({ questions: QUESTIONS, assessment: state.assessment } satisfies RiskQuestionnaire),
    'wallet.summary': () => refuse('NETWORK'),
  }
}

const text = (testid: string) => $(testid)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
const click = async (testid: string) => {
  $(testid)!.click()
  await settle()
}
async function typeInto(testid: string, value: string): Promise<void> {
  const input = $(testid)!.querySelector('input') ?? ($(testid) as HTMLInputElement)
  ;(input as HTMLInputElement).value = value
  input.dispatchEvent(new Event('input'))
  await settle()
}

describe('WealthView: products', () => {
  it('shows each product’s grade, 7-day yield, minimum, T+0/T+1 and 风险提示, and its terms in a dialog', async () => {
    await mountScreen(WealthView, handlers({ assessment: assessment('C2') }))
    const cash = $('product-WP-CASH')!
    expect(cash.querySelector('[data-testid="product-grade"]')!.textContent).toContain('R1 谨慎型')
    expect(cash.querySelector('[data-testid="product-yield"]')!.textContent).toBe('1.79%')
    expect(cash.querySelector('[data-testid="product-min"]')!.textContent).toBe('¥1.00')
    expect(cash.querySelector('[data-testid="product-speed"]')!.textContent).toBe('T+0 实时到账')
    expect(cash.querySelector('[data-testid="product-notice"]')!.textContent).toContain('理财非存款')
    const bond = $('product-WP-BOND')!
    expect(bond.querySelector('[data-testid="product-speed"]')!.textContent).toBe('T+1 工作日到账')
    expect(bond.querySelector('[data-testid="product-min"]')!.textContent).toBe('¥100.00')
    // Above C2: marked before anything is pressed.
    expect($('product-WP-MIXED')!.textContent).toContain('超出您的风险承受能力')
    expect($('product-WP-BOND')!.textContent).not.toContain('超出您的风险承受能力')

    await click('product-terms-WP-CASH')
    const terms = $('terms-dialog')!
    expect(terms.textContent).toContain('起购金额 1.00 元。')
    expect(terms.querySelectorAll('li')).toHaveLength(3)
  })
})

describe('WealthView: 风险测评', () => {
  it('refuses a purchase without a questionnaire, then takes it: ten questions, C1–C5 and its expiry', async () => {
    const state: { assessment: RiskAssessment | null } = { assessment: null }
    const { sent } = await mountScreen(WealthView, {
      ...handlers(state),
      'wealth.assess': (input) => {
        state.assessment = assessment('C3', { score: 46 })
        expect((input as { answers: unknown[] }).answers).toHaveLength(10)
        return ok({ assessment: state.assessment })
      },
    })
    expect(text('risk-none')).toContain('尚未完成风险测评')
    await click('product-buy-WP-CASH')
    expect(text('wealth-refusal')).toContain('购买理财产品前须完成风险测评')
    expect($('buy-next')).toBeNull()

    await click('refusal-assess')
    expect(document.body.querySelectorAll('[data-testid^="risk-q-"]')).toHaveLength(10)
    await click('risk-Q1-B')
    await click('risk-submit')
    expect(text('risk-missing')).toContain('还有 9 题未作答')
    expect(sent('wealth.assess')).toHaveLength(0)
    for (let i = 2; i <= 10; i++) await click(`risk-Q${i}-C`)
    await click('risk-submit')
    expect(sent('wealth.assess')[0]).toEqual({
      answers: QUESTIONS.map((q) => ({ questionId: q.questionId, optionId: q.questionId === 'Q1' ? 'B' : 'C' })),
    })
    expect(text('risk-result')).toContain('C3 平衡型')
    expect(text('risk-result')).toContain('R3 平衡型')
    expect(text('risk-result')).toContain('有效期至 2027-01-15')
    await click('risk-done')
    expect(text('risk-level')).toContain('C3 平衡型')
    expect(text('risk-valid-until')).toBe('有效期至 2027-01-15')
    expect($('risk-open')!.textContent).toContain('重新测评')
  })

  it('says when the questionnaire expired and refuses a purchase until it is retaken', async () => {
    await mountScreen(WealthView, handlers({ assessment: assessment('C4', { expired: true }) }))
    expect(text('risk-expired')).toContain('已于 2027-01-15 过期')
    await click('product-buy-WP-CASH')
    expect(text('wealth-refusal')).toContain('您的风险测评已于 2027-01-15 过期')
  })
})

describe('WealthView: buying', () => {
  it('refuses a product above the customer’s level with both levels', async () => {
    const { sent } = await mountScreen(WealthView, handlers({ assessment: assessment('C2') }))
    await click('product-buy-WP-MIXED')
    expect(text('wealth-refusal')).toContain('该产品风险等级为 R3 平衡型，高于您的风险承受能力 C2 稳健型')
    expect(sent('wealth.buy')).toHaveLength(0)
  })

  it('checks the minimum and the risk confirmation, then buys with the payment password; 重试 sends the same purchase', async () => {
    let answers = 0
    const { sent } = await mountScreen(WealthView, {
      ...handlers({ assessment: assessment('C2') }),
      'wealth.buy': () =>
        ++answers === 1 ? refuse('OFFLINE', { outcomeUnknown: true }) : ok(done({ kind: 'wealth_buy', amountFen: 20_000 })),
    })
    await click('product-buy-WP-BOND')
    expect(text('buy-risk-notice')).toContain('本产品风险等级为 R2')
    await typeInto('buy-amount', '99')
    await click('buy-next')
    expect(await fieldErrors()).toContain('买入金额不能少于起购金额 ¥100.00')
    await typeInto('buy-amount', '200')
    await click('buy-next')
    expect(text('buy-must-agree')).toContain('请先阅读并确认风险提示和产品条款')
    expect($('pay-sheet')).toBeNull()
    await click('buy-agree')
    await click('buy-next')
    expect(text('pay-sheet-payee')).toBe('买入 工银添利债券')
    expect(text('pay-sheet-amount')).toBe('¥200.00')
    await typeOnKeypad(PAY_PASSWORD)
    expect(text('pay-sheet-error')).toBeTruthy()
    await click('pay-sheet-retry')
    await typeOnKeypad(PAY_PASSWORD)
    const purchase = { productId: 'WP-BOND', amountFen: 20_000, payPassword: PAY_PASSWORD }
    expect(sent('wealth.buy')).toEqual([purchase, purchase])
    // Reloaded after the purchase.
    expect(sent('wealth.holdings').length).toBeGreaterThanOrEqual(2)
  })

  it('shows the bank’s refusal on the sheet with its reason', async () => {
    await mountScreen(WealthView, {
      ...handlers({ assessment: assessment('C3') }),
      'wealth.buy': () => refuse('RISK_LEVEL_TOO_LOW', { productRisk: 'R3', customerLevel: 'C2' }),
    })
    await click('product-buy-WP-MIXED')
    await typeInto('buy-amount', '1000')
    await click('buy-agree')
    await click('buy-next')
    await typeOnKeypad(PAY_PASSWORD)
    expect(text('pay-sheet-error')).toContain('该产品风险等级为 R3 平衡型，高于您的风险承受能力 C2 稳健型')
  })
})

describe('WealthView: holdings', () => {
  it('shows 昨日收益, 累计收益, the daily chart and the pending T+1 redemption with its arrival day', async () => {
    await mountScreen(WealthView, handlers({ assessment: assessment('C2'), holdings: HOLDINGS }))
    const bond = $('holding-WP-BOND')!
    expect(bond.querySelector('[data-testid="holding-value"]')!.textContent).toBe('¥10,002.63')
    expect(bond.querySelector('[data-testid="holding-yesterday"]')!.textContent).toBe('¥0.88')
    expect(bond.querySelector('[data-testid="holding-accumulated"]')!.textContent).toBe('¥2.63')
    expect(bond.querySelector('[data-testid="chart-data"]')!.textContent).toBe('[0.87,0.88,0.88]')
    expect(text('pending-TX-R1')).toContain('¥600.00')
    expect(text('pending-TX-R1')).toContain('处理中')
    expect(text('pending-TX-R1')).toContain('预计 2026-01-19 到账')
    expect(text('wealth-total')).toBe('¥10,602.63')
  })

  it('asks the bank again when the feed brings something (a T+1 redemption arriving)', async () => {
    const state: { assessment: RiskAssessment | null; holdings?: WealthHoldings } = {
      assessment: assessment('C2'),
      holdings: HOLDINGS,
    }
    await mountScreen(WealthView, handlers(state))
    expect($('pending-TX-R1')).not.toBeNull()
    state.holdings = { ...HOLDINGS, redemptions: [] }
    useSyncStore().revision++
    await new Promise((r) => setTimeout(r, 1100))
    await settle()
    expect($('pending-TX-R1')).toBeNull()
  })

  it('redeems all of a holding with the payment password', async () => {
    const { sent } = await mountScreen(WealthView, {
      ...handlers({ assessment: assessment('C2'), holdings: HOLDINGS }),
      'wealth.redeem': () => ok(done({ kind: 'wealth_redeem', status: 'pending', amountFen: 1_000_263 })),
    })
    await click('holding-redeem-WP-BOND')
    expect(text('redeem-arrival')).toContain('下一个工作日到账（T+1')
    await typeInto('redeem-amount', '20000')
    await click('redeem-next')
    expect(await fieldErrors()).toContain('赎回金额不能超过持有金额 ¥10,002.63')
    await click('redeem-all')
    await click('redeem-next')
    expect(text('pay-sheet-payee')).toBe('赎回 工银添利债券')
    await typeOnKeypad(PAY_PASSWORD)
    expect(sent('wealth.redeem')).toEqual([{ productId: 'WP-BOND', amountFen: 1_000_263, payPassword: PAY_PASSWORD }])
  })

  it('speaks English', async () => {
    await mountScreen(WealthView, handlers({ assessment: assessment('C2'), holdings: HOLDINGS }))
    i18n.global.locale.value = 'en-US'
    await settle()
    expect(text('risk-level')).toBe('Your risk tolerance: C2 Cautious')
    expect(text('pending-TX-R1')).toContain('Expected on 2026-01-19')
    expect($('product-WP-CASH')!.textContent).toContain('7-day annualised')
    expect($('product-WP-BOND')!.querySelector('[data-testid="product-speed"]')!.textContent).toBe('T+1 business day')
  })
})
