import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { createWalletCore } from '../../../src/main/ipc/wallet'
import { OUTBOX_HINT_FILE } from '../../../src/main/core/outbox-hint'
import { openVaultGate, type VaultGateOptions } from '../../../src/main/core/vault-gate'
import type { KeytarLike } from '../../../src/main/platform/vault/keytar-store'
import { createMemorySecretStore } from '../../../src/main/platform/vault/secret-store'
import { SECRET_FILES } from '../../../src/main/platform/vault/select'
import { readStoreMarker, STORE_MARKER_FILE } from '../../../src/main/platform/vault/store-marker'
import { expectAppError, fakeSafeStorage, FAST_SCRYPT, manualClock, useTempDir } from './helpers'

const tempDir = useTempDir()
const Doc = z.object({ payee: z.string(), amountFen: z.number() })

/**
 * A keychain that can stop answering: while `answering` is false every read hangs (a locked or slow
 * Secret Service), and `loadFails` makes the next load of keytar throw (a native module that failed once).
 */
function flakyKeychain() {
  const entries = new Map<string, string>()
  const control = { answering: true, loadFails: 0 }
  const keytar: KeytarLike = {
    getPassword: (service, account) =>
      control.answering ? Promise.resolve(entries.get(`${service}/${account}`) ?? null) : new Promise(() => {}),
    setPassword: async (service, account, password) => {
      entries.set(`${service}/${account}`, password)
    },
    deletePassword: async (service, account) => entries.delete(`${service}/${account}`),
  }
  const loadKeytar = async (): Promise<KeytarLike> => {
    if (control.loadFails > 0) {
      control.loadFails--
      throw new Error('The module keytar.node was compiled against a different Node.js version')
    }
    return keytar
  }
  const dataKeys = () => [...entries].filter(([name]) => name.endsWith(':data-key')).map(([, value]) => value)
  return { control, entries, loadKeytar, dataKeys }
}

async function gateOn(dataDir: string, keychain: ReturnType<typeof flakyKeychain>, extra: Partial<VaultGateOptions> = {}) {
  return openVaultGate({
    dataDir,
    platform: 'linux',
    clock: manualClock(1_700_000_000_000),
    loadKeytar: keychain.loadKeytar,
    safeStorage: fakeSafeStorage(),
    probeTimeoutMs: 50,
    scrypt: FAST_SCRYPT,
    ...extra,
  })
}

/** First start on a new data folder: the keychain answers, a data key is made and documents are sealed. */
async function usedInstallation() {
  const dataDir = await tempDir()
  const keychain = flakyKeychain()
  const gate = await gateOn(dataDir, keychain)
  expect(gate.status().state).toBe('ready')
  const { docStore } = gate.open()
  await docStore.write('payees', { payee: '李娜', amountFen: 12_300 })
  await docStore.write('outbox', { payee: '水费', amountFen: 4_550 })
  const [dataKey] = keychain.dataKeys()
  expect(dataKey).toBeDefined()
  return { dataDir, keychain, dataKey: dataKey! }
}

const sealedFiles = async (dataDir: string) => (await readdir(join(dataDir, 'state'))).filter((f) => f.includes('.sealed')).sort()

