import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { DEMO, signInDemo, startHarness, type RunningHarness } from '../support/harness'
import { startBankProcess, type BankProcess } from '../support/bank-process'
import { bankFetch, type BankAddress } from '../support/bank-address'

const PAYEE = '13900139000'

async function payeeBalance(bank: BankAddress): Promise<number> {
  const res = await bankFetch(bank, `/_dev/customers/${PAYEE}`)
  return ((await res.json()) as { customer: { balanceFen: number } }).customer.balanceFen
}

async function typeOnKeypad(page: Page, digits: string): Promise<void> {
  const sheet = page.getByTestId('pay-sheet')
  for (const d of digits) await sheet.getByTestId(`keypad-${d}`).click()
}

/**
 * A transfer to PAYEE typed in while the bank is there, whose password is confirmed after the bank went
 * away: it is queued (待发送), not lost.
 */
async function transferWhileTheBankGoes(page: Page, harness: RunningHarness, bank: BankProcess, amount: string): Promise<void> {
  await page.goto(harness.appUrl)
  await expect(page.getByTestId('page-home')).toBeVisible()
  await page.evaluate(() => (window.location.hash = '#/transfer'))
  await page.getByTestId('transfer-phone').fill(PAYEE)
  await page.getByTestId('transfer-lookup').click()
  await expect(page.getByTestId('transfer-payee')).toContainText('*')
  await page.getByTestId('transfer-amount').fill(amount)
  await page.getByTestId('transfer-ack').click()
  await page.getByTestId('transfer-next').click()
  await bank.stop()
  await typeOnKeypad(page, DEMO.payPassword)
  await expect(page.getByTestId('pay-outcome-queued')).toContainText('已加入待发送队列')
}

test('a transfer made offline is queued (待发送) and executed exactly once after reconnecting', async ({ page }) => {
  const bankDir = mkdtempSync(join(tmpdir(), 'bank-'))
  let bank: BankProcess = await startBankProcess(bankDir, ['--seed', 'demo'])
  const port = new URL(bank.url).port
  let harness: RunningHarness | undefined
  try {
    harness = await startHarness({ bank })
    await signInDemo(harness, bank)
    const before = await payeeBalance(bank)

    // The bank goes away before the password is confirmed: the transfer is queued, not lost.
    await transferWhileTheBankGoes(page, harness, bank, '33.33')

    await page.evaluate(() => (window.location.hash = '#/history'))
    await expect(page.getByTestId('outbox-item').first()).toContainText('33.33')

    // The bank comes back on the same address (and, for this wallet, with the same client secret); a
    // manual refresh sends the outbox.
    bank = await startBankProcess(bankDir, ['--port', port], { env: { ICBC_WALLET_BANK_SECRET: bank.clientSecret! } })
    await page.evaluate(() => (window.location.hash = '#/home'))
    await page.getByTestId('sync-refresh').click()
    await expect.poll(() => payeeBalance(bank), { timeout: 30_000 }).toBe(before + 3333)
    await page.evaluate(() => (window.location.hash = '#/history'))
    await expect(page.getByTestId('outbox-item')).toHaveCount(0, { timeout: 15_000 })

    // Exactly once: more syncs change nothing at the bank, and its ledger balances.
    await page.evaluate(() => (window.location.hash = '#/home'))
    await page.getByTestId('sync-refresh').click()
    await page.waitForTimeout(1500)
    expect(await payeeBalance(bank)).toBe(before + 3333)
    const ledger = (await (await bankFetch(bank, '/_dev/ledger')).json()) as { balanced: boolean }
    expect(ledger.balanced).toBe(true)
  } finally {
    await harness?.stop()
    await bank.stop().catch(() => {})
  }
})

test('a transfer queued offline waits as 待输入支付密码 after a restart, and goes once when the password is typed again in 账单', async ({
  page,
}) => {
  const bankDir = mkdtempSync(join(tmpdir(), 'bank-'))
  let bank: BankProcess = await startBankProcess(bankDir, ['--seed', 'demo'])
  const port = new URL(bank.url).port
  let harness: RunningHarness | undefined
  try {
    harness = await startHarness({ bank })
    await signInDemo(harness, bank)
    const before = await payeeBalance(bank)

    // The bank goes away before the password is confirmed: the transfer is queued, not lost.
    await transferWhileTheBankGoes(page, harness, bank, '44.44')

    // The app restarts before the bank is back: the payment password was in its memory only.
    await harness.stop()
    harness = await startHarness({ dataDir: harness.dataDir, bank })
    bank = await startBankProcess(bankDir, ['--port', port], { env: { ICBC_WALLET_BANK_SECRET: bank.clientSecret! } })
    await page.goto(harness.appUrl)
    await page.getByTestId('lock-password').fill(DEMO.password)
    await page.getByTestId('lock-submit').click()
    await expect(page.getByTestId('page-home')).toBeVisible()
    await expect(page.getByTestId('home-outbox-password')).toBeVisible()
    // The notification says so, and takes the user to 账单.
    await page.locator('.el-notification').filter({ hasText: '待输入支付密码' }).click()
    await expect(page.locator('.el-notification').filter({ hasText: '待输入支付密码' })).toHaveCount(0)
    const item = page.getByTestId('outbox-item').first()
    await expect(item).toContainText('44.44')
    await expect(item.getByTestId('outbox-state')).toHaveText('待输入支付密码')
    // Nothing goes without the password, however often the app syncs.
    await page.evaluate(() => (window.location.hash = '#/home'))
    await page.getByTestId('sync-refresh').click()
    await page.waitForTimeout(1500)
    expect(await payeeBalance(bank)).toBe(before)

    await page.evaluate(() => (window.location.hash = '#/history'))
    await page.getByTestId('outbox-item').first().getByTestId('outbox-enter-password').click()
    await typeOnKeypad(page, DEMO.payPassword)
    await expect.poll(() => payeeBalance(bank), { timeout: 30_000 }).toBe(before + 4444)
    await expect(page.getByTestId('outbox-item')).toHaveCount(0, { timeout: 15_000 })

    // Exactly once.
    await page.evaluate(() => (window.location.hash = '#/home'))
    await page.getByTestId('sync-refresh').click()
    await page.waitForTimeout(1500)
    expect(await payeeBalance(bank)).toBe(before + 4444)
    const ledger = (await (await bankFetch(bank, '/_dev/ledger')).json()) as { balanced: boolean }
    expect(ledger.balanced).toBe(true)
  } finally {
    await harness?.stop()
    await bank.stop().catch(() => {})
  }
})
