import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isReplayedPayCode, matchPayCode, parsePayCode, payCodeAt, payCodeNow } from '../../../src/mock-bank/paycode'
import { base32Decode, base32Encode, hotp, newSecret, otpauthUri, totp, verifyTotp } from '../../../src/shared/otp'

const RFC_KEY = Buffer.from('12345678901234567890')

describe('HOTP (RFC 4226 appendix D)', () => {
  it.each([
    [0, '755224'],
    [1, '287082'],
    [2, '359152'],
    [3, '969429'],
    [4, '338314'],
    [5, '254676'],
    [6, '287922'],
    [7, '162583'],
    [8, '399871'],
    [9, '520489'],
  ])('counter %i → %s', (counter, code) => {
    expect(hotp(RFC_KEY, counter)).toBe(code)
  })
})

describe('TOTP (RFC 6238 appendix B, SHA-1, 8 digits)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('T = %i s → %s', (seconds, code) => {
    expect(totp(RFC_KEY, seconds * 1000, { digits: 8 })).toBe(code)
  })

  // The bank's checker (src/mock-bank/ops/auth.ts checkTotp → verifyTotp) at the RFC's times: the 8-digit
  // value, and its last six digits, which are what a 6-digit authenticator shows (HOTP is the value mod 10^d).
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('the checker accepts the RFC value at T = %i s', (seconds, code) => {
    const step = Math.floor(seconds / 30)
    expect(verifyTotp(RFC_KEY, code, seconds * 1000, { window: 0 })).toBe(step)
    expect(verifyTotp(RFC_KEY, code.slice(2), seconds * 1000, { window: 0 })).toBe(step)
    expect(totp(RFC_KEY, seconds * 1000)).toBe(code.slice(2))
    expect(verifyTotp(RFC_KEY, code.slice(2), seconds * 1000, { lastCounter: step })).toBeUndefined()
  })

  it('accepts a code within one step either side, and only above the last used counter', () => {
    const t = 1_700_000_000_000
    const code = totp(RFC_KEY, t)
    expect(verifyTotp(RFC_KEY, code, t)).toBe(Math.floor(t / 30_000))
    expect(verifyTotp(RFC_KEY, code, t + 30_000)).toBe(Math.floor(t / 30_000))
    expect(verifyTotp(RFC_KEY, code, t + 60_000)).toBeUndefined()
    expect(verifyTotp(RFC_KEY, code, t, { lastCounter: Math.floor(t / 30_000) })).toBeUndefined()
  })
})

describe('base32 (RFC 4648)', () => {
  it('matches the RFC vectors', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI')
    expect(Buffer.from(base32Decode('MZXW6YTBOI======')).toString()).toBe('foobar')
    expect(base32Encode(RFC_KEY)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
  })

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        (bytes) => Buffer.compare(base32Decode(base32Encode(bytes)), Buffer.from(bytes)) === 0,
      ),
    )
  })

  it('makes 160-bit secrets and otpauth URIs', () => {
    expect(base32Decode(newSecret()).length).toBe(20)
    expect(otpauthUri('ABC', '138****8000', 'ICBC Wallet')).toBe(
      'otpauth://totp/ICBC%20Wallet%3A138****8000?secret=ABC&issuer=ICBC%20Wallet&algorithm=SHA1&digits=6&period=30',
    )
  })
})

describe('pay code', () => {
  const device = { deviceCode: '12345678', secret: base32Encode(RFC_KEY), lastCounter: -1 }
  const t = 1_700_000_000_000

  it('is 18 digits: 28, the device code, an 8-digit HOTP of the 60 s step', () => {
    const code = payCodeNow(device, t)
    expect(code).toMatch(/^2812345678\d{8}$/)
    expect(parsePayCode(code)).toEqual({ deviceCode: '12345678', otp: code.slice(10) })
    expect(parsePayCode('38' + code.slice(2))).toBeUndefined()
    expect(parsePayCode(code.slice(1))).toBeUndefined()
  })

  it('matches within ±1 step, not beyond, and never at or below the last used counter', () => {
    const step = Math.floor(t / 60_000)
    const otp = (c: number) => payCodeAt(device, c).slice(10)
    expect(matchPayCode(device, otp(step), t)).toBe(step)
    expect(matchPayCode(device, otp(step - 1), t)).toBe(step - 1)
    expect(matchPayCode(device, otp(step + 1), t)).toBe(step + 1)
    expect(matchPayCode(device, otp(step - 2), t)).toBeUndefined()
    const used = { ...device, lastCounter: step }
    expect(matchPayCode(used, otp(step), t)).toBeUndefined()
    expect(isReplayedPayCode(used, otp(step), t)).toBe(true)
    expect(matchPayCode(used, otp(step + 1), t)).toBe(step + 1)
  })
})
