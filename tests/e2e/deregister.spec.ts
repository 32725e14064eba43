import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { typeOnKeypad } from './steps'
import { bankFetch, type BankAddress } from '../support/bank-address'
import { smsCode, type RunningHarness } from '../support/harness'
import { luhnCheckDigit, residentIdCheckChar } from '../../src/shared/validators'

/**
 * 注销 end to end: a fresh customer with a balance and a 理财 holding withdraws and redeems inside the
 * flow, closes the wallet, and ends at the welcome screen with nothing of theirs left on this computer:
 * not in the data folder (beside the embedded bank's own folder), not in the keychain file, not in the
 * browser's IndexedDB (the replica).
 */

const PHONE = '13912340088'
const NAME = '王注销'
const ID = (() => {
  const first17 = '11010519880512004'
  return first17 + residentIdCheckChar(first17)
})()
const PAN = (() => {
  const partial = '622202100077665544'
  return partial + luhnCheckDigit(partial)
})()
const PASSWORD = 'Close2026xy'
const PAY_PASSWORD = '258036'

async function bankPost(bank: BankAddress, path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await bankFetch(bank, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...headers },
    body: JSON.stringify(body),
  })
  const json = (await res.json()) as unknown
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

/** Registers and activates a fresh customer through the wallet, tops up ¥300, and buys ¥100 of 工银现金快线 at the bank. */
async function customerWithMoney(harness: RunningHarness): Promise<void> {
  const bank = harness.bank!
  await harness.call('activation.register', { phone: PHONE, name: NAME, idNumber: ID, password: PASSWORD, agreed: true })
  await harness.call('activation.sendSms')
  await harness.call('activation.verify', { code: await smsCode(bank, PHONE) })
  await harness.call('activation.bindCard', { pan: PAN, reservedPhone: PHONE })
  await harness.call('activation.setPayPassword', { payPassword: PAY_PASSWORD })
  const { cards } = await harness.call<{ cards: { cardId: string }[] }>('cards.list')
  await harness.call('pay.topup', { cardId: cards[0]!.cardId, amountFen: 30_000, payPassword: PAY_PASSWORD })
  // The wallet has no 理财 purchase yet: the holding is bought at the bank, as from the customer's phone.
  const login = (await bankPost(bank, '/auth/login', { phone: PHONE, password: PASSWORD, deviceId: 'e2e-phone' })) as {
    challenge: { challengeId: string }
  }
  const signedIn = (await bankPost(bank, '/auth/challenge', {
    challengeId: login.challenge.challengeId,
    code: await smsCode(bank, PHONE),
  })) as { session: { token: string } }
  // 风险测评 first (src/mock-bank/questionnaire.ts): every first choice, C1, enough for 工银现金快线 (R1).
  const answers = Array.from({ length: 10 }, (_, i) => ({ questionId: `Q${i + 1}`, optionId: 'A' }))
  await bankPost(bank, '/wealth/risk-assessment', { answers }, { authorization: `Bearer ${signedIn.session.token}` })
  await bankPost(
    bank,
    '/wealth/buy',
    { productId: 'WP-CASH', amountFen: 10_000, payPassword: PAY_PASSWORD },
    { authorization: `Bearer ${signedIn.session.token}` },
  )
}

function listFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry)
      if (statSync(path).isDirectory()) walk(path)
      else out.push(relative(dir, path))
    }
  }
  walk(dir)
  return out.sort()
}

async function databases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''))
}

