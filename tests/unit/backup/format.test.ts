import { randomBytes } from 'node:crypto'
import { readFile, readdir, stat, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createBackup,
  createBackupFile,
  decodeBackup,
  inspectBackup,
  openBackup,
  openBackupFile,
  packBackup,
  peekBackup,
  readBackupFile,
  type BackupProgress,
} from '../../../src/main/platform/backup'
import { decryptToJson, jsonPieces, sealJson } from '../../../src/main/platform/backup/backup'
import { CHUNK_BYTES, RECORD_BYTES } from '../../../src/main/platform/backup/chunks'
import { DEFAULT_SCRYPT, HEADER_LENGTH, MAGIC } from '../../../src/main/platform/backup/header'
import type { BackupPayload } from '../../../src/shared/backup-payload'
import { FAST_SCRYPT, PASSPHRASE, expectBackupError, sealRawBody, snapshotDir, useTempDir } from './helpers'
import { samplePayload } from './sample'

const tempDir = useTempDir()
const fast = { kdf: FAST_SCRYPT }

describe('round trip', () => {
  it('restores exactly what was backed up, with a passphrase', async () => {
    const payload = samplePayload(300)
    const bytes = await createBackup(payload, PASSPHRASE, fast)
    expect(await openBackup(bytes, PASSPHRASE)).toEqual(payload)
  })

  it('restores exactly what was backed up, with a keychain key (automatic backups)', async () => {
    const key = randomBytes(32)
    const payload = samplePayload(300, 7)
    const bytes = await createBackup(payload, key)
    expect(peekBackup(bytes)).toEqual({ formatVersion: 1, kdf: 'keychain-key', scrypt: null })
    expect(await openBackup(bytes, key)).toEqual(payload)
  })

  it('round-trips 100,000 transactions', { timeout: 60_000 }, async () => {
    const payload = samplePayload(100_000)
    const key = randomBytes(32)
    const packed = await packBackup(payload, key)
    expect(packed.summary.counts.transactions).toBe(100_000)
    const opened = await decodeBackup(packed.bytes, key)
    expect(opened.summary).toEqual(packed.summary)
    expect(opened.payload.transactions.length).toBe(100_000)
    // Comparing the serialized forms is as strict as toEqual and much quicker at this size.
    expect(JSON.stringify(opened.payload)).toBe(JSON.stringify(payload))
  })

  it(
    'works at the real default KDF (scrypt N=2^18, r=8, p=1: 256 MiB), which is what files carry unless told otherwise',
    { timeout: 30_000 },
    async () => {
      const payload = samplePayload(20)
      const bytes = await createBackup(payload, PASSPHRASE)
      expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 18, r: 8, p: 1 })
      expect(peekBackup(bytes)).toEqual({ formatVersion: 1, kdf: 'scrypt', scrypt: DEFAULT_SCRYPT })
      expect([bytes[13], bytes[14], bytes[15]]).toEqual([18, 8, 1])
      expect(await openBackup(bytes, PASSPHRASE)).toEqual(payload)
      await expectBackupError(openBackup(bytes, `${PASSPHRASE}!`), 'BACKUP_WRONG_PASSPHRASE')
    },
  )

  it('still opens files written with the earlier default, N=2^17', { timeout: 30_000 }, async () => {
    const payload = samplePayload(20)
    const bytes = await createBackup(payload, PASSPHRASE, { kdf: { N: 2 ** 17, r: 8, p: 1 } })
    expect([bytes[13], bytes[14], bytes[15]]).toEqual([17, 8, 1])
    expect(await openBackup(bytes, PASSPHRASE)).toEqual(payload)
  })

  it('round-trips an empty replica', async () => {
    const payload = samplePayload(0)
    expect(payload.transactions).toEqual([])
    expect(await openBackup(await createBackup(payload, PASSPHRASE, fast), PASSPHRASE)).toEqual(payload)
  })

  it('treats the passphrase in Unicode normal form C, so the same text typed differently still opens', async () => {
    const composed = 'Caf\u00e9-备份-2025'
    const decomposed = 'Cafe\u0301-备份-2025'
    const bytes = await createBackup(samplePayload(3), composed, fast)
    expect((await openBackup(bytes, decomposed)).transactions.length).toBe(3)
  })

  it('summarizes without handing out rows', async () => {
    const payload = samplePayload(1000)
    const bytes = await createBackup(payload, PASSPHRASE, fast)
    const summary = await inspectBackup(bytes, PASSPHRASE)
    expect(summary).toMatchObject({
      kdf: 'scrypt',
      fileBytes: bytes.length,
      counts: { transactions: 1000 },
      createdAt: payload.createdAt,
    })
    expect(JSON.stringify(summary)).not.toContain(payload.transactions[0]!.reference)
  })
})