describe('vault gate: a flaky keychain never costs the user their data', () => {
  it('records the keychain as the store of the data key when the key is first stored', async () => {
    const { dataDir } = await usedInstallation()
    expect(await readStoreMarker(dataDir)).toEqual({ store: 'keytar', since: 1_700_000_000_000 })
  })

  it('a keychain that times out once: store-unavailable, then 重试 opens the vault with the same key and every document', async () => {
    const { dataDir, keychain, dataKey } = await usedInstallation()
    const before = await sealedFiles(dataDir)

    keychain.control.answering = false
    const gate = await gateOn(dataDir, keychain)
    expect(gate.status()).toMatchObject({
      state: 'store-unavailable',
      storeKind: 'keychain',
      storeLabel: '系统钥匙串 (libsecret)',
      unavailable: { store: 'keytar', reason: 'timeout' },
    })
    expect(() => gate.open()).toThrow(expect.objectContaining({ code: 'KEYRING_UNAVAILABLE' }))
    // Nothing was moved to another store, nothing was deleted.
    expect(await readdir(dataDir)).not.toContain(SECRET_FILES.safeStorage)
    expect(await readdir(dataDir)).not.toContain(SECRET_FILES.passphrase)
    expect(await sealedFiles(dataDir)).toEqual(before)

    // Still no answer: retrying again says so again, and costs nothing.
    expect((await gate.retry()).state).toBe('store-unavailable')

    keychain.control.answering = true
    expect(await gate.retry()).toMatchObject({ state: 'ready', storeKind: 'keychain' })
    expect(keychain.dataKeys()).toEqual([dataKey])
    const { docStore } = gate.open()
    expect(await docStore.read('payees', Doc)).toEqual({ payee: '李娜', amountFen: 12_300 })
    expect(await docStore.read('outbox', Doc)).toEqual({ payee: '水费', amountFen: 4_550 })
  })

  it('keytar that fails to load on one start: store-unavailable, and the next start opens normally', async () => {
    const { dataDir, keychain, dataKey } = await usedInstallation()
    keychain.control.loadFails = 1
    const failing = await gateOn(dataDir, keychain)
    expect(failing.status()).toMatchObject({ state: 'store-unavailable', unavailable: { store: 'keytar', reason: 'load-failed' } })

    const next = await gateOn(dataDir, keychain)
    expect(next.status().state).toBe('ready')
    expect(keychain.dataKeys()).toEqual([dataKey])
    expect(await next.open().docStore.read('payees', Doc)).toEqual({ payee: '李娜', amountFen: 12_300 })
  })

  it('an old installation (no record) whose keychain is slow is not mistaken for a lost key', async () => {
    const { dataDir, keychain } = await usedInstallation()
    // As left by a version of the app that kept no record of the store.
    await rm(join(dataDir, STORE_MARKER_FILE))
    keychain.control.answering = false
    const gate = await gateOn(dataDir, keychain)
    expect(gate.status()).toMatchObject({ state: 'store-unavailable', unavailable: { store: 'keytar', reason: 'timeout' } })
    expect(await readStoreMarker(dataDir)).toMatchObject({ store: 'keytar' })
  })

  it('KEY_MISSING stays for a keychain that answers without the key, and the confirmed reset starts clean', async () => {
    const { dataDir, keychain, dataKey } = await usedInstallation()
    keychain.entries.clear()
    const gate = await gateOn(dataDir, keychain)
    expect(gate.status().state).toBe('key-missing')
    expect(await gate.resetAfterKeyLoss()).toMatchObject({ state: 'ready', storeKind: 'keychain' })
    expect(await sealedFiles(dataDir)).toEqual([])
    expect(keychain.dataKeys()).toHaveLength(1)
    expect(keychain.dataKeys()).not.toEqual([dataKey])
    expect(await readStoreMarker(dataDir)).toMatchObject({ store: 'keytar' })
  })

  it('the reset after store-unavailable (last resort) starts clean in a store that answers', async () => {
    const { dataDir, keychain } = await usedInstallation()
    keychain.control.answering = false
    const gate = await gateOn(dataDir, keychain)
    expect(gate.status().state).toBe('store-unavailable')
    expect(await gate.resetAfterKeyLoss()).toMatchObject({ state: 'ready', storeKind: 'safeStorage' })
    expect(await sealedFiles(dataDir)).toEqual([])
    expect(await readStoreMarker(dataDir)).toMatchObject({ store: 'safeStorage' })
  })

  it('refuses the reset while an item that was sent once waits in the outbox, and deletes nothing', async () => {
    for (const breakIt of ['timeout', 'wipe'] as const) {
      const { dataDir, keychain } = await usedInstallation()
      await writeFile(join(dataDir, 'state', OUTBOX_HINT_FILE), JSON.stringify({ sentOnce: 1 }))
      const before = await sealedFiles(dataDir)
      if (breakIt === 'timeout') keychain.control.answering = false
      else keychain.entries.clear()
      const gate = await gateOn(dataDir, keychain)
      const error = await expectAppError(gate.resetAfterKeyLoss(), 'RESET_BLOCKED_UNSETTLED')
      expect(error.details).toMatchObject({ sentOnce: 1 })
      expect(await sealedFiles(dataDir)).toEqual(before)
      expect(gate.status().state).toBe(breakIt === 'timeout' ? 'store-unavailable' : 'key-missing')
    }
  })

  it('refuses the reset when the outbox hint cannot be read: unknown counts as maybe', async () => {
    const { dataDir, keychain } = await usedInstallation()
    await writeFile(join(dataDir, 'state', OUTBOX_HINT_FILE), '{"sentOnce":')
    keychain.entries.clear()
    const gate = await gateOn(dataDir, keychain)
    const error = await expectAppError(gate.resetAfterKeyLoss(), 'RESET_BLOCKED_UNSETTLED')
    expect(error.details).toMatchObject({ sentOnce: null })
    expect(await sealedFiles(dataDir)).not.toEqual([])
  })

  it('a safeStorage that is unavailable on one start is not replaced by a new passphrase', async () => {
    const dataDir = await tempDir()
    const keychain = flakyKeychain()
    keychain.control.loadFails = 1
    const encryptor = fakeSafeStorage()
    const first = await gateOn(dataDir, keychain, { safeStorage: encryptor })
    expect(first.status()).toMatchObject({ state: 'ready', storeKind: 'safeStorage' })
    await first.open().docStore.write('payees', { payee: '李娜', amountFen: 1 })
    expect(await readStoreMarker(dataDir)).toMatchObject({ store: 'safeStorage' })

    const degraded = await gateOn(dataDir, keychain, { safeStorage: { ...encryptor, getSelectedStorageBackend: () => 'basic_text' } })
    expect(degraded.status()).toMatchObject({ state: 'store-unavailable', unavailable: { store: 'safeStorage', reason: 'not-secure' } })
    expect(await readdir(dataDir)).not.toContain(SECRET_FILES.passphrase)

    const again = await gateOn(dataDir, keychain, { safeStorage: encryptor })
    expect(await again.open().docStore.read('payees', Doc)).toEqual({ payee: '李娜', amountFen: 1 })
  })
})

