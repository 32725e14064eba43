import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { NEWCOMER, fillRegistration } from './steps'
import { DEMO, smsCode, startHarness, type RunningHarness } from '../support/harness'
import { startBankProcess } from '../support/bank-process'
import { devPost } from '../support/bank-address'

const PHONE = NEWCOMER.phone
const CARD = '6222021000123456781' // Luhn-valid ICBC-style number
const PASSWORD = NEWCOMER.password

async function typeOnKeypad(page: Page, digits: string): Promise<void> {
  for (const d of digits) await page.getByTestId(`keypad-${d}`).click()
}

async function startWizard(page: Page, harness: RunningHarness): Promise<void> {
  await page.goto(harness.appUrl)
  await page.getByTestId('welcome-register').click()
  await fillRegistration(page)
}

async function verifyWithInbox(page: Page, harness: RunningHarness, options: { passwordAgain?: string } = {}): Promise<void> {
  await page.getByTestId('verify-send').click()
  await expect(page.getByTestId('verify-send')).toBeDisabled()
  // 模拟短信: the code also appears as a notification, clearly marked as simulated.
  await expect(page.locator('.el-notification').filter({ hasText: '模拟短信' })).toBeVisible()
  await page.getByTestId('verify-code').fill(await smsCode(harness.bank!, PHONE))
  await page.getByTestId('verify-submit').click()
  if (options.passwordAgain !== undefined) {
    // The login password is never stored: an app started since step 1 asks for it again, here.
    await expect(page.getByTestId('problem')).toContainText('登录密码未保存在本机')
    await page.getByTestId('verify-password').fill(options.passwordAgain)
    await page.getByTestId('verify-password-confirm').fill(options.passwordAgain)
    await page.getByTestId('verify-submit').click()
  }
  await expect(page.getByTestId('step-card')).toBeVisible()
}

test('a new user activates the wallet end to end, reading the code from the SMS inbox', async ({ page, harness }) => {
  await startWizard(page, harness)
  await verifyWithInbox(page, harness)
  await page.getByTestId('card-pan').fill(CARD)
  await expect(page.getByTestId('card-bank')).toContainText('工商银行')
  await page.getByTestId('card-submit').click()
  await expect(page.getByTestId('step-pay-password')).toBeVisible()
  await typeOnKeypad(page, '123456')
  await expect(page.getByTestId('step-pay-password').getByRole('alert')).toContainText('连续')
  await typeOnKeypad(page, '258036')
  await typeOnKeypad(page, '258036')
  await expect(page.getByTestId('step-done')).toBeVisible()
  await expect(page.getByTestId('done-wallet-no')).toHaveText(/\d{6,}/)
  await expect(page.getByTestId('done-tier')).toContainText('二类')
  await expect(page.getByTestId('done-limits')).toContainText('¥50,000.00')
  await page.getByTestId('done-home').click()
  await expect(page.getByTestId('page-home')).toBeVisible()
})

test('a restart in the middle of the wizard resumes at the same step', async ({ page, harness }) => {
  await startWizard(page, harness)
  await harness.stop()
  const again = await startHarness({ dataDir: harness.dataDir })
  try {
    await page.goto(again.appUrl)
    await expect(page.getByTestId('step-verify')).toBeVisible()
    await expect(page.getByTestId('verify-sent-to')).toContainText('139****5678')
    await verifyWithInbox(page, again, { passwordAgain: PASSWORD })
  } finally {
    await again.stop()
  }
})

test('a wrong code shows the tries left and an expired one offers a new code', async ({ page, harness }) => {
  await startWizard(page, harness)
  await page.getByTestId('verify-send').click()
  await expect(page.getByTestId('verify-send')).toBeDisabled()
  const code = await smsCode(harness.bank!, PHONE)
  await page.getByTestId('verify-code').fill(code === '000000' ? '111111' : '000000')
  await page.getByTestId('verify-submit').click()
  await expect(page.getByTestId('problem')).toContainText('4')
  await devPost(harness.bank!, '/_dev/clock', { advanceMs: 6 * 60_000 })
  await page.getByTestId('verify-code').fill(code)
  await page.getByTestId('verify-submit').click()
  await expect(page.getByTestId('problem')).toContainText('过期')
})

