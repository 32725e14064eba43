import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { openAt } from './steps'
import { SIGNED_IN_SCREENS, openScreen } from './screens'
import { DEMO, smsCode } from '../support/harness'

/**
 * The app with the keyboard alone: Tab and Shift+Tab to move, Enter and Space to act, Esc to close, digits
 * typed on the keypad. No clicks and no `fill`: a field is reached with Tab and typed into. At a few steps
 * the focused element must show its ring (src/renderer/src/styles/theme.css).
 */

const PHONE = '13912345678'
const ID = '110105199003070025'
const CARD = '6222021000123456781'
const PASSWORD = 'Secure2026x'

/** A short description of what has the focus, for the failure messages. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const a = document.activeElement
    if (!a || a === document.body) return 'body'
    const id = a.closest('[data-testid]')?.getAttribute('data-testid')
    return `${a.tagName.toLowerCase()}${id ? `[${id}]` : ''} "${(a.textContent ?? '').trim().slice(0, 20)}"`
  })
}

function hasFocus(page: Page, testid: string): Promise<boolean> {
  return page.evaluate((id) => {
    const a = document.activeElement
    return !!a && a !== document.body && !!a.closest(`[data-testid="${id}"]`)
  }, testid)
}

/** Presses Tab (or Shift+Tab) until the element with the test id (or something inside it) has the focus. */
async function tabTo(page: Page, testid: string, options: { back?: boolean; max?: number } = {}): Promise<void> {
  const path: string[] = []
  for (let i = 0; i < (options.max ?? 40); i++) {
    if (i > 0 || !(await hasFocus(page, testid))) await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab')
    if (await hasFocus(page, testid)) return
    path.push(await focused(page))
  }
  throw new Error(`${options.back ? 'Shift+Tab' : 'Tab'} never reached ${testid}; the focus went: ${path.join(' → ')}`)
}

/**
 * The ring of the focused element, or null: an outline of at least 2px on it, on the field around it
 * (text fields, selects) or on what is drawn for it (a checkbox's box, a switch's track); or a box shadow
 * of its own. Runs in the page.
 */
function focusRing(): { where: string; ring: string | null } {
  const a = document.activeElement as HTMLElement | null
  if (!a || a === document.body) return { where: 'body', ring: null }
  const path: string[] = []
  for (let n: Element | null = a; n && n !== document.body; n = n.parentElement) {
    path.unshift(`${n.tagName.toLowerCase()}:${n.parentElement ? [...n.parentElement.children].indexOf(n) : 0}`)
  }
  const id = a.closest('[data-testid]')?.getAttribute('data-testid')
  const where = `${a.tagName.toLowerCase()}${id ? `[${id}]` : ''}.${a.className} "${(a.textContent ?? a.getAttribute('aria-label') ?? '').trim().slice(0, 16)}" @${path.join('/')}`
  const candidates = [
    a,
    a.closest('.el-input__wrapper'),
    a.closest('.el-select__wrapper'),
    // 账单's search box: a plain input in a field drawn as Element's (views/history/parts/HistoryFilters.vue).
    a.closest('.field'),
    a.nextElementSibling,
    a.parentElement?.querySelector('.el-switch__core'),
  ]
  for (const el of candidates) {
    if (!el) continue
    const style = getComputedStyle(el)
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
      return { where, ring: `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}` }
    if (el === a && style.boxShadow !== 'none') return { where, ring: style.boxShadow }
  }
  return { where, ring: null }
}

async function expectFocusVisible(page: Page): Promise<void> {
  const { where, ring } = await page.evaluate(focusRing)
  expect(ring, `no visible focus on ${where}`).not.toBeNull()
}

test('activation with the keyboard alone: welcome, registration, SMS code, card, payment password, 首页', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000)
  await page.goto(harness.appUrl)
  await expect(page.getByTestId('welcome')).toBeVisible({ timeout: 30_000 })

  await tabTo(page, 'welcome-register')
  await expectFocusVisible(page)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('step-register')).toBeVisible()

  // The fields in their order on the screen, each reached by Tab from the one before.
  for (const [testid, text] of [
    ['register-phone', PHONE],
    ['register-name', '李明'],
    ['register-id', ID],
    ['register-password', PASSWORD],
    ['register-confirm', PASSWORD],
  ] as const) {
    await tabTo(page, testid, { max: 4 })
    await page.keyboard.type(text)
  }
  await expectFocusVisible(page)
  await tabTo(page, 'register-agree', { max: 3 })
  await expectFocusVisible(page)
  await page.keyboard.press('Space')
  await expect(page.getByTestId('register-agree').locator('input')).toBeChecked()
  // Enter in a field sends the form.
  await tabTo(page, 'register-confirm', { back: true, max: 3 })
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('step-verify')).toBeVisible()

  await tabTo(page, 'verify-send')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('verify-send')).toBeDisabled()
  // 模拟短信: the code is read from the demo bank, as a user reads it from the notification.
  const code = await smsCode(harness.bank!, PHONE)
  await tabTo(page, 'verify-code', { back: true })
  await expectFocusVisible(page)
  await page.keyboard.type(code)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('step-card')).toBeVisible()

  await tabTo(page, 'card-pan')
  await page.keyboard.type(CARD)
  await expect(page.getByTestId('card-bank')).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('step-pay-password')).toBeVisible()

  // The keypad's keys are reachable; the digits are typed, on the main row and then on the numeric keypad.
  const status = page.getByTestId('keypad-status')
  await tabTo(page, 'keypad-1')
  await expectFocusVisible(page)
  await page.keyboard.type('25809')
  await expect(status).toHaveText('已输入 5 位，共 6 位')
  await page.keyboard.press('Backspace')
  await expect(status).toHaveText('已输入 4 位，共 6 位')
  await page.keyboard.type('36')
  await expect(page.getByTestId('pay-phase')).toHaveAttribute('data-phase', 'confirm')
  for (const d of '258036') await page.keyboard.press(`Numpad${d}`)

  await expect(page.getByTestId('step-done')).toBeVisible()
  await tabTo(page, 'done-home')
  await expectFocusVisible(page)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('page-home')).toBeVisible()
})