describe('layout', () => {
  it('is a 105-byte header followed by 64 KiB chunks each with a 16-byte tag', async () => {
    const bytes = await createBackup(samplePayload(8000), PASSPHRASE, fast)
    expect(bytes.subarray(0, 8)).toEqual(MAGIC)
    expect(bytes.readUInt16BE(8)).toBe(1)
    expect(bytes.readUInt16BE(10)).toBe(HEADER_LENGTH)
    const body = bytes.length - HEADER_LENGTH
    const chunks = Math.ceil(body / RECORD_BYTES)
    expect(chunks).toBeGreaterThanOrEqual(3)
    const last = body - (chunks - 1) * RECORD_BYTES
    expect(last).toBeGreaterThan(16)
    expect(last).toBeLessThanOrEqual(CHUNK_BYTES + 16)
  })

  it('makes every file different (own salt, nonces and file key), even for the same payload and passphrase', async () => {
    const payload = samplePayload(10)
    const [a, b] = await Promise.all([createBackup(payload, PASSPHRASE, fast), createBackup(payload, PASSPHRASE, fast)])
    expect(a.subarray(17, 101).equals(b.subarray(17, 101))).toBe(false)
    expect(a.subarray(HEADER_LENGTH, HEADER_LENGTH + 64).equals(b.subarray(HEADER_LENGTH, HEADER_LENGTH + 64))).toBe(false)
  })

  it('serializes the payload in pieces that join into the same JSON', () => {
    const payload = samplePayload(4500)
    const text = Array.from(jsonPieces(payload), (p) => p.text).join('')
    expect(JSON.parse(text)).toEqual(payload)
    expect(Array.from(jsonPieces(samplePayload(0)), (p) => p.text).join('')).toBe(
      JSON.stringify({ ...samplePayload(0), transactions: undefined }).slice(0, -1) + ',"transactions":[]}',
    )
  })

  it('writes only what the schema knows: no token or password reaches the file', async () => {
    const payload = samplePayload(5)
    const tainted = {
      ...payload,
      token: 'TOKEN-abc',
      profile: { ...payload.profile, password: 'Pa55word-xyz', deviceSecret: 'DEVSECRET' },
    } as BackupPayload
    const bytes = await createBackup(tainted, PASSPHRASE, fast)
    const { text } = await decryptToJson(bytes, PASSPHRASE)
    expect(text).not.toMatch(/TOKEN-abc|Pa55word-xyz|DEVSECRET|password|token/)
    expect(JSON.parse(text)).toEqual(JSON.parse(Array.from(jsonPieces(payload), (p) => p.text).join('')))
  })
})

describe('progress', () => {
  it('reports each stage in order, packing up to the number of transactions', async () => {
    const events: BackupProgress[] = []
    const bytes = await createBackup(samplePayload(9000), PASSPHRASE, { ...fast, onProgress: (p) => events.push(p) })
    const stages = [...new Set(events.map((e) => e.stage))]
    expect(stages).toEqual(['validating', 'deriving-key', 'packing', 'done'])
    const packing = events.filter((e) => e.stage === 'packing')
    expect(packing.at(-1)).toEqual({ stage: 'packing', done: 9000, total: 9000 })
    expect(packing.map((e) => e.done)).toEqual([...packing.map((e) => e.done)].sort((a, b) => a - b))

    const restore: BackupProgress[] = []
    await openBackup(bytes, PASSPHRASE, { onProgress: (p) => restore.push(p) })
    expect([...new Set(restore.map((e) => e.stage))]).toEqual([
      'deriving-key',
      'decrypting',
      'decompressing',
      'validating',
      'done',
    ])
    expect(restore.filter((e) => e.stage === 'decrypting').at(-1)).toMatchObject({ done: bytes.length - HEADER_LENGTH })
  })
})

describe('refusals when writing', () => {
  it('refuses a short passphrase, a key of the wrong size and KDF parameters readers would refuse', async () => {
    const payload = samplePayload(2)
    await expectBackupError(createBackup(payload, 'short', fast), 'WEAK_PASSPHRASE')
    await expectBackupError(createBackup(payload, randomBytes(16)), 'INVALID_INPUT')
    await expectBackupError(createBackup(payload, PASSPHRASE, { kdf: { N: 2 ** 21, r: 8, p: 1 } }), 'BACKUP_KDF_UNSUPPORTED')
    await expectBackupError(createBackup(payload, PASSPHRASE, { kdf: { N: 1000, r: 8, p: 1 } }), 'BACKUP_KDF_UNSUPPORTED')
  })

  it('refuses a payload that would not restore, naming the field', async () => {
    const payload = samplePayload(3)
    const bad = { ...payload, transactions: [{ ...payload.transactions[0]!, title: 'x'.repeat(500) }] }
    const error = await expectBackupError(createBackup(bad, PASSPHRASE, fast), 'INVALID_INPUT')
    expect(error.details).toMatchObject({ path: 'transactions.0.title' })
  })
})

