import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { openAt, typeOnKeypad } from './steps'
import { bankFetch, devPost } from '../support/bank-address'
import { DEMO, type RunningHarness } from '../support/harness'
import { formatFen } from '../../src/shared/money'

/**
 * 理财 end to end through the browser harness: the demo customer (C2 from the seed) is refused an R3
 * product with both levels, retakes the 风险测评 (C4), buys 工银稳健混合, sees the holding and 总资产 on
 * 首页, redeems it T+1 and sees it pending with its arrival day, and in the wallet once the bank's clock
 * reaches that day. Every date is the bank's.
 */

interface Holdings {
  holdings: { productId: string; valueFen: number }[]
  redemptions: { txId: string; amountFen: number; settlesAt: number; settlesOn: string }[]
}

async function bankNow(harness: RunningHarness): Promise<number> {
  return ((await (await bankFetch(harness.bank!, '/_dev/clock')).json()) as { now: number }).now
}

/** The session does not outlive a jump of the bank's clock: lock, reload and unlock signs in again. */
async function unlockAgain(page: Page, harness: RunningHarness): Promise<void> {
  await harness.call('session.lock')
  await page.reload()
  await expect(page.getByTestId('lock')).toBeVisible()
  await page.getByTestId('lock-password').fill(DEMO.password)
  await page.getByTestId('lock-submit').click()
  await expect(page.getByTestId('page-home')).toBeVisible()
}

async function goToWealth(page: Page): Promise<void> {
  await page.evaluate(() => (window.location.hash = '#/wealth'))
  await expect(page.getByTestId('page-wealth')).toBeVisible()
}

test('理财: questionnaire, buy, holding and 总资产, redeem T+1 and see it arrive on the bank’s next business day', async ({
  page,
  signedIn,
}) => {
  test.setTimeout(120_000)
  const { cards } = await signedIn.call<{ cards: { cardId: string }[] }>('cards.list')
  await signedIn.call('pay.topup', { cardId: cards[0]!.cardId, amountFen: 200_000, payPassword: DEMO.payPassword })

  await openAt(page, signedIn, '/wealth')
  await expect(page.getByTestId('page-wealth')).toBeVisible()
  await expect(page.getByTestId('risk-level')).toContainText('C2 稳健型')
  await expect(page.getByTestId('holding-WP-CASH')).toBeVisible()

  // An R3 product is above C2: refused with both levels, before any password.
  await page.getByTestId('product-buy-WP-MIXED').click()
  await expect(page.getByTestId('wealth-refusal')).toContainText('该产品风险等级为 R3 平衡型，高于您的风险承受能力 C2 稳健型')

  // 重新测评: ten questions, answered as a growth investor.
  await page.getByTestId('refusal-assess').click()
  await expect(page.getByTestId('risk-dialog')).toBeVisible()
  const choices = 'BCCCCCCCCB'
  for (let i = 0; i < 10; i++) await page.getByTestId(`risk-Q${i + 1}-${choices[i]}`).click()
  await page.getByTestId('risk-submit').click()
  await expect(page.getByTestId('risk-result')).toContainText('C4 成长型')
  await page.getByTestId('risk-done').click()
  await expect(page.getByTestId('risk-level')).toContainText('C4 成长型')

  // 买入 ¥1,000.00 of 工银稳健混合 (R3, T+1).
  await page.getByTestId('product-buy-WP-MIXED').click()
  await page.getByTestId('buy-amount').fill('1000')
  await page.getByTestId('buy-agree').click()
  await page.getByTestId('buy-next').click()
  await expect(page.getByTestId('pay-sheet-payee')).toHaveText('买入 工银稳健混合')
  await typeOnKeypad(page, DEMO.payPassword)
  await expect(page.getByTestId('holding-WP-MIXED').getByTestId('holding-value')).toHaveText('¥1,000.00')

  // 总资产 on 首页: the balance and every holding.
  const held = await signedIn.call<Holdings>('wealth.holdings')
  const wealthFen = held.holdings.reduce((s, h) => s + h.valueFen, 0)
  const summary = await signedIn.call<{ balanceFen: number }>('wallet.summary')
  await page.evaluate(() => (window.location.hash = '#/'))
  await expect(page.getByTestId('total-assets-amount')).toHaveText(formatFen(summary.balanceFen + wealthFen))
  await expect(page.getByTestId('total-assets-breakdown')).toContainText(`理财 ${formatFen(wealthFen)}`)

  // 赎回 all of it: T+1, pending with the bank's arrival day.
  await goToWealth(page)
  await page.getByTestId('holding-redeem-WP-MIXED').click()
  await page.getByTestId('redeem-all').click()
  await page.getByTestId('redeem-next').click()
  await typeOnKeypad(page, DEMO.payPassword)
  await expect(page.getByTestId('holding-WP-MIXED')).toBeHidden()
  const { redemptions } = await signedIn.call<Holdings>('wealth.holdings')
  expect(redemptions).toHaveLength(1)
  const pending = redemptions[0]!
  expect(pending.amountFen).toBe(100_000)
  const row = page.getByTestId(`pending-${pending.txId}`)
  await expect(row).toContainText('处理中')
  await expect(row).toContainText(`预计 ${pending.settlesOn} 到账`)
  const balanceBefore = (await signedIn.call<{ balanceFen: number }>('wallet.summary')).balanceFen

  // A minute before the arrival day (UTC+8) on the bank's clock: still on its way.
  await devPost(signedIn.bank!, '/_dev/clock', { advanceMs: pending.settlesAt - (await bankNow(signedIn)) - 60_000 })
  await unlockAgain(page, signedIn)
  await goToWealth(page)
  await expect(page.getByTestId(`pending-${pending.txId}`)).toContainText(`预计 ${pending.settlesOn} 到账`)

  // The arrival day: in the wallet, nothing pending.
  await devPost(signedIn.bank!, '/_dev/clock', { advanceMs: 2 * 60_000 })
  await unlockAgain(page, signedIn)
  await expect(page.getByTestId('balance')).toHaveText(formatFen(balanceBefore + 100_000))
  await goToWealth(page)
  await expect(page.getByTestId('holding-WP-CASH')).toBeVisible()
  await expect(page.getByTestId(`pending-${pending.txId}`)).toHaveCount(0)
})