describe('outbox hint: which items were sent once, readable without the key', () => {
  it('is written as the outbox changes, holds no amounts, and blocks the reset after the key is lost', async () => {
    const dataDir = await tempDir()
    const files = { save: async () => ({ kind: 'cancelled' as const }) }
    const base = { shell: 'harness' as const, version: 'test', platform: process.platform, dataDir, bankUrl: 'http://127.0.0.1:9', files }
    const core = await createWalletCore({ ...base, vault: { secrets: createMemorySecretStore() } })
    const { outbox } = await core.services()
    const hint = async () => JSON.parse(await readFile(join(dataDir, 'state', OUTBOX_HINT_FILE), 'utf8')) as unknown
    const hintBecomes = (expected: unknown) => vi.waitFor(async () => expect(await hint()).toEqual(expected))

    const never = await outbox.enqueue('transfer.wallet', { phone: '13900139000', amountFen: 98_765 })
    await hintBecomes({ sentOnce: 0 })
    await outbox.enqueue('transfer.wallet', { phone: '13900139000', amountFen: 98_765 }, { idempotencyKey: 'k-1', attempted: true })
    await hintBecomes({ sentOnce: 1 })
    const text = await readFile(join(dataDir, 'state', OUTBOX_HINT_FILE), 'utf8')
    expect(text).not.toContain('98765')
    expect(text).not.toContain('13900139000')
    expect(text).not.toContain('k-1')
    await outbox.cancel(never.id)
    await hintBecomes({ sentOnce: 1 })
    await core.dispose()

    // The key is gone (another OS user, a wiped keychain): the sent-once item must not be thrown away.
    const again = await createWalletCore({ ...base, vault: { secrets: createMemorySecretStore() } })
    expect(again.vault.status().state).toBe('key-missing')
    const refused = await again.router.call('vault.resetAfterKeyLoss', { confirm: true }, { transport: 'test' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'RESET_BLOCKED_UNSETTLED' } })
    expect(await sealedFiles(dataDir)).toContain('outbox.sealed')
    await again.dispose()
  })
})
