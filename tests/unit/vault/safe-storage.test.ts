import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { assessSafeStorage, openSafeStorageSecretStore, safeStorageLabel } from '../../../src/main/platform/vault/safe-storage'
import { selectSecretStore, SECRET_FILES } from '../../../src/main/platform/vault/select'
import { expectAppError, fakeSafeStorage, FAST_SCRYPT, useTempDir } from './helpers'

const tempDir = useTempDir()
const noKeytar = async () => {
  throw new Error('Cannot find module keytar.node')
}

describe('assessSafeStorage', () => {
  it('accepts real Linux keyrings', async () => {
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) {
      expect(await assessSafeStorage(fakeSafeStorage({ backend }), 'linux')).toEqual({ usable: true, backend })
    }
  })

  it('refuses basic_text even though encryption reports itself available', async () => {
    const encryptor = fakeSafeStorage({ backend: 'basic_text', available: true })
    expect(await assessSafeStorage(encryptor, 'linux')).toEqual({ usable: false, backend: 'basic_text', reason: 'basic_text' })
  })

  it('refuses an unknown backend (called before app ready) and a build without getSelectedStorageBackend', async () => {
    expect(await assessSafeStorage(fakeSafeStorage({ backend: 'unknown' }), 'linux')).toMatchObject({
      usable: false,
      reason: 'unknown_backend',
    })
    const old = fakeSafeStorage()
    delete old.getSelectedStorageBackend
    expect(await assessSafeStorage(old, 'linux')).toMatchObject({ usable: false, reason: 'unknown_backend' })
  })

  it('refuses when encryption is unavailable, and prefers the async availability check', async () => {
    const encryptor = fakeSafeStorage({ available: false })
    expect(await assessSafeStorage(encryptor, 'win32')).toMatchObject({ usable: false, reason: 'unavailable' })
    expect(encryptor.calls).toEqual(['isAsyncEncryptionAvailable'])
    const syncOnly = fakeSafeStorage({ available: false, asyncApi: false })
    expect(await assessSafeStorage(syncOnly, 'darwin')).toMatchObject({ usable: false, reason: 'unavailable' })
  })

  it('trusts macOS and Windows without a backend name', async () => {
    expect(await assessSafeStorage(fakeSafeStorage({ backend: 'basic_text' }), 'darwin')).toEqual({
      usable: true,
      backend: 'darwin',
    })
    expect(await assessSafeStorage(fakeSafeStorage(), 'win32')).toEqual({ usable: true, backend: 'win32' })
  })

  it('labels each platform', () => {
    expect(safeStorageLabel('linux', 'gnome_libsecret')).toBe('Electron safeStorage (libsecret)')
    expect(safeStorageLabel('linux', 'kwallet6')).toBe('Electron safeStorage (KWallet)')
    expect(safeStorageLabel('darwin', 'darwin')).toBe('Electron safeStorage (macOS 钥匙串)')
    expect(safeStorageLabel('win32', 'win32')).toBe('Electron safeStorage (Windows DPAPI)')
  })
})

