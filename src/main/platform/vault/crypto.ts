import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, scryptSync } from 'node:crypto'

export interface ScryptParams {
  N: number
  r: number
  p: number
}

/** Parameters for password hashing (unlock verifier, master passphrase): about 128 MiB and a few hundred ms. */
export const STRONG_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }

export const SALT_BYTES = 16
export const KEY_BYTES = 32
export const NONCE_BYTES = 12
export const TAG_BYTES = 16

const MAX_N = 2 ** 20
const MIN_MAXMEM = 256 * 1024 * 1024

/** Rejects parameters read from disk that would make us burn gigabytes or loop forever. */
export function assertScryptParams(params: ScryptParams): void {
  const { N, r, p } = params
  const ok =
    Number.isSafeInteger(N) &&
    N >= 2 &&
    N <= MAX_N &&
    (N & (N - 1)) === 0 &&
    Number.isSafeInteger(r) &&
    r >= 1 &&
    r <= 32 &&
    Number.isSafeInteger(p) &&
    p >= 1 &&
    p <= 16
  if (!ok) throw new RangeError('scrypt: unsupported parameters')
}

/**
 * scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is below what N=2^17, r=8 needs, so the cap
 * is raised to at least 256 MiB.
 */
export function deriveKey(secret: string, salt: Uint8Array, params: ScryptParams, keyLength = KEY_BYTES): Promise<Buffer> {
  const options = scryptOptions(params)
  return new Promise((resolve, reject) => {
    scryptCallback(secret.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

function scryptOptions(params: ScryptParams) {
  assertScryptParams(params)
  return { N: params.N, r: params.r, p: params.p, maxmem: Math.max(MIN_MAXMEM, 2 * 128 * params.N * params.r * params.p) }
}

/**
 * deriveKey in the calling thread, for a worker thread of lower priority than main's (the backup
 * worker: src/main/platform/backup/priority.ts). deriveKey runs in libuv's pool, whose threads have
 * main's priority: a second or more of a core taken from main's event loop while it runs.
 */
export function deriveKeySync(secret: string, salt: Uint8Array, params: ScryptParams, keyLength = KEY_BYTES): Buffer {
  return scryptSync(secret.normalize('NFC'), salt, keyLength, scryptOptions(params))
}

export interface Sealed {
  nonce: Buffer
  /** Ciphertext followed by the 16-byte GCM tag. */
  body: Buffer
}

export function aesGcmSeal(
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  nonce: Buffer = randomBytes(NONCE_BYTES),
): Sealed {
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES })
  cipher.setAAD(aad)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
  return { nonce, body }
}

/** Returns undefined when authentication fails (wrong key, or any bit of nonce, body or aad changed). */
export function aesGcmOpen(key: Uint8Array, nonce: Uint8Array, body: Uint8Array, aad: Uint8Array): Buffer | undefined {
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) return undefined
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES })
  decipher.setAAD(aad)
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES))
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()])
  } catch {
    return undefined
  }
}
