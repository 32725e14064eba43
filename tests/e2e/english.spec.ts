import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { SIGNED_IN_SCREENS, openScreen } from './screens'
import { typeOnKeypad } from './steps'
import { bankFeed } from './replica-scan'
import { DEMO, smsCode, type RunningHarness } from '../support/harness'

/**
 * English everywhere: with the language on English no Chinese reaches the screen (text, aria-label,
 * placeholder, title, alt of what is visible, and the document's title), except what the bank names
 * itself. Those names are read from the bank at the end of each test (bankNames), never written here.
 */

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/

/**
 * The only Chinese the app itself may show in English: the name of the Chinese language in Chinese,
 * in the language switches (src/renderer/src/layouts/AppLayout.vue, FullScreenShell.vue, SettingsView.vue),
 * so that a Chinese reader who landed in English finds the way back.
 */
const ENDONYMS = ['简体中文']

interface Seen {
  screen: string
  text: string
}

/** Every visible text of the page, one entry per line or attribute. */
function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out = document.body.innerText.split('\n')
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      const attrs = ['aria-label', 'placeholder', 'title', 'alt'].map((a) => el.getAttribute(a)).filter(Boolean)
      if (attrs.length === 0 || !el.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue
      out.push(...(attrs as string[]))
    }
    out.push(document.title)
    return out.map((t) => t.trim()).filter(Boolean)
  })
}

/** Collects what a screen shows; `evaluate` later decides what is allowed. */
function recorder(page: Page) {
  const seen: Seen[] = []
  return {
    seen,
    async scan(screen: string): Promise<void> {
      for (const text of await visibleTexts(page)) if (CJK.test(text)) seen.push({ screen, text })
    },
  }
}

/**
 * What the bank calls things, as it sends them: the demo feed's counterparties and memos (read from the
 * bank itself: tests/e2e/replica-scan.ts bankFeed), and through the wallet's channels, which pass the
 * bank's answers on: wealth products (name, category, description, risk notice, terms), the 风险测评
 * questionnaire, coupon campaigns and coupons, 消息中心's messages, billers and cities, bound cards' bank
 * names, 登录设备's device names, the customer's masked name.
 */
async function bankNames(harness: RunningHarness, phone: string, password: string, feed = true): Promise<string[]> {
  type Products = { products: { name: string; category: string; description: string; riskNotice: string; terms: string[] }[] }
  type Questionnaire = { questions: { text: string; options: { text: string }[] }[] }
  type Coupons = { campaigns: { title: string; description: string }[]; coupons: { title: string }[] }
  type Messages = { messages: { sender: string; title: string; body: string }[] }
  type Billers = { cities: { name: string }[]; billers: { name: string }[] }
  type Cards = { cards: { bankName: string; label: string | null }[] }
  type Devices = { devices: { name: string }[] }
  type Summary = { profile: { nameMasked: string } }
  const [products, questionnaire, coupons, messages, billers, cards, devices, summary] = await Promise.all([
    harness.call<Products>('wealth.products'),
    harness.call<Questionnaire>('wealth.questionnaire'),
    harness.call<Coupons>('coupons.list'),
    harness.call<Messages>('messages.list'),
    harness.call<Billers>('bills.billers', {}),
    harness.call<Cards>('cards.list'),
    harness.call<Devices>('devices.list'),
    harness.call<Summary>('wallet.summary'),
  ])
  const names = [
    ...products.products.flatMap((p) => [p.name, p.category, p.description, p.riskNotice, ...p.terms]),
    ...questionnaire.questions.flatMap((q) => [q.text, ...q.options.map((o) => o.text)]),
    ...coupons.campaigns.flatMap((c) => [c.title, c.description]),
    ...coupons.coupons.map((c) => c.title),
    ...messages.messages.flatMap((m) => [m.sender, m.title, m.body]),
    ...billers.cities.map((c) => c.name),
    ...billers.billers.map((b) => b.name),
    ...cards.cards.map((c) => c.bankName),
    ...devices.devices.map((d) => d.name),
    // The customer's own name as the bank masks it (王*), and its first character alone (the lock screen's avatar).
    summary.profile.nameMasked,
    summary.profile.nameMasked.replace(/\*/g, ''),
  ]
  if (feed) {
    for (const tx of await bankFeed(harness.bank!, phone, password)) names.push(tx.counterparty.name, tx.memo ?? '')
  }
  return names.filter((n) => CJK.test(n))
}

