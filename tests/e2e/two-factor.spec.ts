import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { bankFetch, type BankAddress } from '../support/bank-address'
import { startBankProcess } from '../support/bank-process'
import { DEMO, signInDemo, smsCode, startHarness } from '../support/harness'
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

/** Moves the bank's clock on (one TOTP step by default, so the next code is not the one already used). */
async function nextStep(bank: BankAddress, advanceMs = 30_000): Promise<number> {
  const res = await bankFetch(bank, '/_dev/clock', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs }),
  })
  expect(res.status).toBe(200)
  return bankNow(bank)
}

async function smsCount(bank: BankAddress): Promise<number> {
  const res = await bankFetch(bank, `/_dev/sms/${DEMO.phone}`)
  return ((await res.json()) as { messages: unknown[] }).messages.length
}

/** The SMS code sent after `before` messages (the first device's sign-in code is older and used). */
async function freshSms(bank: BankAddress, before: number): Promise<string> {
  await expect.poll(() => smsCount(bank)).toBeGreaterThan(before)
  return smsCode(bank, DEMO.phone)
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** Opens 设置 → 双因素认证, enrols and confirms; answers the secret and the recovery codes the screen showed. */
async function enrol(page: Page, appUrl: string, bank: BankAddress): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto(appUrl)
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('settings-account').click()
  await page.getByTestId('settings-twofa').click()
  await expect(page.getByTestId('twofa-state')).toHaveText('未开启')
  await page.getByTestId('twofa-start').click()
  await expect(page.getByTestId('twofa-qr')).toBeVisible()
  const shown = (await page.getByTestId('twofa-secret').textContent()) ?? ''
  const groups = await page.getByTestId('twofa-secret').locator('span').allTextContents()
  expect(groups.slice(0, -1).every((g) => /^[A-Z2-7]{4}$/.test(g))).toBe(true)
  const secret = shown.replace(/\s/g, '')
  await page.getByTestId('twofa-code').fill(totp(base32Decode(secret), await bankNow(bank)))
  await page.getByTestId('twofa-confirm').click()
  await expect(page.getByTestId('twofa-state')).toHaveText('已开启')
  await expect(page.getByTestId('twofa-secret')).toHaveCount(0)

  // The recovery codes, shown once: saved through the backups' file path (a download in the harness).
  const list = page.getByTestId('twofa-recovery-codes').locator('li')
  await expect(list).toHaveCount(10)
  const recoveryCodes = (await list.allTextContents()).map((text) => text.replace(/^\s*\d+\.\s*/, '').trim())
  for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('twofa-recovery-save').click()])
  const saved = readFileSync(await download.path(), 'utf8')
  for (const code of recoveryCodes) expect(saved).toContain(code)
  await page.getByTestId('twofa-recovery-done').click()
  await expect(page.getByTestId('twofa-recovery-codes')).toHaveCount(0)
  return { secret, recoveryCodes }
}

test('enrol: QR code and key shown, the first code turns it on, the wallet keeps no copy of the secret; off with password and code', async ({
  page,
  signedIn,
}) => {
  const bank = signedIn.bank!
  const { secret, recoveryCodes } = await enrol(page, signedIn.appUrl, bank)
  expect(await signedIn.call('twofa.status')).toEqual({ enabled: true })

  const raw = Buffer.from(base32Decode(secret))
  const forms = [secret, raw.toString('hex'), raw.toString('base64'), raw.toString('base64url')]
  for (const file of filesUnder(signedIn.dataDir)) {
    if (file.includes('mock-bank')) continue // the bank's own folder: its journal seals the secret (docs/security.md)
    const content = readFileSync(file)
    for (const form of [...forms, ...recoveryCodes]) expect(content.includes(form), `${file} holds ${form}`).toBe(false)
    expect(content.includes(raw), `${file} holds the raw secret`).toBe(false)
  }

  // Turning it off: a wrong login password is refused and changes nothing; the right one with a fresh code works.
  const key = base32Decode(secret)
  await page.getByTestId('twofa-disable-password').fill('not-the-password-1')
  await page.getByTestId('twofa-disable-code').fill(totp(key, await nextStep(bank)))
  await page.getByTestId('twofa-disable').click()
  await expect(page.getByTestId('twofa-error')).toBeVisible()
  await expect(page.getByTestId('twofa-state')).toHaveText('已开启')
  await expect(page.getByTestId('twofa-disable-password')).toHaveValue('')
  await page.getByTestId('twofa-disable-password').fill(DEMO.password)
  await page.getByTestId('twofa-disable-code').fill(totp(key, await nextStep(bank)))
  await page.getByTestId('twofa-disable').click()
  await expect(page.getByTestId('twofa-state')).toHaveText('未开启')
  expect(await signedIn.call('twofa.status')).toEqual({ enabled: false })
})

