import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from '@playwright/test'
import { test, expect, installTestClock } from './fixtures'
import { typeOnKeypad } from './steps'
import { startHarness, type RunningHarness } from '../support/harness'
import { startBankProcess, type BankProcess } from '../support/bank-process'
import { bankFetch } from '../support/bank-address'
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/browser'
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy'
import { describeHits, scanBuffer, scanFolders, type Hit, type Secret } from '../support/secret-scan'
import { allSealedPlaintexts } from '../support/sealed-files'
import { openPassphraseSecretStore, SECRET_ACCOUNTS, SECRET_FILES } from '../../src/main/platform/vault'
import { namespacedSecrets } from '../../src/main/core/vault-gate'

/*
 * A whole session of a new user through the browser harness, then every file the session left behind
 * searched for its secrets (tests/support/secret-scan.ts: raw, UTF-16, hex, base64). The folders: the
 * wallet's data folder, the bank's, the browser's profile (a persistent one, as Electron keeps) and the
 * folder the backup was saved to. The secrets: the login and payment passwords, the master passphrase
 * (the harness runs without an OS keyring, so every secret the wallet keeps is on disk, sealed under
 * it), the backup passphrase, the full ID and card numbers, every SMS code the bank sent and every
 * session token or other credential the bank handed out (seen by a relay between wallet and bank,
 * tests/support/recording-proxy.ts, which also plays the lost connection). The wallet's sealed
 * documents are searched a second time decrypted, every generation, with the data key the master
 * passphrase opens: what the wallet keeps must hold no secret even to someone who has the key.
 */

const PHONE = '13912345678'
const NAME = '李明'
const ID = '110105199003070025'
const CARD = '6222021000123456781'
const PASSWORD = 'Secure2026x'
const PAY_PASSWORD = '258036'
const MASTER = 'vault passphrase 2026 冬'
const BACKUP_PASSPHRASE = '备份口令 horse battery 2026'
const PAYEE = '13900139000'

interface Session {
  bank: BankProcess
  proxy: RecordingProxy
  harness: RunningHarness
  context: BrowserContext
  page: Page
}

/**
 * A browser profile that keeps what Electron's does: Electron has no password manager and no form
 * autofill (those are parts of the Chrome browser, not of the content layer Electron embeds), so
 * Chromium's are turned off here; everything else the page stores (IndexedDB, Local and Session
 * Storage, caches, the session file with form state) is written as usual and searched.
 */
function electronLikeProfile(profileDir: string): void {
  const preferences = {
    credentials_enable_service: false,
    profile: { password_manager_enabled: false },
    autofill: { enabled: false, profile_enabled: false, credit_card_enabled: false },
  }
  mkdirSync(join(profileDir, 'Default'), { recursive: true })
  if (!existsSync(join(profileDir, 'Default', 'Preferences')))
    writeFileSync(join(profileDir, 'Default', 'Preferences'), JSON.stringify(preferences))
}

async function openBrowser(profileDir: string): Promise<{ context: BrowserContext; page: Page }> {
  electronLikeProfile(profileDir)
  const executablePath = chromiumExecutable()
  const context = await chromium.launchPersistentContext(profileDir, {
    ...(executablePath ? { executablePath } : {}),
    args: CHROMIUM_ARGS,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  })
  await installTestClock(context)
  return { context, page: context.pages()[0] ?? (await context.newPage()) }
}

async function smsCodes(session: Pick<Session, 'bank'>): Promise<string[]> {
  const res = await bankFetch(session.bank, `/_dev/sms/${PHONE}`)
  return ((await res.json()) as { messages: { code: string }[] }).messages.map((m) => m.code)
}

async function newestSmsCode(session: Pick<Session, 'bank'>, seen: number): Promise<string> {
  await expect.poll(async () => (await smsCodes(session)).length, { timeout: 10_000 }).toBeGreaterThan(seen)
  return (await smsCodes(session))[0]!
}

