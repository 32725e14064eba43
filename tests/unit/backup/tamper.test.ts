/**
 * The tamper matrix of docs/backup-format.md: every header field, every chunk and tag, truncation at and between chunk
 * boundaries, appended bytes, moved chunks and oversized KDF parameters, each refused with its code,
 * and the input never modified.
 */
import { randomBytes } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { createBackup, openBackup } from '../../../src/main/platform/backup'
import { RECORD_BYTES } from '../../../src/main/platform/backup/chunks'
import type { BackupErrorCode } from '../../../src/main/platform/backup/errors'
import {
  DEFAULT_SCRYPT,
  HEADER_FIELDS,
  HEADER_LENGTH,
  KDF_IDS,
  SCRYPT_CAPS,
  checkScryptParams,
} from '../../../src/main/platform/backup/header'
import { FAST_SCRYPT, PASSPHRASE, expectBackupError, fixCrc } from './helpers'
import { samplePayload } from './sample'

let file: Buffer
let chunkCount: number
let keyFile: Buffer
const key = randomBytes(32)

beforeAll(async () => {
  // Enough rows for four chunks, so there are first, middle and last chunks to damage.
  file = await createBackup(samplePayload(10_000), PASSPHRASE, { kdf: FAST_SCRYPT })
  chunkCount = Math.ceil((file.length - HEADER_LENGTH) / RECORD_BYTES)
  keyFile = await createBackup(samplePayload(50), key)
})

function chunkStart(i: number): number {
  return HEADER_LENGTH + i * RECORD_BYTES
}
function chunkEnd(i: number): number {
  return Math.min(chunkStart(i + 1), file.length)
}

function flip(bytes: Buffer, offset: number, mask = 0x01): Buffer {
  const out = Buffer.from(bytes)
  out[offset] = out[offset]! ^ mask
  return out
}

/** Opens a copy and checks the code; also that the bytes handed in are exactly as they were. */
async function expectRefused(bytes: Buffer, code: BackupErrorCode, secret: string | Buffer = PASSPHRASE) {
  const before = Buffer.from(bytes)
  const error = await expectBackupError(openBackup(bytes, secret), code)
  expect(bytes.equals(before)).toBe(true)
  return error
}

/**
 * Refused by the chunk layer itself (authentication or framing), not later by zlib or the schema: the
 * deflate stream would catch many truncations on its own, which must not hide a gap in the chunk layer.
 */
async function expectChunkLayerRefusal(bytes: Buffer, secret: string | Buffer = PASSPHRASE) {
  const error = await expectRefused(bytes, 'BACKUP_CORRUPT', secret)
  expect(['chunk-auth', 'truncated', 'body-length']).toContain(error.details?.reason)
  return error
}

describe('the file under test', () => {
  it('opens, and has at least four chunks', async () => {
    expect(chunkCount).toBeGreaterThanOrEqual(4)
    expect((await openBackup(file, PASSPHRASE)).transactions.length).toBe(10_000)
  })
})

describe('header damage (a flipped bit anywhere)', () => {
  const cases = HEADER_FIELDS.flatMap((f) => {
    const offsets = [...new Set([f.offset, f.offset + f.length - 1])]
    return offsets.map((offset) => [f.name, offset, f.name === 'magic' ? 'BACKUP_NOT_A_BACKUP' : 'BACKUP_CORRUPT'] as const)
  })

  it.each(cases)('%s at byte %i → %s', async (_, offset, code) => {
    const error = await expectRefused(flip(file, offset), code)
    if (code === 'BACKUP_CORRUPT') expect(error.details?.reason).toMatch(/header-checksum|header-length|truncated-header/)
  })

  it.each(cases.filter(([name]) => name !== 'magic'))(
    '%s at byte %i is damage, not a wrong passphrase, even with the wrong passphrase',
    async (_, offset) => {
      await expectRefused(flip(file, offset), 'BACKUP_CORRUPT', 'some other passphrase')
    },
  )

  it('covers every header byte with a field', () => {
    const covered = HEADER_FIELDS.reduce((n, f) => n + f.length, 0)
    expect(covered).toBe(HEADER_LENGTH)
    for (const [i, f] of HEADER_FIELDS.entries())
      if (i > 0) expect(f.offset).toBe(HEADER_FIELDS[i - 1]!.offset + HEADER_FIELDS[i - 1]!.length)
  })
})

