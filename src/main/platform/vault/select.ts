import { join } from 'node:path'
import { AppError } from '../../../shared/errors'
import { pathExists } from '../../base/atomic-file'
import type { ScryptParams } from './crypto'
import { createKeytarSecretStore, loadKeytar, messageOf, probeKeytar, type KeytarLike } from './keytar-store'
import { createPassphraseAttempts, PASSPHRASE_ATTEMPTS_FILE } from './passphrase-attempts'
import { openPassphraseSecretStore, type PassphraseSecretStore } from './passphrase-store'
import { assessSafeStorage, openSafeStorageSecretStore, type SafeStorageAssessment, type SafeStorageLike } from './safe-storage'
import type { SecretStore } from './secret-store'
import { resolveStoreMarker, SECRET_FILES, type StoreName } from './store-marker'

export { SECRET_FILES } from './store-marker'

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
  /** Time for the record of an inferred store (see store-marker.ts). Default Date.now. */
  now?: () => number
}

export type SelectionReason =
  /** keytar loaded and the OS keychain answered. */
  | 'keychain'
  /** keytar failed; safeStorage is backed by a real OS keyring. */
  | 'safe-storage-fallback'
  /** Secrets already live in the safeStorage file; staying there keeps the data key reachable. */
  | 'safe-storage-existing'
  /** Secrets already live in the passphrase file (or the record says so); staying there keeps the data key reachable. */
  | 'passphrase-existing'
  /** The record names the keychain or safeStorage and that store answered. */
  | 'recorded'
  /** Neither keytar nor a secure safeStorage backend: the user must set or enter a master passphrase. */
  | 'no-os-keyring'

export interface BackendAttempt {
  backend: 'keytar' | 'safeStorage'
  ok: boolean
  /** Developer-facing, for the log; never contains a secret. */
  detail: string
}

/**
 * Why the recorded store gave no answer on this start. timeout: the keychain did not answer in time
 * (locked, slow daemon); load-failed: keytar's native module did not load; error: the store answered
 * with an error; unavailable: safeStorage says encryption is unavailable (or this is not Electron);
 * not-secure: safeStorage has fallen back to a backend that is no OS keyring (Linux basic_text).
 */
export const UNAVAILABLE_REASONS = ['timeout', 'load-failed', 'error', 'unavailable', 'not-secure'] as const
export type UnavailableReason = (typeof UNAVAILABLE_REASONS)[number]

export type SecretStoreSelection =
  | { status: 'ready'; store: SecretStore; reason: SelectionReason; attempts: BackendAttempt[] }
  | {
      /** The record names a store that holds the data key, and it did not answer: never fall through to another. */
      status: 'store-unavailable'
      store: StoreName
      reason: UnavailableReason
      attempts: BackendAttempt[]
    }
  | {
      status: 'passphrase-required'
      reason: 'passphrase-existing' | 'no-os-keyring'
      attempts: BackendAttempt[]
      /** True when no passphrase file exists yet: the UI asks for a new passphrase (twice) instead of the existing one. */
      isNew: boolean
      /**
       * Opens (or creates) the passphrase store; throws WRONG_PASSWORD for a wrong passphrase and
       * UNLOCK_BACKOFF while too many wrong ones make it wait (passphrase-attempts.ts).
       */
      open(passphrase: string): Promise<PassphraseSecretStore>
    }

/**
 * Decides, at each start, where secrets live. Once a data key exists the store that holds it is
 * recorded (store-marker.ts) and selection stays with it: when it does not answer the result is
 * store-unavailable, never another store, because another store has no data key and would make the
 * data look lost. Only a new installation (nothing recorded, nothing sealed) chooses freely: keytar →
 * Electron safeStorage (only with a real OS keyring behind it) → a master passphrase.
 */