async function register(session: Session): Promise<void> {
  const { page } = session
  await page.goto(session.harness.appUrl)
  await expect(page.getByTestId('vault-gate')).toContainText('设置主密码')
  await page.getByTestId('vault-passphrase').fill(MASTER)
  await page.getByTestId('vault-passphrase-confirm').fill(MASTER)
  await page.getByTestId('vault-submit').click()
  await page.getByTestId('welcome-register').click()
  await page.getByTestId('register-phone').fill(PHONE)
  await page.getByTestId('register-name').fill(NAME)
  await page.getByTestId('register-id').fill(ID)
  await page.getByTestId('register-password').fill(PASSWORD)
  await page.getByTestId('register-confirm').fill(PASSWORD)
  await page.getByTestId('register-agree').click()
  await page.getByTestId('register-submit').click()
  await expect(page.getByTestId('step-verify')).toBeVisible()
  const before = (await smsCodes(session)).length
  await page.getByTestId('verify-send').click()
  await page.getByTestId('verify-code').fill(await newestSmsCode(session, before))
  await page.getByTestId('verify-submit').click()
  await expect(page.getByTestId('step-card')).toBeVisible()
  await page.getByTestId('card-pan').fill(CARD)
  await page.getByTestId('card-submit').click()
  await expect(page.getByTestId('step-pay-password')).toBeVisible()
  for (let i = 0; i < 2; i++) for (const d of PAY_PASSWORD) await page.getByTestId(`keypad-${d}`).click()
  await expect(page.getByTestId('step-done')).toBeVisible()
  await page.getByTestId('done-home').click()
  await expect(page.getByTestId('page-home')).toBeVisible()
}

async function topUp(page: Page, amount: string): Promise<void> {
  await page.evaluate(() => (window.location.hash = '#/pay?action=topup'))
  await page.getByTestId('amount-input').fill(amount)
  await page.getByTestId('amount-next').click()
  await typeOnKeypad(page, PAY_PASSWORD)
  await expect(page.getByTestId('pay-outcome-title')).toHaveText('充值成功')
}

/** A transfer whose password is typed after the bank became unreachable: queued (待发送). */
async function transferOffline(session: Session, amount: string): Promise<void> {
  const { page } = session
  await page.evaluate(() => (window.location.hash = '#/transfer'))
  await page.getByTestId('transfer-phone').fill(PAYEE)
  await page.getByTestId('transfer-lookup').click()
  await expect(page.getByTestId('transfer-payee')).toContainText('*')
  await page.getByTestId('transfer-amount').fill(amount)
  await page.getByTestId('transfer-ack').click()
  await page.getByTestId('transfer-next').click()
  await session.proxy.down()
  await typeOnKeypad(page, PAY_PASSWORD)
  await expect(page.getByTestId('pay-outcome-queued')).toContainText('已加入待发送队列')
}

async function backUp(page: Page, into: string): Promise<void> {
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('backup-passphrase').fill(BACKUP_PASSPHRASE)
  await page.getByTestId('backup-passphrase-confirm').fill(BACKUP_PASSPHRASE)
  const downloading = page.waitForEvent('download')
  await page.getByTestId('backup-create').click()
  const download = await downloading
  await download.saveAs(join(into, download.suggestedFilename()))
}

/** After the restart: the master passphrase, the login password, then the queued transfer's password in 账单. */
async function comeBack(session: Session): Promise<void> {
  const { page } = session
  await page.goto(session.harness.appUrl)
  await expect(page.getByTestId('vault-gate')).toContainText('输入主密码')
  await page.getByTestId('vault-passphrase').fill(MASTER)
  await page.getByTestId('vault-submit').click()
  await page.getByTestId('lock-password').fill(PASSWORD)
  await page.getByTestId('lock-submit').click()
  await expect(page.getByTestId('page-home')).toBeVisible()
  await page.evaluate(() => (window.location.hash = '#/history'))
  const item = page.getByTestId('outbox-item').first()
  await expect(item.getByTestId('outbox-state')).toHaveText('待输入支付密码')
  await item.getByTestId('outbox-enter-password').click()
  await typeOnKeypad(page, PAY_PASSWORD)
  await expect(page.getByTestId('outbox-item')).toHaveCount(0, { timeout: 30_000 })
}

