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

test('a transfer made offline is queued (待发送) and executed exactly once after reconnecting', async ({ page }) => {
  const bankDir = mkdtempSync(join(tmpdir(), 'bank-'))
  let bank: BankProcess = await startBankProcess(bankDir, ['--seed', 'demo'])
  const port = new URL(bank.url).port
  let harness: RunningHarness | undefined
  try {
    harness = await startHarness({ bank })
    await signInDemo(harness, bank)
    const before = await payeeBalance(bank)

    await page.goto(harness.appUrl)
    await expect(page.getByTestId('page-home')).toBeVisible()
    await page.evaluate(() => (window.location.hash = '#/transfer'))
    await page.getByTestId('transfer-phone').fill(PAYEE)
    await page.getByTestId('transfer-lookup').click()
    await expect(page.getByTestId('transfer-payee')).toContainText('*')
    await page.getByTestId('transfer-amount').fill('33.33')
    await page.getByTestId('transfer-ack').click()
    await page.getByTestId('transfer-next').click()

    // The bank goes away before the password is confirmed: the transfer is queued, not lost.
    await bank.stop()
    await typeOnKeypad(page, DEMO.payPassword)
    await expect(page.getByTestId('pay-outcome-queued')).toContainText('已加入待发送队列')

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
