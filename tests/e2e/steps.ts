import type { Page } from '@playwright/test'
import { expect } from './fixtures'
import type { RunningHarness } from '../support/harness'

/** Types a payment password on the pay sheet's keypad. */
export async function typeOnKeypad(page: Page, digits: string): Promise<void> {
  const sheet = page.getByTestId('pay-sheet')
  for (const d of digits) await sheet.getByTestId(`keypad-${d}`).click()
}

/** Opens the app (signed in, on 首页) and then goes to a route inside it. */
export async function openAt(page: Page, harness: RunningHarness, path: string): Promise<void> {
  await page.goto(harness.appUrl)
  await expect(page.getByTestId('page-home')).toBeVisible()
  await page.evaluate((hash) => (window.location.hash = hash), `#${path}`)
}

/** The newcomer the activation suites register (a valid GB 11643 check digit in the ID). */
export const NEWCOMER = { phone: '13912345678', id: '110105199003070025', password: 'Secure2026x' } as const

/** Fills 注册 with the newcomer, agrees and sends it, and waits for the SMS step. */
export async function fillRegistration(page: Page): Promise<void> {
  await page.getByTestId('register-phone').fill(NEWCOMER.phone)
  await page.getByTestId('register-name').fill('李明')
  await page.getByTestId('register-id').fill(NEWCOMER.id)
  await page.getByTestId('register-password').fill(NEWCOMER.password)
  await page.getByTestId('register-confirm').fill(NEWCOMER.password)
  await page.getByTestId('register-agree').click()
  await page.getByTestId('register-submit').click()
  await expect(page.getByTestId('step-verify')).toBeVisible()
}
