import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmbeddedBank, type EmbeddedBank } from '../../../src/main/platform/bank/embedded'
import { createWalletCore } from '../../../src/main/ipc/wallet'
import { namespacedSecrets } from '../../../src/main/core/vault-gate'
import { createMemorySecretStore, SECRET_ACCOUNTS, type SecretStore } from '../../../src/main/platform/vault'
import { BankKeyMismatchError, createBankServer, DEMO_CUSTOMER, type BankServer } from '../../../src/mock-bank'
import { deriveKeys, KEY_FILE, openRecords, Sealer } from '../../../src/mock-bank/keys'
import { encodeRecord, JOURNAL_FILE, scanJournal } from '../../../src/mock-bank/journal'
import type { BankEvent } from '../../../src/mock-bank/state'
import { testRunClock } from '../../../scripts/lib/test-clock'
import { BankClient, FAST_CONFIG, newCard, newIdNumber, newPhone, PASSWORD } from '../../support/bank-client'
import { bankFetch, newClientSecret } from '../../support/bank-address'
import { startHarness } from '../../support/harness'
import { tmp } from '../../support/wallet'
import { AppError } from '../../../src/shared/errors'

/**
 * The app's embedded bank seals its journal under a key kept in the wallet's secret store
 * (SECRET_ACCOUNTS.bankStorageKey), handed over by the core when its vault opens
 * (src/main/core/index.ts `bankStorageKey`), never under a key file next to the journal. Real HTTP,
 * real files, the wallet core with an in-memory secret store.
 */

const dirs: string[] = []
const open: { close(): Promise<unknown> | unknown }[] = []

afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function newDir(): string {
  const dir = tmp('bank-key-')
  dirs.push(dir)
  return dir
}

/** The app as src/main/index.ts starts it: the embedded bank first, then the core, which hands it the key. */
async function startApp(dataDir: string, store: SecretStore, printed: string[] = []): Promise<EmbeddedBank> {
  const bank = await startEmbeddedBank(dataDir, { print: (line) => printed.push(line) })
  open.push(bank)
  const core = await createWalletCore({
    shell: 'harness',
    version: 'test',
    platform: process.platform,
    dataDir,
    bankUrl: bank.url,
    bankClientSecret: bank.clientSecret,
    simulatedSms: bank.onSms,
    bankStorageKey: (key) => bank.provideStorageKey(key),
    vault: { secrets: store },
    files: { save: async () => ({ kind: 'cancelled' as const }) },
    clock: testRunClock(),
  })
  open.push({ close: () => core.dispose() })
  await bank.ready
  return bank
}

async function closeAll(): Promise<void> {
  for (const thing of open.splice(0).reverse()) await thing.close()
}

/** Registers a new customer over HTTP, the SMS code taken from the bank's outlet as the app's notification does. */
async function register(bank: { url: string; clientSecret: string | null; onSms: BankServer['onSms'] }, idNumber = newIdNumber()) {
  const client = new BankClient(bank.url, bank.clientSecret)
  const phone = newPhone()
  const codes: string[] = []
  const stop = bank.onSms((sms) => {
    if (sms.phone === phone) codes.push(sms.code)
  })
  expect((await client.post('/sms/send', { phone, purpose: 'register' })).status).toBe(200)
  stop()
  const deviceId = `dev-${randomUUID()}`
  const reply = await client.post('/register', {
    phone,
    name: '张三',
    idNumber,
    password: PASSWORD,
    smsCode: codes[0],
    deviceId,
  })
  expect(reply.status).toBe(200)
  return { phone, deviceId, token: reply.body.session.token as string }
}

async function signInStatus(bank: { url: string; clientSecret: string | null }, phone: string, password: string, deviceId: string) {
  const reply = await new BankClient(bank.url, bank.clientSecret).post('/auth/login', { phone, password, deviceId })
  return reply.status === 200 ? (reply.body.status as string) : (reply.body.error.code as string)
}

async function storedKey(store: SecretStore, dataDir: string): Promise<Buffer> {
  const text = await namespacedSecrets(store, dataDir).get(SECRET_ACCOUNTS.bankStorageKey)
  expect(text).toBeDefined()
  const key = Buffer.from(text!, 'base64url')
  expect(key).toHaveLength(32)
  return key
}

/** The bank's folder opened directly with a key, as a test bank with its development routes. */
async function openWith(dataDir: string, storageKey: Uint8Array) {
  const clientSecret = newClientSecret()
  const server = await createBankServer({ dataDir, storageKey, clientSecret, config: FAST_CONFIG })
  open.push(server)
  return server
}

