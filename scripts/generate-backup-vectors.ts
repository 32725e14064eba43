/**
 * Writes the committed backup test vectors to tests/fixtures/backup (docs/backup-format.md, "Test
 * vectors"). Randomness is derived from each vector's name, so running this again gives the same
 * files as long as zlib compresses the same way; tests/unit/backup/vectors.test.ts checks that they
 * still decrypt to what vectors.json says.
 *
 * Files of older payload versions are frozen: earlier releases of this script wrote them, and they stay
 * exactly as committed, because what they prove is that files written back then still open. This
 * script only reads them (checking that each still holds its `*.source.json`) to write what they must
 * open to today, and derives the damaged variants from them.
 *
 *   npx tsx scripts/generate-backup-vectors.ts
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { crc32 } from 'node:zlib'
import { decryptToJson, packBackup, sealJson } from '../src/main/platform/backup/backup'
import { RECORD_BYTES } from '../src/main/platform/backup/chunks'
import { HEADER_LENGTH, type ScryptParams } from '../src/main/platform/backup/header'

/**
 * The committed passphrase vectors keep N=2^17, the default before it became 2^18: they are the files
 * of the earlier default that tests/unit/backup/vectors.test.ts keeps opening.
 */
const VECTOR_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }
import { deriveWrapKey } from '../src/main/platform/backup/keys'
import { parseBackupPayload, type BackupPayload } from '../src/shared/backup-payload'
import { canonicalJson, samplePayload } from '../tests/unit/backup/sample'

const OUT = join(import.meta.dirname, '..', 'tests', 'fixtures', 'backup')
const PASSPHRASE = '工行数字钱包 备份口令 2025'
const KEY = Buffer.from(createHash('sha256').update('icbc-wallet-backup test vector key').digest())

interface Randoms {
  fileKey: Buffer
  salt: Buffer
  noncePrefix: Buffer
  wrapNonce: Buffer
}

/** The four random values a writer draws, fixed per vector name. */
function randomsFor(name: string): Randoms {
  const take = (what: string, n: number) => createHash('sha256').update(`${name}/${what}`).digest().subarray(0, n)
  return {
    fileKey: take('fileKey', 32),
    salt: take('salt', 16),
    noncePrefix: take('noncePrefix', 8),
    wrapNonce: take('wrapNonce', 12),
  }
}

/** Hands the writer the fixed values by size (32 file key, 16 salt, 8 nonce prefix, 12 key-wrap nonce). */
function sourceFor(r: Randoms): (size: number) => Buffer {
  const bySize: Record<number, Buffer> = { 32: r.fileKey, 16: r.salt, 8: r.noncePrefix, 12: r.wrapNonce }
  return (size) => {
    const value = bySize[size]
    if (value === undefined) throw new Error(`no fixed random value of ${size} bytes`)
    return Buffer.from(value)
  }
}

function fixCrc(file: Buffer): Buffer {
  const out = Buffer.from(file)
  out.writeUInt32BE(crc32(out.subarray(0, HEADER_LENGTH - 4)), HEADER_LENGTH - 4)
  return out
}

const hex = (b: Buffer) => b.toString('hex')
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

async function intermediates(r: Randoms, secret: string | Buffer) {
  const kdf =
    typeof secret === 'string' ? ({ name: 'scrypt', scrypt: VECTOR_SCRYPT } as const) : ({ name: 'keychain-key' } as const)
  const wrapKey = await deriveWrapKey(kdf, r.salt, secret)
  return {
    fileKeyHex: hex(r.fileKey),
    saltHex: hex(r.salt),
    noncePrefixHex: hex(r.noncePrefix),
    wrapNonceHex: hex(r.wrapNonce),
    wrapKeyHex: hex(wrapKey),
  }
}

/**
 * A committed file of an older payload version, read as it is, and what it opens to today. When
 * `source` is given, the file must still hold exactly that JSON: a frozen file is never rewritten.
 */
