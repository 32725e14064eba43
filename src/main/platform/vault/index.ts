export { pathExists, removeStaleTempFiles, syncDir, writeFileAtomic, type AtomicWriteOptions } from '../../base/atomic-file'
export { STRONG_SCRYPT, type ScryptParams } from './crypto'
export { loadOrCreateDataKey, type DataKeyOptions } from './data-key'
export {
  createKeytarSecretStore,
  keychainLabel,
  loadKeytar,
  probeKeytar,
  type KeytarLike,
  type KeytarStoreOptions,
} from './keytar-store'
export {
  MIN_PASSPHRASE_LENGTH,
  openPassphraseSecretStore,
  PASSPHRASE_LABEL,
  type PassphraseSecretStore,
  type PassphraseStoreOptions,
} from './passphrase-store'
export {
  assessSafeStorage,
  openSafeStorageSecretStore,
  safeStorageLabel,
  type SafeStorageAssessment,
  type SafeStorageLike,
  type SafeStorageStoreOptions,
} from './safe-storage'
export {
  createSealedStore,
  discardSealedData,
  hasSealedData,
  type CorruptEvent,
  type CorruptReason,
  type Generation,
  type SealedStoreOptions,
} from './sealed-store'
export {
  assertSecretValue,
  createMemorySecretStore,
  generationAccount,
  SECRET_ACCOUNTS,
  SECRET_SERVICE,
  type SecretStore,
  type SecretStoreInfo,
  type SecretStoreKind,
} from './secret-store'
export {
  selectSecretStore,
  UNAVAILABLE_REASONS,
  type BackendAttempt,
  type SecretStoreSelection,
  type SelectionReason,
  type SelectSecretStoreOptions,
  type UnavailableReason,
} from './select'
export {
  readStoreMarker,
  removeStoreMarker,
  SECRET_FILES,
  STORE_MARKER_FILE,
  STORE_NAMES,
  writeStoreMarker,
  type StoreMarker,
  type StoreName,
} from './store-marker'
export {
  createUnlockService,
  DEFAULT_IDLE_MS,
  UNLOCK_BACKOFF,
  UNLOCK_DOC,
  type LockReason,
  type UnlockService,
  type UnlockServiceOptions,
  type UnlockState,
} from './unlock'
