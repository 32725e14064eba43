import type { Page } from '@playwright/test'
import { expect } from './fixtures'
import type { RunningHarness } from '../support/harness'

/**
 * Every screen of the app, as the suites that look at all of them (language, accessibility) walk it.
 * A screen added to the router (src/renderer/src/router) is added here too, with its page's test id.
 */
export interface AppScreen {
  /** The hash route, as `#${path}` opens it. */
  path: string
  /** The test id of the element that shows the screen is there. */
  ready: string
}

/** Screens inside the signed-in frame (src/renderer/src/router/index.ts). */
export const SIGNED_IN_SCREENS: readonly AppScreen[] = [
  { path: '/home', ready: 'page-home' },
  { path: '/pay', ready: 'page-pay' },
  { path: '/transfer', ready: 'page-transfer' },
  { path: '/bills', ready: 'page-bills' },
  { path: '/history', ready: 'page-history' },
  { path: '/promotions', ready: 'page-promotions' },
  { path: '/wealth', ready: 'page-wealth' },
  { path: '/messages', ready: 'page-messages' },
  { path: '/settings', ready: 'page-settings' },
  { path: '/settings/account', ready: 'page-account-security' },
  { path: '/settings/devices', ready: 'page-devices' },
  { path: '/settings/two-factor', ready: 'page-twofa' },
  { path: '/settings/deregister', ready: 'page-deregister' },
  { path: '/settings/about', ready: 'page-about' },
  { path: '/help', ready: 'page-help' },
]

/** Opens a signed-in screen (the app first, on 首页) and waits for it. */
export async function openScreen(page: Page, harness: RunningHarness, screen: AppScreen): Promise<void> {
  if (!page.url().startsWith(harness.appUrl.split('#')[0]!)) {
    await page.goto(harness.appUrl)
    await expect(page.getByTestId('page-home')).toBeVisible({ timeout: 30_000 })
  }
  await page.evaluate((hash) => (window.location.hash = hash), `#${screen.path}`)
  await expect(page.getByTestId(screen.ready)).toBeVisible({ timeout: 20_000 })
}