test('a transfer with the keyboard alone: the navigation, the form, Esc on the sheet, the password on the keypad', async ({
  page,
  signedIn: harness,
}) => {
  test.setTimeout(120_000)
  await page.goto(harness.appUrl)
  await expect(page.getByTestId('page-home')).toBeVisible({ timeout: 30_000 })

  // The left navigation: each entry is a Tab stop, Enter goes.
  await tabTo(page, 'nav-transfer')
  await expectFocusVisible(page)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('page-transfer')).toBeVisible()

  await tabTo(page, 'transfer-phone')
  await expectFocusVisible(page)
  await page.keyboard.type('13900139000')
  // Enter in the phone field looks the payee up.
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('transfer-payee')).toContainText('*')
  await tabTo(page, 'transfer-amount')
  await page.keyboard.type('20')
  await tabTo(page, 'transfer-ack')
  await expectFocusVisible(page)
  await page.keyboard.press('Space')
  await tabTo(page, 'transfer-next')
  await expectFocusVisible(page)
  await page.keyboard.press('Enter')

  // Esc closes the sheet and nothing is paid; Enter on 下一步 opens it again.
  const sheet = page.getByTestId('pay-sheet')
  await expect(page.getByTestId('pay-sheet-amount')).toHaveText('¥20.00')
  await page.keyboard.press('Escape')
  await expect(sheet).toBeHidden()
  await tabTo(page, 'transfer-next')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('pay-sheet-amount')).toHaveText('¥20.00')

  const status = sheet.getByTestId('keypad-status')
  await tabTo(page, 'keypad-5')
  await expectFocusVisible(page)
  await page.keyboard.type(DEMO.payPassword.slice(0, 3))
  await expect(status).toHaveText('已输入 3 位，共 6 位')
  await page.keyboard.type(DEMO.payPassword.slice(3))
  await expect(page.getByTestId('pay-outcome-title')).toHaveText('转账成功')
  await expect(page.getByTestId('pay-outcome-amount')).toHaveText('¥20.00')
})

test('付款 → 扫一扫: the image chooser opens from the keyboard', async ({ page, signedIn: harness }) => {
  await openAt(page, harness, '/pay?action=scan')
  await expect(page.getByTestId('panel-scan')).toBeVisible()
  await tabTo(page, 'scan-choose')
  await expectFocusVisible(page)
  const chooser = page.waitForEvent('filechooser')
  await page.keyboard.press('Enter')
  expect((await chooser).isMultiple()).toBe(false)
})

test('every stop of the Tab order on every signed-in screen shows its ring', async ({ page, signedIn: harness }) => {
  test.setTimeout(420_000)
  const missing: string[] = []
  let stops = 0
  for (const screen of SIGNED_IN_SCREENS) {
    await openScreen(page, harness, screen)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    const seen = new Set<string>()
    // The frame (skip link, brand bar, navigation) and the screen's first stops; a long list is cut short.
    for (let i = 0; i < 45; i++) {
      await page.keyboard.press('Tab')
      const { where, ring } = await page.evaluate(focusRing)
      if (where === 'body' || seen.has(where)) break
      seen.add(where)
      stops++
      if (!ring) missing.push(`${screen.path}: ${where}`)
    }
  }
  expect(stops).toBeGreaterThan(SIGNED_IN_SCREENS.length * 15)
  expect(missing, missing.join('\n')).toEqual([])
})

test('sign-in on a new computer with the keyboard alone: phone, password, the SMS challenge, 首页', async ({ page, harness }) => {
  await page.goto(harness.appUrl)
  await expect(page.getByTestId('welcome')).toBeVisible({ timeout: 30_000 })
  await tabTo(page, 'welcome-sign-in')
  await page.keyboard.press('Enter')
  await tabTo(page, 'sign-in-phone')
  await expectFocusVisible(page)
  await page.keyboard.type(DEMO.phone)
  await tabTo(page, 'sign-in-password', { max: 4 })
  await page.keyboard.type(DEMO.password)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('challenge-title')).toBeVisible()
  const code = await smsCode(harness.bank!, DEMO.phone)
  await tabTo(page, 'challenge-code')
  await expectFocusVisible(page)
  await page.keyboard.type(code)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('page-home')).toBeVisible()
})
