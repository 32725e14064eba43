/**
 * Creating, checking and opening encrypted backups (docs/backup-format.md). Everything here works on
 * bytes in memory; file.ts and auto.ts add the file system. Nothing is decompressed or parsed before
 * every chunk has been authenticated.
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createDeflateRaw, inflateRawSync } from 'node:zlib'
import {
  BACKUP_PAYLOAD_VERSION,
  BackupPayload,
  parseBackupPayload,
  summarizeBackupPayload,
  type BackupSummary,
} from '../../../shared/backup-payload'
import { AppError } from '../../../shared/errors'
import { ChunkOpener, ChunkSealer, checkBodyLength } from './chunks'
import { backupError } from './errors'
import {
  DEFAULT_SCRYPT,
  FILE_KEY_BYTES,
  FORMAT_VERSION,
  NONCE_PREFIX_BYTES,
  SALT_BYTES,
  WRAP_NONCE_BYTES,
  encodeHeaderPrefix,
  parseHeader,
  sealHeader,
  type KdfName,
  type KdfParams,
  type ScryptParams,
} from './header'
import { checkSecretForWriting, deriveWrapKey, unwrapFileKey, wrapFileKey, type BackupSecret } from './keys'

/** Files above this are refused before anything is read past the header. */
export const MAX_BACKUP_BYTES = 512 * 1024 * 1024
/** The decompressed JSON must fit in one V8 string (about 2^29 UTF-16 units); this stays under it. */
export const MAX_PAYLOAD_BYTES = 500 * 1024 * 1024
/**
 * Measured on 100k rows (2 cores): level 1 ≈ 6.1 MB, level 6 ≈ 5.1 MB and up to ~0.5 s slower. The file
 * size hardly matters to anyone; the time is what the user waits for, so the fastest level wins.
 */
export const DEFLATE_LEVEL = 1
/** Rows serialized per piece: small enough to report progress often, big enough to keep calls cheap. */
const ROWS_PER_PIECE = 2_000

/** `sealing`: a restore's rows sealed under the current customer's keys (jobs.ts). */
export type BackupStage = 'validating' | 'deriving-key' | 'packing' | 'decrypting' | 'decompressing' | 'sealing' | 'done'

export interface BackupProgress {
  stage: BackupStage
  /** Within the stage: transactions written while packing, bytes while decrypting; 0/1 → 1/1 otherwise. */
  done: number
  total: number
}

export interface CreateBackupOptions {
  /** scrypt parameters for passphrase backups; default DEFAULT_SCRYPT (N=2^18, r=8, p=1). Tests pass small ones. */
  kdf?: ScryptParams
  onProgress?: (progress: BackupProgress) => void
  /** Only for the committed test vectors: a deterministic source for salt, nonces and the file key. */
  randomBytes?: (size: number) => Buffer
}

export interface OpenBackupOptions {
  onProgress?: (progress: BackupProgress) => void
}

export interface PackedBackup {
  bytes: Buffer
  summary: BackupSummary
}

export interface OpenedBackup {
  payload: BackupPayload
  summary: BackupSummary
}

/** What the header alone says: enough for the UI to know whether to ask for a passphrase. */
export interface BackupFileInfo {
  formatVersion: number
  kdf: KdfName
  scrypt: ScryptParams | null
}

/** Validates the payload, then compresses and encrypts it. The payload's unknown keys are dropped, never written. */
export async function packBackup(
  payload: BackupPayload,
  secret: BackupSecret,
  options: CreateBackupOptions = {},
): Promise<PackedBackup> {
  const report = options.onProgress ?? (() => {})
  checkSecretForWriting(secret)

  report({ stage: 'validating', done: 0, total: 1 })
  const parsed = BackupPayload.safeParse(payload)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new AppError('INVALID_INPUT', 'backup payload is not valid', {
      path: issue?.path.map(String).join('.') ?? '',
      issue: issue?.message ?? '',
    })
  }
  const valid = parsed.data
  report({ stage: 'validating', done: 1, total: 1 })

  const bytes = await sealJson(jsonPieces(valid), valid.transactions.length, secret, options)
  report({ stage: 'done', done: 1, total: 1 })
  return {
    bytes,
    summary: summarizeBackupPayload(valid, {
      formatVersion: FORMAT_VERSION,
      fileBytes: bytes.length,
      kdf: typeof secret === 'string' ? 'scrypt' : 'keychain-key',
      fileVersion: BACKUP_PAYLOAD_VERSION,
    }),
  }
}

/**
 * Compresses and encrypts JSON text given in pieces: the file format without the payload's schema.
 * packBackup is the way in for real payloads; tests and the vector generator use this to write payloads
 * of other versions.
 */