test('each card problem gets its own explanation', async ({ page, harness }) => {
  await startWizard(page, harness)
  await verifyWithInbox(page, harness)
  for (const [pan, text] of [
    ['6222020000000000018', '冻结'],
    ['6222020000000000026', '非本人'],
    ['6222020000000000034', '过期'],
  ] as const) {
    await page.getByTestId('card-pan').fill(pan)
    await page.getByTestId('card-submit').click()
    await expect(page.getByTestId('problem')).toContainText(text)
  }
})

test('signing in from a second data folder is a new device and asks for an SMS code', async ({ page, harness }) => {
  await page.goto(harness.appUrl)
  await page.getByTestId('welcome-sign-in').click()
  await page.getByTestId('sign-in-phone').fill(DEMO.phone)
  await page.getByTestId('sign-in-password').fill(DEMO.password)
  await page.getByTestId('sign-in-submit').click()
  await expect(page.getByTestId('challenge-title')).toBeVisible()
  await page.getByTestId('challenge-code').fill(await smsCode(harness.bank!, DEMO.phone))
  await page.getByTestId('challenge-submit').click()
  await expect(page.getByTestId('page-home')).toBeVisible()
})

test('with the bank stopped the wallet unlocks offline and says so', async ({ page }) => {
  const bankDir = mkdtempSync(join(tmpdir(), 'bank-'))
  const bank = await startBankProcess(bankDir, ['--seed', 'demo'])
  let harness: RunningHarness | undefined
  try {
    harness = await startHarness({ bank })
    await page.goto(harness.appUrl)
    await page.getByTestId('welcome-sign-in').click()
    await page.getByTestId('sign-in-phone').fill(DEMO.phone)
    await page.getByTestId('sign-in-password').fill(DEMO.password)
    await page.getByTestId('sign-in-submit').click()
    await expect(page.getByTestId('challenge-title')).toBeVisible()
    await page.getByTestId('challenge-code').fill(await smsCode(bank, DEMO.phone))
    await page.getByTestId('challenge-submit').click()
    await expect(page.getByTestId('page-home')).toBeVisible()

    await harness.call('session.lock')
    await bank.stop()
    await page.reload()
    await page.getByTestId('lock-password').fill(DEMO.password)
    await page.getByTestId('lock-submit').click()
    await expect(page.getByTestId('lock-offline')).toContainText('离线')
  } finally {
    await harness?.stop()
    await bank.stop().catch(() => {})
  }
})

test('registration errors are readable and take their own room, clear of the hints and the next field', async ({
  page,
  harness,
}) => {
  await page.goto(harness.appUrl)
  await page.getByTestId('welcome-register').click()
  await page.getByTestId('register-phone').fill('123')
  await page.getByTestId('register-id').fill('1101')
  await page.getByTestId('register-submit').click()
  const errors = page.locator('[data-testid="activation-wizard"] .el-form-item__error')
  await expect(errors.first()).toBeVisible()
  const found = await errors.evaluateAll((nodes) => {
    const luminance = (rgb: string) => {
      const [r, g, b] = (rgb.match(/\d+/g) ?? []).slice(0, 3).map((v) => {
        const c = Number(v) / 255
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
    }
    return nodes.map((node) => {
      const item = node.closest('.el-form-item')!
      const box = node.getBoundingClientRect()
      const itemBox = item.getBoundingClientRect()
      // Everything else in the item (the input, a hint, the strength meter) sits above the error.
      const others = [...item.querySelectorAll('.el-form-item__content > :not(.el-form-item__error)')].map(
        (o) => o.getBoundingClientRect().bottom,
      )
      const style = getComputedStyle(node)
      const contrast = (1.05) / (luminance(style.color) + 0.05)
      return {
        text: node.textContent,
        fontSize: parseFloat(style.fontSize),
        contrast,
        inside: box.bottom <= itemBox.bottom + 0.5,
        belowTheRest: others.every((bottom) => box.top >= bottom - 0.5),
      }
    })
  })
  expect(found.length).toBeGreaterThanOrEqual(4)
  for (const error of found) {
    expect(error.fontSize, error.text ?? '').toBeGreaterThanOrEqual(13)
    expect(error.contrast, error.text ?? '').toBeGreaterThanOrEqual(4.5)
    expect(error.inside, error.text ?? '').toBe(true)
    expect(error.belowTheRest, error.text ?? '').toBe(true)
  }
})
