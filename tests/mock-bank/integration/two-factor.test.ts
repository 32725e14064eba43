import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { base32Decode, totp } from '../../../src/shared/otp'
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
 * 双因素认证 at the bank over real HTTP: enrolment and confirmation rules, the ±1 step window, the ten
 * recovery codes (each works once at sign-in, and the bank's folder never holds one), turning it off.
 * Codes are computed from the enrolled secret on the bank's clock, moved with /_dev/clock.
 * src/mock-bank/ops/account.ts, src/mock-bank/ops/auth.ts checkTotp, src/mock-bank/ops/recovery.ts.
 */

let bank: TestBank | undefined

afterEach(async () => {
  if (!bank) return
  await bank.stop()
  removeDir(bank.dataDir)
  bank = undefined
})

async function setBankClock(client: BankClient, setMs: number): Promise<number> {
  const moved = await client.post('/_dev/clock', { setMs }, { key: null })
  expect(moved.status).toBe(200)
  return moved.body.now as number
}

async function newChallenge(client: BankClient, c: Customer): Promise<string> {
  const login = await client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })
  expect(login.body).toMatchObject({ status: 'challenge', challenge: { method: 'totp' } })
  return login.body.challenge.challengeId as string
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe('two-factor authentication at the bank', () => {
  it('enrols with an otpauth URI (SHA-1, 6 digits, 30 s), confirms within ±1 step only, refuses a second enrolment', async () => {
    bank = await startTestBank()
    const { client } = bank
    // A fixed instant on the bank's clock, mid-step (never today's date), set before the session exists.
    const now = await setBankClock(client, 2_000_000_000_000 + 15_000)
    const c = await signUp(client)
    const early = await client.post('/2fa/totp/confirm', { code: '123456' }, { token: c.token })
    expect(errorOf(early).code).toBe('TOTP_NOT_ENABLED')

    const enrolled = await client.post('/2fa/totp/enroll', {}, { token: c.token })
    expect(enrolled.body).toMatchObject({ digits: 6, periodSeconds: 30 })
    expect(enrolled.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/ICBC%20Wallet%3A.+\?secret=[A-Z2-7]+&issuer=ICBC%20Wallet&algorithm=SHA1&digits=6&period=30$/)
    expect(enrolled.body.otpauthUri).toContain(`secret=${enrolled.body.secret}&`)
    const key = base32Decode(enrolled.body.secret as string)

    const twoAhead = await client.post('/2fa/totp/confirm', { code: totp(key, now + 60_000) }, { token: c.token })
    expect(errorOf(twoAhead).code).toBe('TOTP_INVALID')
    const twoBehind = await client.post('/2fa/totp/confirm', { code: totp(key, now - 60_000) }, { token: c.token })
    expect(errorOf(twoBehind).code).toBe('TOTP_INVALID')
    const oneBehind = await client.post('/2fa/totp/confirm', { code: totp(key, now - 30_000) }, { token: c.token })
    expect(oneBehind.status).toBe(200)
    expect((await client.get('/me', c.token)).body.totpEnabled).toBe(true)

    const again = await client.post('/2fa/totp/enroll', {}, { token: c.token })
    expect(errorOf(again).code).toBe('TOTP_ALREADY_ENABLED')

    // One step ahead is accepted at sign-in too; the code of the step used is not accepted twice.
    const ahead = await client.post('/auth/challenge', { challengeId: await newChallenge(client, c), code: totp(key, now + 30_000) })
    expect(ahead.body.status).toBe('ok')
    const reused = await client.post('/auth/challenge', { challengeId: await newChallenge(client, c), code: totp(key, now + 30_000) })
    expect(errorOf(reused).code).toBe('TOTP_INVALID')
  })

  it('hands out ten recovery codes once; each works once at sign-in; the bank keeps none of them in clear', async () => {
    bank = await startTestBank()
    const { client } = bank
    const now = await setBankClock(client, 1_900_000_000_000)
    const c = await signUp(client)
    const key = base32Decode((await client.post('/2fa/totp/enroll', {}, { token: c.token })).body.secret as string)
    const confirmKey = 'confirm-once'
    const confirmed = await client.post('/2fa/totp/confirm', { code: totp(key, now) }, { token: c.token, key: confirmKey })
    expect(confirmed.status).toBe(200)
    const codes = confirmed.body.recoveryCodes as string[]
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/)

    // A replay under the same key does not hand the codes out again.
    const replay = await client.post('/2fa/totp/confirm', { code: totp(key, now) }, { token: c.token, key: confirmKey })
    expect(errorOf(replay)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', details: { reason: 'CREDENTIAL_NOT_REPLAYED' } })

    const used = await client.post('/auth/challenge', { challengeId: await newChallenge(client, c), code: codes[3]!.toLowerCase() })
    expect(used.body.status).toBe('ok')
    const twice = await client.post('/auth/challenge', { challengeId: await newChallenge(client, c), code: codes[3]! })
    expect(errorOf(twice).code).toBe('TOTP_INVALID')
    const other = await client.post('/auth/challenge', { challengeId: await newChallenge(client, c), code: codes[7]!.replace('-', '') })
    expect(other.body.status).toBe('ok')
    // A recovery code is for signing in only: turning two-factor off wants the authenticator.
    const offWithRecovery = await client.post('/2fa/totp/disable', { password: PASSWORD, code: codes[0] }, { token: c.token })
    expect(offWithRecovery.status).toBe(400)

    await bank.stop()
    for (const file of filesUnder(bank.dataDir)) {
      const text = readFileSync(file, 'utf8')
      for (const code of codes) {
        expect(text.includes(code), `${file} holds ${code}`).toBe(false)
        expect(text.includes(code.replace('-', '')), `${file} holds ${code}`).toBe(false)
      }
    }
    bank = await bank.restart()
    // After a restart (the journal replayed) a used code stays used and an unused one still works.
    const afterRestart = await bank.client.post('/auth/challenge', { challengeId: await newChallenge(bank.client, c), code: codes[3]! })
    expect(errorOf(afterRestart).code).toBe('TOTP_INVALID')
    const unused = await bank.client.post('/auth/challenge', { challengeId: await newChallenge(bank.client, c), code: codes[9]! })
    expect(unused.body.status).toBe('ok')
  })

  it('turns off only with the login password and a current code; the sign-in then asks for nothing more on a known device', async () => {
    bank = await startTestBank()
    const { client } = bank
    await setBankClock(client, 1_940_000_000_000)
    const c = await signUp(client)
    const key = await enrolAndConfirm(client, c)
    const now = await setBankClock(client, 1_940_000_000_000 + 30_000)
    const noPassword = await client.post('/2fa/totp/disable', { code: totp(key, now) }, { token: c.token })
    expect(noPassword.status).toBe(400)
    const wrongPassword = await client.post('/2fa/totp/disable', { password: 'not-it-1234', code: totp(key, now) }, { token: c.token })
    expect(errorOf(wrongPassword).code).toBe('CREDENTIALS_INVALID')
    expect((await client.get('/me', c.token)).body.totpEnabled).toBe(true)
    const off = await client.post('/2fa/totp/disable', { password: PASSWORD, code: totp(key, now) }, { token: c.token })
    expect(off.status).toBe(200)
    expect((await client.get('/me', c.token)).body.totpEnabled).toBe(false)
    const login = await client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })
    expect(login.body.status).toBe('ok')
  })
})

async function enrolAndConfirm(client: BankClient, c: Customer): Promise<Uint8Array> {
  const key = base32Decode((await client.post('/2fa/totp/enroll', {}, { token: c.token })).body.secret as string)
  const now = (await client.get('/_dev/clock')).body.now as number
  expect((await client.post('/2fa/totp/confirm', { code: totp(key, now) }, { token: c.token })).status).toBe(200)
  return key
}
