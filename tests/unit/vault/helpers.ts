import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect } from 'vitest'
import { AppError, type ErrorCode } from '../../../src/shared/errors'
import type { ScryptParams } from '../../../src/main/platform/vault/crypto'
import type { SafeStorageLike } from '../../../src/main/platform/vault/safe-storage'

/** Cheap KDF parameters so unit tests run in milliseconds; the real N = 2^17 is exercised in tests/integration/vault. */
export const FAST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 }

export interface ManualClock {
  now(): number
  advance(ms: number): void
  set(ms: number): void
}

export function manualClock(start = Date.UTC(2025, 0, 1)): ManualClock {
  let t = start
  return {
    now: () => t,
    advance: (ms) => {
      t += ms
    },
    set: (ms) => {
      t = ms
    },
  }
}

/** A fresh temporary folder per test, removed afterwards. */
export function useTempDir(): () => Promise<string> {
  const made: string[] = []
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vault-test-'))
    made.push(dir)
    return dir
  }
}

export async function expectAppError(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  expect((error as AppError).code).toBe(code)
  return error as AppError
}

export interface FakeSafeStorage extends SafeStorageLike {
  calls: string[]
  /** Forces the next decryptStringAsync to ask for re-encryption (key rotation). */
  rotateOnNextDecrypt: boolean
}

/**
 * Stands in for Electron's safeStorage: real AES-GCM under a key that plays the OS keyring's part, with
 * the Linux backend and the availability of the async API configurable.
 */
export function fakeSafeStorage(
  options: { backend?: string; available?: boolean; asyncApi?: boolean; key?: Buffer } = {},
): FakeSafeStorage {
  const key = options.key ?? randomBytes(32)
  const calls: string[] = []
  const encrypt = (plain: string): Buffer => {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body])
  }
  const decrypt = (data: Buffer): string => {
    if (!data.subarray(0, 3).equals(Buffer.from('v10')))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(3, 15))
    decipher.setAuthTag(data.subarray(15, 31))
    return Buffer.concat([decipher.update(data.subarray(31)), decipher.final()]).toString('utf8')
  }
  const fake: FakeSafeStorage = {
    calls,
    rotateOnNextDecrypt: false,
    isEncryptionAvailable: () => {
      calls.push('isEncryptionAvailable')
      return options.available ?? true
    },
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString: (plain) => {
      calls.push('encryptString')
      return encrypt(plain)
    },
    decryptString: (data) => {
      calls.push('decryptString')
      return decrypt(data)
    },
  }
  if (options.asyncApi ?? true) {
    fake.isAsyncEncryptionAvailable = async () => {
      calls.push('isAsyncEncryptionAvailable')
      return options.available ?? true
    }
    fake.encryptStringAsync = async (plain) => {
      calls.push('encryptStringAsync')
      return encrypt(plain)
    }
    fake.decryptStringAsync = async (data) => {
      calls.push('decryptStringAsync')
      const shouldReEncrypt = fake.rotateOnNextDecrypt
      fake.rotateOnNextDecrypt = false
      return { result: decrypt(data), shouldReEncrypt }
    }
  }
  return fake
}