/** What is left of each seen text once the bank's names and the endonyms are taken out: it must hold no Chinese. */
function offending(seen: Seen[], allowed: string[]): string[] {
  const words = [...new Set([...allowed, ...ENDONYMS])].sort((a, b) => b.length - a.length)
  const out = new Set<string>()
  for (const { screen, text } of seen) {
    let rest = text
    for (const word of words) rest = rest.split(word).join(' ')
    if (CJK.test(rest)) out.add(`${screen}: ${text}`)
  }
  return [...out]
}

async function toEnglish(page: Page): Promise<void> {
  // The select of the full-screen shell (src/renderer/src/layouts/FullScreenShell.vue).
  await page.locator('.language-select').click()
  await page.getByRole('option', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US')
}

/** The wizard's keypad (the payment password step has no sheet around it). */
async function typeOnWizardKeypad(page: Page, digits: string): Promise<void> {
  for (const d of digits) await page.getByTestId(`keypad-${d}`).click()
}

async function closeNotifications(page: Page): Promise<void> {
  for (const close of await page.locator('.el-notification__closeBtn').all()) await close.click().catch(() => {})
  await expect(page.locator('.el-notification')).toHaveCount(0)
}

test('every signed-in screen, dialog and sheet speaks English', async ({ page, signedIn }) => {
  test.setTimeout(240_000)
  await signedIn.call('settings.set', { language: 'en-US' })
  const { seen, scan } = recorder(page)

  for (const screen of SIGNED_IN_SCREENS) {
    await openScreen(page, signedIn, screen)
    // Lists that come from the bank or the replica fill in after the page is there.
    await page.waitForLoadState('networkidle').catch(() => {})
    await page.waitForTimeout(500)
    await scan(screen.path)
  }

  // The payment password sheet, a wrong password, the result and its 电子回单.
  await openScreen(page, signedIn, { path: '/pay?action=topup', ready: 'page-pay' })
  await page.getByTestId('amount-input').fill('12.345')
  await page.getByTestId('amount-next').click()
  await expect(page.getByTestId('panel-topup').getByRole('alert')).toBeVisible()
  await scan('/pay: amount refused')
  await page.getByTestId('amount-input').fill('10')
  await page.getByTestId('amount-next').click()
  await expect(page.getByTestId('pay-sheet')).toBeVisible()
  await scan('payment password sheet')
  await typeOnKeypad(page, '000000')
  await expect(page.getByTestId('pay-sheet-error')).toBeVisible()
  await scan('payment password sheet: wrong password')
  await typeOnKeypad(page, DEMO.payPassword)
  await expect(page.getByTestId('pay-outcome-title')).toBeVisible()
  await scan('payment result')
  await page.getByTestId('pay-outcome-receipt').click()
  await expect(page.getByTestId('receipt')).toBeVisible()
  await scan('电子回单')
  await page.keyboard.press('Escape')

  // A transfer's checks: the payee, the first-time warning, the large-amount reminder.
  await openScreen(page, signedIn, { path: '/transfer', ready: 'page-transfer' })
  await page.getByTestId('transfer-phone').fill('13900139000')
  await page.getByTestId('transfer-lookup').click()
  await expect(page.getByTestId('transfer-first-time')).toBeVisible()
  await page.getByTestId('transfer-amount').fill('6000')
  await expect(page.getByTestId('transfer-large')).toBeVisible()
  await scan('/transfer: payee found')

  // 账单: a transaction's detail, and the CSV export's file name.
  await openScreen(page, signedIn, { path: '/history', ready: 'page-history' })
  await page.getByTestId('history-row').first().click()
  await expect(page.getByTestId('tx-detail')).toBeVisible()
  await scan('transaction detail')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('tx-detail')).toBeHidden()
  const download = page.waitForEvent('download')
  await page.getByTestId('export-csv').click()
  const csvName = (await download).suggestedFilename()
  expect(csvName, 'the CSV export is named in English').toMatch(/^icbc-wallet-statement_\d{8}-\d{4}\.csv$/)
  await scan('/history: exported')
  // Element Plus's own words (its locale follows the language: App.vue): the date picker, an empty list.
  await page.getByTestId('filter-dates').click()
  await expect(page.locator('.el-picker-panel').first()).toBeVisible()
  await scan('/history: date picker')
  await page.keyboard.press('Escape')
  await page.getByTestId('filter-search').fill('no such words at all')
  await expect(page.getByTestId('history-row')).toHaveCount(0)
  await scan('/history: nothing found')

  // 理财: the terms, the 风险测评 and the buy dialog; 优惠: a coupon claimed (its toast).
  await openScreen(page, signedIn, { path: '/wealth', ready: 'page-wealth' })
  await page.getByTestId('product-terms-WP-CASH').click()
  await expect(page.getByTestId('terms-dialog')).toBeVisible()
  await scan('理财: terms')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('terms-dialog')).toBeHidden()
  await page.getByTestId('risk-open').click()
  await expect(page.getByTestId('risk-dialog')).toBeVisible()
  await scan('理财: 风险测评')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('risk-dialog')).toBeHidden()
  await page.getByTestId('product-buy-WP-CASH').click()
  await expect(page.getByTestId('buy-dialog')).toBeVisible()
  await scan('理财: buy')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('buy-dialog')).toBeHidden()
  await openScreen(page, signedIn, { path: '/promotions', ready: 'page-promotions' })
  await page.getByTestId('campaign-CP-BILL-5').getByTestId('campaign-claim').click()
  await expect(page.locator('.el-message')).toBeVisible()
  await scan('优惠: claimed')

  // 设置: a backup refused, then made.
  await openScreen(page, signedIn, { path: '/settings', ready: 'page-settings' })
  await page.getByTestId('backup-passphrase').fill('short')
  await page.getByTestId('backup-passphrase-confirm').fill('short')
  await page.getByTestId('backup-create').click()
  await expect(page.getByTestId('backup-error')).toBeVisible()
  await scan('backup: refused')
  await page.getByTestId('backup-passphrase').fill('password')
  await expect(page.getByTestId('backup-weak-reason')).toBeVisible()
  await scan('backup: weak passphrase')
  const passphrase = 'correct horse battery staple 2026'
  await page.getByTestId('backup-passphrase').fill(passphrase)
  await page.getByTestId('backup-passphrase-confirm').fill(passphrase)
  const backupFile = page.waitForEvent('download')
  await page.getByTestId('backup-create').click()
  await expect(page.getByTestId('backup-result')).toBeVisible({ timeout: 30_000 })
  expect((await backupFile).suggestedFilename(), 'the backup file is named in English').toMatch(/^icbc-wallet-backup-\d{8}-\d{4}\.iwbk$/)
  await scan('backup: made')

  // The bank's names while the wallet is open (its channels are refused once it is locked).
  const allowed = await bankNames(signedIn, DEMO.phone, DEMO.password)
  // Reading the feed signed in at the bank from another device: its 模拟短信 shows here too.
  await page.waitForTimeout(500)
  await scan('模拟短信 notification')
  await closeNotifications(page)

  // 退出登录's question (cancelled), then 立即锁定 and the lock screen.
  await page.getByTestId('sign-out').click()
  await expect(page.locator('.el-message-box')).toBeVisible()
  await scan('退出登录 dialog')
  await page.keyboard.press('Escape')
  await expect(page.locator('.el-message-box')).toBeHidden()
  await page.getByTestId('lock-now').click()
  await expect(page.getByTestId('lock')).toBeVisible()
  await scan('lock screen')
  await page.getByTestId('lock-password').fill('Wrong-password-1')
  await page.getByTestId('lock-submit').click()
  await expect(page.getByTestId('problem')).toBeVisible()
  await scan('lock screen: wrong password')

  expect(offending(seen, allowed), 'Chinese on English screens').toEqual([])
})

