import { test, expect } from './fixtures'
import { openAt, typeOnKeypad } from './steps'
import { DEMO } from '../support/harness'
import { bankFetch } from '../support/bank-address'

const yuan = (text: string) => Number(text.replace(/[¥,\s]/g, ''))

interface Ledger {
  balanced: boolean
  byKind: Record<string, number>
}

test('claim a coupon in 优惠, pay a bill with it: the wallet pays the bill less the saving, as the ledger says', async ({
  page,
  signedIn: harness,
}) => {
  const ledger = async () => (await (await bankFetch(harness.bank!, '/_dev/ledger')).json()) as Ledger

  await openAt(page, harness, '/promotions')
  const card = page.getByTestId('campaign-CP-BILL-5')
  await expect(card.getByTestId('campaign-rule')).toHaveText('满 ¥50.00 减 ¥5.00')
  const stock = await card.getByTestId('campaign-stock').innerText()
  await card.getByTestId('campaign-claim').click()
  await expect(card.getByTestId('campaign-claim')).toHaveText('已领取')
  await expect(card.getByTestId('campaign-stock')).not.toHaveText(stock)
  await page.getByRole('tab', { name: '我的优惠券' }).click()
  await expect(page.getByTestId('coupon-filter')).toContainText('可用')
  await expect(page.locator('[data-testid^="coupon-cpn"]').filter({ hasText: '生活缴费满50减5' })).toBeVisible()

  // A household whose bill this month (on the bank's clock) reaches the coupon's minimum spend, as the bank says.
  let household = ''
  let dueFen = 0
  for (let n = 1; n < 50 && !household; n++) {
    const candidate = String(1_000_000_000 + n)
    const bill = await harness.call<{ amountDueFen: number }>('bills.query', { billerId: 'BJ-WATER', household: candidate })
    if (bill.amountDueFen >= 5000) [household, dueFen] = [candidate, bill.amountDueFen]
  }
  expect(household).not.toBe('')

  const before = await ledger()
  await openAt(page, harness, '/bills')
  await page.getByTestId('bill-household').fill(household)
  await page.getByTestId('bill-query').click()
  await expect(page.getByTestId('bill-due')).toContainText('¥')
  expect(Math.round(yuan(await page.getByTestId('bill-due').innerText()) * 100)).toBe(dueFen)
  // The coupon is preselected and its saving shown.
  await expect(page.getByTestId('coupon-saving')).toContainText('已优惠 ¥5.00')
  await page.getByTestId('bill-pay').click()
  await expect(page.getByTestId('pay-sheet-amount')).toBeVisible()
  expect(Math.round(yuan(await page.getByTestId('pay-sheet-amount').innerText()) * 100)).toBe(dueFen - 500)
  await typeOnKeypad(page, DEMO.payPassword)
  await expect(page.getByTestId('pay-outcome-title')).toHaveText('缴费成功')

  const after = await ledger()
  expect(after.balanced).toBe(true)
  expect(after.byKind.w! - before.byKind.w!).toBe(-(dueFen - 500))
  expect(after.byKind.b! - before.byKind.b!).toBe(dueFen)

  await openAt(page, harness, '/promotions')
  await page.getByRole('tab', { name: '我的优惠券' }).click()
  await page.getByTestId('coupon-filter-used').click()
  await expect(page.locator('[data-testid^="coupon-cpn"]').filter({ hasText: '生活缴费满50减5' })).toContainText('已使用')
})
