import { expect, test } from '@playwright/test'
import { electronExecutable, launchApp, SKIP_REASON, type LaunchedApp } from './electron-app'

const executable = electronExecutable()
test.skip(executable === undefined, SKIP_REASON)

let launched: LaunchedApp

test.beforeEach(async () => {
  launched = await launchApp(executable!)
})

test.afterEach(async () => {
  await launched?.close()
})

test('the window shows the shell from app://wallet', async () => {
  const { window: page, app } = launched
  await expect(page).toHaveTitle('工行数字钱包')
  await expect(page.getByText('首页').first()).toBeVisible()
  expect(page.url()).toMatch(/^app:\/\/wallet\//)

  const bounds = await app.evaluate(({ BrowserWindow }) => {
    const win = BrowserWindow.getAllWindows()[0]!
    return { visible: win.isVisible(), min: win.getMinimumSize(), title: win.getTitle() }
  })
  expect(bounds).toEqual({ visible: true, min: [960, 640], title: '工行数字钱包' })
})

test('the page gets window.wallet and nothing of Node or Electron', async () => {
  const { window: page } = launched
  await expect(page.getByText('首页').first()).toBeVisible()
  const globals = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>
    return {
      wallet: Object.keys((w['wallet'] ?? {}) as object).sort(),
      require: typeof w['require'],
      process: typeof w['process'],
      ipcRenderer: typeof w['ipcRenderer'],
      electron: typeof w['electron'],
    }
  })
  expect(globals).toEqual({
    wallet: ['invoke', 'off', 'on'],
    require: 'undefined',
    process: 'undefined',
    ipcRenderer: 'undefined',
    electron: 'undefined',
  })

  const info = await page.evaluate(() => window.wallet!.invoke('app.info'))
  expect(info).toMatchObject({ ok: true, value: { name: '工行数字钱包', shell: 'electron' } })
  const unknown = await page.evaluate(() => (window.wallet!.invoke as (c: string) => Promise<unknown>)('vault.dump'))
  expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
})

test('navigation, window.open and file escapes stay inside the app', async () => {
  const { window: page } = launched
  await expect(page.getByText('首页').first()).toBeVisible()
  const before = page.url()
  // http:// is refused outright (no prompt), so nothing opens and the page stays.
  await page.evaluate(() => {
    window.location.href = 'http://example.com/'
  })
  await page.waitForTimeout(500)
  expect(page.url()).toBe(before)
  expect(await page.evaluate(() => window.open('app://wallet/index.html'))).toBeNull()
  const status = await page.evaluate(async () => (await fetch('app://wallet/..%2F..%2Fpackage.json')).status)
  expect(status).toBe(403)
})
