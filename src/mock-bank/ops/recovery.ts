import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'
import { base32Encode } from '../../shared/otp'
import type { RecoveryCodeHash } from '../state'

/**
 * 恢复码: ten single-use codes made when two-factor authentication is turned on, each usable once
 * instead of an authenticator code. The customer sees them once (the confirm answer, which the
 * idempotency store never replays: src/mock-bank/http/route.ts handsOutCredential); the bank keeps
 * only a per-code random salt and a scrypt hash, so its journal holds nothing a code can be read from
 * (docs/security.md, the bank's folder holds no secret).
 */
export const RECOVERY_CODE_COUNT = 10

/** scrypt's cost: slow enough that 50 bits cannot be tried offline, fast enough for ten checks. */
const SCRYPT = { N: 1 << 12, r: 8, p: 1 }

function hashOf(code: string, salt: Buffer): Buffer {
  return scryptSync(normalizeRecoveryCode(code), salt, 32, SCRYPT)
}

/** What people type: spaces, dashes and case do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase()
}

/** A recovery code looks like this (two groups of five base32 characters); an authenticator code is six digits. */
export const RECOVERY_CODE_PATTERN = /^[A-Z2-7]{5}-?[A-Z2-7]{5}$/i

export function newRecoveryCodes(): { codes: string[]; hashes: RecoveryCodeHash[] } {
  const codes: string[] = []
  const hashes: RecoveryCodeHash[] = []
  for (let i = 0; i < RECOVERY_CODE_COUNT; i++) {
    // 50 random bits: ten base32 characters.
    const text = base32Encode(randomBytes(7)).slice(0, 10)
    const code = `${text.slice(0, 5)}-${text.slice(5)}`
    const salt = randomBytes(16)
    codes.push(code)
    hashes.push({ salt: salt.toString('base64url'), hash: hashOf(code, salt).toString('base64url'), used: false })
  }
  return { codes, hashes }
}

/** The index of the unused recovery code `code` matches, or undefined. */
export function matchRecoveryCode(hashes: readonly RecoveryCodeHash[], code: string): number | undefined {
  if (!RECOVERY_CODE_PATTERN.test(code.trim())) return undefined
  for (const [index, stored] of hashes.entries()) {
    if (stored.used) continue
    const expected = Buffer.from(stored.hash, 'base64url')
    if (timingSafeEqual(hashOf(code, Buffer.from(stored.salt, 'base64url')), expected)) return index
  }
  return undefined
}