/** Every generation of every sealed document, decrypted with the data key the master passphrase opens. */
async function sealedHits(dataDir: string, secrets: readonly Secret[]): Promise<{ hits: Hit[]; documents: number }> {
  const store = await openPassphraseSecretStore({ file: join(dataDir, SECRET_FILES.passphrase), passphrase: MASTER })
  const encoded = await namespacedSecrets(store, dataDir).get(SECRET_ACCOUNTS.dataKey)
  if (!encoded) throw new Error('no data key under the master passphrase')
  const plaintexts = await allSealedPlaintexts(join(dataDir, 'state'), Buffer.from(encoded, 'base64'))
  const hits: Hit[] = []
  for (const [file, text] of plaintexts) hits.push(...scanBuffer(Buffer.from(text, 'utf8'), secrets, `${file} (decrypted)`))
  return { hits, documents: plaintexts.size }
}

function secretsOf(codes: readonly string[], credentials: Iterable<string>): Secret[] {
  const secrets: Secret[] = [
    { label: 'login password', value: PASSWORD },
    { label: 'payment password', value: PAY_PASSWORD },
    { label: 'master passphrase', value: MASTER },
    { label: 'backup passphrase', value: BACKUP_PASSPHRASE },
    { label: 'full ID number', value: ID },
    { label: 'full card number', value: CARD },
  ]
  for (const code of new Set(codes)) secrets.push({ label: `SMS code ${code}`, value: code })
  for (const credential of credentials) {
    const bytes = Buffer.from(credential, 'base64url')
    secrets.push({
      label: `credential ${credential.slice(0, 4)}…`,
      value: credential,
      ...(bytes.toString('base64url') === credential ? { bytes } : {}),
    })
  }
  return secrets
}

test('after a whole session no file of the wallet, the bank, the browser or the backup holds a secret', async () => {
  test.slow()
  const bankDir = mkdtempSync(join(tmpdir(), 'scan-bank-'))
  const dataDir = mkdtempSync(join(tmpdir(), 'scan-wallet-'))
  const profileDir = mkdtempSync(join(tmpdir(), 'scan-profile-'))
  const backupDir = mkdtempSync(join(tmpdir(), 'scan-backup-'))
  const bank = await startBankProcess(bankDir, ['--seed', 'demo'])
  const proxy = await startRecordingProxy(bank)
  const launch = { dataDir, bank: proxy.address, args: ['--secrets', 'passphrase'] }
  let harness = await startHarness(launch)
  let browser = await openBrowser(profileDir)
  const session: Session = { bank, proxy, harness, ...browser }
  try {
    await register(session)
    await topUp(session.page, '300')
    await transferOffline(session, '12.34')
    await backUp(session.page, backupDir)
    await harness.call('session.lock')

    // The app and the browser restart while the bank is still out of reach; then it comes back.
    await browser.context.close()
    await harness.stop()
    harness = await startHarness(launch)
    browser = await openBrowser(profileDir)
    Object.assign(session, { harness, ...browser })
    await proxy.up()
    await comeBack(session)

    const codes = await smsCodes(session)
    expect(codes.length).toBeGreaterThanOrEqual(1)
    expect(proxy.credentials.size).toBeGreaterThanOrEqual(1)
    const secrets = secretsOf(codes, proxy.credentials)

    // Everything is written and closed before the files are read.
    await browser.context.close()
    await harness.stop()
    await bank.stop()
    await proxy.close()
    const scan = await scanFolders([dataDir, bankDir, profileDir, backupDir], secrets)
    const sealed = await sealedHits(dataDir, secrets)
    test.info().annotations.push({
      type: 'scan',
      description: `${secrets.length} secrets (${codes.length} SMS codes, ${proxy.credentials.size} credentials) in ${scan.files} files (${scan.bytes} bytes) and ${sealed.documents} decrypted sealed generations`,
    })
    expect(scan.files).toBeGreaterThan(20)
    expect(sealed.documents).toBeGreaterThan(3)
    expect(describeHits([...scan.hits, ...sealed.hits])).toBe('')
  } finally {
    await browser.context.close().catch(() => {})
    await harness.stop()
    await bank.stop().catch(() => {})
    await proxy.close()
  }
})
