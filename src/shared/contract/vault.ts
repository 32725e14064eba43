import { z } from 'zod'
import { channel } from './define'
import { Secret } from './text'

/**
 * The secret store that holds the data key but gave no answer on this start, and why (see
 * src/main/platform/vault/select.ts UNAVAILABLE_REASONS).
 */
export const StoreUnavailable = z.object({
  store: z.enum(['keytar', 'safeStorage', 'passphrase']),
  reason: z.enum(['timeout', 'load-failed', 'error', 'unavailable', 'not-secure']),
})
export type StoreUnavailable = z.infer<typeof StoreUnavailable>

export const VaultStatus = z.object({
  /**
   * ready: secrets and sealed state are open.
   * passphrase-required: no OS keyring; the user sets (isNew) or enters the master passphrase.
   * store-unavailable: the store that holds the data key did not answer on this start (slow or
   *   locked keychain, keytar not loaded); the key is presumed safe there: retry, no data is lost.
   * key-missing: the store answered but the data key is not in it (keychain wiped, new OS user).
   */
  state: z.enum(['ready', 'passphrase-required', 'store-unavailable', 'key-missing']),
  isNew: z.boolean(),
  /** Where keys are kept, for 设置 → 安全, e.g. '系统钥匙串 (libsecret)'. */
  storeLabel: z.string(),
  storeKind: z.enum(['keychain', 'safeStorage', 'passphrase', 'memory', 'dev-file', 'none']),
  /** Set in state store-unavailable. */
  unavailable: StoreUnavailable.optional(),
})
export type VaultStatus = z.infer<typeof VaultStatus>

export const vaultChannels = {
  'vault.status': channel(z.void(), VaultStatus),
  'vault.openWithPassphrase': channel(z.object({ passphrase: Secret(256).min(1) }), VaultStatus),
  /** After store-unavailable or KEY_MISSING: ask the secret store again, without restarting the app. */
  'vault.retry': channel(z.void(), VaultStatus),
  /**
   * After store-unavailable or KEY_MISSING: discard the unreadable local state and start clean (then
   * sign in again or restore). Refused with RESET_BLOCKED_UNSETTLED while a payment sent once waits.
   */
  'vault.resetAfterKeyLoss': channel(z.object({ confirm: z.literal(true) }), VaultStatus),
}

export const vaultEvents = {
  /**
   * A generation of a sealed document could not be used: damaged (format, auth, json, schema; the
   * previous generation is used when it is good), or an older copy put back (rollback: refused, the
   * document counts as absent; src/main/platform/vault/sealed-store.ts).
   */
  'vault.corrupt': z.object({
    name: z.string(),
    generation: z.enum(['current', 'previous']),
    reason: z.enum(['format', 'auth', 'json', 'schema', 'rollback']).optional(),
  }),
}