describe('secret of the wrong kind', () => {
  it('calls a keychain key for a passphrase file, a passphrase for a key file, and another key all "wrong passphrase"', async () => {
    const payload = samplePayload(2)
    const key = randomBytes(32)
    const withPassphrase = await createBackup(payload, PASSPHRASE, fast)
    const withKey = await createBackup(payload, key)
    await expectBackupError(openBackup(withPassphrase, key), 'BACKUP_WRONG_PASSPHRASE')
    await expectBackupError(openBackup(withKey, PASSPHRASE), 'BACKUP_WRONG_PASSPHRASE')
    await expectBackupError(openBackup(withKey, randomBytes(32)), 'BACKUP_WRONG_PASSPHRASE')
  })
})

describe('authenticated but unusable content', () => {
  it('calls a payload from a newer app "too new"', async () => {
    const text = JSON.stringify({ ...samplePayload(2), version: 4, somethingNew: true })
    const bytes = await sealJson([{ text, rows: 0 }], 0, PASSPHRASE, fast)
    const error = await expectBackupError(openBackup(bytes, PASSPHRASE), 'BACKUP_TOO_NEW')
    expect(error.details).toMatchObject({ payloadVersion: 4, supported: 3 })
  })

  it.each([
    ['not JSON', async () => sealJson([{ text: '{"version":2,', rows: 0 }], 0, PASSPHRASE, fast), 'payload-json'],
    ['no version', async () => sealJson([{ text: '{"hello":1}', rows: 0 }], 0, PASSPHRASE, fast), 'payload-version'],
    [
      'invalid for its version',
      async () => sealJson([{ text: JSON.stringify({ ...samplePayload(2), cardLabels: 'none' }), rows: 0 }], 0, PASSPHRASE, fast),
      'payload-invalid',
    ],
    ['not deflate data', async () => sealRawBody(Buffer.from('plain, not compressed'), PASSPHRASE), 'payload-compression'],
  ])('calls a payload that is %s "corrupt"', async (_, make, reason) => {
    const error = await expectBackupError(openBackup(await make(), PASSPHRASE), 'BACKUP_CORRUPT')
    expect(error.details).toMatchObject({ reason })
  })
})

describe('files', () => {
  it('writes a backup file readable by its owner only and reads it back', async () => {
    const dir = await tempDir()
    const path = join(dir, 'wallet.iwbk')
    const payload = samplePayload(50)
    const summary = await createBackupFile(path, payload, PASSPHRASE, fast)
    expect(summary.fileBytes).toBe((await stat(path)).size)
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(await openBackupFile(path, PASSPHRASE)).toEqual(payload)
  })

  it('leaves an existing file and the folder untouched when creating fails', async () => {
    const dir = await tempDir()
    const path = join(dir, 'wallet.iwbk')
    await writeFile(path, 'previous backup')
    const before = await snapshotDir(dir)
    await expectBackupError(
      createBackupFile(path, { ...samplePayload(2), version: 9 } as never, PASSPHRASE, fast),
      'INVALID_INPUT',
    )
    await expectBackupError(createBackupFile(path, samplePayload(2), 'short', fast), 'WEAK_PASSPHRASE')
    expect(await snapshotDir(dir)).toEqual(before)
  })

  it('classifies a huge file by its first bytes without reading it whole', async () => {
    const dir = await tempDir()
    const movie = join(dir, 'movie.mp4')
    await writeFile(movie, Buffer.from('....ftypisom'))
    await truncate(movie, 600 * 1024 * 1024) // sparse: no real disk use
    await expectBackupError(readBackupFile(movie), 'BACKUP_NOT_A_BACKUP')

    const big = join(dir, 'big.iwbk')
    await writeFile(big, await createBackup(samplePayload(2), PASSPHRASE, fast))
    await truncate(big, 600 * 1024 * 1024)
    const error = await expectBackupError(readBackupFile(big), 'BACKUP_CORRUPT')
    expect(error.details).toMatchObject({ reason: 'too-large' })
    expect((await readdir(dir)).sort()).toEqual(['big.iwbk', 'movie.mp4'])
  })

  it('does not change the file it fails to open', async () => {
    const dir = await tempDir()
    const path = join(dir, 'wallet.iwbk')
    await createBackupFile(path, samplePayload(5), PASSPHRASE, fast)
    const before = await readFile(path)
    await expectBackupError(openBackupFile(path, 'not the passphrase'), 'BACKUP_WRONG_PASSPHRASE')
    expect((await readFile(path)).equals(before)).toBe(true)
  })
})
