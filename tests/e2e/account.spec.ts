import { randomUUID } from 'node:crypto'
import { test, expect } from './fixtures'
import { DEMO, smsCode, type RunningHarness } from '../support/harness'
import { bankFetch, clientHeaders, devPost } from '../support/bank-address'

/** Signs the demo customer in on another computer, straight at the bank: that device's token. */
async function anotherDevice(harness: RunningHarness): Promise<string> {
  const bank = harness.bank!
  // Its SMS code can be sent only after the first sign-in's resend window.
  await devPost(bank, '/_dev/clock', { advanceMs: 61_000 })
  const post = (path: string, body: unknown) =>
    bankFetch(bank, path, {
      method: 'POST',
      headers: { ...clientHeaders(bank), 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<{ status: string; challenge: { challengeId: string }; session: { token: string } }>)
  const login = await post('/auth/login', {
    phone: DEMO.phone,
    password: DEMO.password,
    deviceId: `laptop-${randomUUID()}`,
    deviceName: '家里的笔记本',
    deviceOs: 'macOS',
  })
  expect(login.status).toBe('challenge')
  const ok = await post('/auth/challenge', { challengeId: login.challenge.challengeId, code: await smsCode(bank, DEMO.phone) })
  expect(ok.status).toBe('ok')
  return ok.session.token
}

test('登录设备: removing another device ends its sign-in at once', async ({ page, signedIn }) => {
  const token = await anotherDevice(signedIn)
  const me = () => bankFetch(signedIn.bank!, '/me', { headers: { ...clientHeaders(signedIn.bank!), authorization: `Bearer ${token}` } })
  expect((await me()).status).toBe(200)
  await page.goto(signedIn.appUrl)
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('settings-account').click()
  await page.getByTestId('settings-devices').click()
  const rows = page.getByTestId('device-row')
  await expect(rows).toHaveCount(2)
  await expect(page.locator('[data-testid="device-row"][data-current="true"]')).toContainText('本机')
  const other = page.locator('[data-testid="device-row"][data-current="false"]')
  await expect(other).toContainText('家里的笔记本')
  await expect(other).toContainText('macOS')
  await other.getByTestId('device-remove').click()
  await page.locator('.el-message-box').getByRole('button', { name: '移除' }).click()
  await expect(rows).toHaveCount(1)
  expect((await me()).status).toBe(401)
})

test('立即锁定 (button and Ctrl+L) and 退出登录', async ({ page, signedIn }) => {
  await page.goto(signedIn.appUrl)
  await expect(page.getByTestId('page-home')).toBeVisible()
  const unlock = async () => {
    await page.getByTestId('lock-password').fill(DEMO.password)
    await page.getByTestId('lock-submit').click()
    await expect(page.getByTestId('page-home')).toBeVisible()
  }

  await page.getByTestId('lock-now').click()
  await expect(page.getByTestId('lock')).toBeVisible()
  expect(await signedIn.call('session.status')).toMatchObject({ status: 'locked' })
  await unlock()

  await page.getByTestId('nav-history').click()
  await page.keyboard.press('Control+l')
  await expect(page.getByTestId('lock')).toBeVisible()
  expect(await signedIn.call('session.status')).toMatchObject({ status: 'locked' })
  await unlock()

  await page.getByTestId('sign-out').click()
  await page.locator('.el-message-box').getByRole('button', { name: '退出' }).click()
  await expect(page.getByTestId('sign-in')).toBeVisible()
  await expect(page).toHaveURL(/#\/sign-in$/)
  const status = await signedIn.call<{ status: string; profile: unknown }>('session.status')
  expect(status.status).toBe('locked')
  expect(status.profile).not.toBeNull()
  // Signing in again on this (known) computer opens the same wallet, no SMS.
  await page.getByTestId('sign-in-phone').fill(DEMO.phone)
  await page.getByTestId('sign-in-password').fill(DEMO.password)
  await page.getByTestId('sign-in-submit').click()
  await expect(page.getByTestId('page-home')).toBeVisible()
})

test('消息中心: a flagged link opens only after the second confirmation; read and delete last', async ({ page, signedIn }) => {
  // The welcome messages and the campaigns announced since the demo customer registered: as many as the bank has.
  const total = (await signedIn.call<{ messages: unknown[] }>('messages.list')).messages.length
  expect(total).toBeGreaterThanOrEqual(5)
  await page.goto(signedIn.appUrl)
  const badge = page.getByTestId('messages-unread')
  await expect(badge).toHaveText(String(total))
  await page.getByTestId('nav-messages').click()
  const items = page.getByTestId('message-item')
  await expect(items).toHaveCount(total)
  const phishing = items.filter({ hasText: '积分兑换提醒' })
  await expect(phishing.getByTestId('message-suspicious')).toBeVisible()
  await phishing.click()
  await expect(badge).toHaveText(String(total - 1))
  await expect(phishing).toHaveAttribute('data-read', 'true')

  const guard = page.getByTestId('link-guard')
  const link = page.getByTestId('message-body').getByTestId('guarded-link')
  await link.click()
  await expect(guard.getByTestId('link-domain')).toHaveText('points-gift.xyz')
  await expect(guard.getByTestId('link-flag-lookalike-suffix')).toBeVisible()
  await expect(guard.getByTestId('link-open')).toHaveCount(0)
  await guard.getByTestId('link-continue').click()
  await expect(guard.getByTestId('link-second')).toContainText('points-gift.xyz')
  // Not opened after the first confirmation; cancelling the second opens nothing either.
  await guard.getByTestId('link-cancel').click()
  await expect(guard).toBeHidden()
  await expect(page.getByText('已在浏览器中打开')).toHaveCount(0)
  // With both confirmations main opens it.
  await link.click()
  await guard.getByTestId('link-continue').click()
  await guard.getByTestId('link-confirm-open').click()
  await expect(page.getByText('已在浏览器中打开')).toBeVisible()

  // Delete another message: gone, and still gone after the next sync (a reload syncs again).
  const promo = items.filter({ hasText: '缴费立减活动' })
  await promo.click()
  await page.getByTestId('message-delete').click()
  await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click()
  await expect(items).toHaveCount(total - 1)
  await page.reload()
  await expect(page.getByTestId('message-item')).toHaveCount(total - 1)
  await expect(page.getByTestId('message-item').filter({ hasText: '缴费立减活动' })).toHaveCount(0)
  await expect(page.getByTestId('message-item').filter({ hasText: '积分兑换提醒' })).toHaveAttribute('data-read', 'true')
})

test('安全建议 on 首页, and the bank link in 帮助 shows where it goes', async ({ page, signedIn }) => {
  await page.goto(signedIn.appUrl)
  await expect(page.getByTestId('security-tips')).toContainText('不要随意点击链接')
  await page.getByTestId('nav-help').click()
  await page.getByTestId('help-official-site').getByTestId('guarded-link').click()
  await expect(page.getByTestId('link-guard').getByTestId('link-domain')).toHaveText('icbc.com.cn')
  await expect(page.getByTestId('link-guard')).toContainText('工行官方域名')
  await page.getByTestId('link-open').click()
  await expect(page.getByText('已在浏览器中打开')).toBeVisible()
})

test('removed on another device: this computer says so and takes the user to sign in', async ({ page, signedIn }) => {
  const bank = signedIn.bank!
  const token = await anotherDevice(signedIn)
  const auth = { ...clientHeaders(bank), authorization: `Bearer ${token}` }
  const list = (await (await bankFetch(bank, '/devices', { headers: auth })).json()) as { devices: { deviceId: string; current: boolean }[] }
  const harnessDevice = list.devices.find((d) => !d.current)!.deviceId
  await page.goto(signedIn.appUrl)
  await expect(page.getByTestId('page-home')).toBeVisible()
  await expect(page.getByTestId('session-ended')).toHaveCount(0)
  const removed = await bankFetch(bank, `/devices/${harnessDevice}/remove`, {
    method: 'POST',
    headers: { ...auth, 'idempotency-key': randomUUID() },
  })
  expect(removed.status).toBe(200)
  await signedIn.call('sync.now').catch(() => undefined)
  await expect(page.getByTestId('session-ended')).toBeVisible()
  await page.getByTestId('session-ended-sign-in').click()
  await expect(page.getByTestId('sign-in')).toBeVisible()
})
