import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { openAt } from './steps'
import { devPost } from '../support/bank-address'
import { DEMO, smsCode, type RunningHarness } from '../support/harness'

/** 设置 → 账户与安全, 忘记登录密码 and the reminder on 首页, through the harness and its embedded bank. */

const DEMO_ID = '44030519880808032X'
const DEMO_CARD = '6222020200001234562'
const NEW_PASSWORD = 'Renewed2026x'
const NEW_PAY = '364819'

async function keypad(page: Page, dialog: string, digits: string): Promise<void> {
  for (const d of digits) await page.getByTestId(dialog).getByTestId(`keypad-${d}`).click()
}

async function lockAndReload(page: Page, harness: RunningHarness): Promise<void> {
  await harness.call('session.lock')
  await page.reload()
  await expect(page.getByTestId('lock')).toBeVisible()
}

test('changes both passwords, then unlocks with the new login password and pays with the new payment password', async ({
  page,
  signedIn,
}) => {
  await page.goto(signedIn.appUrl)
  await expect(page.getByTestId('page-home')).toBeVisible()
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('settings-account').click()
  await expect(page.getByTestId('page-account-security')).toBeVisible()
  await expect(page.getByTestId('row-small-amount')).toContainText('未开启')

  await page.getByTestId('change-login').click()
  await page.getByTestId('current-password').fill(DEMO.password)
  await page.getByTestId('new-password').fill('password')
  await page.getByTestId('new-password-confirm').fill('password')
  await page.getByTestId('change-login-submit').click()
  await expect(page.getByTestId('change-login-dialog')).toContainText('登录密码须包含至少一个数字')
  await page.getByTestId('new-password').fill(NEW_PASSWORD)
  await page.getByTestId('new-password-confirm').fill(NEW_PASSWORD)
  await page.getByTestId('change-login-submit').click()
  await expect(page.getByText('登录密码已修改，其他设备已退出登录')).toBeVisible()
  await expect(page.getByTestId('row-login-password')).toContainText('今天修改过')

  await page.getByTestId('change-pay').click()
  await keypad(page, 'change-pay-dialog', DEMO.payPassword)
  await keypad(page, 'change-pay-dialog', '111111')
  await expect(page.getByTestId('new-pay-problem')).toBeVisible()
  await keypad(page, 'change-pay-dialog', NEW_PAY)
  await keypad(page, 'change-pay-dialog', NEW_PAY)
  await expect(page.getByText('支付密码已修改')).toBeVisible()

  await lockAndReload(page, signedIn)
  await page.getByTestId('lock-password').fill(DEMO.password)
  await page.getByTestId('lock-submit').click()
  await expect(page.getByTestId('lock')).toContainText('密码错误')
  await page.getByTestId('lock-password').fill(NEW_PASSWORD)
  await page.getByTestId('lock-submit').click()
  await expect(page.getByTestId('page-home')).toBeVisible()
  const { cards } = await signedIn.call<{ cards: { cardId: string }[] }>('cards.list')
  await signedIn.call('pay.topup', { cardId: cards[0]!.cardId, amountFen: 100, payPassword: NEW_PAY })
})

test('forgot the payment password: SMS, ID and a bound card set a new one', async ({ page, signedIn }) => {
  await openAt(page, signedIn, '/settings/account')
  await page.getByTestId('forgot-pay').click()
  await page.getByTestId('forgot-pay-send').click()
  await expect(page.getByTestId('forgot-pay-dialog')).toContainText('验证码已发送至')
  await page.getByTestId('forgot-pay-code').fill(await smsCode(signedIn.bank!, DEMO.phone))
  await page.getByTestId('forgot-pay-id').fill(DEMO_ID)
  await page.getByTestId('forgot-pay-pan').fill('6222020200001234570')
  await page.getByTestId('forgot-pay-next').click()
  await keypad(page, 'forgot-pay-dialog', NEW_PAY)
  await keypad(page, 'forgot-pay-dialog', NEW_PAY)
  await expect(page.getByTestId('dialog-problem')).toContainText('银行卡号与本钱包的登记信息不一致')
  await page.getByTestId('forgot-pay-pan').fill(DEMO_CARD)
  await page.getByTestId('forgot-pay-next').click()
  await keypad(page, 'forgot-pay-dialog', NEW_PAY)
  await keypad(page, 'forgot-pay-dialog', NEW_PAY)
  await expect(page.getByText('支付密码已重置，支付功能已恢复')).toBeVisible()
  const { cards } = await signedIn.call<{ cards: { cardId: string }[] }>('cards.list')
  await signedIn.call('pay.topup', { cardId: cards[0]!.cardId, amountFen: 100, payPassword: NEW_PAY })
})

test('forgot the login password on the sign-in screen: reset, then this computer signs in with the new one', async ({
  page,
  harness,
}) => {
  await page.goto(harness.appUrl)
  await page.getByTestId('welcome-sign-in').click()
  await page.getByTestId('sign-in-phone').fill(DEMO.phone)
  await page.getByTestId('sign-in-forgot').click()
  await expect(page.getByTestId('forgot-login-phone')).toHaveValue(DEMO.phone)
  await page.getByTestId('forgot-login-send').click()
  await expect(page.getByTestId('forgot-login-dialog')).toContainText('验证码已发送至')
  await page.getByTestId('forgot-login-code').fill(await smsCode(harness.bank!, DEMO.phone))
  await page.getByTestId('forgot-login-id').fill(DEMO_ID)
  await page.getByTestId('new-password').fill(NEW_PASSWORD)
  await page.getByTestId('new-password-confirm').fill(NEW_PASSWORD)
  await page.getByTestId('forgot-login-submit').click()
  // A computer the bank does not know yet: the new password signs in, then the usual SMS step.
  await expect(page.getByTestId('challenge-title')).toBeVisible()
  await page.getByTestId('challenge-code').fill(await smsCode(harness.bank!, DEMO.phone))
  await page.getByTestId('challenge-submit').click()
  await expect(page.getByTestId('page-home')).toBeVisible()
})

test('the reminder on 首页 for a password unchanged for 90 days, put off for 7 days', async ({ page, signedIn }) => {
  // The demo customer's passwords were set when its history began, months before the bank's today.
  await page.goto(signedIn.appUrl)
  await expect(page.getByTestId('password-reminder')).toContainText('登录密码和支付密码')
  await page.getByTestId('password-reminder-snooze').click()
  await expect(page.getByTestId('password-reminder')).toHaveCount(0)
  await page.reload()
  await expect(page.getByTestId('page-home')).toBeVisible()
  await expect(page.getByTestId('recent')).toBeVisible()
  await expect(page.getByTestId('password-reminder')).toHaveCount(0)

  // Eight days later on the bank's clock (the session with it: unlock signs in again).
  await devPost(signedIn.bank!, '/_dev/clock', { advanceMs: 8 * 86_400_000 })
  await lockAndReload(page, signedIn)
  await page.getByTestId('lock-password').fill(DEMO.password)
  await page.getByTestId('lock-submit').click()
  await expect(page.getByTestId('password-reminder')).toBeVisible()
  await page.getByTestId('password-reminder-go').click()
  await expect(page.getByTestId('page-account-security')).toBeVisible()
  await expect(page.getByTestId('login-due')).toBeVisible()
})
