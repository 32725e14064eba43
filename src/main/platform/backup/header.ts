/**
 * The fixed header of a backup file, format version 1 (docs/backup-format.md, "Header"). Big-endian.
 *
 *   off len  field
 *     0   8  magic 89 49 57 42 0D 0A 1A 0A ("\x89IWB\r\n\x1a\n")
 *     8   2  format version (1)
 *    10   2  header length in bytes, checksum included (105)
 *    12   1  KDF: 1 scrypt, 2 keychain-key
 *    13   1  scrypt log2(N)   (0 for keychain-key)
 *    14   1  scrypt r          (0 for keychain-key)
 *    15   1  scrypt p          (0 for keychain-key)
 *    16   1  compression: 1 deflate-raw
 *    17  16  salt
 *    33   8  chunk nonce prefix
 *    41  12  key-wrap nonce
 *    53  32  wrapped file key (AES-256-GCM ciphertext)
 *    85  16  key-wrap tag
 *   101   4  CRC-32 of bytes 0..100
 *
 * The first 12 bytes (magic, version, length) and the trailing CRC-32 stay where they are in every
 * future version, so any reader can check the checksum before it interprets anything else.
 */
import { crc32 } from 'node:zlib'
import type { ScryptParams } from '../vault/crypto'
import { backupError } from './errors'

export type { ScryptParams }

export const MAGIC = Buffer.from([0x89, 0x49, 0x57, 0x42, 0x0d, 0x0a, 0x1a, 0x0a])
export const FORMAT_VERSION = 1
export const HEADER_LENGTH = 105
/** Where the key-wrap AAD ends: everything before the wrapped key. */
export const WRAP_AAD_END = 53
/** The prefix every version keeps: magic, format version, header length. */
const PREFIX_LENGTH = 12
/** Headers of future versions may grow, but not without bound. */
const MAX_HEADER_LENGTH = 4096

export const KDF_IDS = { scrypt: 1, 'keychain-key': 2 } as const
export type KdfName = keyof typeof KDF_IDS
export const COMPRESSION_IDS = { 'deflate-raw': 1 } as const

export const SALT_BYTES = 16
export const NONCE_PREFIX_BYTES = 8
export const WRAP_NONCE_BYTES = 12
export const FILE_KEY_BYTES = 32
export const TAG_BYTES = 16

/**
 * What writers use: 128·N·r = 256 MiB and about a second on a laptop (docs/security.md has the numbers
 * measured here). Files written at the earlier N=2^17 carry it in their header and open as before.
 * deriveKey (src/main/platform/vault/crypto.ts) raises Node's scrypt maxmem to twice what N·r needs.
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 18, r: 8, p: 1 }

/**
 * What readers accept. A file chooses its own KDF cost, so without caps a crafted file could make the
 * app allocate gigabytes or spin for minutes before it can say "wrong passphrase".
 */
/**
 * 128·N·r bytes of memory: the default takes 256 MiB; the cap leaves writers 2× headroom and keeps a
 * hostile header to 512 MiB and a few seconds (N=2^19, r=8) before it can be called a wrong passphrase.
 */
export const SCRYPT_CAPS = { maxLog2N: 20, maxR: 16, maxP: 4, maxMemoryBytes: 512 * 1024 * 1024 } as const

export type KdfParams = { name: 'scrypt'; scrypt: ScryptParams } | { name: 'keychain-key' }

export interface BackupHeader {
  formatVersion: number
  kdf: KdfParams
  compression: keyof typeof COMPRESSION_IDS
  salt: Buffer
  noncePrefix: Buffer
  wrapNonce: Buffer
  wrappedKey: Buffer
  wrapTag: Buffer
  /** The whole header as it is in the file: bound into the key wrap and into every chunk. */
  bytes: Buffer
}

/** Throws BACKUP_KDF_UNSUPPORTED for parameters a reader would refuse, so writers never make such files. */
export function checkScryptParams(params: ScryptParams): number {
  const { N, r, p } = params
  const log2N = Math.log2(N)
  const ok =
    Number.isSafeInteger(N) &&
    Number.isInteger(log2N) &&
    log2N >= 1 &&
    log2N <= SCRYPT_CAPS.maxLog2N &&
    Number.isSafeInteger(r) &&
    r >= 1 &&
    r <= SCRYPT_CAPS.maxR &&
    Number.isSafeInteger(p) &&
    p >= 1 &&
    p <= SCRYPT_CAPS.maxP &&
    128 * N * r <= SCRYPT_CAPS.maxMemoryBytes &&
    // RFC 7914: N < 2^(128·r/8); OpenSSL refuses anything else.
    log2N < 16 * r
  if (!ok) throw backupError('BACKUP_KDF_UNSUPPORTED', { kdf: 'scrypt', N, r, p })
  return log2N
}

export interface HeaderFields {
  kdf: KdfParams
  salt: Buffer
  noncePrefix: Buffer
  wrapNonce: Buffer
}

/** Lays out everything but the wrapped key, its tag and the checksum; sealHeader fills those in. */
export function encodeHeaderPrefix(fields: HeaderFields): Buffer {
  const out = Buffer.alloc(HEADER_LENGTH)
  MAGIC.copy(out, 0)
  out.writeUInt16BE(FORMAT_VERSION, 8)
  out.writeUInt16BE(HEADER_LENGTH, 10)
  out.writeUInt8(KDF_IDS[fields.kdf.name], 12)
  if (fields.kdf.name === 'scrypt') {
    out.writeUInt8(checkScryptParams(fields.kdf.scrypt), 13)
    out.writeUInt8(fields.kdf.scrypt.r, 14)
    out.writeUInt8(fields.kdf.scrypt.p, 15)
  }
  out.writeUInt8(COMPRESSION_IDS['deflate-raw'], 16)
  fields.salt.copy(out, 17)
  fields.noncePrefix.copy(out, 33)
  fields.wrapNonce.copy(out, 41)
  return out
}

