import { test, expect } from './fixtures'
import { openAt } from './steps'

/**
 * 帮助 without dead ends, as a person would find out: every link of every answer is clicked in turn and
 * must land on a real screen (never 即将开放, never the fallback to 首页), on the tab it names.
 */
test('every link in 帮助 opens the screen it names', async ({ page, signedIn: harness }) => {
  test.setTimeout(240_000)
  await openAt(page, harness, '/help')
  await expect(page.getByTestId('page-help')).toBeVisible()
  const links = page.locator('a[data-testid^="help-link-"]')
  const found = await links.evaluateAll((as) =>
    as.map((a) => ({ id: a.getAttribute('data-testid')!, href: a.getAttribute('href')! })),
  )
  expect(found.length).toBeGreaterThan(10)

  for (const { id, href } of found) {
    await page.evaluate(() => (window.location.hash = '#/help'))
    await expect(page.getByTestId('page-help')).toBeVisible()
    await page.getByTestId('help-toggle-all').filter({ hasText: '全部展开' }).click()
    await page.getByTestId(id).click()
    // The address is the link's own (no redirect to 首页 or elsewhere) and a screen of its own is shown.
    await expect(page, id).toHaveURL(new RegExp(`${href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`))
    const screen = page.locator('#main [data-testid^="page-"]').first()
    await expect(screen, id).toBeVisible()
    expect(await screen.getAttribute('data-testid'), id).not.toBe('page-help')
    // Soft: the walk goes on, so one run names every dead end.
    await expect.soft(page.getByText('即将开放'), `${id} → ${href} is a placeholder`).toHaveCount(0, { timeout: 1_000 })
    const action = /[?&]action=([a-z]+)/.exec(href)?.[1]
    if (action) await expect(page.getByTestId(`panel-${action}`), id).toBeVisible()
  }
})
