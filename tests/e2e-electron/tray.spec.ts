import { expect, test, type Page } from '@playwright/test'
import type { ElectronApplication } from '@playwright/test'
import { electronExecutable, launchApp, SKIP_REASON, type LaunchedApp } from './electron-app'

/**
 * The tray and the OS notifications (src/main/shell/tray.ts, notifications.ts, wired in src/main/index.ts).
 * Electron reads neither a tray's menu nor a shown notification back, so main exposes both to these tests
 * (`__walletShellTest`, only in an unpackaged build started on a test data folder).
 */

const executable = electronExecutable()
test.skip(executable === undefined, SKIP_REASON)

// The embedded bank's demo customer (src/mock-bank/seed.ts).
const DEMO = { phone: '13800138000', password: 'Wallet2025', payPassword: '135790' }

interface TrayItem {
  id?: string
  label?: string
  enabled?: boolean
  type?: string
}
interface Shown {
  title: string
  body: string
}

let launched: LaunchedApp

test.beforeEach(async () => {
  launched = await launchApp(executable!)
})

test.afterEach(async () => {
  await launched?.close()
})

function trayItems(app: ElectronApplication): Promise<TrayItem[]> {
  return app.evaluate(() => {
    const hooks = (globalThis as unknown as { __walletShellTest: { trayMenu(): TrayItem[] } }).__walletShellTest
    return hooks.trayMenu().filter((i) => i.type !== 'separator')
  })
}

function pressTray(app: ElectronApplication, item: 'open' | 'paycode' | 'lock' | 'quit'): Promise<void> {
  return app.evaluate((_electron, id) => {
    ;(globalThis as unknown as { __walletShellTest: { pressTray(id: string): void } }).__walletShellTest.pressTray(id)
  }, item)
}

function notified(app: ElectronApplication): Promise<Shown[]> {
  return app.evaluate(() => [
    ...(globalThis as unknown as { __walletShellTest: { notified: Shown[] } }).__walletShellTest.notified,
  ])
}

function hideWindow(app: ElectronApplication): Promise<void> {
  return app.evaluate(({ BrowserWindow }) => {
    BrowserWindow.getAllWindows()[0]!.hide()
  })
}

function windowVisible(app: ElectronApplication): Promise<boolean> {
  return app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isVisible())
}

/**
 * Signs the demo customer in through the page's own bridge: the password, then the 模拟短信 code the
 * embedded bank hands to main (a new device), as the sign-in screen would; then the app reloads signed in.
 */
async function signIn(page: Page): Promise<void> {
  await page.evaluate(async (demo) => {
    const wallet = window.wallet!
    const code = new Promise<string>((resolve) => {
      wallet.on('sms.received', (sms) => resolve(sms.code))
    })
    const first = await wallet.invoke('session.signIn', { phone: demo.phone, password: demo.password })
    if (!first.ok) throw new Error(first.error.code)
    if (first.value.status === 'challenge') {
      const answer = await wallet.invoke('session.challenge', { code: await code })
      if (!answer.ok) throw new Error(answer.error.code)
    }
  }, DEMO)
  await page.reload()
  await expect(page.getByTestId('page-home')).toBeVisible()
}

test('the tray has 打开钱包, 付款码, 立即锁定 and 退出; 立即锁定 locks the wallet', async () => {
  const { app, window: page } = launched
  await expect(page.getByText('首页').first()).toBeVisible()
  // Nobody signed in yet: nothing to lock, no pay code (once main has read the session).
  await expect
    .poll(async () => (await trayItems(app)).map((i) => [i.label, i.enabled]))
    .toEqual([
      ['打开钱包', true],
      ['付款码', false],
      ['立即锁定', false],
      ['退出', true],
    ])

  await signIn(page)
  await expect.poll(async () => (await trayItems(app)).find((i) => i.id === 'lock')?.enabled).toBe(true)

  await pressTray(app, 'lock')
  await expect(page.getByTestId('lock')).toBeVisible()
  const status = await page.evaluate(() => window.wallet!.invoke('session.status'))
  expect(status).toMatchObject({ ok: true, value: { status: 'locked' } })
  // Already locked: 立即锁定 is off, 付款码 still there (through the lock screen).
  expect((await trayItems(app)).map((i) => [i.id, i.enabled])).toEqual([
    ['open', true],
    ['paycode', true],
    ['lock', false],
    ['quit', true],
  ])
})

