import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test, expect } from './fixtures'
import { signInDemo, startHarness } from '../support/harness'

test('without an OS keyring the user sets a master passphrase, then needs it at every start', async ({ page }) => {
  const first = await startHarness({ args: ['--secrets', 'passphrase'] })
  try {
    await page.goto(first.appUrl)
    await expect(page.getByTestId('vault-gate')).toContainText('设置主密码')
    await expect(page.getByTestId('vault-gate')).toContainText('未检测到系统密钥环')
    await page.getByTestId('vault-passphrase').fill('correct horse 1')
    await page.getByTestId('vault-passphrase-confirm').fill('correct horse 2')
    await page.getByTestId('vault-submit').click()
    await expect(page.getByTestId('vault-error')).toContainText('两次输入的主密码不一致')
    await page.getByTestId('vault-passphrase').fill('correct horse 1')
    await page.getByTestId('vault-passphrase-confirm').fill('correct horse 1')
    await page.getByTestId('vault-submit').click()
    await expect(page.getByTestId('welcome')).toBeVisible()
    await signInDemo(first)
    // The vault stays open for the life of main: a reload does not ask again.
    await page.reload()
    await expect(page.getByTestId('page-home')).toBeVisible()
    await page.getByTestId('nav-settings').click()
    await expect(page.getByTestId('key-store-label')).toHaveText('主密码保护（未检测到系统密钥环）')
    await expect(page.getByTestId('key-store-explain')).toContainText('没有可用的系统密钥环（Linux 上需要 libsecret')
    await page.getByTestId('settings-language').getByText('English').click()
    await expect(page.getByTestId('nav-home')).toHaveText('Home')
  } finally {
    await first.stop()
  }

  const again = await startHarness({ dataDir: first.dataDir, args: ['--secrets', 'passphrase'] })
  try {
    await page.goto(again.appUrl)
    await expect(page.getByTestId('vault-gate')).toContainText('输入主密码')
    await page.getByTestId('vault-passphrase').fill('wrong horse')
    await page.getByTestId('vault-submit').click()
    await expect(page.getByTestId('vault-error')).toContainText('主密码错误')
    await page.getByTestId('vault-passphrase').fill('correct horse 1')
    await page.getByTestId('vault-submit').click()
    // The settings were sealed under the key the passphrase protects: they come back (in English).
    await expect(page.getByTestId('lock')).toContainText('Unlock')
  } finally {
    await again.stop()
  }
})

test('wrong master passphrases make the next attempt wait, in Chinese, also after a restart', async ({ page }) => {
  const first = await startHarness({ args: ['--secrets', 'passphrase'] })
  try {
    await page.goto(first.appUrl)
    await page.getByTestId('vault-passphrase').fill('correct horse 1')
    await page.getByTestId('vault-passphrase-confirm').fill('correct horse 1')
    await page.getByTestId('vault-submit').click()
    await expect(page.getByTestId('welcome')).toBeVisible()
  } finally {
    await first.stop()
  }

  const again = await startHarness({ dataDir: first.dataDir, args: ['--secrets', 'passphrase'] })
  try {
    await page.goto(again.appUrl)
    for (const left of [4, 3, 2, 1]) {
      await page.getByTestId('vault-passphrase').fill(`wrong horse ${left}`)
      await page.getByTestId('vault-submit').click()
      await expect(page.getByTestId('vault-error')).toContainText(`再输错 ${left} 次`)
    }
    await page.getByTestId('vault-passphrase').fill('wrong horse 0')
    await page.getByTestId('vault-submit').click()
    await expect(page.getByTestId('vault-error')).toContainText('为保护本机数据，请在')
    await expect(page.getByTestId('vault-wait')).toContainText('还需等待 0:')
    await expect(page.getByTestId('vault-submit')).toBeDisabled()
  } finally {
    await again.stop()
  }

  // A restart does not start the count afresh: even the right passphrase waits.
  const third = await startHarness({ dataDir: first.dataDir, args: ['--secrets', 'passphrase'] })
  try {
    await page.goto(third.appUrl)
    await page.getByTestId('vault-passphrase').fill('correct horse 1')
    await page.getByTestId('vault-submit').click()
    await expect(page.getByTestId('vault-error')).toContainText('主密码错误次数过多，请在')
    await expect(page.getByTestId('vault-wait')).toBeVisible()
    await expect(page.getByTestId('vault-gate')).toContainText('输入主密码')
  } finally {
    await third.stop()
  }
})

