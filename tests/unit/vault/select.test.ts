import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { KeytarLike } from '../../../src/main/vault/keytar-store'
import { openPassphraseSecretStore } from '../../../src/main/vault/passphrase-store'
import { openSafeStorageSecretStore } from '../../../src/main/vault/safe-storage'
import { selectSecretStore, SECRET_FILES } from '../../../src/main/vault/select'
import { expectAppError, fakeSafeStorage, FAST_SCRYPT, useTempDir } from './helpers'

const tempDir = useTempDir()

function fakeKeytar(getPassword: KeytarLike['getPassword'] = async () => null): KeytarLike & { entries: Map<string, string> } {
  const entries = new Map<string, string>()
  return {
    entries,
    getPassword,
    setPassword: async (service, account, password) => {
      entries.set(`${service}/${account}`, password)
    },
    deletePassword: async (service, account) => entries.delete(`${service}/${account}`),
  }
}
const loaderOf = (keytar: KeytarLike) => async () => keytar
const brokenLoader = async (): Promise<KeytarLike> => {
  throw new Error('The module keytar.node was compiled against a different Node.js version')
}

describe('selectSecretStore', () => {
  it('uses the keychain when keytar loads and answers', async () => {
    const selection = await selectSecretStore({
      platform: 'linux',
      dataDir: await tempDir(),
      loadKeytar: loaderOf(fakeKeytar()),
      safeStorage: fakeSafeStorage(),
    })
    expect(selection).toMatchObject({ status: 'ready', reason: 'keychain', attempts: [{ backend: 'keytar', ok: true }] })
    if (selection.status !== 'ready') return
    expect(selection.store.describe()).toEqual({ kind: 'keychain', label: '系统钥匙串 (libsecret)' })
  })

  it('labels the keychain per platform', async () => {
    const labels: Record<string, string> = {
      darwin: '系统钥匙串 (macOS 钥匙串)',
      win32: '系统钥匙串 (Windows 凭据管理器)',
      linux: '系统钥匙串 (libsecret)',
    }
    for (const [platform, label] of Object.entries(labels)) {
      const selection = await selectSecretStore({
        platform: platform as NodeJS.Platform,
        dataDir: await tempDir(),
        loadKeytar: loaderOf(fakeKeytar()),
      })
      expect(selection.status === 'ready' && selection.store.describe().label).toBe(label)
    }
  })

  it('falls back to safeStorage when keytar fails to load', async () => {
    const selection = await selectSecretStore({
      platform: 'linux',
      dataDir: await tempDir(),
      loadKeytar: brokenLoader,
      safeStorage: fakeSafeStorage(),
    })
    expect(selection).toMatchObject({
      status: 'ready',
      reason: 'safe-storage-fallback',
      attempts: [
        { backend: 'keytar', ok: false, detail: expect.stringContaining('different Node.js version') },
        { backend: 'safeStorage', ok: true },
      ],
    })
    expect(selection.status === 'ready' && selection.store.describe().kind).toBe('safeStorage')
  })

  it('falls back to safeStorage when the keychain does not answer', async () => {
    const unreachable = fakeKeytar(async () => {
      throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')
    })
    const selection = await selectSecretStore({
      platform: 'linux',
      dataDir: await tempDir(),
      loadKeytar: loaderOf(unreachable),
      safeStorage: fakeSafeStorage(),
    })
    expect(selection).toMatchObject({ status: 'ready', reason: 'safe-storage-fallback' })
    expect(selection.attempts[0]?.detail).toContain('D-Bus')
  })

  it('gives up on a keychain that hangs after the probe timeout', async () => {
    const hanging = fakeKeytar(() => new Promise(() => {}))
    const started = Date.now()
    const selection = await selectSecretStore({
      platform: 'linux',
      dataDir: await tempDir(),
      loadKeytar: loaderOf(hanging),
      safeStorage: fakeSafeStorage(),
      probeTimeoutMs: 50,
    })
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(selection).toMatchObject({ status: 'ready', reason: 'safe-storage-fallback' })
    expect(selection.attempts[0]?.detail).toContain('no answer within 50 ms')
  })

  it('requires a passphrase when neither keytar nor safeStorage is usable (browser harness)', async () => {
    const selection = await selectSecretStore({
      platform: 'linux',
      dataDir: await tempDir(),
      loadKeytar: brokenLoader,
      scrypt: FAST_SCRYPT,
    })
    expect(selection).toMatchObject({
      status: 'passphrase-required',
      reason: 'no-os-keyring',
      isNew: true,
      attempts: [
        { backend: 'keytar', ok: false },
        { backend: 'safeStorage', ok: false, detail: expect.stringContaining('not provided') },
      ],
    })
  })

  it('requires a passphrase when safeStorage encryption is unavailable', async () => {
    const selection = await selectSecretStore({
      platform: 'win32',
      dataDir: await tempDir(),
      loadKeytar: brokenLoader,
      safeStorage: fakeSafeStorage({ available: false }),
    })
    expect(selection).toMatchObject({ status: 'passphrase-required', reason: 'no-os-keyring' })
  })

  it('stays with an existing passphrase file even when the keychain has become available', async () => {
    const dataDir = await tempDir()
    const store = await openPassphraseSecretStore({
      file: join(dataDir, SECRET_FILES.passphrase),
      passphrase: 'master passphrase',
      scrypt: FAST_SCRYPT,
    })
    await store.set('data-key', 'k')
    const keytar = fakeKeytar()
    const selection = await selectSecretStore({
      platform: 'linux',
      dataDir,
      loadKeytar: loaderOf(keytar),
      safeStorage: fakeSafeStorage(),
    })
    expect(selection).toMatchObject({ status: 'passphrase-required', reason: 'passphrase-existing', isNew: false })
    if (selection.status !== 'passphrase-required') return
    await expectAppError(selection.open('wrong passphrase'), 'WRONG_PASSWORD')
    expect(await (await selection.open('master passphrase')).get('data-key')).toBe('k')
  })

  it('stays with an existing safeStorage file even when the keychain has become available', async () => {
    const dataDir = await tempDir()
    const encryptor = fakeSafeStorage()
    await (
      await openSafeStorageSecretStore({ encryptor, file: join(dataDir, SECRET_FILES.safeStorage), platform: 'linux' })
    ).set('data-key', 'k')
    let keytarLoaded = false
    const selection = await selectSecretStore({
      platform: 'linux',
      dataDir,
      loadKeytar: async () => {
        keytarLoaded = true
        return fakeKeytar()
      },
      safeStorage: encryptor,
    })
    expect(selection).toMatchObject({ status: 'ready', reason: 'safe-storage-existing' })
    expect(keytarLoaded).toBe(false)
    expect(selection.status === 'ready' && (await selection.store.get('data-key'))).toBe('k')
  })

  it('ignores a safeStorage file when safeStorage has degraded to basic_text', async () => {
    const dataDir = await tempDir()
    await writeFile(join(dataDir, SECRET_FILES.safeStorage), '{}')
    const selection = await selectSecretStore({
      platform: 'linux',
      dataDir,
      loadKeytar: brokenLoader,
      safeStorage: fakeSafeStorage({ backend: 'basic_text' }),
    })
    expect(selection).toMatchObject({ status: 'passphrase-required', reason: 'no-os-keyring' })
  })
})
