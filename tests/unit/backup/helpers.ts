import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterEach, expect } from 'vitest'
import { ChunkSealer } from '../../../src/main/platform/backup/chunks'
import type { BackupErrorCode } from '../../../src/main/platform/backup/errors'
import { HEADER_LENGTH, encodeHeaderPrefix, sealHeader, type ScryptParams } from '../../../src/main/platform/backup/header'
import { deriveWrapKey, wrapFileKey, type BackupSecret } from '../../../src/main/platform/backup/keys'
import { AppError } from '../../../src/shared/errors'

/** Cheap scrypt so most tests run in milliseconds; the default N=2^18 has its own test and the vectors. */
export const FAST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 }
export const PASSPHRASE = '工行备份 correct horse'

export async function expectBackupError(
  promise: Promise<unknown>,
  code: BackupErrorCode | 'INVALID_INPUT' | 'WEAK_PASSPHRASE',
): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error, `expected ${code}`).toBeInstanceOf(AppError)
  expect((error as AppError).code).toBe(code)
  return error as AppError
}

/** A fresh temporary folder per test, removed afterwards. */
export function useTempDir(): () => Promise<string> {
  const made: string[] = []
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'backup-test-'))
    made.push(dir)
    return dir
  }
}

/** Every file in a folder with its bytes, to show that a failed operation changed nothing. */
export async function snapshotDir(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const name of (await readdir(dir)).sort()) out[name] = (await readFile(join(dir, name))).toString('base64')
  return out
}

/** Rewrites the header's CRC-32 after a deliberate change, as an attacker (not a flaky disk) would. */
export function fixCrc(file: Buffer): Buffer {
  const out = Buffer.from(file)
  out.writeUInt32BE(crc32(out.subarray(0, HEADER_LENGTH - 4)), HEADER_LENGTH - 4)
  return out
}

/** A well-formed, fully authenticated file around arbitrary (uncompressed) body bytes. */
export async function sealRawBody(body: Buffer, secret: BackupSecret, kdf: ScryptParams = FAST_SCRYPT): Promise<Buffer> {
  const fileKey = randomBytes(32)
  const prefix = encodeHeaderPrefix({
    kdf: typeof secret === 'string' ? { name: 'scrypt', scrypt: kdf } : { name: 'keychain-key' },
    salt: randomBytes(16),
    noncePrefix: randomBytes(8),
    wrapNonce: randomBytes(12),
  })
  const wrapKey = await deriveWrapKey(
    typeof secret === 'string' ? { name: 'scrypt', scrypt: kdf } : { name: 'keychain-key' },
    prefix.subarray(17, 33),
    secret,
  )
  const { wrapped, tag } = wrapFileKey(wrapKey, fileKey, prefix, prefix.subarray(41, 53))
  const header = sealHeader(prefix, wrapped, tag)
  const sealer = new ChunkSealer(fileKey, header, prefix.subarray(33, 41))
  return Buffer.concat([header, ...sealer.push(body), sealer.end()])
}
