import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { SIGNED_IN_SCREENS, openScreen } from './screens'
import { NEWCOMER, fillRegistration, typeOnKeypad } from './steps'
import { smsCode, type RunningHarness } from '../support/harness'

/**
 * An axe-core scan of every screen of the app and its open states (the payment password sheet, dialogs),
 * in Chinese and in English. A violation of impact serious or critical fails the run, each listed with its
 * rule, the element it is about and the screen it was found on. Only what is on screen is judged: the
 * scan is taken once the screen's own element is visible and the page has stopped moving.
 */

const LANGUAGES = ['zh-CN', 'en-US'] as const
type Language = (typeof LANGUAGES)[number]

interface Finding {
  screen: string
  rule: string
  impact: string
  target: string
  help: string
  /** For colour contrast: the colours and ratio axe measured; otherwise the element's markup. */
  detail: string
}

const FAILING = new Set(['serious', 'critical'])

/** Scans the page as it stands and returns its serious and critical violations. */
async function scan(page: Page, screen: string): Promise<Finding[]> {
  // Element Plus animates dialogs and drawers in; a half-faded one would measure colours wrong.
  await page.waitForTimeout(400)
  const result = await new AxeBuilder({ page }).analyze()
  const found: Finding[] = []
  for (const v of result.violations) {
    if (!FAILING.has(v.impact ?? '')) continue
    for (const node of v.nodes) {
      const data = node.any[0]?.data as { fgColor?: string; bgColor?: string; contrastRatio?: number } | undefined
      const detail = data?.fgColor ? `${data.fgColor} on ${data.bgColor} = ${data.contrastRatio}` : node.html.slice(0, 160)
      found.push({ screen, rule: v.id, impact: v.impact ?? '', target: node.target.join(' '), help: v.help, detail })
    }
  }
  return found
}

function report(found: Finding[]): string {
  const counts = new Map<string, number>()
  for (const f of found) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1)
  const lines = found.map((f) => `  [${f.impact}] ${f.rule} on ${f.screen}: ${f.target}: ${f.detail}`)
  const summary = [...counts].map(([rule, n]) => `${rule}: ${n}`).join(', ')
  return `${found.length} serious/critical axe violations (${summary})\n${lines.join('\n')}`
}

async function expectClean(found: Finding[], variant: string): Promise<void> {
  await test.info().attach(`axe-${variant}.json`, { body: JSON.stringify(found, null, 2), contentType: 'application/json' })
  expect(found, report(found)).toEqual([])
}

const PHONE = NEWCOMER.phone
const CARD = '6222021000123456781'

async function setLanguage(harness: RunningHarness, page: Page, language: Language): Promise<void> {
  await harness.call('settings.set', { language })
  if (page.url().startsWith('http')) await page.reload()
}

for (const language of LANGUAGES) {
  test(`public screens and the activation wizard pass axe (${language})`, async ({ page, harness }) => {
    test.setTimeout(300_000)
    await setLanguage(harness, page, language)
    const found: Finding[] = []
    await page.goto(harness.appUrl)
    await expect(page.getByTestId('welcome')).toBeVisible({ timeout: 30_000 })
    await expect(page.locator('html')).toHaveAttribute('lang', language)
    found.push(...(await scan(page, 'welcome')))

    await page.getByTestId('welcome-help-open').click()
    await expect(page.getByTestId('welcome-help')).toBeVisible()
    found.push(...(await scan(page, 'welcome: help dialog')))
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('welcome-help')).toBeHidden()

    await page.getByTestId('welcome-sign-in').click()
    await expect(page.getByTestId('sign-in-phone')).toBeVisible()
    found.push(...(await scan(page, 'sign-in')))

    await page.evaluate(() => (window.location.hash = '#/restore'))
    await expect(page.getByTestId('restore-view')).toBeVisible()
    found.push(...(await scan(page, 'restore')))

    await page.evaluate(() => (window.location.hash = '#/welcome'))
    await page.getByTestId('welcome-register').click()
    await expect(page.getByTestId('step-register')).toBeVisible()
    found.push(...(await scan(page, 'activation: register')))
    await fillRegistration(page)
    found.push(...(await scan(page, 'activation: verify')))
    await page.getByTestId('verify-send').click()
    await expect(page.getByTestId('verify-send')).toBeDisabled()
    await page.getByTestId('verify-code').fill(await smsCode(harness.bank!, PHONE))
    await page.getByTestId('verify-submit').click()

    await expect(page.getByTestId('step-card')).toBeVisible()
    await page.getByTestId('card-pan').fill(CARD)
    await expect(page.getByTestId('card-bank')).toBeVisible()
    found.push(...(await scan(page, 'activation: card')))
    await page.getByTestId('card-submit').click()

    await expect(page.getByTestId('step-pay-password')).toBeVisible()
    found.push(...(await scan(page, 'activation: payment password')))
    for (const d of '258036') await page.getByTestId(`keypad-${d}`).click()
    found.push(...(await scan(page, 'activation: payment password again')))
    for (const d of '258036') await page.getByTestId(`keypad-${d}`).click()

    await expect(page.getByTestId('step-done')).toBeVisible()
    found.push(...(await scan(page, 'activation: done')))

    await harness.call('session.lock')
    await page.reload()
    await expect(page.getByTestId('lock-password')).toBeVisible({ timeout: 30_000 })
    found.push(...(await scan(page, 'lock')))

    await expectClean(found, language)
  })
}

/** Both languages in the light theme; the dark theme's colours once, in Chinese. */
const SIGNED_IN_VARIANTS = [
  { language: 'zh-CN', theme: 'light' },
  { language: 'en-US', theme: 'light' },
  { language: 'zh-CN', theme: 'dark' },
] as const

for (const { language, theme } of SIGNED_IN_VARIANTS) {
  test(`every signed-in screen, the payment password sheet and a dialog pass axe (${language}, ${theme} theme)`, async ({
    page,
    signedIn: harness,
  }) => {
    test.setTimeout(420_000)
    await harness.call('settings.set', { language, theme })
    const found: Finding[] = []
    for (const screen of SIGNED_IN_SCREENS) {
      await openScreen(page, harness, screen)
      await expect(page.locator('html')).toHaveAttribute('lang', language)
      await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/)
      found.push(...(await scan(page, screen.path)))
    }

    await openScreen(page, harness, { path: '/pay?action=topup', ready: 'page-pay' })
    await page.getByTestId('card-bind').click()
    await expect(page.getByTestId('bind-dialog')).toBeVisible()
    found.push(...(await scan(page, '/pay: bind card dialog')))
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('bind-dialog')).toBeHidden()

    await page.getByTestId('amount-input').fill('1')
    await page.getByTestId('amount-next').click()
    await expect(page.getByTestId('pay-sheet-amount')).toBeVisible()
    found.push(...(await scan(page, '/pay: payment password sheet')))
    await typeOnKeypad(page, '000000')
    await expect(page.getByTestId('pay-sheet-error')).toBeVisible()
    found.push(...(await scan(page, '/pay: payment password sheet with an error')))
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('pay-sheet')).toBeHidden()

    await expectClean(found, `${language}-${theme}`)
  })
}