export async function sealJson(
  pieces: Iterable<{ text: string; rows: number }>,
  totalRows: number,
  secret: BackupSecret,
  options: CreateBackupOptions = {},
): Promise<Buffer> {
  const report = options.onProgress ?? (() => {})
  const { header, sealer, fileKey } = await startSealing(secret, options)
  const parts: Buffer[] = [header]
  try {
    await deflatePieces(
      pieces,
      (compressed) => parts.push(...sealer.push(compressed)),
      (rows) => report({ stage: 'packing', done: rows, total: totalRows }),
    )
    parts.push(sealer.end())
  } finally {
    fileKey.fill(0)
  }
  return Buffer.concat(parts)
}

/**
 * Encrypts a payload already deflated (deflate-raw at DEFLATE_LEVEL): a staged backup compresses its
 * rows as they arrive (src/main/platform/backup/jobs.ts), so only this is left when it is finished.
 */
export async function sealDeflated(
  compressed: readonly Buffer[],
  secret: BackupSecret,
  options: CreateBackupOptions = {},
): Promise<Buffer> {
  const { header, sealer, fileKey } = await startSealing(secret, options)
  const parts: Buffer[] = [header]
  try {
    for (const piece of compressed) parts.push(...sealer.push(piece))
    parts.push(sealer.end())
  } finally {
    fileKey.fill(0)
  }
  return Buffer.concat(parts)
}

/** A new file key, wrapped under the secret in the header, and the sealer of the chunks after it. */
async function startSealing(
  secret: BackupSecret,
  options: CreateBackupOptions,
): Promise<{ header: Buffer; sealer: ChunkSealer; fileKey: Buffer }> {
  const report = options.onProgress ?? (() => {})
  const random = options.randomBytes ?? cryptoRandomBytes
  checkSecretForWriting(secret)
  const kdf: KdfParams =
    typeof secret === 'string' ? { name: 'scrypt', scrypt: options.kdf ?? DEFAULT_SCRYPT } : { name: 'keychain-key' }
  const fileKey = random(FILE_KEY_BYTES)
  const prefix = encodeHeaderPrefix({
    kdf,
    salt: random(SALT_BYTES),
    noncePrefix: random(NONCE_PREFIX_BYTES),
    wrapNonce: random(WRAP_NONCE_BYTES),
  })
  report({ stage: 'deriving-key', done: 0, total: 1 })
  const wrapKey = await deriveWrapKey(kdf, prefix.subarray(17, 33), secret)
  const { wrapped, tag } = wrapFileKey(wrapKey, fileKey, prefix, prefix.subarray(41, 53))
  wrapKey.fill(0)
  const header = sealHeader(prefix, wrapped, tag)
  report({ stage: 'deriving-key', done: 1, total: 1 })
  return { header, sealer: new ChunkSealer(fileKey, header, prefix.subarray(33, 41)), fileKey }
}

export async function createBackup(
  payload: BackupPayload,
  secret: BackupSecret,
  options: CreateBackupOptions = {},
): Promise<Buffer> {
  return (await packBackup(payload, secret, options)).bytes
}

/** Reads the header only (no secret needed). Throws the same codes as decodeBackup for header problems. */
export function peekBackup(bytes: Uint8Array): BackupFileInfo {
  const header = parseHeader(toBuffer(bytes))
  return {
    formatVersion: header.formatVersion,
    kdf: header.kdf.name,
    scrypt: header.kdf.name === 'scrypt' ? header.kdf.scrypt : null,
  }
}

/**
 * Checks everything (header, key, every chunk, the payload's schema, migrating older versions) and
 * returns the current payload with its summary. Refuses with a BACKUP_* code; see errors.ts.
 */
export async function decodeBackup(
  bytes: Uint8Array,
  secret: BackupSecret,
  options: OpenBackupOptions = {},
): Promise<OpenedBackup> {
  const report = options.onProgress ?? (() => {})
  const json = await decryptToJson(toBuffer(bytes), secret, report)
  report({ stage: 'validating', done: 0, total: 1 })
  let data: unknown
  try {
    data = JSON.parse(json.text)
  } catch {
    throw backupError('BACKUP_CORRUPT', { reason: 'payload-json' })
  }
  const result = parseBackupPayload(data)
  if (!result.ok) {
    if (result.reason === 'too-new')
      throw backupError('BACKUP_TOO_NEW', { payloadVersion: result.version, supported: BACKUP_PAYLOAD_VERSION })
    if (result.reason === 'unknown-version') throw backupError('BACKUP_CORRUPT', { reason: 'payload-version' })
    const first = result.issues[0]
    throw backupError('BACKUP_CORRUPT', { reason: 'payload-invalid', path: first?.path ?? '', issue: first?.message ?? '' })
  }
  report({ stage: 'done', done: 1, total: 1 })
  return {
    payload: result.payload,
    summary: summarizeBackupPayload(result.payload, {
      formatVersion: json.formatVersion,
      fileBytes: bytes.length,
      kdf: json.kdf,
      fileVersion: result.fromVersion,
    }),
  }
}

