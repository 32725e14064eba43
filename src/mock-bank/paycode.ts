import { base32Decode, hotp, totpCounter } from '../shared/otp'

/**
 * The in-store pay code (付款码): 18 digits = prefix '28' + the device's 8-digit code + an 8-digit
 * HOTP over the 60-second time step, keyed by the device's secret issued at activation. The app can
 * show it offline; the bank accepts a counter within ±window steps of now and only above the last
 * counter it accepted for that device, so a code works once. To show a fresh code right after a
 * payment, the app uses counter max(step(now), lastUsed + 1), which the window still accepts.
 */
export const PAY_CODE_PREFIX = '28'
export const PAY_CODE_DIGITS = 8
export const PAY_CODE_PERIOD_MS = 60_000

export interface PayCodeDevice {
  deviceCode: string
  /** Base32. */
  secret: string
}

export function payCodeAt(device: PayCodeDevice, counter: number): string {
  return `${PAY_CODE_PREFIX}${device.deviceCode}${hotp(base32Decode(device.secret), counter, PAY_CODE_DIGITS)}`
}

export function payCodeNow(device: PayCodeDevice, timeMs: number, periodMs = PAY_CODE_PERIOD_MS): string {
  return payCodeAt(device, totpCounter(timeMs, periodMs))
}

export function parsePayCode(code: string): { deviceCode: string; otp: string } | undefined {
  const clean = code.replace(/\s/g, '')
  if (!/^\d{18}$/.test(clean) || !clean.startsWith(PAY_CODE_PREFIX)) return undefined
  return { deviceCode: clean.slice(2, 10), otp: clean.slice(10) }
}

/** The accepted counter, or undefined when the code is wrong, stale, or already used. */
export function matchPayCode(
  device: PayCodeDevice & { lastCounter: number },
  otp: string,
  timeMs: number,
  options: { periodMs?: number; window?: number } = {},
): number | undefined {
  const key = base32Decode(device.secret)
  const current = totpCounter(timeMs, options.periodMs ?? PAY_CODE_PERIOD_MS)
  const window = options.window ?? 1
  for (let c = current - window; c <= current + window; c++) {
    if (c > device.lastCounter && hotp(key, c, PAY_CODE_DIGITS) === otp) return c
  }
  return undefined
}

/** Whether a well-formed code matched a counter at or below the last used one (a replay). */
export function isReplayedPayCode(
  device: PayCodeDevice & { lastCounter: number },
  otp: string,
  timeMs: number,
  options: { periodMs?: number; window?: number } = {},
): boolean {
  const key = base32Decode(device.secret)
  const current = totpCounter(timeMs, options.periodMs ?? PAY_CODE_PERIOD_MS)
  const window = options.window ?? 1
  for (let c = current - window; c <= current + window; c++) {
    if (c <= device.lastCounter && hotp(key, c, PAY_CODE_DIGITS) === otp) return true
  }
  return false
}
