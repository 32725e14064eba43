import { createHmac, randomBytes } from 'node:crypto'

/**
 * HOTP (RFC 4226) and TOTP (RFC 6238) with HMAC-SHA1, plus RFC 4648 base32 for the shared secret:
 * short enough to keep here instead of taking a dependency, and tested against the RFC vectors.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Encode(data: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of data) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32.charAt((value >>> (bits - 5)) & 31)
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32.charAt((value << (5 - bits)) & 31)
  return out
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase()
  const bytes: number[] = []
  let bits = 0
  let value = 0
  for (const char of clean) {
    const index = BASE32.indexOf(char)
    if (index === -1) throw new RangeError(`not base32: ${char}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(bytes)
}

export function newSecret(bytes = 20): string {
  return base32Encode(randomBytes(bytes))
}

/** RFC 4226 HOTP with dynamic truncation; `digits` up to 9. */
export function hotp(key: Uint8Array, counter: number, digits = 6): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', key).update(message).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!
  return String(binary % 10 ** digits).padStart(digits, '0')
}

export interface TotpOptions {
  periodMs?: number
  digits?: number
}

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

export function otpauthUri(secret: string, account: string, issuer: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`)
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`
}