/** Completes a header from encodeHeaderPrefix with the wrapped key and its tag, then the checksum. */
export function sealHeader(prefix: Buffer, wrappedKey: Buffer, wrapTag: Buffer): Buffer {
  const out = Buffer.from(prefix)
  wrappedKey.copy(out, WRAP_AAD_END)
  wrapTag.copy(out, WRAP_AAD_END + FILE_KEY_BYTES)
  out.writeUInt32BE(crc32(out.subarray(0, HEADER_LENGTH - 4)), HEADER_LENGTH - 4)
  return out
}

/** True when the bytes start with the backup magic (enough to tell a backup from any other file). */
export function hasMagic(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.equals(bytes.subarray(0, MAGIC.length))
}

/** A file cut short inside the magic: damage, not some other file (an empty file is not a backup). */
function isTruncatedMagic(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes.length < MAGIC.length && MAGIC.subarray(0, bytes.length).equals(bytes)
}

/**
 * Parses and checks the header in this order, so each failure gets the code that describes it:
 * magic (NOT_A_BACKUP) → length and checksum (CORRUPT) → format version (TOO_NEW) → KDF (KDF_UNSUPPORTED).
 * The checksum comes before everything the KDF uses, so a damaged salt or parameter is reported as
 * damage rather than as a wrong passphrase.
 */
export function parseHeader(bytes: Buffer): BackupHeader {
  if (isTruncatedMagic(bytes)) throw backupError('BACKUP_CORRUPT', { reason: 'truncated-header' })
  if (!hasMagic(bytes)) throw backupError('BACKUP_NOT_A_BACKUP')
  if (bytes.length < PREFIX_LENGTH) throw backupError('BACKUP_CORRUPT', { reason: 'truncated-header' })
  const headerLength = bytes.readUInt16BE(10)
  if (headerLength < PREFIX_LENGTH + 4 || headerLength > MAX_HEADER_LENGTH)
    throw backupError('BACKUP_CORRUPT', { reason: 'header-length' })
  if (bytes.length < headerLength) throw backupError('BACKUP_CORRUPT', { reason: 'truncated-header' })
  const header = bytes.subarray(0, headerLength)
  if (crc32(header.subarray(0, headerLength - 4)) !== header.readUInt32BE(headerLength - 4)) {
    throw backupError('BACKUP_CORRUPT', { reason: 'header-checksum' })
  }
  const formatVersion = header.readUInt16BE(8)
  if (formatVersion > FORMAT_VERSION) throw backupError('BACKUP_TOO_NEW', { formatVersion, supported: FORMAT_VERSION })
  // Version 0 was never written; with a good checksum it can only be a writer's bug.
  if (formatVersion < 1 || headerLength !== HEADER_LENGTH)
    throw backupError('BACKUP_CORRUPT', { reason: 'header-layout', formatVersion })

  const kdfId = header.readUInt8(12)
  const [log2N, r, p] = [header.readUInt8(13), header.readUInt8(14), header.readUInt8(15)]
  let kdf: KdfParams
  if (kdfId === KDF_IDS.scrypt) {
    if (log2N < 1 || log2N > SCRYPT_CAPS.maxLog2N) throw backupError('BACKUP_KDF_UNSUPPORTED', { kdf: 'scrypt', log2N, r, p })
    const scrypt = { N: 2 ** log2N, r, p }
    checkScryptParams(scrypt)
    kdf = { name: 'scrypt', scrypt }
  } else if (kdfId === KDF_IDS['keychain-key']) {
    if (log2N !== 0 || r !== 0 || p !== 0) throw backupError('BACKUP_KDF_UNSUPPORTED', { kdf: 'keychain-key', log2N, r, p })
    kdf = { name: 'keychain-key' }
  } else {
    throw backupError('BACKUP_KDF_UNSUPPORTED', { kdfId })
  }
  // A new compression needs a new format version, so an unknown one under version 1 is damage.
  if (header.readUInt8(16) !== COMPRESSION_IDS['deflate-raw']) throw backupError('BACKUP_CORRUPT', { reason: 'compression' })

  const copy = Buffer.from(header)
  return {
    formatVersion,
    kdf,
    compression: 'deflate-raw',
    salt: copy.subarray(17, 33),
    noncePrefix: copy.subarray(33, 41),
    wrapNonce: copy.subarray(41, 53),
    wrappedKey: copy.subarray(53, 85),
    wrapTag: copy.subarray(85, 101),
    bytes: copy,
  }
}

/** Field boundaries, for the format document and the tamper tests. */
export const HEADER_FIELDS = [
  { name: 'magic', offset: 0, length: 8 },
  { name: 'formatVersion', offset: 8, length: 2 },
  { name: 'headerLength', offset: 10, length: 2 },
  { name: 'kdf', offset: 12, length: 1 },
  { name: 'scryptLog2N', offset: 13, length: 1 },
  { name: 'scryptR', offset: 14, length: 1 },
  { name: 'scryptP', offset: 15, length: 1 },
  { name: 'compression', offset: 16, length: 1 },
  { name: 'salt', offset: 17, length: 16 },
  { name: 'noncePrefix', offset: 33, length: 8 },
  { name: 'wrapNonce', offset: 41, length: 12 },
  { name: 'wrappedKey', offset: 53, length: 32 },
  { name: 'wrapTag', offset: 85, length: 16 },
  { name: 'crc32', offset: 101, length: 4 },
] as const
