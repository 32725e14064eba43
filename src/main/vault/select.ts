import { join } from 'node:path'
import { pathExists } from './atomic-file'
import type { ScryptParams } from './crypto'
import { createKeytarSecretStore, loadKeytar, messageOf, probeKeytar, type KeytarLike } from './keytar-store'
import { openPassphraseSecretStore, type PassphraseSecretStore } from './passphrase-store'
import { assessSafeStorage, openSafeStorageSecretStore, type SafeStorageLike } from './safe-storage'
import type { SecretStore } from './secret-store'

/** File names (inside the data folder) of the two file-backed secret stores. */
export const SECRET_FILES = {
  safeStorage: 'secrets.safestorage.json',
  passphrase: 'secrets.passphrase.json',
} as const

export interface SelectSecretStoreOptions {
  platform: NodeJS.Platform
  dataDir: string
  /** Defaults to loading the real keytar; tests inject a fake or a failing loader. */
  loadKeytar?: () => Promise<KeytarLike>
  /** Electron's `safeStorage` (after app 'ready'); absent outside Electron, e.g. in the browser harness. */
  safeStorage?: SafeStorageLike
  /** How long the keychain may take to answer the probe. Default 5 s. */
  probeTimeoutMs?: number
  /** KDF parameters for a new passphrase file. */
  scrypt?: ScryptParams
}

export type SelectionReason =
  /** keytar loaded and the OS keychain answered. */
  | 'keychain'
  /** keytar failed; safeStorage is backed by a real OS keyring. */
  | 'safe-storage-fallback'
  /** Secrets already live in the safeStorage file; staying there keeps the data key reachable. */
  | 'safe-storage-existing'
  /** Secrets already live in the passphrase file; staying there keeps the data key reachable. */
  | 'passphrase-existing'
  /** Neither keytar nor a secure safeStorage backend: the user must set or enter a master passphrase. */
  | 'no-os-keyring'

export interface BackendAttempt {
  backend: 'keytar' | 'safeStorage'
  ok: boolean
  /** Developer-facing, for the log; never contains a secret. */
  detail: string
}

export type SecretStoreSelection =
  | { status: 'ready'; store: SecretStore; reason: SelectionReason; attempts: BackendAttempt[] }
  | {
      status: 'passphrase-required'
      reason: 'passphrase-existing' | 'no-os-keyring'
      attempts: BackendAttempt[]
      /** True when no passphrase file exists yet: the UI asks for a new passphrase (twice) instead of the existing one. */
      isNew: boolean
      /** Opens (or creates) the passphrase store; throws WRONG_PASSWORD for a wrong passphrase. */
      open(passphrase: string): Promise<PassphraseSecretStore>
    }

/**
 * Decides once, at start, where secrets live: keytar → Electron safeStorage (only with a real OS
 * keyring behind it) → a master passphrase. A backend that already holds this installation's secrets
 * is kept even if a "better" one has appeared since, because switching would strand the data key.
 */
export async function selectSecretStore(options: SelectSecretStoreOptions): Promise<SecretStoreSelection> {
  const { platform, dataDir, safeStorage } = options
  const attempts: BackendAttempt[] = []
  const safeStorageFile = join(dataDir, SECRET_FILES.safeStorage)
  const passphraseFile = join(dataDir, SECRET_FILES.passphrase)
  const passphraseRequired = (reason: 'passphrase-existing' | 'no-os-keyring', isNew: boolean): SecretStoreSelection => ({
    status: 'passphrase-required',
    reason,
    attempts,
    isNew,
    open: (passphrase) => openPassphraseSecretStore({ file: passphraseFile, passphrase, scrypt: options.scrypt }),
  })

  if (await pathExists(passphraseFile)) return passphraseRequired('passphrase-existing', false)

  const assessment = safeStorage ? await assessSafeStorage(safeStorage, platform) : undefined
  const openSafeStorage = (encryptor: SafeStorageLike) =>
    openSafeStorageSecretStore({ encryptor, file: safeStorageFile, platform })
  if (safeStorage && assessment?.usable && (await pathExists(safeStorageFile))) {
    attempts.push({ backend: 'safeStorage', ok: true, detail: `existing secrets file, backend ${assessment.backend}` })
    return { status: 'ready', store: await openSafeStorage(safeStorage), reason: 'safe-storage-existing', attempts }
  }

  try {
    const keytar = await (options.loadKeytar ?? loadKeytar)()
    await probeKeytar(keytar, options.probeTimeoutMs ?? 5_000)
    attempts.push({ backend: 'keytar', ok: true, detail: 'keychain reachable' })
    return { status: 'ready', store: createKeytarSecretStore(keytar, { platform }), reason: 'keychain', attempts }
  } catch (error) {
    attempts.push({ backend: 'keytar', ok: false, detail: messageOf(error) })
  }

  if (!safeStorage || !assessment) {
    attempts.push({ backend: 'safeStorage', ok: false, detail: 'not provided (not running in Electron)' })
  } else if (!assessment.usable) {
    const detail =
      assessment.reason === 'basic_text'
        ? 'backend basic_text: no OS keyring, encryption would use a hard-coded key'
        : assessment.reason === 'unknown_backend'
          ? `backend ${assessment.backend}: not a known OS keyring`
          : 'encryption not available'
    attempts.push({ backend: 'safeStorage', ok: false, detail })
  } else {
    attempts.push({ backend: 'safeStorage', ok: true, detail: `backend ${assessment.backend}` })
    return { status: 'ready', store: await openSafeStorage(safeStorage), reason: 'safe-storage-fallback', attempts }
  }

  return passphraseRequired('no-os-keyring', true)
}
