import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect } from './fixtures'
import { signInDemo, startHarness, type RunningHarness } from '../support/harness'
import { startBankProcess } from '../support/bank-process'
import { bankFetch } from '../support/bank-address'

test('offline: balance and the whole history stay, with filters, search and CSV export', async ({ page }) => {
  const bank = await startBankProcess(mkdtempSync(join(tmpdir(), 'bank-')), ['--seed', 'demo'])
  let harness: RunningHarness | undefined
  try {
    harness = await startHarness({ bank })
    await signInDemo(harness, bank)
    await page.goto(harness.appUrl)
    await expect(page.getByTestId('page-home')).toBeVisible()
    await expect(page.getByTestId('sync-label')).toContainText('在线', { timeout: 30_000 })
    await page.evaluate(() => (window.location.hash = '#/history'))
    const totals = page.getByTestId('history-totals')
    /** The result count once the query has finished streaming its matches in. */
    const settledCount = async (): Promise<number> => {
      let last = ''
      await expect
        .poll(
          async () => {
            const now = await totals.innerText()
            const same = now === last
            last = now
            return same
          },
          { intervals: [500] },
        )
        .toBe(true)
      return Number(/共\s*([\d,]+)\s*笔/.exec(last)?.[1]?.replace(/,/g, '') ?? NaN)
    }
    // The demo history is laid out relative to the bank's today: its size comes from the bank.
    const held = (await (await bankFetch(bank, '/_dev/customers/13800138000')).json()) as { transactions: number }
    expect(held.transactions).toBeGreaterThan(100)
    // A whole month of the demo history, two months before the bank's today.
    const bankNow = ((await (await bankFetch(bank, '/_dev/clock')).json()) as { now: number }).now
    const month = new Date(bankNow)
    month.setDate(1)
    month.setMonth(month.getMonth() - 2)
    const mm = String(month.getMonth() + 1).padStart(2, '0')
    const first = `${month.getFullYear()}-${mm}-01`
    const last = `${month.getFullYear()}-${mm}-${new Date(month.getFullYear(), month.getMonth() + 1, 0).getDate()}`
    // The count comes first, the income and spending sums a moment later.
    await expect(totals).toContainText(`共 ${held.transactions.toLocaleString('zh-CN')} 笔`)
    await expect(totals).toContainText('支出')
    const onlineTotals = (await totals.textContent()) ?? ''

    // The bank goes away; the app is reloaded.
    await bank.stop()
    await page.evaluate(() => (window.location.hash = '#/home'))
    await page.reload()
    await expect(page.getByTestId('offline-banner')).toContainText('银行暂时无法连接', { timeout: 30_000 })
    await expect(page.getByTestId('balance')).toContainText('¥')
    await expect(page.getByTestId('summary-stale')).toBeVisible()

    await page.evaluate(() => (window.location.hash = '#/history'))
    await expect(totals).toHaveText(onlineTotals)
    await expect(page.getByTestId('history-row').first()).toBeVisible()

    // Search by counterparty, served by the replica's indexes.
    await page.getByTestId('filter-search').fill('超市')
    await expect(totals).not.toHaveText(onlineTotals)
    const rowTexts = () => page.getByTestId('history-row').allInnerTexts()
    await expect.poll(async () => (await rowTexts()).every((r) => r.includes('超市'))).toBe(true)
    const rows = await rowTexts()
    expect(rows.length).toBeGreaterThan(0)

    // A row opens its detail (the drawer's code is loaded on first use, here offline).
    await page.getByTestId('history-row').first().click()
    const drawer = page.getByTestId('tx-detail')
    await expect(drawer.getByTestId('detail-counterparty')).toContainText('超市')
    await expect(drawer.getByTestId('detail-reference')).toHaveText(/\S{6,}/)
    await page.keyboard.press('Escape')
    await expect(drawer).toBeHidden()

    // Type + month through the filter in the address.
    await page.evaluate(([from, to]) => (window.location.hash = `#/history?type=payment&from=${from}&to=${to}`), [first, last])
    await expect(page.getByTestId('history-row').first()).toBeVisible()
    await expect(totals).not.toHaveText(onlineTotals)
    await expect
      .poll(async () => (await rowTexts()).every((r) => new RegExp(`(^|\\D)${mm}-\\d\\d `).test(r) && !/充值|提现|转入|转出/.test(r)))
      .toBe(true)

    // CSV of the current filter: UTF-8 with BOM, a Chinese header, amounts in yuan.
    await page.evaluate(() => (window.location.hash = '#/history?q=超市'))
    await expect.poll(async () => (await rowTexts()).every((r) => r.includes('超市'))).toBe(true)
    const count = await settledCount()
    const downloading = page.waitForEvent('download')
    await page.getByTestId('export-csv').click()
    const download = await downloading
    const file = join(mkdtempSync(join(tmpdir(), 'csv-')), download.suggestedFilename())
    await download.saveAs(file)
    const bytes = readFileSync(file)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8').slice(1)
    const [header, ...lines] = text.trim().split('\r\n')
    expect(header).toMatch(/时间/)
    expect(lines.length).toBe(count)
    for (const line of lines) expect(line).toContain('超市')
    expect(lines[0]).toMatch(/-\d+\.\d{2}/)
  } finally {
    await harness?.stop()
    await bank.stop().catch(() => {})
  }
})
