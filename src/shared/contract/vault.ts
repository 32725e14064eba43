import { z } from 'zod'
import { channel } from './define'

export const VaultStatus = z.object({
  /**
   * ready: secrets and sealed state are open.
   * passphrase-required: no OS keyring; the user sets (isNew) or enters the master passphrase.
   * key-missing: sealed data exists but its key is gone (keychain wiped, new OS user).
   */
  state: z.enum(['ready', 'passphrase-required', 'key-missing']),
  isNew: z.boolean(),
  /** Where keys are kept, for 设置 → 安全, e.g. '系统钥匙串 (libsecret)'. */
  storeLabel: z.string(),
  storeKind: z.enum(['keychain', 'safeStorage', 'passphrase', 'memory', 'dev-file', 'none']),
})
export type VaultStatus = z.infer<typeof VaultStatus>

export const vaultChannels = {
  'vault.status': channel(z.void(), VaultStatus),
  'vault.openWithPassphrase': channel(z.object({ passphrase: z.string().min(1).max(256) }), VaultStatus),
  /** After KEY_MISSING: discard the unreadable local state and start clean (then sign in again or restore). */
  'vault.resetAfterKeyLoss': channel(z.object({ confirm: z.literal(true) }), VaultStatus),
}

export const vaultEvents = {
  /** A sealed document failed authentication; the previous generation was used. */
  'vault.corrupt': z.object({ name: z.string(), generation: z.enum(['current', 'previous']) }),
}
