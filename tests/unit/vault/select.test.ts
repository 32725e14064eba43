import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { KeytarLike } from '../../../src/main/platform/vault/keytar-store'
import { openPassphraseSecretStore } from '../../../src/main/platform/vault/passphrase-store'
import { openSafeStorageSecretStore } from '../../../src/main/platform/vault/safe-storage'
import { createSealedStore } from '../../../src/main/platform/vault/sealed-store'
import { selectSecretStore, SECRET_FILES } from '../../../src/main/platform/vault/select'
import { readStoreMarker, STORE_MARKER_FILE, writeStoreMarker } from '../../../src/main/platform/vault/store-marker'
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

/** Some sealed state, as an installation that has been used leaves behind. */
async function sealSomething(dataDir: string): Promise<void> {
  await createSealedStore({ dir: join(dataDir, 'state'), dataKey: randomBytes(32) }).write('settings', { language: 'zh-CN' })
}

describe('selectSecretStore with a recorded store', () => {
  it('does not fall through to safeStorage when the recorded keychain fails to load', async () => {
    const dataDir = await tempDir()
    await sealSomething(dataDir)
    await writeStoreMarker(dataDir, 'keytar', 1)
    const encryptor = fakeSafeStorage()
    const selection = await selectSecretStore({ platform: 'linux', dataDir, loadKeytar: brokenLoader, safeStorage: encryptor })
    expect(selection).toMatchObject({
      status: 'store-unavailable',
      store: 'keytar',
      reason: 'load-failed',
      attempts: [{ backend: 'keytar', ok: false, detail: expect.stringContaining('different Node.js version') }],
    })
    expect(encryptor.calls.filter((c) => c.startsWith('encrypt'))).toEqual([])
    expect(await readStoreMarker(dataDir)).toEqual({ store: 'keytar', since: 1 })
  })

  it('reports a timeout of the recorded keychain instead of choosing another store', async () => {
    const dataDir = await tempDir()
    await sealSomething(dataDir)
    await writeStoreMarker(dataDir, 'keytar', 1)
    const selection = await selectSecretStore({
      platform: 'linux',
      dataDir,
      loadKeytar: loaderOf(fakeKeytar(() => new Promise(() => {}))),
      safeStorage: fakeSafeStorage(),
      probeTimeoutMs: 50,
    })
    expect(selection).toMatchObject({ status: 'store-unavailable', store: 'keytar', reason: 'timeout' })
  })

  it('reports a keychain that answers with an error as unavailable, not as another store', async () => {
    const dataDir = await tempDir()
    await sealSomething(dataDir)
    await writeStoreMarker(dataDir, 'keytar', 1)
    const selection = await selectSecretStore({
      platform: 'linux',
      dataDir,
      loadKeytar: loaderOf(
        fakeKeytar(async () => {
          throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')
        }),
      ),
      scrypt: FAST_SCRYPT,
    })
    expect(selection).toMatchObject({ status: 'store-unavailable', store: 'keytar', reason: 'error' })
  })

  it('does not fall through to keytar or a passphrase when the recorded safeStorage is unavailable', async () => {
    const dataDir = await tempDir()
    await sealSomething(dataDir)
    await writeStoreMarker(dataDir, 'safeStorage', 1)
    let keytarLoaded = false
    const loadKeytar = async () => {
      keytarLoaded = true
      return fakeKeytar()
    }
    for (const [safeStorage, reason] of [
      [fakeSafeStorage({ available: false }), 'unavailable'],
      [fakeSafeStorage({ backend: 'basic_text' }), 'not-secure'],
      [undefined, 'unavailable'],
    ] as const) {
      const selection = await selectSecretStore({ platform: 'linux', dataDir, loadKeytar, safeStorage, scrypt: FAST_SCRYPT })
      expect(selection).toMatchObject({ status: 'store-unavailable', store: 'safeStorage', reason })
    }
    expect(keytarLoaded).toBe(false)
  })

  it('keeps the recorded keychain even when a safeStorage file exists', async () => {
    const dataDir = await tempDir()
    await sealSomething(dataDir)
    await writeFile(join(dataDir, SECRET_FILES.safeStorage), '{}')
    await writeStoreMarker(dataDir, 'keytar', 1)
    const selection = await selectSecretStore({
      platform: 'linux',
      dataDir,
      loadKeytar: loaderOf(fakeKeytar()),
      safeStorage: fakeSafeStorage(),
    })
    expect(selection).toMatchObject({ status: 'ready', reason: 'recorded' })
    expect(selection.status === 'ready' && selection.store.describe().kind).toBe('keychain')
  })

  it('keeps asking for the recorded passphrase even when the keychain answers', async () => {
    const dataDir = await tempDir()
    await sealSomething(dataDir)
    await writeStoreMarker(dataDir, 'passphrase', 1)
    const selection = await selectSecretStore({
      platform: 'linux',
      dataDir,
      loadKeytar: loaderOf(fakeKeytar()),
      safeStorage: fakeSafeStorage(),
      scrypt: FAST_SCRYPT,
    })
    expect(selection).toMatchObject({ status: 'passphrase-required', reason: 'passphrase-existing' })
  })

  it('infers the store of an installation from before the record, once, and writes it down', async () => {
    const cases = [
      { file: SECRET_FILES.safeStorage, store: 'safeStorage' },
      { file: SECRET_FILES.passphrase, store: 'passphrase' },
      { file: undefined, store: 'keytar' },
    ] as const
    for (const { file, store } of cases) {
      const dataDir = await tempDir()
      await sealSomething(dataDir)
      if (file) await writeFile(join(dataDir, file), '{}')
      // keytar fails on this very start: an old installation must not be moved to another store either.
      const selection = await selectSecretStore({
        platform: 'linux',
        dataDir,
        loadKeytar: brokenLoader,
        safeStorage: fakeSafeStorage({ available: false }),
        now: () => 1_700_000_000_000,
        scrypt: FAST_SCRYPT,
      })
      if (store === 'passphrase') expect(selection).toMatchObject({ status: 'passphrase-required', reason: 'passphrase-existing' })
      else expect(selection).toMatchObject({ status: 'store-unavailable', store })
      expect(await readStoreMarker(dataDir), store).toEqual({ store, since: 1_700_000_000_000 })
      // The record holds no secret: just the store's name and a time.
      expect(Object.keys(JSON.parse(await readFile(join(dataDir, STORE_MARKER_FILE), 'utf8'))).sort()).toEqual(['since', 'store'])
    }
  })

  it('infers nothing for a new installation: the first start may still pick the best store that answers', async () => {
    const dataDir = await tempDir()
    const selection = await selectSecretStore({ platform: 'linux', dataDir, loadKeytar: brokenLoader, safeStorage: fakeSafeStorage() })
    expect(selection).toMatchObject({ status: 'ready', reason: 'safe-storage-fallback' })
    expect(await readStoreMarker(dataDir)).toBeUndefined()
  })
})
