import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PayCodeActivateResponse, PosChargeResponse } from '../../../src/shared/bank-api'
import { DEMO_MERCHANT_KEY } from '../../../src/mock-bank'
import { payCodeAt } from '../../../src/mock-bank/paycode'
import { base32Decode, hotp } from '../../../src/shared/otp'
import { counterToShow, payCodeFor, stepOf, type PayCodeDevice } from '../../../src/main/core/payments/otp'
import { activeCustomer, errorOf, PAY_PASSWORD, shape, startTestBank, type TestBank } from '../../support/bank-client'

// RFC 4226 appendix D / RFC 6238 appendix B: the ASCII secret "12345678901234567890".
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

describe('HOTP (RFC 4226) as the pay code uses it', () => {
  it('matches the RFC 4226 test vectors', () => {
    const key = base32Decode(RFC_SECRET)
    expect(Buffer.from(key).toString('ascii')).toBe('12345678901234567890')
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']
    expect(expected.map((_, counter) => hotp(key, counter, 6))).toEqual(expected)
  })

  it('matches the RFC 6238 SHA-1 vectors in 8 digits (30 s steps)', () => {
    const key = base32Decode(RFC_SECRET)
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ]
    for (const [seconds, code] of vectors) expect(hotp(key, stepOf(seconds * 1000, 30_000), 8)).toBe(code)
  })

  it('makes the same 18-digit code as the bank for any secret and step', () => {
    const base32 = fc.stringMatching(/^[A-Z2-7]{32}$/)
    const deviceCode = fc.stringMatching(/^\d{8}$/)
    fc.assert(
      fc.property(base32, deviceCode, fc.integer({ min: 0, max: 2 ** 40 }), (secret, code, counter) => {
        const device: PayCodeDevice = { deviceCode: code, secret, prefix: '28', digits: 8, periodMs: 60_000, window: 1 }
        const ours = payCodeFor(device, counter)
        expect(ours).toMatch(/^28\d{16}$/)
        expect(ours).toBe(payCodeAt({ deviceCode: code, secret }, counter))
      }),
    )
  })

  it('shows the current step, or the one after the last used within the window', () => {
    const device: PayCodeDevice = {
      deviceCode: '12345678',
      secret: RFC_SECRET,
      prefix: '28',
      digits: 8,
      periodMs: 60_000,
      window: 1,
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 10 ** 9 }),
        fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }),
        (step, usedOffset) => {
          const t = step * 60_000 + 12_345
          const used = usedOffset === undefined ? undefined : step + usedOffset
          const shown = counterToShow(device, t, used)
          expect(shown).toBeGreaterThanOrEqual(step)
          expect(shown).toBeLessThanOrEqual(step + device.window)
          if (used === undefined || used < step) expect(shown).toBe(step)
          else expect(shown).toBe(Math.min(used + 1, step + 1))
        },
      ),
    )
  })
})

describe('pay codes made in main, verified by the bank’s till (POST /pos/charge)', () => {
  let bank: TestBank
  beforeAll(async () => {
    bank = await startTestBank()
  })
  afterAll(async () => {
    await bank.stop()
  })

  const till = { 'x-merchant-key': DEMO_MERCHANT_KEY }
  const charge = (payCode: string, amountFen = 500) =>
    bank.client.post('/pos/charge', { merchantId: 'M0002', payCode, amountFen }, { headers: till })

  async function newDevice(): Promise<PayCodeDevice> {
    const c = await activeCustomer(bank.client, 100_000)
    // These charges are small-amount ones, paid at once: 小额免密 is off until the customer turns it on.
    const optIn = { smallAmountNoPassword: true, smallAmountLimitFen: 100_000, payPassword: PAY_PASSWORD }
    expect((await bank.client.post('/me/settings', optIn, { token: c.token })).status).toBe(200)
    return shape(PayCodeActivateResponse, await bank.client.post('/paycode/activate', {}, { token: c.token }))
  }

  /** Puts the bank's clock in the middle of time step `step`. */
  function bankAtStep(step: number): void {
    bank.clock.advance(step * 60_000 + 30_000 - bank.clock.now())
  }

  it('accepts the code of step t at t-1, t and t+1, and refuses it at t±2', async () => {
    const t = stepOf(bank.clock.now(), 60_000) + 5
    for (const offset of [-1, 0, 1]) {
      const device = await newDevice()
      const code = payCodeFor(device, t)
      bankAtStep(t + offset)
      const ok = shape(PosChargeResponse, await charge(code))
      expect(ok.charge.status, `accepted at t${offset >= 0 ? '+' : ''}${offset}`).toBe('succeeded')
    }
    for (const offset of [-2, 2]) {
      const device = await newDevice()
      const code = payCodeFor(device, t + 10)
      bankAtStep(t + 10 + offset)
      expect(errorOf(await charge(code)), `refused at t${offset >= 0 ? '+' : ''}${offset}`).toMatchObject({
        code: 'PAY_CODE_INVALID',
        details: { reason: 'EXPIRED_OR_WRONG' },
      })
    }
  })

  it('refuses a used code, and accepts the next one the app shows right after', async () => {
    const device = await newDevice()
    const now = bank.clock.now()
    const first = payCodeFor(device, counterToShow(device, now, undefined))
    expect(shape(PosChargeResponse, await charge(first)).charge.status).toBe('succeeded')
    expect(errorOf(await charge(first)).code).toBe('PAY_CODE_USED')
    const used = stepOf(now, device.periodMs)
    const next = payCodeFor(device, counterToShow(device, now, used))
    expect(next).not.toBe(first)
    expect(shape(PosChargeResponse, await charge(next)).charge.status).toBe('succeeded')
    // An older step than the last one used is a replay too.
    expect(errorOf(await charge(payCodeFor(device, used - 1))).code).toBe('PAY_CODE_USED')
  })

  it('refuses a code made with the wrong secret', async () => {
    const device = await newDevice()
    const forged = payCodeFor({ ...device, secret: RFC_SECRET }, stepOf(bank.clock.now(), 60_000))
    expect(errorOf(await charge(forged)).code).toBe('PAY_CODE_INVALID')
  })
})
