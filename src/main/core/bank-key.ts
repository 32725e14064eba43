import { randomBytes } from 'node:crypto'
import { SECRET_ACCOUNTS, type SecretStore } from '../platform/vault'

/**
 * The embedded mock bank's storage key (src/mock-bank/keys.ts), kept in the wallet's secret store
 * beside the data key rather than in a file next to the bank's journal: a copy of the app's data
 * folder then holds the bank's sealed values without the key that opens them.
 *
 * Read, or made once (32 random bytes) when the store has none. A store that fails to answer throws:
 * nothing is made then, since a new key would make the bank's existing journal unreadable.
 */
export async function loadOrCreateBankKey(secrets: SecretStore): Promise<Buffer> {
  const stored = await secrets.get(SECRET_ACCOUNTS.bankStorageKey)
  if (stored !== undefined) {
    const key = Buffer.from(stored, 'base64url')
    if (key.length === 32) return key
  }
  // None, or not a key at all (nothing of this app writes that): a new one; the bank sets aside a folder it cannot open.
  const key = randomBytes(32)
  await secrets.set(SECRET_ACCOUNTS.bankStorageKey, key.toString('base64url'))
  return key
}