describe('safeStorage secret store', () => {
  it('persists ciphertexts only, and a new instance reads them back', async () => {
    const file = join(await tempDir(), SECRET_FILES.safeStorage)
    const encryptor = fakeSafeStorage()
    const first = await openSafeStorageSecretStore({ encryptor, file, platform: 'linux' })
    await first.set('session-token', 'tok-SECRET-令牌')
    const onDisk = await readFile(file, 'utf8')
    expect(onDisk).not.toContain('SECRET')
    expect(onDisk).not.toContain('令牌')
    expect(JSON.parse(onDisk)).toMatchObject({ format: 'icbc-wallet-secrets-safestorage', version: 1 })

    const second = await openSafeStorageSecretStore({ encryptor, file, platform: 'linux' })
    expect(await second.get('session-token')).toBe('tok-SECRET-令牌')
    expect(second.describe()).toEqual({ kind: 'safeStorage', label: 'Electron safeStorage (libsecret)' })
  })

  it('uses the async API when the Electron version has it', async () => {
    const encryptor = fakeSafeStorage({ asyncApi: true })
    const store = await openSafeStorageSecretStore({ encryptor, file: join(await tempDir(), 's.json'), platform: 'linux' })
    await store.set('a', 'value')
    expect(await store.get('a')).toBe('value')
    expect(encryptor.calls).toEqual(['encryptStringAsync', 'decryptStringAsync'])
  })

  it('falls back to the sync API on older Electron versions', async () => {
    const encryptor = fakeSafeStorage({ asyncApi: false })
    const store = await openSafeStorageSecretStore({ encryptor, file: join(await tempDir(), 's.json'), platform: 'win32' })
    await store.set('a', 'value')
    expect(await store.get('a')).toBe('value')
    expect(encryptor.calls).toEqual(['encryptString', 'decryptString'])
  })

  it('re-encrypts when the OS asks for it after a key rotation', async () => {
    const file = join(await tempDir(), 's.json')
    const encryptor = fakeSafeStorage()
    const store = await openSafeStorageSecretStore({ encryptor, file, platform: 'linux' })
    await store.set('a', 'value')
    const before = await readFile(file, 'utf8')
    encryptor.rotateOnNextDecrypt = true
    expect(await store.get('a')).toBe('value')
    expect(await readFile(file, 'utf8')).not.toBe(before)
    expect(await store.get('a')).toBe('value')
  })

  it('reports KEYRING_UNAVAILABLE, not a wrong value, when the OS key no longer decrypts', async () => {
    const file = join(await tempDir(), 's.json')
    await (await openSafeStorageSecretStore({ encryptor: fakeSafeStorage(), file, platform: 'linux' })).set('a', 'value')
    const otherKeyring = await openSafeStorageSecretStore({ encryptor: fakeSafeStorage(), file, platform: 'linux' })
    const error = await expectAppError(otherKeyring.get('a'), 'KEYRING_UNAVAILABLE')
    expect(error.message).not.toContain('value"')
    // The entry can still be deleted, which is the way out (sign in again).
    expect(await otherKeyring.delete('a')).toBe(true)
  })

  it('reports a damaged file as STORE_CORRUPT', async () => {
    const file = join(await tempDir(), 's.json')
    await writeFile(file, '{"format":"icbc-wallet-secrets-safestorage","version":1,"entries":')
    await expectAppError(openSafeStorageSecretStore({ encryptor: fakeSafeStorage(), file, platform: 'linux' }), 'STORE_CORRUPT')
  })

  it('keeps every entry when sets run concurrently', async () => {
    const file = join(await tempDir(), 's.json')
    const encryptor = fakeSafeStorage()
    const store = await openSafeStorageSecretStore({ encryptor, file, platform: 'linux' })
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `v${i}`)))
    const reopened = await openSafeStorageSecretStore({ encryptor, file, platform: 'linux' })
    for (let i = 0; i < 20; i++) expect(await reopened.get(`k${i}`)).toBe(`v${i}`)
  })
})

describe('basic_text takes the passphrase path', () => {
  it('does not use safeStorage on Linux with basic_text and asks for a master passphrase', async () => {
    const dataDir = await tempDir()
    const encryptor = fakeSafeStorage({ backend: 'basic_text' })
    const selection = await selectSecretStore({
      platform: 'linux',
      dataDir,
      loadKeytar: noKeytar,
      safeStorage: encryptor,
      scrypt: FAST_SCRYPT,
    })
    expect(selection.status).toBe('passphrase-required')
    if (selection.status !== 'passphrase-required') return
    expect(selection.reason).toBe('no-os-keyring')
    expect(selection.isNew).toBe(true)
    expect(selection.attempts.find((a) => a.backend === 'safeStorage')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('basic_text'),
    })
    expect(encryptor.calls.filter((c) => c.startsWith('encrypt'))).toEqual([])

    const store = await selection.open('a long master passphrase')
    expect(store.describe()).toEqual({ kind: 'passphrase', label: '主密码保护（未检测到系统密钥环）' })
  })
})