describe('header changed on purpose (checksum recomputed)', () => {
  it.each([
    ['salt', 17],
    ['noncePrefix', 33],
    ['wrapNonce', 41],
    ['wrappedKey', 53],
    ['wrapTag', 85],
  ])('%s → the key does not unwrap: wrong passphrase (the header is authenticated by the key wrap)', async (_, offset) => {
    await expectRefused(fixCrc(flip(file, offset)), 'BACKUP_WRONG_PASSPHRASE')
  })

  it('scrypt r or p changed within the caps → wrong passphrase (another key is derived)', async () => {
    const changed = Buffer.from(file)
    changed[15] = 2
    await expectRefused(fixCrc(changed), 'BACKUP_WRONG_PASSPHRASE')
  })

  it('a newer format version → too new, whatever follows', async () => {
    const v2 = Buffer.from(file)
    v2.writeUInt16BE(2, 8)
    const error = await expectRefused(fixCrc(v2), 'BACKUP_TOO_NEW')
    expect(error.details).toMatchObject({ formatVersion: 2, supported: 1 })
  })

  it('a newer format version with a longer header → too new (the checksum sits at the end of any header)', async () => {
    const longer = Buffer.concat([
      file.subarray(0, HEADER_LENGTH - 4),
      Buffer.alloc(20),
      Buffer.alloc(4),
      file.subarray(HEADER_LENGTH),
    ])
    longer.writeUInt16BE(7, 8)
    longer.writeUInt16BE(HEADER_LENGTH + 20, 10)
    longer.writeUInt32BE(crc32(longer.subarray(0, HEADER_LENGTH + 16)), HEADER_LENGTH + 16)
    await expectRefused(longer, 'BACKUP_TOO_NEW')
  })

  it('format version 0 and an unknown compression → corrupt', async () => {
    const v0 = Buffer.from(file)
    v0.writeUInt16BE(0, 8)
    await expectRefused(fixCrc(v0), 'BACKUP_CORRUPT')
    await expectRefused(fixCrc(flip(file, 16, 0x03)), 'BACKUP_CORRUPT')
  })
})

