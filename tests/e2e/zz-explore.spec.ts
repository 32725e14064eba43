import { test, expect } from './fixtures'
import { openAt } from './steps'

const shot = (name: string) => `/tmp/w/shots/edges-${name}.png`

test('explore: backup', async ({ page, signedIn: harness }) => {
  await openAt(page, harness, '/settings')
  await page.getByTestId('backup-passphrase').scrollIntoViewIfNeeded()
  await page.evaluate(() => window.scrollBy(0, 300))
  await page.getByTestId('settings-backup').scrollIntoViewIfNeeded()
  await page.getByTestId('backup-passphrase').click()
  await page.waitForTimeout(800)
  await page.getByTestId('settings-backup').screenshot({ path: shot('backup-empty2') })
  await page.getByTestId('backup-passphrase').pressSequentially('ab')
  await page.waitForTimeout(800)
  await page.getByTestId('backup-passphrase').press('Backspace')
  await page.getByTestId('backup-passphrase').press('Backspace')
  await page.waitForTimeout(800)
  await page.getByTestId('settings-backup').screenshot({ path: shot('backup-cleared') })
})