/** Signs the demo customer in on a new device through the sign-in screen, up to the authenticator step. */
async function toAuthenticatorStep(page: Page, appUrl: string, bank: BankAddress): Promise<void> {
  // Past the SMS resend window, so the new device's sign-in sends a code of its own.
  await nextStep(bank, 61_000)
  const smsBefore = await smsCount(bank)
  await page.goto(appUrl)
  await page.getByTestId('welcome-sign-in').click()
  await page.getByTestId('sign-in-phone').fill(DEMO.phone)
  await page.getByTestId('sign-in-password').fill(DEMO.password)
  await page.getByTestId('sign-in-submit').click()
  await expect(page.getByTestId('challenge-title')).toHaveAttribute('data-method', 'sms')
  await page.getByTestId('challenge-code').fill(await freshSms(bank, smsBefore))
  await page.getByTestId('challenge-submit').click()
  await expect(page.getByTestId('challenge-title')).toHaveAttribute('data-method', 'totp')
}

test('sign-in on a new device asks for the SMS code, then the authenticator code or, once, a recovery code', async ({ page }) => {
  // Four wallets and a bank, each started as a process: more than the default minute on a busy machine.
  test.setTimeout(150_000)
  const bankDir = mkdtempSync(join(tmpdir(), 'bank-2fa-'))
  const bank = await startBankProcess(bankDir, ['--seed', 'demo'])
  const first = await startHarness({ bank })
  const second = await startHarness({ bank })
  const third = await startHarness({ bank })
  const fourth = await startHarness({ bank })
  try {
    await signInDemo(first, bank)
    const enrolled = await enrol(page, first.appUrl, bank)
    const key = base32Decode(enrolled.secret)

    await toAuthenticatorStep(page, second.appUrl, bank)
    await page.getByTestId('challenge-code').fill(totp(key, await nextStep(bank)))
    await page.getByTestId('challenge-submit').click()
    await expect(page.getByTestId('page-home')).toBeVisible()

    const recovery = enrolled.recoveryCodes[0]!
    await toAuthenticatorStep(page, third.appUrl, bank)
    await page.getByTestId('challenge-use-recovery').click()
    await page.getByTestId('challenge-code').fill(recovery)
    await page.getByTestId('challenge-submit').click()
    await expect(page.getByTestId('page-home')).toBeVisible()

    // The same recovery code a second time is refused.
    await toAuthenticatorStep(page, fourth.appUrl, bank)
    await page.getByTestId('challenge-use-recovery').click()
    await page.getByTestId('challenge-code').fill(recovery)
    await page.getByTestId('challenge-submit').click()
    await expect(page.getByText('动态口令错误')).toBeVisible()
    await expect(page.getByTestId('page-home')).toHaveCount(0)
  } finally {
    for (const h of [first, second, third, fourth]) await h.stop()
    await bank.stop()
    rmSync(bankDir, { recursive: true, force: true })
  }
})

test('unlocking with two-factor on asks for the authenticator code on the lock screen, then the wallet is online', async ({
  page,
  signedIn,
}) => {
  const bank = signedIn.bank!
  const { secret } = await enrol(page, signedIn.appUrl, bank)
  await page.getByTestId('lock-now').click()
  await expect(page.getByTestId('lock')).toBeVisible()
  await page.getByTestId('lock-password').fill(DEMO.password)
  await page.getByTestId('lock-submit').click()
  await expect(page.getByTestId('challenge-title')).toHaveAttribute('data-method', 'totp')
  expect(await signedIn.call('session.status')).toMatchObject({ status: 'unlocked', offline: true })
  await page.getByTestId('challenge-code').fill(totp(base32Decode(secret), await nextStep(bank)))
  await page.getByTestId('challenge-submit').click()
  await expect(page).toHaveURL(/#\/home$/)
  await expect(page.getByTestId('offline-banner')).toHaveCount(0)
  expect(await signedIn.call('session.status')).toMatchObject({ status: 'unlocked', offline: false })
})
