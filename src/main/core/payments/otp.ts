import { createHmac } from 'node:crypto'

/**
 * The pay code (付款码), generated in main without the network: prefix + the device's code + an
 * HOTP (RFC 4226, HMAC-SHA1) of the time step, keyed by the secret the bank issued to this device.
 * The bank accepts a step within ±window of its own and only above the last one it accepted.
 */
export interface PayCodeDevice {
  deviceCode: string
  /** Base32 (RFC 4648), as the bank hands it over. */
  secret: string
  prefix: string
  digits: number
  periodMs: number
  window: number
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  const out: number[] = []
  let bits = 0
  let value = 0
  for (const ch of clean) {
    const index = BASE32.indexOf(ch)
    if (index < 0) throw new RangeError('not base32')
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out.push((value >>> bits) & 0xff)
    }
  }
  return Buffer.from(out)
}

/** RFC 4226 HOTP, zero-padded to `digits` (6–10). */
export function hotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', key).update(message).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

export function stepOf(timeMs: number, periodMs: number): number {
  return Math.floor(timeMs / periodMs)
}

export function payCodeFor(device: PayCodeDevice, counter: number): string {
  return `${device.prefix}${device.deviceCode}${hotp(base32Decode(device.secret), counter, device.digits)}`
}

/**
 * The step to show at `timeMs`: the current one, or — right after a code was used — the one after the
 * last used, which the bank's window still accepts.
 */
export function counterToShow(device: PayCodeDevice, timeMs: number, usedUpTo: number | undefined): number {
  const step = stepOf(timeMs, device.periodMs)
  if (usedUpTo === undefined || usedUpTo < step) return step
  return Math.min(usedUpTo + 1, step + device.window)
}
