import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { test, expect } from './fixtures'
import { openAt } from './steps'

/**
 * 设置 → 关于, as a person finds it: from 设置, the version this build is, the data folder the harness was
 * started with, 95588, and the licences of the libraries the build bundled (electron.vite.config.ts writes
 * the lists; the renderer's own vue and dexie among them).
 */
const version = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version

test('关于 shows the version, the data folder, 95588 and the licences of vue and dexie', async ({ page, signedIn: harness }) => {
  await openAt(page, harness, '/settings')
  await page.getByTestId('settings-about').click()
  await expect(page.getByTestId('page-about')).toBeVisible()
  await expect(page).toHaveURL(/#\/settings\/about$/)

  await expect(page.getByTestId('about-version')).toHaveText(version)
  await expect(page.getByTestId('about-data-dir')).toHaveText(harness.dataDir)
  await expect(page.getByTestId('about-hotline')).toHaveText('95588')
  // The harness's main is plain Node: no Electron or Chromium version to name.
  await expect(page.getByTestId('about-runtimes')).toHaveText(/^Node\.js \d+\.\d+\.\d+$/)

  // The harness opens nothing on the desktop: it says so, and the path stays on screen to copy.
  await page.getByTestId('about-open-folder').click()
  await expect(page.getByTestId('about-open-note')).toHaveText('当前环境无法打开文件管理器，请按上面的路径前往。')

  const licences = page.getByTestId('about-licences')
  for (const name of ['vue', 'dexie']) {
    const entry = licences.getByTestId(`about-licence-${name}`)
    await expect(entry).toBeVisible()
    await expect(entry).toContainText(name === 'vue' ? 'MIT' : 'Apache-2.0')
  }
  const vue = licences.getByTestId('about-licence-vue')
  await vue.getByRole('button').first().click()
  await expect(vue).toContainText('Yuxi (Evan) You')
  await expect(vue).toContainText('界面')

  await page.getByTestId('about-licence-filter').fill('dexie')
  await expect(licences.locator('[data-testid^="about-licence-"].el-collapse-item')).toHaveCount(1)
})
