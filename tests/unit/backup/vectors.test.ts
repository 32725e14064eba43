/**
 * The committed vectors in tests/fixtures/backup (made by scripts/generate-backup-vectors.ts) must keep
 * opening to what vectors.json says: a changed reader, schema or format that breaks old files fails here.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeBackup, peekBackup } from '../../../src/main/platform/backup'
import { decryptToJson, sealJson } from '../../../src/main/platform/backup/backup'
import { RECORD_BYTES } from '../../../src/main/platform/backup/chunks'
import type { BackupErrorCode } from '../../../src/main/platform/backup/errors'
import { HEADER_LENGTH, parseHeader } from '../../../src/main/platform/backup/header'
import { deriveWrapKey } from '../../../src/main/platform/backup/keys'
import { expectBackupError } from './helpers'
import { canonicalJson } from './sample'

const LEGACY_SCRYPT = { N: 2 ** 17, r: 8, p: 1 }

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'backup')

interface Vector {
  name: string
  file: string
  secret: { passphrase: string } | { keyHex: string }
  expect:
    | { payload: string; source?: string; filePayloadVersion: number }
    | { payloadSha256: string; filePayloadVersion: number; chunks: number; counts: { transactions: number; balances: number } }
    | { error: BackupErrorCode }
  intermediate?: { fileKeyHex: string; saltHex: string; noncePrefixHex: string; wrapNonceHex: string; wrapKeyHex: string }
}

const { vectors } = JSON.parse(readFileSync(join(DIR, 'vectors.json'), 'utf8')) as { vectors: Vector[] }
const secretOf = (v: Vector) => ('passphrase' in v.secret ? v.secret.passphrase : Buffer.from(v.secret.keyHex, 'hex'))
const bytesOf = (v: Vector) => readFileSync(join(DIR, v.file))

describe('committed backup vectors', () => {
  it('include every kind of outcome', () => {
    const outcomes = new Set(vectors.map((v) => ('error' in v.expect ? v.expect.error : 'ok')))
    expect([...outcomes].sort()).toEqual(
      [
        'BACKUP_CORRUPT',
        'BACKUP_KDF_UNSUPPORTED',
        'BACKUP_NOT_A_BACKUP',
        'BACKUP_TOO_NEW',
        'BACKUP_WRONG_PASSPHRASE',
        'ok',
      ].sort(),
    )
  })

  const opening = vectors.filter((v) => !('error' in v.expect))
  it.each(opening.map((v) => [v.name, v] as const))('%s decrypts to its expected payload', { timeout: 30_000 }, async (_, v) => {
    const bytes = bytesOf(v)
    const { payload, summary } = await decodeBackup(bytes, secretOf(v))
    const e = v.expect as Exclude<Vector['expect'], { error: BackupErrorCode }>
    expect(summary.filePayloadVersion).toBe(e.filePayloadVersion)
    if ('payload' in e) {
      expect(payload).toEqual(JSON.parse(readFileSync(join(DIR, e.payload), 'utf8')))
    } else {
      expect(createHash('sha256').update(canonicalJson(payload)).digest('hex')).toBe(e.payloadSha256)
      expect(summary.counts).toMatchObject(e.counts)
      expect(Math.ceil((bytes.length - HEADER_LENGTH) / RECORD_BYTES)).toBe(e.chunks)
    }
    // The committed passphrase files were written at N=2^17, the default before 2^18: they are what
    // shows that files of the earlier default keep opening.
    if ('passphrase' in v.secret) expect(peekBackup(bytes).scrypt).toEqual(LEGACY_SCRYPT)
  })

  const frozen = opening.filter((v) => 'source' in v.expect)
  it('keep files of every older payload version', () => {
    expect(frozen.map((v) => (v.expect as { filePayloadVersion: number }).filePayloadVersion).sort()).toEqual([1, 2])
  })

  it.each(frozen.map((v) => [v.name, v] as const))(
    '%s still holds exactly what its version wrote (source.json)',
    { timeout: 30_000 },
    async (_, v) => {
      const { source } = v.expect as { source: string }
      const held: unknown = JSON.parse((await decryptToJson(bytesOf(v), secretOf(v))).text)
      expect(held).toEqual(JSON.parse(readFileSync(join(DIR, source), 'utf8')))
    },
  )

  it.each(opening.map((v) => [v.name, v] as const))(
    '%s: the documented intermediate values are the ones in the file',
    { timeout: 30_000 },
    async (_, v) => {
      const bytes = bytesOf(v)
      const header = parseHeader(bytes)
      const i = v.intermediate!
      expect(header.salt.toString('hex')).toBe(i.saltHex)
      expect(header.noncePrefix.toString('hex')).toBe(i.noncePrefixHex)
      expect(header.wrapNonce.toString('hex')).toBe(i.wrapNonceHex)
      expect((await deriveWrapKey(header.kdf, header.salt, secretOf(v))).toString('hex')).toBe(i.wrapKeyHex)
    },
  )

  it(
    "today's writer produces the same header from the same random values (and the vector's N)",
    { timeout: 30_000 },
    async () => {
      const v = vectors.find((x) => x.name === 'passphrase-v3')!
      const i = v.intermediate!
      const bySize: Record<number, string> = { 32: i.fileKeyHex, 16: i.saltHex, 8: i.noncePrefixHex, 12: i.wrapNonceHex }
      const rewritten = await sealJson([{ text: '{}', rows: 0 }], 0, secretOf(v), {
        kdf: LEGACY_SCRYPT,
        randomBytes: (n) => Buffer.from(bySize[n]!, 'hex'),
      })
      expect(rewritten.subarray(0, HEADER_LENGTH).equals(bytesOf(v).subarray(0, HEADER_LENGTH))).toBe(true)
    },
  )

  const refusing = vectors.filter((v) => 'error' in v.expect)
  it.each(refusing.map((v) => [v.name, v] as const))('%s is refused with its code', { timeout: 30_000 }, async (_, v) => {
    await expectBackupError(decodeBackup(bytesOf(v), secretOf(v)), (v.expect as { error: BackupErrorCode }).error)
  })
})