test('注销: withdraw and redeem inside the flow, close the wallet, end at the welcome screen with nothing left', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000)
  await customerWithMoney(harness)
  await page.goto(harness.appUrl)
  await expect(page.getByTestId('page-home')).toBeVisible()
  await expect.poll(() => databases(page)).toContain('icbc-wallet-replica')

  // 帮助 → 注销's answer links to the flow.
  await page.evaluate(() => (window.location.hash = '#/help'))
  await page.getByText('如何注销数字钱包？').click()
  await page.getByTestId('help-link-deregister-deregister').click()
  await expect(page.getByTestId('page-deregister')).toBeVisible()
  // And 设置 → 账户与安全 has its row.
  await page.evaluate(() => (window.location.hash = '#/settings'))
  await page.getByTestId('settings-account').click()
  await page.getByTestId('settings-deregister-open').click()
  await expect(page.getByTestId('page-deregister')).toBeVisible()

  // 清理账户: the bank names the balance and the holding.
  await expect(page.getByTestId('dereg-blocker-BALANCE')).toContainText('200.00')
  await expect(page.getByTestId('dereg-blocker-WEALTH')).toContainText('100.00')
  await expect(page.getByTestId('dereg-clear-next')).toBeDisabled()

  await page.getByTestId('dereg-redeem-WP-CASH').click()
  await typeOnKeypad(page, PAY_PASSWORD)
  await expect(page.getByTestId('dereg-blocker-WEALTH')).toBeHidden()
  await expect(page.getByTestId('dereg-blocker-BALANCE')).toContainText('300.00')

  await page.getByTestId('dereg-withdraw').click()
  await typeOnKeypad(page, PAY_PASSWORD)
  await expect(page.getByTestId('dereg-clear-ok')).toBeVisible()
  await page.getByTestId('dereg-clear-next').click()

  // 注销须知: read and agreed; no automatic backups here.
  await expect(page.getByTestId('dereg-notice')).toContainText('无法恢复')
  await expect(page.getByTestId('dereg-notice-next')).toBeDisabled()
  await page.getByTestId('dereg-agree').click()
  await page.getByTestId('dereg-notice-next').click()

  // 身份验证 and 确认注销.
  await page.getByTestId('dereg-sms-send').click()
  await expect(page.getByTestId('dereg-sms-sent')).toBeVisible()
  await page.getByTestId('dereg-sms-code').fill(await smsCode(harness.bank!, PHONE))
  await page.getByTestId('dereg-password').fill('Wrong2026xy')
  await page.getByTestId('dereg-confirm').fill('确认注销')
  await page.getByTestId('dereg-submit').click()
  await expect(page.getByTestId('dereg-error')).toContainText('登录密码错误')
  await page.getByTestId('dereg-password').fill(PASSWORD)
  await page.getByTestId('dereg-submit').click()

  // The welcome screen, saying so.
  await expect(page.getByTestId('welcome')).toBeVisible()
  await expect(page.getByTestId('welcome-deregistered')).toContainText('数字钱包已注销')

  // Nothing of the customer is left: not the replica, not a file of the data folder (the embedded bank's
  // own folder aside: it is the bank, and keeps the closed account's records), not a keychain entry.
  // (The welcome screen says so at once; the deletion follows as soon as nothing holds the replica.)
  await expect.poll(() => databases(page), { timeout: 20_000 }).not.toContain('icbc-wallet-replica')
  expect(await databases(page)).not.toContain('icbc-wallet-replica-undo')
  // What the fresh installation has written since (the welcome screen opened it): its own data key in
  // the harness's keychain file and the outbox hint's count of nothing. The embedded bank's storage key
  // stays in that store (it is the bank's), and with it the marker that says which store that is.
  const files = listFiles(harness.dataDir).filter((f) => !f.startsWith('mock-bank/'))
  const allowed = ['secrets.dev-insecure.json', 'secrets.store.json', 'state/outbox-unsettled.json']
  expect(files.filter((f) => !allowed.includes(f))).toEqual([])
  // The harness keeps secrets in that plain file only where no OS keychain answers (the keychain's entries
  // are checked by tests/integration/core/deregister.test.ts).
  if (files.includes('secrets.dev-insecure.json')) {
    const keychain = JSON.parse(readFileSync(join(harness.dataDir, 'secrets.dev-insecure.json'), 'utf8')) as object
    expect(Object.keys(keychain).filter((account) => !/:(data-key|bank-storage-key)$/.test(account))).toEqual([])
  }
  if (files.includes('state/outbox-unsettled.json'))
    expect(JSON.parse(readFileSync(join(harness.dataDir, 'state/outbox-unsettled.json'), 'utf8'))).toEqual({ sentOnce: 0 })
  for (const file of files) {
    const text = readFileSync(join(harness.dataDir, file), 'utf8')
    for (const needle of [PHONE, ID, PAN, NAME]) expect(text).not.toContain(needle)
  }
  expect((await harness.call<{ status: string }>('session.status')).status).toBe('none')
  // A reload stays at the welcome screen, and the phone may register again.
  await page.reload()
  await expect(page.getByTestId('welcome')).toBeVisible()
  await expect(page.getByTestId('welcome-deregistered')).toBeHidden()
})
