import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { base32Encode } from '../../../src/shared/otp'
import { errorOf, PASSWORD, signUp, startTestBank, type TestBank } from '../../support/bank-client'

/**
 * The bank's authenticator check (src/mock-bank/ops/auth.ts checkTotp) against RFC 6238 Appendix B, over
 * HTTP, with the bank's clock set to each of the appendix's times through the development clock route.
 * The appendix's SHA-1 key is the ASCII "12345678901234567890" and its codes have 8 digits; the bank asks
 * for 6, which are the last 6 of the same truncated value (HOTP takes it mod 10^digits).
 */

let bank: TestBank
let startMs: number
beforeAll(async () => {
  bank = await startTestBank()
  startMs = bank.clock.now()
})
// Back to the test bank's own time: a clock left in 1970 would make every new customer's ID number unborn.
afterEach(async () => {
  await setClock(startMs)
})
afterAll(async () => {
  await bank.stop()
})

const RFC_KEY = base32Encode(new TextEncoder().encode('12345678901234567890'))
const VECTORS: readonly [seconds: number, eightDigits: string][] = [
  [59, '94287082'],
  [1_111_111_109, '07081804'],
  [1_111_111_111, '14050471'],
  [1_234_567_890, '89005924'],
  [2_000_000_000, '69279037'],
  [20_000_000_000, '65353130'],
]

async function setClock(ms: number): Promise<void> {
  const reply = await bank.client.post('/_dev/clock', { setMs: ms })
  expect(reply.body.now).toBe(ms)
}

it('accepts exactly the RFC 6238 codes at the RFC times, for enrolment and at every sign-in', async () => {
  const c = await signUp(bank.client)
  expect((await bank.client.post('/2fa/totp/enroll', {}, { token: c.token })).status).toBe(200)
  // Stands in for an authenticator app holding the appendix's key.
  expect((await bank.client.post(`/_dev/customers/${c.phone}/totp-secret`, { secret: RFC_KEY })).status).toBe(200)

  const [first, ...rest] = VECTORS
  await setClock(first![0] * 1000)
  const enrolled = await bank.client.post('/2fa/totp/confirm', { code: first![1].slice(-6) }, { token: c.token })
  expect(enrolled.status).toBe(200)
  const again = await bank.client.post(`/_dev/customers/${c.phone}/totp-secret`, { secret: RFC_KEY })
  expect(errorOf(again).code).toBe('TOTP_ALREADY_ENABLED')

  for (const [seconds, eightDigits] of rest) {
    await setClock(seconds * 1000)
    const login = await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })
    expect(login.body, `login at ${seconds}`).toMatchObject({ status: 'challenge', challenge: { method: 'totp' } })
    const challengeId = login.body.challenge.challengeId as string
    // A code from another vector is wrong here (far outside the ±1 step window).
    const wrong = await bank.client.post('/auth/challenge', { challengeId, code: first![1].slice(-6) })
    expect(errorOf(wrong).code, `wrong code at ${seconds}`).toBe('TOTP_INVALID')
    const ok = await bank.client.post('/auth/challenge', { challengeId, code: eightDigits.slice(-6) })
    expect(ok.body, `RFC code at ${seconds}`).toMatchObject({ status: 'ok' })
  }
})

it('refuses a development secret that is not base32, or for nobody', async () => {
  const c = await signUp(bank.client)
  const notBase32 = await bank.client.post(`/_dev/customers/${c.phone}/totp-secret`, { secret: 'not base32!' })
  expect(notBase32.status).toBe(400)
  const unknown = await bank.client.post('/_dev/customers/13900000000/totp-secret', { secret: RFC_KEY })
  expect(unknown.status).toBe(404)
})