async function frozen(file: string, secret: string | Buffer, source?: string) {
  const bytes = readFileSync(join(OUT, file))
  const held: unknown = JSON.parse((await decryptToJson(bytes, secret)).text)
  if (source !== undefined && !isDeepStrictEqual(held, JSON.parse(readFileSync(join(OUT, source), 'utf8'))))
    throw new Error(`${file} does not hold ${source}`)
  const result = parseBackupPayload(held)
  if (!result.ok) throw new Error(`${file} does not open: ${JSON.stringify(result)}`)
  return { bytes, migrated: result.payload satisfies BackupPayload }
}

function write(name: string, data: Buffer | string): void {
  writeFileSync(join(OUT, name), data)
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const vectors: unknown[] = []

  // 1. The everyday case: a passphrase, the default KDF, the current payload version, one chunk.
  const small = samplePayload(6, 11)
  const r0 = randomsFor('passphrase-v3')
  write('passphrase-v3.iwbk', (await packBackup(small, PASSPHRASE, { kdf: VECTOR_SCRYPT, randomBytes: sourceFor(r0) })).bytes)
  write('passphrase-v3.payload.json', `${JSON.stringify(small, null, 2)}\n`)
  vectors.push({
    name: 'passphrase-v3',
    description:
      'Passphrase backup, scrypt N=2^17 r=8 p=1, payload version 3 (payees with whole numbers, households, card labels), one chunk.',
    file: 'passphrase-v3.iwbk',
    secret: { passphrase: PASSPHRASE },
    expect: { payload: 'passphrase-v3.payload.json', filePayloadVersion: 3 },
    intermediate: await intermediates(r0, PASSPHRASE),
  })

  // 2. Frozen: payload version 2 as the version-2 writer made it; reading migrates it to version 3.
  const v2 = await frozen('passphrase-v2.iwbk', PASSPHRASE, 'passphrase-v2.source.json')
  const file1 = v2.bytes
  write('passphrase-v2.payload.json', `${JSON.stringify(v2.migrated, null, 2)}\n`)
  vectors.push({
    name: 'passphrase-v2',
    description:
      'Frozen: payload version 2 (source.json is what the file holds), scrypt N=2^17 r=8 p=1, one chunk; reading migrates it to payload.json (version 3).',
    file: 'passphrase-v2.iwbk',
    secret: { passphrase: PASSPHRASE },
    expect: { payload: 'passphrase-v2.payload.json', source: 'passphrase-v2.source.json', filePayloadVersion: 2 },
    intermediate: await intermediates(randomsFor('passphrase-v2'), PASSPHRASE),
  })

  // 3. Frozen: payload version 1, read through the v1 → v2 → v3 migrations.
  const older = await frozen('passphrase-payload-v1.iwbk', PASSPHRASE, 'passphrase-payload-v1.source.json')
  write('passphrase-payload-v1.payload.json', `${JSON.stringify(older.migrated, null, 2)}\n`)
  vectors.push({
    name: 'passphrase-payload-v1',
    description:
      'Frozen: payload version 1 (source.json is what the file holds); reading migrates it to payload.json (version 3).',
    file: 'passphrase-payload-v1.iwbk',
    secret: { passphrase: PASSPHRASE },
    expect: { payload: 'passphrase-payload-v1.payload.json', source: 'passphrase-payload-v1.source.json', filePayloadVersion: 1 },
    intermediate: await intermediates(randomsFor('passphrase-payload-v1'), PASSPHRASE),
  })

  // 4. Frozen: an automatic backup (keychain key, no KDF) of payload version 2, large enough for several
  // chunks; what it opens to is given as a hash of its canonical JSON to keep the fixture small.
  const multi = await frozen('keychain-multichunk.iwbk', KEY)
  const file3 = multi.bytes
  const chunks = Math.ceil((file3.length - HEADER_LENGTH) / RECORD_BYTES)
  vectors.push({
    name: 'keychain-multichunk',
    description: `Frozen: automatic backup of payload version 2, keychain key (HKDF-SHA256), ${chunks} chunks, ${multi.migrated.transactions.length} transactions.`,
    file: 'keychain-multichunk.iwbk',
    secret: { keyHex: hex(KEY) },
    expect: {
      payloadSha256: sha256(canonicalJson(multi.migrated)),
      filePayloadVersion: 2,
      chunks,
      counts: { transactions: multi.migrated.transactions.length, balances: multi.migrated.balances.length },
    },
    intermediate: await intermediates(randomsFor('keychain-multichunk'), KEY),
  })

  // 4. Files every reader must refuse, each with its code.
  const refuse = (name: string, file: string, secret: object, error: string, description: string) =>
    vectors.push({ name, description, file, secret, expect: { error } })

  refuse(
    'wrong-passphrase',
    'passphrase-v2.iwbk',
    { passphrase: `${PASSPHRASE}!` },
    'BACKUP_WRONG_PASSPHRASE',
    'The frozen version-2 vector with another passphrase.',
  )

  const damagedHeader = Buffer.from(file1)
  damagedHeader[20] = damagedHeader[20]! ^ 0x01
  write('damaged-header.iwbk', damagedHeader)
  refuse(
    'damaged-header',
    'damaged-header.iwbk',
    { passphrase: PASSPHRASE },
    'BACKUP_CORRUPT',
    'One bit of the salt flipped: the header checksum fails before any KDF.',
  )

  const damagedChunk = Buffer.from(file1)
  damagedChunk[HEADER_LENGTH + 3] = damagedChunk[HEADER_LENGTH + 3]! ^ 0x80
  write('damaged-chunk.iwbk', damagedChunk)
  refuse(
    'damaged-chunk',
    'damaged-chunk.iwbk',
    { passphrase: PASSPHRASE },
    'BACKUP_CORRUPT',
    'One bit of chunk 0 flipped: the key unwraps, the chunk does not authenticate.',
  )

  write('truncated-at-chunk.iwbk', file3.subarray(0, HEADER_LENGTH + 2 * RECORD_BYTES))
  refuse(
    'truncated-at-chunk',
    'truncated-at-chunk.iwbk',
    { keyHex: hex(KEY) },
    'BACKUP_CORRUPT',
    'keychain-multichunk cut after its second chunk, which was not sealed as final.',
  )

  const tooNewFormat = Buffer.from(file1)
  tooNewFormat.writeUInt16BE(2, 8)
  write('too-new-format.iwbk', fixCrc(tooNewFormat))
  refuse(
    'too-new-format',
    'too-new-format.iwbk',
    { passphrase: PASSPHRASE },
    'BACKUP_TOO_NEW',
    'Format version 2 with a valid header checksum.',
  )

  const r4 = randomsFor('too-new-payload')
  const future = JSON.stringify({ ...small, version: 4, stickers: [] })
  write(
    'too-new-payload.iwbk',
    await sealJson([{ text: future, rows: 0 }], 0, PASSPHRASE, { kdf: VECTOR_SCRYPT, randomBytes: sourceFor(r4) }),
  )
  refuse(
    'too-new-payload',
    'too-new-payload.iwbk',
    { passphrase: PASSPHRASE },
    'BACKUP_TOO_NEW',
    'A valid file whose payload is version 4.',
  )

  const costly = Buffer.from(file1)
  costly.writeUInt8(21, 13)
  write('kdf-too-costly.iwbk', fixCrc(costly))
  refuse(
    'kdf-too-costly',
    'kdf-too-costly.iwbk',
    { passphrase: PASSPHRASE },
    'BACKUP_KDF_UNSUPPORTED',
    'scrypt N=2^21, above the 2^20 cap, with a valid checksum.',
  )

  write('not-a-backup.pdf', '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
  refuse('not-a-backup', 'not-a-backup.pdf', { passphrase: PASSPHRASE }, 'BACKUP_NOT_A_BACKUP', 'A PDF.')

  write('empty.iwbk', Buffer.alloc(0))
  refuse('empty', 'empty.iwbk', { passphrase: PASSPHRASE }, 'BACKUP_NOT_A_BACKUP', 'An empty file.')

  write(
    'vectors.json',
    `${JSON.stringify({ about: 'Backup format test vectors; see docs/backup-format.md. Regenerate: npx tsx scripts/generate-backup-vectors.ts', vectors }, null, 2)}\n`,
  )
  console.log(`wrote ${vectors.length} vectors to ${OUT}`)
}

await main()
