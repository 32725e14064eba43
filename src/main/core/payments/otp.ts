import { base32Decode, hotp } from '../../../shared/otp'

/**
 * The pay code (付款码), generated in main without the network: prefix + the device's code + an
 * HOTP (RFC 4226, HMAC-SHA1; src/shared/otp.ts) of the time step, keyed by the secret the bank issued to this device.
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
