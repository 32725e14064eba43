import { randomBytes } from 'node:crypto'
import { AppError } from '../../../shared/errors'
import { KEY_BYTES } from './crypto'
import { SECRET_ACCOUNTS, type SecretStore } from './secret-store'

export interface DataKeyOptions {
  /** Whether sealed data already exists on disk (see hasSealedData): then a missing key is a loss, not a first start. */
  hasExistingData: boolean
  account?: string
}

/**
 * Returns the installation's 256-bit data key, creating it on first start. When data already exists
 * but the key is gone (keychain wiped, another OS user, another machine) it throws KEY_MISSING instead
 * of minting a new key, which would silently orphan everything sealed under the old one.
 */
export async function loadOrCreateDataKey(store: SecretStore, options: DataKeyOptions): Promise<Buffer> {
  const account = options.account ?? SECRET_ACCOUNTS.dataKey
  const stored = await store.get(account)
  if (stored !== undefined) {
    const key = decodeKey(stored)
    if (key) return key
    throw keyMissing(store, 'malformed')
  }
  if (options.hasExistingData) throw keyMissing(store, 'missing')

  const key = randomBytes(KEY_BYTES)
  const encoded = key.toString('base64')
  await store.set(account, encoded)
  // Some keychains accept a write and drop it (locked collection, size limits); find out now, not at next start.
  if ((await store.get(account)) !== encoded) {
    throw new AppError('KEYRING_UNAVAILABLE', 'the data key could not be stored in the secret store', {
      backend: store.describe().kind,
    })
  }
  return key
}

function decodeKey(encoded: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(encoded)) return undefined
  const key = Buffer.from(encoded, 'base64')
  return key.length === KEY_BYTES ? key : undefined
}

function keyMissing(store: SecretStore, reason: 'missing' | 'malformed'): AppError {
  return new AppError(
    'KEY_MISSING',
    reason === 'missing'
      ? 'local data exists but its key is no longer in the secret store; sign in again to start fresh, or restore a backup'
      : 'the stored data key is unreadable; sign in again to start fresh, or restore a backup',
    { reason, backend: store.describe().kind, remedy: 'sign-in-again-or-restore-backup' },
  )
}
