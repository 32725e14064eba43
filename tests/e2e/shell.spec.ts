import { test, expect } from './fixtures'

const NAV = [
  ['home', '首页'],
  ['pay', '付款'],
  ['transfer', '转账'],
  ['bills', '生活缴费'],
  ['history', '账单'],
  ['promotions', '优惠'],
  ['wealth', '理财'],
  ['settings', '设置'],
  ['help', '帮助'],
] as const

test('the app loads the shell in Chinese', async ({ page, signedIn: harness }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(harness.appUrl)
  await expect(page).toHaveTitle('工行数字钱包')
  await expect(page.getByTestId('page-home')).toBeVisible()
  await expect(page.locator('.brand-name')).toHaveText('工行数字钱包')
  // The token left the address bar as soon as the app took it.
  expect(page.url()).not.toContain('token=')
  expect(errors).toEqual([])
})

test('every navigation entry opens its page', async ({ page, signedIn: harness }) => {
  await page.goto(harness.appUrl)
  for (const [name, label] of NAV) {
    const entry = page.getByTestId(`nav-${name}`)
    await expect(entry).toHaveText(label)
    await entry.click()
    await expect(page.getByTestId(`page-${name}`)).toBeVisible()
    await expect(page).toHaveURL(new RegExp(`#/${name}$`))
    await expect(entry).toHaveClass(/is-active/)
  }
  // The navigation's screens come with their modules announced together (electron.vite.config.ts,
  // modulePreload: src/renderer/src/router/screens.ts sits in the start-up chunk), each module once and every
  // one a script of the build; each page's stylesheets were linked.
  const links = await page.evaluate(() => ({
    preloads: [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((l) => l.href),
    styles: document.querySelectorAll('link[rel="stylesheet"]').length,
  }))
  const html = await (await page.request.get(new URL('/', harness.appUrl).href)).text()
  expect(links.preloads.length).toBeGreaterThan(html.match(/rel="modulepreload"/g)?.length ?? 0)
  expect(new Set(links.preloads).size).toBe(links.preloads.length)
  for (const href of links.preloads) expect(href).toMatch(/\/assets\/[\w-]+\.js$/)
  expect(links.styles).toBeGreaterThan(html.match(/rel="stylesheet"/g)?.length ?? 0)
})

test("Element's styles of the tabs and the date picker arrive with the screens that use them", async ({ page, signedIn: harness }) => {
  // Whether a stylesheet of the page has Element's own rule for this class (electron.vite.config.ts,
  // LAZY_ELEMENT); the wallet's theme.css names some of them too, after `html`.
  const styled = (cls: string) =>
    page.evaluate(
      (c) =>
        [...document.styleSheets].some((sheet) =>
          [...sheet.cssRules].some(
            (rule) => rule instanceof CSSStyleRule && rule.selectorText.split(',').some((s) => s.trim().startsWith(c)),
          ),
        ),
      cls,
    )
  await page.goto(harness.appUrl)
  await page.getByTestId('nav-history').click()
  await expect(page.getByTestId('history-row').first()).toBeVisible()
  // Started on 账单 (the stylesheets index.html links, and 账单's own): none of them yet.
  await page.reload()
  await expect(page.getByTestId('history-row').first()).toBeVisible()
  expect(await styled('.el-picker-panel')).toBe(false)
  expect(await styled('.el-tabs__item')).toBe(false)
  expect(await styled('.el-table__cell')).toBe(false)
  expect(await styled('.el-button')).toBe(true)

  // The date range's first use brings the picker with its styles: a panel with Element's look.
  await page.getByTestId('filter-dates').click()
  const panel = page.locator('.el-picker-panel').first()
  await expect(panel).toBeVisible()
  expect(await styled('.el-picker-panel')).toBe(true)
  expect(await panel.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)')
  await page.keyboard.press('Escape')

  // 付款's tabs: Element's height, and the wallet's red on the chosen one (the theme still wins over Element's blue).
  await page.getByTestId('nav-pay').click()
  const active = page.locator('.el-tabs__item.is-active')
  await expect(active).toBeVisible()
  expect(await active.evaluate((el) => getComputedStyle(el).height)).toBe('40px')
  expect(await active.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(199, 0, 11)')
})

test('the language switch survives a reload and a restart', async ({ page, signedIn: harness }) => {
  await page.goto(harness.appUrl)
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('settings-language').getByText('English').click()
  await expect(page.getByTestId('nav-home')).toHaveText('Home')
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US')

  await page.reload()
  await expect(page.getByTestId('nav-home')).toHaveText('Home')
  await expect(page.getByTestId('page-settings')).toBeVisible()

  // The setting lives in main, not in the page: a new harness on the same data folder keeps it.
  const { startHarness } = await import('../support/harness')
  await harness.stop()
  const again = await startHarness({ dataDir: harness.dataDir })
  try {
    await page.goto(again.appUrl)
    // A restarted app opens locked, already in English.
    await expect(page.getByTestId('lock')).toContainText('Unlock')
    await page.getByTestId('lock-password').fill('Wallet2025')
    await page.getByTestId('lock-submit').click()
    await expect(page.getByTestId('nav-home')).toHaveText('Home')
    await page.getByTestId('nav-settings').click()
    await page.getByTestId('settings-language').getByText('简体中文').click()
    await expect(page.getByTestId('nav-home')).toHaveText('首页')
    // The switch in the title bar does the same.
    await page.getByTestId('language-switch').selectOption('en-US')
    await expect(page.getByTestId('nav-home')).toHaveText('Home')
    await page.getByTestId('language-switch').selectOption({ label: '简体中文' })
    await expect(page.getByTestId('nav-home')).toHaveText('首页')
  } finally {
    await again.stop()
  }
})

test('the theme setting applies and persists', async ({ page, signedIn: harness }) => {
  await page.goto(harness.appUrl)
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('settings-theme').getByText('深色').click()
  await expect(page.locator('html')).toHaveClass(/dark/)
  await page.reload()
  await expect(page.locator('html')).toHaveClass(/dark/)
})

test('the API refuses requests without the launch token', async ({ request, harness }) => {
  const url = `${harness.origin}/api/invoke/app.info`
  const missing = await request.post(url, { data: {} })
  expect(missing.status()).toBe(401)
  expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })

  const wrong = await request.post(url, { data: {}, headers: { Authorization: `Bearer ${harness.token}x` } })
  expect(wrong.status()).toBe(401)

  const events = await request.get(`${harness.origin}/api/events`)
  expect(events.status()).toBe(401)

  const right = await request.post(url, { data: {}, headers: { Authorization: `Bearer ${harness.token}` } })
  expect(right.status()).toBe(200)
  expect(await right.json()).toMatchObject({ ok: true, value: { name: '工行数字钱包', shell: 'harness' } })
})

test('the API checks input and channel names through the router', async ({ request, harness }) => {
  const headers = { Authorization: `Bearer ${harness.token}` }
  const bad = await request.post(`${harness.origin}/api/invoke/settings.set`, { data: { input: { language: 'fr-FR' } }, headers })
  expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  const unknown = await request.post(`${harness.origin}/api/invoke/vault.dump`, { data: {}, headers })
  expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
})

test('the harness refuses a foreign Host header (DNS rebinding)', async ({ request, harness }) => {
  const response = await request.post(`${harness.origin}/api/invoke/app.info`, {
    data: {},
    headers: { Authorization: `Bearer ${harness.token}`, Host: 'evil.example:80' },
  })
  expect(response.status()).toBe(403)
})

test('the shell stays usable at 960×640', async ({ page, signedIn: harness }) => {
  await page.setViewportSize({ width: 960, height: 640 })
  await page.goto(harness.appUrl)
  await expect(page.getByTestId('nav-help')).toBeVisible()
  await page.getByTestId('nav-help').click()
  await expect(page.getByTestId('page-help')).toBeVisible()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
})