test('the screens before signing in speak English: welcome, restore, the wizard, sign-in and its SMS', async ({ page, harness }) => {
  test.setTimeout(180_000)
  const { seen, scan } = recorder(page)
  await page.goto(harness.appUrl)
  await expect(page.getByTestId('welcome-register')).toBeVisible()
  await toEnglish(page)
  await scan('welcome')

  await page.getByTestId('welcome-restore').click()
  await expect(page.getByTestId('restore-file')).toBeAttached()
  await scan('restore')
  await page.goBack()

  // The activation wizard, step by step, with a problem on the way.
  const phone = '13912345678'
  const password = 'Secure2026x'
  await page.getByTestId('welcome-register').click()
  await expect(page.getByTestId('register-phone')).toBeVisible()
  await page.getByTestId('register-submit').click()
  await scan('activate: registration, empty')
  await page.getByTestId('register-phone').fill(phone)
  await page.getByTestId('register-name').fill('Li Ming')
  await page.getByTestId('register-id').fill('110105199003070025')
  await page.getByTestId('register-password').fill(password)
  await page.getByTestId('register-confirm').fill(password)
  await page.getByTestId('register-agree').click()
  await scan('activate: registration')
  await page.getByTestId('register-submit').click()
  await expect(page.getByTestId('step-verify')).toBeVisible()
  await scan('activate: verify')
  await page.getByTestId('verify-send').click()
  await expect(page.locator('.el-notification')).toBeVisible()
  await scan('模拟短信 notification')
  await closeNotifications(page)
  await page.getByTestId('verify-code').fill(await smsCode(harness.bank!, phone))
  await page.getByTestId('verify-submit').click()
  await expect(page.getByTestId('step-card')).toBeVisible()
  await page.getByTestId('card-pan').fill('6222020000000000018')
  await page.getByTestId('card-submit').click()
  await expect(page.getByTestId('problem')).toBeVisible()
  await scan('activate: card refused')
  await page.getByTestId('card-pan').fill('6222021000123456781')
  await expect(page.getByTestId('card-bank')).toBeVisible()
  await scan('activate: card')
  await page.getByTestId('card-submit').click()
  await expect(page.getByTestId('step-pay-password')).toBeVisible()
  await scan('activate: payment password')
  await typeOnWizardKeypad(page, '123456')
  await expect(page.getByTestId('step-pay-password').getByRole('alert')).toBeVisible()
  await scan('activate: payment password refused')
  await typeOnWizardKeypad(page, '258036')
  await typeOnWizardKeypad(page, '258036')
  await expect(page.getByTestId('step-done')).toBeVisible()
  await scan('activate: done')
  const allowed = await bankNames(harness, phone, password, false)
  await page.getByTestId('done-home').click()
  await expect(page.getByTestId('page-home')).toBeVisible()

  // Signing out shows the sign-in screen; the demo customer on this new device gets an SMS challenge.
  await page.getByTestId('sign-out').click()
  await page.locator('.el-message-box').getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByTestId('sign-in')).toBeVisible()
  await scan('sign-in')
  await page.getByTestId('sign-in-phone').fill(DEMO.phone)
  await page.getByTestId('sign-in-password').fill(DEMO.password)
  await page.getByTestId('sign-in-submit').click()
  await expect(page.getByTestId('challenge-title')).toBeVisible()
  await expect(page.locator('.el-notification')).toBeVisible()
  await scan('sign-in: SMS challenge')

  expect(offending(seen, allowed), 'Chinese on English screens').toEqual([])
})

test('switching to English in 设置 re-renders the screen at once, without a reload', async ({ page, signedIn }) => {
  await openScreen(page, signedIn, { path: '/settings', ready: 'page-settings' })
  await expect(page.getByTestId('nav-home')).toContainText('首页')
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true))
  await page.getByTestId('settings-language').getByText('English').click()
  await expect(page.getByTestId('nav-home')).toContainText('Home')
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US')
  const { seen, scan } = recorder(page)
  await scan('/settings after switching')
  expect(offending(seen, await bankNames(signedIn, DEMO.phone, DEMO.password, false))).toEqual([])
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
  // And back: Chinese again, still the same page.
  await page.getByTestId('settings-language').getByText('简体中文').click()
  await expect(page.getByTestId('nav-home')).toContainText('首页')
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
})