/** The summary of a backup after checking all of it; the rows are not handed out. */
export async function inspectBackup(
  bytes: Uint8Array,
  secret: BackupSecret,
  options: OpenBackupOptions = {},
): Promise<BackupSummary> {
  return (await decodeBackup(bytes, secret, options)).summary
}

export async function openBackup(
  bytes: Uint8Array,
  secret: BackupSecret,
  options: OpenBackupOptions = {},
): Promise<BackupPayload> {
  return (await decodeBackup(bytes, secret, options)).payload
}

/**
 * Header → key → chunks → inflate, returning the payload's JSON text. Exported for tests that look at
 * exactly what a file holds.
 */
export async function decryptToJson(
  bytes: Buffer,
  secret: BackupSecret,
  report: (progress: BackupProgress) => void = () => {},
): Promise<{ text: string; formatVersion: number; kdf: KdfName }> {
  const header = parseHeader(bytes)
  if (bytes.length > MAX_BACKUP_BYTES) throw backupError('BACKUP_CORRUPT', { reason: 'too-large' })
  const body = bytes.subarray(header.bytes.length)
  checkBodyLength(body.length)

  report({ stage: 'deriving-key', done: 0, total: 1 })
  const wrapKey = await deriveWrapKey(header.kdf, header.salt, secret)
  let fileKey: Buffer
  try {
    fileKey = unwrapFileKey(wrapKey, header)
  } finally {
    wrapKey.fill(0)
  }
  report({ stage: 'deriving-key', done: 1, total: 1 })

  const opener = new ChunkOpener(fileKey, header.bytes, header.noncePrefix)
  const plain: Buffer[] = []
  const step = 16 * 1024 * 1024
  try {
    for (let at = 0; at < body.length; at += step) {
      plain.push(...opener.push(body.subarray(at, at + step)))
      report({ stage: 'decrypting', done: Math.min(at + step, body.length), total: body.length })
    }
    plain.push(opener.end())
  } finally {
    fileKey.fill(0)
  }

  report({ stage: 'decompressing', done: 0, total: 1 })
  let inflated: Buffer
  try {
    // In the calling thread: the backup worker, below main's priority (priority.ts), not libuv's pool.
    inflated = inflateRawSync(Buffer.concat(plain), { maxOutputLength: MAX_PAYLOAD_BYTES })
  } catch {
    // Authenticated bytes that do not inflate (or inflate past the cap) come from a broken writer.
    throw backupError('BACKUP_CORRUPT', { reason: 'payload-compression' })
  }
  report({ stage: 'decompressing', done: 1, total: 1 })
  return { text: inflated.toString('utf8'), formatVersion: header.formatVersion, kdf: header.kdf.name }
}

/**
 * The payload as JSON text in pieces, transactions last and a few thousand at a time, so no single
 * giant string is built and progress can be reported. Equal to JSON.stringify(payload) up to key order.
 * Any payload version (the vector generator writes older ones with it).
 */
export function* jsonPieces(payload: { transactions: readonly unknown[] }): Generator<{ text: string; rows: number }> {
  const { transactions, ...rest } = payload
  yield { text: `${JSON.stringify(rest).slice(0, -1)},"transactions":[`, rows: 0 }
  for (let at = 0; at < transactions.length; at += ROWS_PER_PIECE) {
    const slice = JSON.stringify(transactions.slice(at, at + ROWS_PER_PIECE)).slice(1, -1)
    yield { text: at === 0 ? slice : `,${slice}`, rows: Math.min(at + ROWS_PER_PIECE, transactions.length) }
  }
  yield { text: ']}', rows: transactions.length }
}

async function deflatePieces(
  pieces: Iterable<{ text: string; rows: number }>,
  onData: (compressed: Buffer) => void,
  onRows: (rows: number) => void,
): Promise<void> {
  const deflate = createDeflateRaw({ level: DEFLATE_LEVEL })
  deflate.on('data', onData)
  const ended = once(deflate, 'end')
  // Keeps an error during a drain wait from surfacing as an unhandled rejection; it is awaited below.
  ended.catch(() => {})
  try {
    for (const { text, rows } of pieces) {
      if (!deflate.write(text)) await once(deflate, 'drain')
      onRows(rows)
    }
    deflate.end()
    await ended
  } catch (error) {
    deflate.destroy()
    throw error
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