export async function selectSecretStore(options: SelectSecretStoreOptions): Promise<SecretStoreSelection> {
  const { platform, dataDir, safeStorage } = options
  const attempts: BackendAttempt[] = []
  const safeStorageFile = join(dataDir, SECRET_FILES.safeStorage)
  const passphraseFile = join(dataDir, SECRET_FILES.passphrase)
  // One per selection, so every attempt of this start queues behind the one before it.
  const guesses = createPassphraseAttempts({ file: join(dataDir, PASSPHRASE_ATTEMPTS_FILE), now: options.now ?? Date.now })
  const passphraseRequired = (reason: 'passphrase-existing' | 'no-os-keyring', isNew: boolean): SecretStoreSelection => ({
    status: 'passphrase-required',
    reason,
    attempts,
    isNew,
    open: (passphrase) => openPassphraseSecretStore({ file: passphraseFile, passphrase, scrypt: options.scrypt, attempts: guesses }),
  })
  const openSafeStorage = (encryptor: SafeStorageLike) =>
    openSafeStorageSecretStore({ encryptor, file: safeStorageFile, platform })

  /** keytar, loaded and probed; on failure the attempt is logged and the reason returned. */
  async function tryKeytar(): Promise<{ ok: true; store: SecretStore } | { ok: false; reason: UnavailableReason }> {
    let keytar: KeytarLike
    try {
      keytar = await (options.loadKeytar ?? loadKeytar)()
    } catch (error) {
      attempts.push({ backend: 'keytar', ok: false, detail: messageOf(error) })
      return { ok: false, reason: 'load-failed' }
    }
    try {
      await probeKeytar(keytar, options.probeTimeoutMs ?? 5_000)
    } catch (error) {
      attempts.push({ backend: 'keytar', ok: false, detail: messageOf(error) })
      const timedOut = error instanceof AppError && error.details?.timedOut === true
      return { ok: false, reason: timedOut ? 'timeout' : 'error' }
    }
    attempts.push({ backend: 'keytar', ok: true, detail: 'keychain reachable' })
    return { ok: true, store: createKeytarSecretStore(keytar, { platform }) }
  }

  let assessed: Promise<SafeStorageAssessment | undefined> | undefined
  const assess = () => (assessed ??= safeStorage ? assessSafeStorage(safeStorage, platform) : Promise.resolve(undefined))
  /** Logs why safeStorage cannot be used; true when it can. */
  function safeStorageUsable(assessment: SafeStorageAssessment | undefined): assessment is SafeStorageAssessment & { usable: true } {
    if (!assessment) attempts.push({ backend: 'safeStorage', ok: false, detail: 'not provided (not running in Electron)' })
    else if (!assessment.usable) attempts.push({ backend: 'safeStorage', ok: false, detail: refusal(assessment) })
    return assessment?.usable === true
  }

  const marker = await resolveStoreMarker(dataDir, options.now ?? Date.now)
  if (marker?.store === 'passphrase') return passphraseRequired('passphrase-existing', !(await pathExists(passphraseFile)))
  if (marker?.store === 'keytar') {
    const keytar = await tryKeytar()
    if (keytar.ok) return { status: 'ready', store: keytar.store, reason: 'recorded', attempts }
    return { status: 'store-unavailable', store: 'keytar', reason: keytar.reason, attempts }
  }
  if (marker?.store === 'safeStorage') {
    const assessment = await assess()
    if (!safeStorageUsable(assessment) || !safeStorage) {
      const reason = assessment && !assessment.usable && assessment.reason !== 'unavailable' ? 'not-secure' : 'unavailable'
      return { status: 'store-unavailable', store: 'safeStorage', reason, attempts }
    }
    attempts.push({ backend: 'safeStorage', ok: true, detail: `recorded, backend ${assessment.backend}` })
    return { status: 'ready', store: await openSafeStorage(safeStorage), reason: 'recorded', attempts }
  }

  // Nothing recorded and nothing sealed: no data key can be stranded, so the best store that answers wins.
  if (await pathExists(passphraseFile)) return passphraseRequired('passphrase-existing', false)

  const assessment = await assess()
  if (safeStorage && assessment?.usable && (await pathExists(safeStorageFile))) {
    attempts.push({ backend: 'safeStorage', ok: true, detail: `existing secrets file, backend ${assessment.backend}` })
    return { status: 'ready', store: await openSafeStorage(safeStorage), reason: 'safe-storage-existing', attempts }
  }

  const keytar = await tryKeytar()
  if (keytar.ok) return { status: 'ready', store: keytar.store, reason: 'keychain', attempts }

  if (safeStorageUsable(assessment) && safeStorage) {
    attempts.push({ backend: 'safeStorage', ok: true, detail: `backend ${assessment.backend}` })
    return { status: 'ready', store: await openSafeStorage(safeStorage), reason: 'safe-storage-fallback', attempts }
  }

  return passphraseRequired('no-os-keyring', true)
}

function refusal(assessment: Extract<SafeStorageAssessment, { usable: false }>): string {
  return assessment.reason === 'basic_text'
    ? 'backend basic_text: no OS keyring, encryption would use a hard-coded key'
    : assessment.reason === 'unknown_backend'
      ? `backend ${assessment.backend}: not a known OS keyring`
      : 'encryption not available'
}
