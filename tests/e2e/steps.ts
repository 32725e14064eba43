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