describe('KDF parameters a reader refuses', () => {
  function withKdf(id: number, log2N: number, r: number, p: number, base = file): Buffer {
    const out = Buffer.from(base)
    out.writeUInt8(id, 12)
    out.writeUInt8(log2N, 13)
    out.writeUInt8(r, 14)
    out.writeUInt8(p, 15)
    return fixCrc(out)
  }

  it.each([
    ['N = 2^21 (above the 2^20 cap)', KDF_IDS.scrypt, 21, 8, 1],
    ['N = 2^255', KDF_IDS.scrypt, 255, 8, 1],
    ['N = 2^0', KDF_IDS.scrypt, 0, 8, 1],
    ['r = 17 (above 16)', KDF_IDS.scrypt, 17, 17, 1],
    ['r = 0', KDF_IDS.scrypt, 17, 0, 1],
    ['p = 5 (above 4)', KDF_IDS.scrypt, 17, 8, 5],
    ['p = 0', KDF_IDS.scrypt, 17, 8, 0],
    ['N = 2^20 with r = 8 (1 GiB, above the 512 MiB memory cap)', KDF_IDS.scrypt, 20, 8, 1],
    ['N = 2^19 with r = 16 (1 GiB)', KDF_IDS.scrypt, 19, 16, 1],
    ['N = 2^16 with r = 1 (RFC 7914 needs N < 2^(16·r))', KDF_IDS.scrypt, 16, 1, 1],
    ['an unknown KDF', 3, 17, 8, 1],
    ['KDF id 0', 0, 0, 0, 0],
    ['keychain-key with parameters', KDF_IDS['keychain-key'], 17, 8, 1],
  ])('%s → KDF unsupported, without running it', async (_, id, log2N, r, p) => {
    const started = performance.now()
    await expectRefused(withKdf(id, log2N, r, p), 'BACKUP_KDF_UNSUPPORTED')
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('leaves the default room under the caps: a writer may double N once more', () => {
    expect(checkScryptParams(DEFAULT_SCRYPT)).toBe(Math.log2(DEFAULT_SCRYPT.N))
    expect(() => checkScryptParams({ ...DEFAULT_SCRYPT, N: DEFAULT_SCRYPT.N * 2 })).not.toThrow()
    expect(2 ** SCRYPT_CAPS.maxLog2N).toBeGreaterThanOrEqual(2 ** 18)
  })

  it('accepts N at the cap (2^20, r = 2: 256 MiB) and N = 2^15 with r = 1: the checks are not off by one', async () => {
    // Allowed parameters run the KDF and then fail to unwrap: wrong passphrase, not "unsupported".
    await expectRefused(withKdf(KDF_IDS.scrypt, 20, 2, 1), 'BACKUP_WRONG_PASSPHRASE')
    await expectRefused(withKdf(KDF_IDS.scrypt, 15, 1, 1), 'BACKUP_WRONG_PASSPHRASE')
  }, 30_000)
})

describe('chunk damage', () => {
  it('flips a byte at the start, middle and end of every chunk and in every tag → corrupt, naming the chunk', async () => {
    for (let i = 0; i < chunkCount; i++) {
      const [start, end] = [chunkStart(i), chunkEnd(i)]
      const tag = end - 16
      for (const offset of [start, Math.floor((start + tag) / 2), tag - 1, tag, tag + 8, end - 1]) {
        const error = await expectChunkLayerRefusal(flip(file, offset))
        expect(error.details).toMatchObject({ reason: 'chunk-auth', chunk: i })
      }
    }
  })

  it('with the wrong passphrase, a damaged chunk is a wrong passphrase (the key is checked first)', async () => {
    await expectRefused(flip(file, chunkStart(1) + 5), 'BACKUP_WRONG_PASSPHRASE', 'some other passphrase')
  })
})

describe('truncation', () => {
  it('at every chunk boundary → corrupt', async () => {
    for (let i = 0; i < chunkCount; i++) await expectChunkLayerRefusal(file.subarray(0, chunkStart(i)))
  })

  it('between chunk boundaries (inside a chunk, inside a tag, one byte short) → corrupt', async () => {
    for (let i = 0; i < chunkCount; i++) {
      for (const cut of [
        chunkStart(i) + 1,
        chunkStart(i) + 15,
        chunkStart(i) + 16,
        chunkStart(i) + 1000,
        chunkEnd(i) - 8,
        chunkEnd(i) - 1,
      ]) {
        if (cut >= file.length) continue
        await expectChunkLayerRefusal(file.subarray(0, cut))
      }
    }
  })

  it('inside the header, and inside the magic → corrupt; to nothing → not a backup', async () => {
    for (const cut of [HEADER_LENGTH - 1, 60, 12, 9, 8, 5, 1]) {
      const error = await expectRefused(file.subarray(0, cut), 'BACKUP_CORRUPT')
      expect(error.details?.reason).toBe('truncated-header')
    }
    await expectRefused(file.subarray(0, 0), 'BACKUP_NOT_A_BACKUP')
  })
})

describe('appended data', () => {
  it.each([
    ['one byte', Buffer.from([0])],
    ['16 bytes', randomBytes(16)],
    ['17 bytes', randomBytes(17)],
    ['a whole random chunk', randomBytes(RECORD_BYTES)],
  ])('%s → corrupt', async (_, extra) => {
    await expectChunkLayerRefusal(Buffer.concat([file, extra]))
  })

  it('a copy of the final chunk → corrupt', async () => {
    await expectChunkLayerRefusal(Buffer.concat([file, file.subarray(chunkStart(chunkCount - 1))]))
  })

  it('a second backup glued on → corrupt', async () => {
    await expectChunkLayerRefusal(Buffer.concat([file, file]))
  })
})

describe('reordered, dropped and transplanted chunks', () => {
  const chunk = (i: number) => file.subarray(chunkStart(i), chunkEnd(i))

  it('two chunks swapped → corrupt', async () => {
    const swapped = Buffer.concat([file.subarray(0, HEADER_LENGTH), chunk(1), chunk(0), file.subarray(chunkStart(2))])
    const error = await expectChunkLayerRefusal(swapped)
    expect(error.details).toMatchObject({ chunk: 0 })
  })

  it('a middle chunk dropped, or repeated → corrupt', async () => {
    await expectChunkLayerRefusal(Buffer.concat([file.subarray(0, chunkStart(1)), file.subarray(chunkStart(2))]))
    await expectChunkLayerRefusal(Buffer.concat([file.subarray(0, chunkStart(2)), chunk(1), file.subarray(chunkStart(2))]))
  })

  it('the last chunk dropped, so a full chunk ends the file → corrupt (it was not sealed as final)', async () => {
    await expectChunkLayerRefusal(file.subarray(0, chunkStart(chunkCount - 1)))
  })

  it('chunks of one file under the header of another (same passphrase) → corrupt', async () => {
    const other = await createBackup(samplePayload(10_000), PASSPHRASE, { kdf: FAST_SCRYPT })
    await expectChunkLayerRefusal(Buffer.concat([other.subarray(0, HEADER_LENGTH), file.subarray(HEADER_LENGTH)]))
  })
})

describe('automatic-backup files (keychain key) follow the same rules', () => {
  it('damage, truncation, wrong key', async () => {
    await expectRefused(flip(keyFile, 20), 'BACKUP_CORRUPT', key)
    await expectChunkLayerRefusal(flip(keyFile, keyFile.length - 1), key)
    await expectChunkLayerRefusal(keyFile.subarray(0, keyFile.length - 1), key)
    await expectRefused(keyFile, 'BACKUP_WRONG_PASSPHRASE', randomBytes(32))
  })
})

describe('files that are not backups', () => {
  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['random bytes', randomBytes(4096)],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1')],
    ['a ZIP', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0])],
    ['a PNG (same first byte as the magic)', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ['JSON text', Buffer.from(JSON.stringify(samplePayload(2)))],
    ['a CSV export', Buffer.from('时间,金额\n2025-01-01,12.00\n')],
  ])('%s → not a backup', async (_, bytes) => {
    await expectRefused(bytes, 'BACKUP_NOT_A_BACKUP')
  })

  it('a backup whose line endings were converted in transfer (CR LF → LF) → not a backup', async () => {
    const converted = Buffer.concat([file.subarray(0, 4), file.subarray(5)])
    await expectRefused(converted, 'BACKUP_NOT_A_BACKUP')
  })
})