test('付款码 from the tray shows the window and, through the lock screen, the pay code', async () => {
  const { app, window: page } = launched
  await expect(page.getByText('首页').first()).toBeVisible()
  await signIn(page)
  await pressTray(app, 'lock')
  await expect(page.getByTestId('lock')).toBeVisible()
  await hideWindow(app)

  await pressTray(app, 'paycode')
  await expect.poll(() => windowVisible(app)).toBe(true)
  // Locked: the lock screen first.
  await expect(page.getByTestId('lock')).toBeVisible()
  await page.getByTestId('lock-password').fill(DEMO.password)
  await page.getByTestId('lock-submit').click()
  await expect.poll(() => page.url()).toContain('action=paycode')
})

test('the tray and the menu follow the language setting without a restart', async () => {
  const { app, window: page } = launched
  await expect(page.getByText('首页').first()).toBeVisible()
  await signIn(page)
  await page.evaluate(() => window.wallet!.invoke('settings.set', { language: 'en-US' }))
  await expect
    .poll(async () => (await trayItems(app)).map((i) => i.label))
    .toEqual(['Open wallet', 'Pay code', 'Lock now', 'Quit'])
  const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getTitle())
  expect(title).toBe('ICBC Digital Wallet')
  const menu = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label) ?? [])
  expect(menu).toContain('Edit')
})

test('a payment while the window is hidden becomes a notification; while locked it says nothing of the amount', async () => {
  const { app, window: page } = launched
  await expect(page.getByText('首页').first()).toBeVisible()
  await signIn(page)

  // A top-up of ¥1.23 with the window hidden in the tray.
  await hideWindow(app)
  const paid = await page.evaluate(async (payPassword) => {
    const wallet = window.wallet!
    const list = await wallet.invoke('cards.list')
    if (!list.ok) throw new Error(list.error.code)
    return wallet.invoke('pay.topup', { cardId: list.value.cards[0]!.cardId, amountFen: 123, payPassword })
  }, DEMO.payPassword)
  expect(paid.ok).toBe(true)
  await expect.poll(async () => (await notified(app)).length).toBe(1)
  const [done] = await notified(app)
  expect(done).toEqual({ title: '交易成功', body: '充值 ¥1.23 已完成' })

  // Locked, an SMS code (忘记登录密码 from the lock screen) only says that something happened.
  await pressTray(app, 'lock')
  await expect
    .poll(
      async () =>
        await app.evaluate(
          () =>
            (globalThis as unknown as { __walletShellTest: { state(): { session: string } } }).__walletShellTest.state().session,
        ),
    )
    .toBe('locked')
  const sent = await page.evaluate((phone) => window.wallet!.invoke('password.forgotLoginSms', { phone }), DEMO.phone)
  expect(sent.ok).toBe(true)
  await expect.poll(async () => (await notified(app)).length).toBe(2)
  const locked = (await notified(app))[1]!
  expect(locked).toEqual({ title: '工行数字钱包', body: '钱包有新动态，解锁后查看' })
  expect(JSON.stringify(locked)).not.toMatch(/\d{6}|1\.23/)
})

test('with 关闭窗口时最小化到托盘 on, closing the window hides it and the app stays', async () => {
  const { app, window: page } = launched
  test.skip(process.platform === 'darwin', 'macOS keeps its dock: the window closes')
  await expect(page.getByText('首页').first()).toBeVisible()
  await signIn(page)
  await page.evaluate(() => window.wallet!.invoke('settings.set', { closeToTray: true }))
  await expect
    .poll(async () =>
      app.evaluate(
        () =>
          (globalThis as unknown as { __walletShellTest: { state(): { closeToTray: boolean } } }).__walletShellTest.state()
            .closeToTray,
      ),
    )
    .toBe(true)
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close())
  await expect.poll(() => windowVisible(app)).toBe(false)
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
  await pressTray(app, 'open')
  await expect.poll(() => windowVisible(app)).toBe(true)
})
