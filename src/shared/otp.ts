import { base32nopad } from '@scure/base'
import { generateSync } from 'otplib'

/**
 * One-time codes, for both sides of the wire: the wallet's pay code (src/main/core/payments/otp.ts) and
 * the mock bank's two-factor and pay-code checks (src/mock-bank/totp.ts, src/mock-bank/paycode.ts).
 * HOTP (RFC 4226) comes from otplib and base32 (RFC 4648, unpadded) from @scure/base; this module only
 * fixes the shapes both sides use. Pure JavaScript: no Node modules.
 */

/** RFC 4648 base32 without padding, as authenticator apps and the bank hand secrets over. */
export function base32Encode(data: Uint8Array): string {
  return base32nopad.encode(data)
}

/** Lenient about what people type (spaces, dashes, padding, lower case); throws RangeError on anything else. */
export function base32Decode(text: string): Uint8Array {
  try {
    return base32nopad.decode(text.replace(/[\s=-]/g, '').toUpperCase())
  } catch {
    throw new RangeError('not base32')
  }
}

/** A fresh shared secret, base32: 160 bits unless told otherwise. */
export function newSecret(bytes = 20): string {
  return base32Encode(globalThis.crypto.getRandomValues(new Uint8Array(bytes)))
}

/** RFC 4226 HOTP (HMAC-SHA1, dynamic truncation), zero-padded to `digits` (6–8). */
export function hotp(key: Uint8Array, counter: number, digits = 6): string {
  return generateSync({ strategy: 'hotp', secret: key, counter, digits: digits as 6 | 7 | 8 })
}

export interface TotpOptions {
  periodMs?: number
  digits?: number
}

/** The RFC 6238 time step of `timeMs`. */
export function totpCounter(timeMs: number, periodMs = 30_000): number {
  return Math.floor(timeMs / periodMs)
}

export function totp(key: Uint8Array, timeMs: number, options: TotpOptions = {}): string {
  return hotp(key, totpCounter(timeMs, options.periodMs), options.digits)
}

/**
 * The counter a code matches within ±window steps of `timeMs`, only above `lastCounter` so that a
 * code is never accepted twice; undefined when it matches none.
 */
export function verifyTotp(
  key: Uint8Array,
  code: string,
  timeMs: number,
  options: TotpOptions & { window?: number; lastCounter?: number } = {},
): number | undefined {
  const current = totpCounter(timeMs, options.periodMs)
  const window = options.window ?? 1
  for (let c = current - window; c <= current + window; c++) {
    if (options.lastCounter !== undefined && c <= options.lastCounter) continue
    if (c >= 0 && hotp(key, c, options.digits ?? code.length) === code) return c
  }
  return undefined
}

/** The otpauth:// URI an authenticator app scans (SHA-1, 6 digits, 30 s). */
export function otpauthUri(secret: string, account: string, issuer: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`)
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`
}
