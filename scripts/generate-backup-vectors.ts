/**
 * Writes the committed backup test vectors to tests/fixtures/backup (docs/backup-format.md, "Test
 * vectors"). Randomness is derived from each vector's name, so running this again gives the same
 * files as long as zlib compresses the same way; tests/unit/backup/vectors.test.ts checks that they
 * still decrypt to what vectors.json says.
 *
 *   npx tsx scripts/generate-backup-vectors.ts
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { packBackup, sealJson } from '../src/main/backup/backup'
import { RECORD_BYTES } from '../src/main/backup/chunks'
import { DEFAULT_SCRYPT, HEADER_LENGTH } from '../src/main/backup/header'
import { deriveWrapKey } from '../src/main/backup/keys'
import { parseBackupPayload, type BackupPayload } from '../src/shared/backup-payload'
import { canonicalJson, samplePayload, toV1Payload } from '../tests/unit/backup/sample'

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
    typeof secret === 'string' ? ({ name: 'scrypt', scrypt: DEFAULT_SCRYPT } as const) : ({ name: 'keychain-key' } as const)
  const wrapKey = await deriveWrapKey(kdf, r.salt, secret)
  return {
    fileKeyHex: hex(r.fileKey),
    saltHex: hex(r.salt),
    noncePrefixHex: hex(r.noncePrefix),
    wrapNonceHex: hex(r.wrapNonce),
    wrapKeyHex: hex(wrapKey),
  }
}

function write(name: string, data: Buffer | string): void {
  writeFileSync(join(OUT, name), data)
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const vectors: unknown[] = []

  // 1. The everyday case: a passphrase, the default KDF, the current payload version, one chunk.
  const small = samplePayload(6, 11)
  const r1 = randomsFor('passphrase-v2')
  const file1 = (await packBackup(small, PASSPHRASE, { randomBytes: sourceFor(r1) })).bytes
  write('passphrase-v2.iwbk', file1)
  write('passphrase-v2.payload.json', `${JSON.stringify(small, null, 2)}\n`)
  vectors.push({
    name: 'passphrase-v2',
    description: 'Passphrase backup, scrypt N=2^17 r=8 p=1, payload version 2, one chunk.',
    file: 'passphrase-v2.iwbk',
    secret: { passphrase: PASSPHRASE },
    expect: { payload: 'passphrase-v2.payload.json', filePayloadVersion: 2 },
    intermediate: await intermediates(r1, PASSPHRASE),
  })

  // 2. An older payload version, read through the v1 → v2 migration.
  const older = samplePayload(4, 12)
  const v1 = toV1Payload(older)
  const migrated = parseBackupPayload(v1)
  if (!migrated.ok) throw new Error('v1 sample does not migrate')
  const r2 = randomsFor('passphrase-payload-v1')
  write(
    'passphrase-payload-v1.iwbk',
    await sealJson([{ text: JSON.stringify(v1), rows: 0 }], 0, PASSPHRASE, { randomBytes: sourceFor(r2) }),
  )
  write('passphrase-payload-v1.source.json', `${JSON.stringify(v1, null, 2)}\n`)
  write('passphrase-payload-v1.payload.json', `${JSON.stringify(migrated.payload, null, 2)}\n`)
  vectors.push({
    name: 'passphrase-payload-v1',
    description: 'Payload version 1 (source.json is what the file holds); reading migrates it to payload.json (version 2).',
    file: 'passphrase-payload-v1.iwbk',
    secret: { passphrase: PASSPHRASE },
    expect: { payload: 'passphrase-payload-v1.payload.json', filePayloadVersion: 1 },
    intermediate: await intermediates(r2, PASSPHRASE),
  })

  // 3. An automatic backup (keychain key, no KDF) large enough for several chunks; the expected payload
  // is given as a hash of its canonical JSON to keep the fixture small.
  const big: BackupPayload = samplePayload(2500, 13)
  const r3 = randomsFor('keychain-multichunk')
  const file3 = (await packBackup(big, KEY, { randomBytes: sourceFor(r3) })).bytes
  const chunks = Math.ceil((file3.length - HEADER_LENGTH) / RECORD_BYTES)
  if (chunks < 3) throw new Error(`keychain-multichunk has only ${chunks} chunks`)
  write('keychain-multichunk.iwbk', file3)
  vectors.push({
    name: 'keychain-multichunk',
    description: `Automatic backup: keychain key (HKDF-SHA256), ${chunks} chunks, ${big.transactions.length} transactions.`,
    file: 'keychain-multichunk.iwbk',
    secret: { keyHex: hex(KEY) },
    expect: {
      payloadSha256: sha256(canonicalJson(big)),
      filePayloadVersion: 2,
      chunks,
      counts: { transactions: big.transactions.length, balances: big.balances.length },
    },
    intermediate: await intermediates(r3, KEY),
  })

  // 4. Files every reader must refuse, each with its code.
  const refuse = (name: string, file: string, secret: object, error: string, description: string) =>
    vectors.push({ name, description, file, secret, expect: { error } })

  refuse(
    'wrong-passphrase',
    'passphrase-v2.iwbk',
    { passphrase: `${PASSPHRASE}!` },
    'BACKUP_WRONG_PASSPHRASE',
    'The first vector with another passphrase.',
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
  const future = JSON.stringify({ ...small, version: 3, stickers: [] })
  write('too-new-payload.iwbk', await sealJson([{ text: future, rows: 0 }], 0, PASSPHRASE, { randomBytes: sourceFor(r4) }))
  refuse(
    'too-new-payload',
    'too-new-payload.iwbk',
    { passphrase: PASSPHRASE },
    'BACKUP_TOO_NEW',
    'A valid file whose payload is version 3.',
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
