import type { Browser, Page } from '@playwright/test'
import { test, expect, installTestClock } from './fixtures'
import { openAt, typeOnKeypad } from './steps'
import { DEMO, type RunningHarness } from '../support/harness'
import { clientHeaders } from '../support/bank-address'

/**
 * A pay link from the demo shop (src/mock-bank/http/routes-merchant.ts) delivered as the OS delivers
 * it: through main's deep-link parser to the core (the harness's /api/os/open-url, the path of
 * Electron's open-url and argv), then the renderer's checkout.
 */

/** The demo shop in a browser of its own: one mug ordered; returns the page and the order's pay link. */
async function orderAtShop(browser: Browser, harness: RunningHarness): Promise<{ shop: Page; payUrl: string; orderId: string }> {
  const context = await browser.newContext({ extraHTTPHeaders: clientHeaders(harness.bank!) })
  await installTestClock(context)
  const shop = await context.newPage()
  await shop.goto(`${harness.bank!.url}/shop`)
  await shop.getByTestId('qty-MUG').fill('2')
  await shop.getByTestId('create-order').click()
  // The order's section fills in once the shop has the bank's answer.
  await expect(shop.getByTestId('pay-url')).toHaveText(/^icbc-wallet:\/\/pay\?/)
  await expect(shop.getByTestId('order-status')).toHaveText('待支付')
  const payUrl = (await shop.getByTestId('pay-url').innerText()).trim()
  expect(payUrl).toMatch(/^icbc-wallet:\/\/pay\?/)
  expect(await shop.getByTestId('pay-link').getAttribute('href')).toBe(payUrl)
  return { shop, payUrl, orderId: (await shop.getByTestId('order-id').innerText()).trim() }
}

async function payShownOrder(page: Page, orderId: string): Promise<void> {
  await expect(page.getByTestId('panel-online')).toBeVisible()
  await expect(page.getByTestId('checkout-sheet')).toContainText('工行纪念马克杯')
  await expect(page.getByTestId('checkout-sheet')).toContainText(orderId)
  await expect(page.getByTestId('checkout-amount')).toHaveText('¥79.80')
  await expect(page).toHaveURL(/#\/pay\?action=online$/)
  await page.getByTestId('checkout-pay').click()
  await typeOnKeypad(page, DEMO.payPassword)
  await expect(page.getByTestId('pay-outcome-title')).toHaveText('支付成功，商户已收到付款')
}

test('a shop pay link opened by the OS lands on the checkout, is paid, and the shop says 已支付', async ({
  page,
  browser,
  signedIn: harness,
}) => {
  await page.goto(harness.appUrl)
  await expect(page.getByTestId('page-home')).toBeVisible()
  const { shop, payUrl, orderId } = await orderAtShop(browser, harness)

  // A look-alike goes nowhere: main's parser refuses it and the app stays where it is.
  expect(await harness.openUrl(payUrl.replace('icbc-wallet://', 'icbc-wallet-pay://'))).toEqual({
    delivered: false,
    reason: 'not an icbc-wallet:// link',
  })
  await expect(page.getByTestId('page-home')).toBeVisible()

  expect(await harness.openUrl(payUrl)).toEqual({ delivered: true })
  await payShownOrder(page, orderId)
  await expect(shop.getByTestId('order-status')).toHaveText('已支付', { timeout: 15_000 })
  await shop.context().close()
})

test('a link that came while locked opens the checkout after unlocking, not before', async ({
  page,
  browser,
  signedIn: harness,
}) => {
  await page.goto(harness.appUrl)
  await expect(page.getByTestId('page-home')).toBeVisible()
  const { shop, payUrl, orderId } = await orderAtShop(browser, harness)
  await page.getByTestId('lock-now').click()
  await expect(page.getByTestId('lock')).toBeVisible()

  expect(await harness.openUrl(payUrl)).toEqual({ delivered: true })
  await page.waitForTimeout(500)
  await expect(page.getByTestId('lock')).toBeVisible()
  await expect(page.getByTestId('checkout-sheet')).toHaveCount(0)

  await page.getByTestId('lock-password').fill(DEMO.password)
  await page.getByTestId('lock-submit').click()
  await payShownOrder(page, orderId)
  await expect(shop.getByTestId('order-status')).toHaveText('已支付', { timeout: 15_000 })
  await shop.context().close()
})

test('a link that came before the window opened is on the checkout at start', async ({ page, browser, signedIn: harness }) => {
  const { shop, payUrl, orderId } = await orderAtShop(browser, harness)
  expect(await harness.openUrl(payUrl)).toEqual({ delivered: true })
  await page.goto(harness.appUrl)
  await payShownOrder(page, orderId)
  await expect(shop.getByTestId('order-status')).toHaveText('已支付', { timeout: 15_000 })
  await shop.context().close()
})

test('the same link pasted into 网上购物 opens the checkout at once, even broken across lines', async ({
  page,
  browser,
  signedIn: harness,
}) => {
  const { shop, payUrl, orderId } = await orderAtShop(browser, harness)
  await openAt(page, harness, '/pay?action=online')
  const wrapped = `${payUrl.slice(0, 50)}\n${payUrl.slice(50)}\n`
  await page.getByTestId('checkout-link').evaluate((input, text) => {
    const data = new DataTransfer()
    data.setData('text/plain', text)
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, wrapped)
  await payShownOrder(page, orderId)
  await expect(shop.getByTestId('order-status')).toHaveText('已支付', { timeout: 15_000 })
  await shop.context().close()
})
