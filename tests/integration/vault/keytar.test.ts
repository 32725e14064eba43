import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { namespacedSecrets, openVaultGate } from '../../../src/main/core/vault-gate'
import { UNLOCK_DOC } from '../../../src/main/platform/vault/unlock'
import { loadOrCreateDataKey } from '../../../src/main/platform/vault/data-key'
import {
  createKeytarSecretStore,
  loadKeytar,
  messageOf,
  probeKeytar,
  type KeytarLike,
} from '../../../src/main/platform/vault/keytar-store'
import { generationAccount, SECRET_ACCOUNTS, SECRET_SERVICE } from '../../../src/main/platform/vault/secret-store'
import { selectSecretStore } from '../../../src/main/platform/vault/select'
import { secretStoreContract } from '../../unit/vault/secret-store-contract'
import { expectAppError, useTempDir } from '../../unit/vault/helpers'

/*
 * The keytar adapter against the real OS keychain (on Linux the Secret Service, which CI provides with
 * gnome-keyring). Locally:
 *   dbus-run-session -- bash -c 'echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run tests/integration/vault'
 * In CI a missing keyring is a failure, not a skip: the adapter must have been exercised for real.
 */
const inCI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0'
const PREFIX = `vitest-${process.pid}-${Date.now()}-`

async function reachKeyring(): Promise<{ ok: true; keytar: KeytarLike } | { ok: false; reason: string }> {
  try {
    const keytar = await loadKeytar()
    await probeKeytar(keytar, 5_000)
    return { ok: true, keytar }
  } catch (error) {
    return { ok: false, reason: messageOf(error) }
  }
}

const keyring = await reachKeyring()
const tempDir = useTempDir()

describe('keytar adapter: keyring', () => {
  it('reaches the OS keychain', (ctx) => {
    if (keyring.ok) return
    if (inCI) expect.fail(`CI must provide a reachable Secret Service, but keytar says: ${keyring.reason}`)
    ctx.skip(
      `no OS keychain reachable here (${keyring.reason}); run under dbus-run-session with gnome-keyring, see the comment above`,
    )
  })
})

if (keyring.ok) {
  const { keytar } = keyring
  const open = async () => createKeytarSecretStore(keytar, { platform: process.platform })

  secretStoreContract('keychain', open, PREFIX)

  describe('keytar adapter against the real keychain', () => {
    it(`files entries under the service "${SECRET_SERVICE}"`, async () => {
      const store = await open()
      const account = `${PREFIX}service-check`
      try {
        await store.set(account, '值-value')
        expect(await keytar.getPassword(SECRET_SERVICE, account)).toBe('值-value')
        expect(await keytar.getPassword('some-other-service', account)).toBeNull()
      } finally {
        await store.delete(account)
      }
    })

    it('labels itself for 设置 → 安全', async () => {
      const labels: Partial<Record<NodeJS.Platform, string>> = {
        linux: '系统钥匙串 (libsecret)',
        darwin: '系统钥匙串 (macOS 钥匙串)',
        win32: '系统钥匙串 (Windows 凭据管理器)',
      }
      expect((await open()).describe()).toEqual({ kind: 'keychain', label: labels[process.platform] ?? '系统钥匙串 (libsecret)' })
    })

    it('keeps the data key, and reports KEY_MISSING once it is wiped while data exists', async () => {
      const store = await open()
      const account = `${PREFIX}data-key`
      try {
        const key = await loadOrCreateDataKey(store, { hasExistingData: false, account })
        expect((await loadOrCreateDataKey(store, { hasExistingData: true, account })).equals(key)).toBe(true)
        await keytar.deletePassword(SECRET_SERVICE, account)
        const error = await expectAppError(loadOrCreateDataKey(store, { hasExistingData: true, account }), 'KEY_MISSING')
        expect(error.details).toMatchObject({ backend: 'keychain', remedy: 'sign-in-again-or-restore-backup' })
        expect(await store.get(account)).toBeUndefined()
      } finally {
        await store.delete(account)
      }
    })

    it('keeps the generation counters of the sealed store: an older unlock document put back is refused', async () => {
      const dataDir = await tempDir()
      const gate = () => openVaultGate({ dataDir, platform: process.platform, clock: { now: () => Date.now() } })
      const named = namespacedSecrets(await open(), dataDir)
      try {
        const first = await gate()
        expect(first.status().state).toBe('ready')
        const unlockFile = join(dataDir, 'state', `${UNLOCK_DOC}.sealed`)
        await first.open().docStore.write(UNLOCK_DOC, { verifier: null, failures: 0, retryAt: null })
        await copyFile(unlockFile, `${unlockFile}.copy`)
        await first.open().docStore.write(UNLOCK_DOC, { verifier: null, failures: 5, retryAt: null })
        expect(await named.get(generationAccount(UNLOCK_DOC))).toBe('2')

        await copyFile(`${unlockFile}.copy`, unlockFile)
        expect(await (await gate()).open().docStore.read(UNLOCK_DOC, z.unknown())).toBeUndefined()
      } finally {
        for (const account of [SECRET_ACCOUNTS.dataKey, generationAccount(UNLOCK_DOC)]) await named.delete(account)
      }
    })

    it('is what selectSecretStore picks when the keychain answers', async () => {
      const selection = await selectSecretStore({ platform: process.platform, dataDir: await tempDir() })
      expect(selection).toMatchObject({ status: 'ready', reason: 'keychain' })
    })
  })
} else {
  describe('keytar adapter without a keychain', () => {
    it('reports KEYRING_UNAVAILABLE rather than crashing or hanging', async () => {
      await expectAppError(
        loadKeytar().then((k) => probeKeytar(k, 5_000)),
        'KEYRING_UNAVAILABLE',
      )
    })
  })
}
