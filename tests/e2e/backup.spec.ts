import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { startHarness } from '../support/harness'

/** Count and SHA-256 over every transaction in the page's replica, read straight from IndexedDB. */
async function replicaDigest(page: Page): Promise<{ count: number; sha: string }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('icbc-wallet-replica')
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const req = db.transaction('transactions').objectStore('transactions').getAll()
      req.onsuccess = () => resolve(req.result as Record<string, unknown>[])
      req.onerror = () => reject(req.error)
    })
    db.close()
    const canonical = rows
      .map((r) => [r.id, r.seq, r.occurredAt, r.type, r.direction, r.amountFen, r.status, r.counterparty, r.memo].join('|'))
      .sort()
      .join('\n')
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical))
    return { count: rows.length, sha: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('') }
  })
}

test('back up, restore on a fresh computer, and the history is identical', async ({ page, newContext, signedIn: harness }) => {
  await page.goto(harness.appUrl)
  await expect(page.getByTestId('page-home')).toBeVisible()
  // Wait for the first sync of the demo history to land in the replica.
  await expect.poll(async () => (await replicaDigest(page)).count, { timeout: 30_000 }).toBeGreaterThan(100)
  await expect.poll(async () => (await replicaDigest(page)).count, { timeout: 10_000, intervals: [1000] }).toBe((await replicaDigest(page)).count)
  const original = await replicaDigest(page)

  await page.getByTestId('nav-settings').click()
  await page.getByTestId('backup-passphrase').fill('short')
  await page.getByTestId('backup-passphrase-confirm').fill('short')
  await page.getByTestId('backup-create').click()
  await expect(page.getByTestId('backup-error')).toContainText('至少需要 8 个字符')
  await page.getByTestId('backup-passphrase').fill('备份口令 horse 2026')
  await page.getByTestId('backup-passphrase-confirm').fill('备份口令 horse 2026')
  const downloading = page.waitForEvent('download')
  await page.getByTestId('backup-create').click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^工行数字钱包备份-.*\.iwbk$/)
  const file = join(mkdtempSync(join(tmpdir(), 'backup-')), download.suggestedFilename())
  await download.saveAs(file)
  await expect(page.getByTestId('backup-result')).toContainText(`${original.count} 笔交易`)

  // A new computer: a fresh data folder, a fresh browser profile, no account yet.
  const fresh = await startHarness()
  const other = await (await newContext()).newPage()
  try {
    await other.goto(fresh.appUrl)
    await other.getByTestId('welcome-restore').click()
    await other.getByTestId('restore-file').setInputFiles(file)
    await other.getByTestId('restore-passphrase').fill('wrong passphrase')
    await other.getByTestId('restore-check').click()
    await expect(other.getByTestId('restore-error')).toContainText('密码错误')
    await other.getByTestId('restore-passphrase').fill('备份口令 horse 2026')
    await other.getByTestId('restore-check').click()
    await expect(other.getByTestId('restore-count')).toHaveText(String(original.count))
    await other.getByTestId('restore-submit').click()
    await other.locator('.el-message-box').getByRole('button', { name: '恢复' }).click()
    await expect(other.getByTestId('restore-done')).toBeVisible()
    expect(await replicaDigest(other)).toEqual(original)
  } finally {
    await fresh.stop()
  }
})