test('a lost data key is explained, and clearing the unreadable state starts clean', async ({ page }) => {
  const first = await startHarness({ args: ['--secrets', 'dev-file'] })
  try {
    await signInDemo(first)
    await page.goto(first.appUrl)
    await page.getByTestId('nav-settings').click()
    await expect(page.getByTestId('key-store-label')).toContainText('开发测试用明文文件')
    await page.getByTestId('settings-language').getByText('English').click()
    await expect(page.getByTestId('nav-home')).toHaveText('Home')
  } finally {
    await first.stop()
  }
  // The keychain is wiped: the sealed files stay, their key is gone.
  rmSync(join(first.dataDir, 'secrets.dev-insecure.json'))

  const again = await startHarness({ dataDir: first.dataDir, args: ['--secrets', 'dev-file'] })
  try {
    await page.goto(again.appUrl)
    await expect(page.getByTestId('vault-gate')).toContainText('无法读取本机数据')
    await page.getByTestId('vault-reset').click()
    await page.locator('.el-message-box').getByRole('button', { name: '清除并重新登录' }).click()
    // Nothing of the old state can be read: the user starts again from the welcome screen, in Chinese.
    await expect(page.getByTestId('welcome')).toContainText('注册')
  } finally {
    await again.stop()
  }
})

test('a key store that does not answer is not a lost key: 重试 first, 清除 only as a confirmed last resort', async ({ page }) => {
  const first = await startHarness({ args: ['--secrets', 'dev-file'] })
  try {
    await signInDemo(first)
  } finally {
    await first.stop()
  }
  // As if the system keychain held the data key: the vault's record of the store says so.
  writeFileSync(join(first.dataDir, 'secrets.store.json'), JSON.stringify({ store: 'keytar', since: 0 }))

  // keytar fails to load on this start (--secrets passphrase makes it refuse).
  const again = await startHarness({ dataDir: first.dataDir, args: ['--secrets', 'passphrase'] })
  try {
    await page.goto(again.appUrl)
    const gate = page.getByTestId('vault-gate')
    await expect(gate).toContainText('暂时无法打开钱包')
    await expect(gate).toContainText('系统钥匙串组件本次未能加载')
    await expect(gate).toContainText('本机数据没有丢失')
    await expect(gate).not.toContainText('设置主密码')
    await page.getByTestId('vault-retry').click()
    await expect(page.getByTestId('vault-error')).toContainText('仍然没有响应')

    await page.getByTestId('vault-reset').click()
    const box = page.locator('.el-message-box')
    await expect(box).toContainText('收款人、缴费户号、设置')
    await expect(box).toContainText('银行账户和余额不受影响')
    await box.getByRole('button', { name: '取消' }).click()
    await expect(gate).toContainText('暂时无法打开钱包')

    await page.getByTestId('vault-reset').click()
    await page.locator('.el-message-box').getByRole('button', { name: '清除并重新登录' }).click()
    // Started clean; with no keychain answering, the key now needs a master passphrase.
    await expect(gate).toContainText('设置主密码')
  } finally {
    await again.stop()
  }
})

test('设置 → 安全 shows where keys are kept and the auto-lock time', async ({ page, signedIn: harness }) => {
  await page.goto(harness.appUrl)
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('key-store-label')).toHaveText(/系统钥匙串|开发测试用明文文件/)
  await expect(page.getByTestId('settings-auto-lock')).toContainText('闲置 5 分钟后')
  await page.getByTestId('settings-auto-lock').click()
  await page.getByRole('option', { name: '闲置 15 分钟后' }).click()
  await page.reload()
  await expect(page.getByTestId('settings-auto-lock')).toContainText('闲置 15 分钟后')
})
