import { afterEach, describe, expect, it } from 'vitest'
import { base32Decode, hotp, totp, totpCounter } from '../../../src/shared/otp'
import {
  errorOf,
  PASSWORD,
  removeDir,
  signUp,
  startTestBank,
  type BankClient,
  type Customer,
  type TestBank,
} from '../../support/bank-client'

/**
 * The authenticator (TOTP) failure counter is the customer's, not the sign-in attempt's: a new challenge
 * does not start it again, a restart does not forget it, and only a correct code or the end of the lock
 * (on the bank's clock) clears it. src/mock-bank/ops/auth.ts checkTotp.
 */

// The numbers src/mock-bank/README.md promises (config.ts `totp`).
const maxFailures = 5
const lockMs = 15 * 60_000

let bank: TestBank | undefined

afterEach(async () => {
  if (!bank) return
  await bank.stop()
  removeDir(bank.dataDir)
  bank = undefined
})

/** A six-digit code that matches none of the steps the bank would accept now. */
function wrongCode(key: Uint8Array, now: number): string {
  const step = totpCounter(now)
  const accepted = new Set([step - 1, step, step + 1].map((c) => hotp(key, c)))
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0')
    if (!accepted.has(code)) return code
  }
}

async function withAuthenticator(client: BankClient, now: () => number): Promise<{ c: Customer; key: Uint8Array }> {
  const c = await signUp(client)
  const key = base32Decode((await client.post('/2fa/totp/enroll', {}, { token: c.token })).body.secret)
  const confirmed = await client.post('/2fa/totp/confirm', { code: totp(key, now()) }, { token: c.token })
  expect(confirmed.status).toBe(200)
  return { c, key }
}

/** A fresh sign-in on the known device: its one step is the authenticator code. */
async function newChallenge(client: BankClient, c: Customer): Promise<string> {
  const login = await client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })
  expect(login.body).toMatchObject({ status: 'challenge', challenge: { method: 'totp' } })
  return login.body.challenge.challengeId as string
}

async function moveBankClock(client: BankClient, advanceMs: number): Promise<number> {
  const moved = await client.post('/_dev/clock', { advanceMs }, { key: null })
  expect(moved.status).toBe(200)
  return moved.body.now as number
}

describe('the authenticator lock (per customer)', () => {
  it('counts wrong codes across new challenges and locks the authenticator on the last one', async () => {
    bank = await startTestBank()
    const b = bank
    const now = () => b.server.clock.now()
    const { c, key } = await withAuthenticator(b.client, now)
    await moveBankClock(b.client, 30_000)

    for (let i = 1; i < maxFailures; i++) {
      const challengeId = await newChallenge(b.client, c)
      const wrong = await b.client.post('/auth/challenge', { challengeId, code: wrongCode(key, now()) })
      expect(errorOf(wrong)).toMatchObject({ code: 'TOTP_INVALID', details: { attemptsLeft: maxFailures - i } })
    }
    const last = await b.client.post('/auth/challenge', { challengeId: await newChallenge(b.client, c), code: wrongCode(key, now()) })
    expect(last.status).toBe(423)
    const retryAt = now() + lockMs
    expect(errorOf(last)).toMatchObject({ code: 'TOTP_LOCKED', details: { retryAt } })

    // While locked even the right code is refused, on a new challenge and when turning the authenticator off.
    const right = await b.client.post('/auth/challenge', { challengeId: await newChallenge(b.client, c), code: totp(key, now()) })
    expect(errorOf(right)).toMatchObject({ code: 'TOTP_LOCKED', details: { retryAt } })
    const signedIn = await b.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })
    expect(signedIn.body.status).toBe('challenge')
    const off = await b.client.post('/2fa/totp/disable', { password: PASSWORD, code: totp(key, now()) }, { token: c.token })
    expect(errorOf(off)).toMatchObject({ code: 'TOTP_LOCKED', details: { retryAt } })
    expect((await b.client.get('/me', c.token)).body.totpEnabled).toBe(true)
  })

  it('ends the lock when the bank\'s clock reaches it, and a correct code starts the count again', async () => {
    bank = await startTestBank()
    const b = bank
    const now = () => b.server.clock.now()
    const { c, key } = await withAuthenticator(b.client, now)
    await moveBankClock(b.client, 30_000)
    let retryAt = 0
    for (let i = 1; i <= maxFailures; i++) {
      const reply = await b.client.post('/auth/challenge', { challengeId: await newChallenge(b.client, c), code: wrongCode(key, now()) })
      if (i === maxFailures) retryAt = errorOf(reply).details!.retryAt as number
    }
    expect(retryAt).toBe(now() + lockMs)

    await moveBankClock(b.client, retryAt - now() - 1)
    const early = await b.client.post('/auth/challenge', { challengeId: await newChallenge(b.client, c), code: totp(key, now()) })
    expect(errorOf(early).code).toBe('TOTP_LOCKED')

    await moveBankClock(b.client, 1)
    const ok = await b.client.post('/auth/challenge', { challengeId: await newChallenge(b.client, c), code: totp(key, now()) })
    expect(ok.body.status).toBe('ok')

    // The correct code reset the count: the next wrong one has all the attempts again.
    await moveBankClock(b.client, 30_000)
    const wrong = await b.client.post('/auth/challenge', { challengeId: await newChallenge(b.client, c), code: wrongCode(key, now()) })
    expect(errorOf(wrong)).toMatchObject({ code: 'TOTP_INVALID', details: { attemptsLeft: maxFailures - 1 } })
  })

  it('keeps the count and the lock across a restart of the bank', async () => {
    bank = await startTestBank()
    const now = () => bank!.server.clock.now()
    const { c, key } = await withAuthenticator(bank.client, now)
    await moveBankClock(bank.client, 30_000)
    for (let i = 1; i < maxFailures; i++) {
      await bank.client.post('/auth/challenge', { challengeId: await newChallenge(bank.client, c), code: wrongCode(key, now()) })
    }
    bank = await bank.restart()
    const last = await bank.client.post('/auth/challenge', {
      challengeId: await newChallenge(bank.client, c),
      code: wrongCode(key, now()),
    })
    expect(errorOf(last)).toMatchObject({ code: 'TOTP_LOCKED', details: { retryAt: now() + lockMs } })

    bank = await bank.restart()
    const right = await bank.client.post('/auth/challenge', { challengeId: await newChallenge(bank.client, c), code: totp(key, now()) })
    expect(errorOf(right).code).toBe('TOTP_LOCKED')
  })
})