describe("the app's embedded bank and the wallet's secret store", () => {
  it('keeps no key file: its journal opens only with the key the core keeps in the secret store', async () => {
    const dir = newDir()
    const store = createMemorySecretStore()
    const bank = await startApp(dir, store)
    const customer = await register(bank)
    const bankDir = join(dir, 'mock-bank')
    expect(readdirSync(bankDir)).not.toContain(KEY_FILE)
    const key = await storedKey(store, dir)
    await closeAll()

    const journal = readFileSync(join(bankDir, JOURNAL_FILE))
    await expect(openWith(bankDir, randomBytes(32))).rejects.toBeInstanceOf(BankKeyMismatchError)
    // Refused without touching anything: no key file made, the journal as it was.
    expect(readdirSync(bankDir)).not.toContain(KEY_FILE)
    expect(readFileSync(join(bankDir, JOURNAL_FILE)).equals(journal)).toBe(true)

    const reopened = await openWith(bankDir, key)
    expect(await signInStatus(reopened, customer.phone, PASSWORD, customer.deviceId)).toBe('ok')
  })

  it('reads the same customers after a restart with the same secret store', async () => {
    const dir = newDir()
    const store = createMemorySecretStore()
    const customer = await register(await startApp(dir, store))
    await closeAll()

    const printed: string[] = []
    const again = await startApp(dir, store, printed)
    expect(await signInStatus(again, customer.phone, PASSWORD, customer.deviceId)).toBe('ok')
    expect(await signInStatus(again, DEMO_CUSTOMER.phone, DEMO_CUSTOMER.password, 'some-device')).toBe('challenge')
    expect(printed).toEqual([`mock bank listening on ${again.url}`])
    expect(readdirSync(dir).filter((name) => name.startsWith('mock-bank'))).toEqual(['mock-bank'])
  })

  it('moves a folder kept under bank.key to the secret-store key, and replays its stored answers the same', async () => {
    const dir = newDir()
    const bankDir = join(dir, 'mock-bank')
    // A bank folder as older versions of the app left it: sealed under its own bank.key.
    const clientSecret = newClientSecret()
    const before = await createBankServer({ dataDir: bankDir, clientSecret, seed: 'demo', config: FAST_CONFIG })
    open.push(before)
    const customer = await register(before)
    const client = new BankClient(before.url, clientSecret)
    const bindKey = randomUUID()
    const bind = { pan: newCard(), reservedPhone: customer.phone }
    const bound = await client.post('/cards/bind', bind, { token: customer.token, key: bindKey })
    expect(bound.status).toBe(200)
    await closeAll()
    const fileKey = readFileSync(join(bankDir, KEY_FILE), 'utf8')

    const store = createMemorySecretStore()
    const bank = await startApp(dir, store)
    expect(readdirSync(bankDir)).not.toContain(KEY_FILE)
    expect(await signInStatus(bank, customer.phone, PASSWORD, customer.deviceId)).toBe('ok')
    // The same request under the same key is still the same request: answered from the store.
    const replayed = await new BankClient(bank.url, bank.clientSecret).post('/cards/bind', bind, {
      token: customer.token,
      key: bindKey,
    })
    expect(replayed.status).toBe(200)
    expect(replayed.headers.get('idempotent-replayed')).toBe('true')
    expect(replayed.body).toEqual(bound.body)
    const key = await storedKey(store, dir)
    await closeAll()

    // Every sealed value is now under the store's key: the old file key opens nothing.
    await expect(openWith(bankDir, Buffer.from(fileKey.trim(), 'base64url'))).rejects.toBeInstanceOf(BankKeyMismatchError)
    expect((await openWith(bankDir, key)).url).toMatch(/^http:/)
    await closeAll()

    // A crash after the journal was rewritten but before bank.key was removed: the next start finishes.
    writeFileSync(join(bankDir, KEY_FILE), fileKey)
    const after = await startApp(dir, store)
    expect(existsSync(join(bankDir, KEY_FILE))).toBe(false)
    expect(await signInStatus(after, customer.phone, PASSWORD, customer.deviceId)).toBe('ok')
  })

  it('seals the clear values of a journal written before the seal, which had no key file at all', async () => {
    const dir = newDir()
    const bankDir = join(dir, 'mock-bank')
    const clientSecret = newClientSecret()
    const before = await createBankServer({ dataDir: bankDir, clientSecret, seed: 'demo', config: FAST_CONFIG })
    open.push(before)
    const idNumber = newIdNumber()
    const customer = await register(before, idNumber)
    await closeAll()
    // The journal as versions before the seal wrote it: every value in clear, no bank.key.
    const fileKey = Buffer.from(readFileSync(join(bankDir, KEY_FILE), 'utf8').trim(), 'base64url')
    const { records } = scanJournal<BankEvent>(readFileSync(join(bankDir, JOURNAL_FILE)))
    const clear = openRecords(records, new Sealer(deriveKeys(fileKey)))
    writeFileSync(join(bankDir, JOURNAL_FILE), records.map((r, i) => encodeRecord({ ...r, e: clear[i]! })).join(''))
    rmSync(join(bankDir, KEY_FILE))
    expect(readFileSync(join(bankDir, JOURNAL_FILE), 'utf8')).toContain(idNumber)

    const bank = await startApp(dir, createMemorySecretStore())
    expect(await signInStatus(bank, customer.phone, PASSWORD, customer.deviceId)).toBe('ok')
    expect(readFileSync(join(bankDir, JOURNAL_FILE), 'utf8')).not.toContain(idNumber)
    expect(readdirSync(bankDir)).not.toContain(KEY_FILE)
  })

  it('sets a folder no key opens aside and starts a fresh demo bank, saying so in the log', async () => {
    const dir = newDir()
    const customer = await register(await startApp(dir, createMemorySecretStore()))
    await closeAll()
    const journal = readFileSync(join(dir, 'mock-bank', JOURNAL_FILE))

    // The wallet's keys were lost and reset (vault-gate resetAfterKeyLoss): a new secret store, a new key.
    const printed: string[] = []
    const bank = await startApp(dir, createMemorySecretStore(), printed)
    const aside = readdirSync(dir).filter((name) => name.startsWith('mock-bank.unreadable-'))
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(dir, aside[0]!, JOURNAL_FILE)).equals(journal)).toBe(true)
    expect(printed.some((line) => line.includes(aside[0]!))).toBe(true)
    expect(await signInStatus(bank, customer.phone, PASSWORD, customer.deviceId)).toBe('CREDENTIALS_INVALID')
    expect(await signInStatus(bank, DEMO_CUSTOMER.phone, DEMO_CUSTOMER.password, 'some-device')).toBe('challenge')
  })

  it('with a master passphrase, opens when the user has typed it (the core hands the key over then)', async () => {
    const dir = newDir()
    const bank = await startEmbeddedBank(dir, { print: () => {}, keyWaitMs: 50 })
    open.push(bank)
    const core = await createWalletCore({
      shell: 'harness',
      version: 'test',
      platform: 'linux',
      dataDir: dir,
      bankUrl: bank.url,
      bankClientSecret: bank.clientSecret,
      bankStorageKey: (key) => bank.provideStorageKey(key),
      // No keychain and no safeStorage: the secrets go to the master-passphrase store.
      vault: { loadKeytar: () => Promise.reject(new AppError('KEYRING_UNAVAILABLE', 'test: no keychain')) },
      files: { save: async () => ({ kind: 'cancelled' as const }) },
      clock: testRunClock(),
    })
    open.push({ close: () => core.dispose() })
    expect((await core.router.call('vault.status', undefined, { transport: 'test' })).ok).toBe(true)
    const client = new BankClient(bank.url, bank.clientSecret)
    const login = { phone: DEMO_CUSTOMER.phone, password: DEMO_CUSTOMER.password, deviceId: 'some-device' }
    expect((await client.post('/auth/login', login)).body.error.code).toBe('BANK_UNAVAILABLE')
    const opened = await core.router.call('vault.openWithPassphrase', { passphrase: 'correct horse battery 1' }, { transport: 'test' })
    expect(opened).toMatchObject({ ok: true, value: { state: 'ready' } })
    await bank.ready
    expect((await client.post('/auth/login', login)).body.status).toBe('challenge')
    expect(readdirSync(join(dir, 'mock-bank'))).not.toContain(KEY_FILE)
  })

  it('is wired the same way in the browser harness: no bank.key, the key in the harness secret store', async () => {
    const harness = await startHarness({ args: ['--secrets', 'dev-file'] })
    open.push({ close: () => harness.stop() })
    dirs.push(harness.dataDir)
    const customer = await bankFetch(harness.bank!, `/_dev/customers/${DEMO_CUSTOMER.phone}`)
    expect(customer.status).toBe(200)
    expect(readdirSync(join(harness.dataDir, 'mock-bank'))).toContain(JOURNAL_FILE)
    expect(readdirSync(join(harness.dataDir, 'mock-bank'))).not.toContain(KEY_FILE)
  })

  it('answers 503 BANK_UNAVAILABLE while it waits for its key, and serves once the key comes', async () => {
    const dir = newDir()
    const bank = await startEmbeddedBank(dir, { print: () => {}, keyWaitMs: 50 })
    open.push(bank)
    const client = new BankClient(bank.url, bank.clientSecret)
    const early = await client.post('/auth/login', { phone: DEMO_CUSTOMER.phone, password: DEMO_CUSTOMER.password, deviceId: 'some-device' })
    expect(early.status).toBe(503)
    expect(early.body.error.code).toBe('BANK_UNAVAILABLE')
    const waiting = client.post('/auth/login', { phone: DEMO_CUSTOMER.phone, password: DEMO_CUSTOMER.password, deviceId: 'some-device' })
    bank.provideStorageKey(randomBytes(32))
    await bank.ready
    const answered = await waiting
    expect([200, 503]).toContain(answered.status)
    const after = await client.post('/auth/login', { phone: DEMO_CUSTOMER.phone, password: DEMO_CUSTOMER.password, deviceId: 'some-device' })
    expect(after.body.status).toBe('challenge')
  })
})
