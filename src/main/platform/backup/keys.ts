/**
 * The file key and what protects it (docs/backup-format.md, "Keys"). Each file has its own random
 * 256-bit key; the header carries it wrapped (AES-256-GCM, the header so far as AAD) under a key
 * derived from the passphrase (scrypt) or, for automatic backups, from a random key kept in the
 * SecretStore (HKDF-SHA256, no stretching needed).
 */
import { hkdf } from 'node:crypto'
import { promisify } from 'node:util'
import { AppError } from '../../../shared/errors'
import { aesGcmOpen, aesGcmSeal, deriveKeySync } from '../vault/crypto'
import { backupError } from './errors'
import { FILE_KEY_BYTES, TAG_BYTES, WRAP_AAD_END, type KdfParams } from './header'

const hkdfAsync = promisify(hkdf)

/** A passphrase (scrypt) for backups the user makes, or the 32-byte keychain key for automatic ones. */
export type BackupSecret = string | Uint8Array

export const AUTO_BACKUP_KEY_BYTES = 32
/** Shorter passphrases are refused when writing; the UI's strength check asks for more. */
export const MIN_PASSPHRASE_LENGTH = 8
const HKDF_INFO = Buffer.from('icbc-wallet-backup v1 key-wrap')

export function checkSecretForWriting(secret: BackupSecret): void {
  if (typeof secret === 'string') {
    if (Array.from(secret.normalize('NFC')).length < MIN_PASSPHRASE_LENGTH) {
      throw new AppError('WEAK_PASSPHRASE', `backup passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`)
    }
  } else if (secret.length !== AUTO_BACKUP_KEY_BYTES) {
    throw new AppError('INVALID_INPUT', 'backup key must be 32 bytes')
  }
}

/**
 * The key that wraps the file key. A secret of the wrong kind for the file cannot be the right one.
 * scrypt runs in the calling thread (deriveKeySync): backups are made and opened in the backup worker,
 * whose priority is below main's (priority.ts); in libuv's pool it would compete with main's event loop.
 */
export async function deriveWrapKey(kdf: KdfParams, salt: Buffer, secret: BackupSecret): Promise<Buffer> {
  if (kdf.name === 'scrypt') {
    if (typeof secret !== 'string') throw backupError('BACKUP_WRONG_PASSPHRASE', { reason: 'needs-passphrase' })
    try {
      return deriveKeySync(secret, salt, kdf.scrypt)
    } catch (error) {
      // The caps are checked before this; what OpenSSL still refuses (for example memory) is unsupported too.
      if (error instanceof RangeError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_CRYPTO')) {
        throw backupError('BACKUP_KDF_UNSUPPORTED', { kdf: 'scrypt', ...kdf.scrypt })
      }
      throw error
    }
  }
  if (typeof secret === 'string' || secret.length !== AUTO_BACKUP_KEY_BYTES) {
    throw backupError('BACKUP_WRONG_PASSPHRASE', { reason: 'needs-keychain-key' })
  }
  return Buffer.from(await hkdfAsync('sha256', secret, salt, HKDF_INFO, FILE_KEY_BYTES))
}

export function wrapFileKey(
  wrapKey: Buffer,
  fileKey: Buffer,
  headerPrefix: Buffer,
  nonce: Buffer,
): { wrapped: Buffer; tag: Buffer } {
  const { body } = aesGcmSeal(wrapKey, fileKey, headerPrefix.subarray(0, WRAP_AAD_END), nonce)
  return { wrapped: body.subarray(0, FILE_KEY_BYTES), tag: body.subarray(FILE_KEY_BYTES) }
}

/** The header's checksum has already passed, so a failure here means the secret is not the one used. */
export function unwrapFileKey(
  wrapKey: Buffer,
  header: { bytes: Buffer; wrapNonce: Buffer; wrappedKey: Buffer; wrapTag: Buffer },
): Buffer {
  const body = Buffer.concat([header.wrappedKey, header.wrapTag], FILE_KEY_BYTES + TAG_BYTES)
  const fileKey = aesGcmOpen(wrapKey, header.wrapNonce, body, header.bytes.subarray(0, WRAP_AAD_END))
  if (fileKey === undefined || fileKey.length !== FILE_KEY_BYTES) throw backupError('BACKUP_WRONG_PASSPHRASE')
  return fileKey
}
