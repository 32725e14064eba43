import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { bankFetch, type BankAddress } from '../support/bank-address'
import { base32Decode, totp } from '../../src/shared/otp'

/**
 * 双因素认证 end to end through the browser harness: the enrol screen shows the bank's secret, the test
 * computes the code from what the screen shows on the bank's clock (never the test machine's), and the
 * wallet's folder keeps no trace of the secret. src/renderer/src/views/settings/TwoFactorView.vue.
 */

async function bankNow(bank: BankAddress): Promise<number> {
  const res = await bankFetch(bank, '/_dev/clock')
  return ((await res.json()) as { now: number }).now
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** Opens 设置 → 双因素认证, enrols and confirms; answers the secret the screen showed. */
async function enrol(page: Page, appUrl: string, bank: BankAddress): Promise<string> {
  await page.goto(appUrl)
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('settings-twofa').click()
  await expect(page.getByTestId('twofa-state')).toHaveText('未开启')
  await page.getByTestId('twofa-start').click()
  await expect(page.getByTestId('twofa-qr')).toBeVisible()
  const shown = (await page.getByTestId('twofa-secret').textContent()) ?? ''
  expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/)
  const secret = shown.replace(/\s/g, '')
  await page.getByTestId('twofa-code').fill(totp(base32Decode(secret), await bankNow(bank)))
  await page.getByTestId('twofa-confirm').click()
  await expect(page.getByTestId('twofa-state')).toHaveText('已开启')
  await expect(page.getByTestId('twofa-secret')).toHaveCount(0)
  return secret
}

test('enrol: QR code and key shown, the first code turns it on, the wallet keeps no copy of the secret', async ({ page, signedIn }) => {
  const bank = signedIn.bank!
  const secret = await enrol(page, signedIn.appUrl, bank)
  expect(await signedIn.call('twofa.status')).toEqual({ enabled: true })

  const raw = Buffer.from(base32Decode(secret))
  const forms = [secret, raw.toString('hex'), raw.toString('base64'), raw.toString('base64url')]
  for (const file of filesUnder(signedIn.dataDir)) {
    if (file.includes('mock-bank')) continue // the bank's own folder: its journal seals the secret (docs/security.md)
    const content = readFileSync(file)
    for (const form of forms) expect(content.includes(form), `${file} holds the secret as ${form}`).toBe(false)
    expect(content.includes(raw), `${file} holds the raw secret`).toBe(false)
  }
})
