import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { DEMO_CUSTOMER, type BankServer } from '../../../src/mock-bank'
import { base32Decode, totp } from '../../../src/shared/otp'
import { devPost } from '../../support/bank-address'
import { latestSmsCode, signInDemo, startBank, startCore, tmp } from '../../support/wallet'

/**
 * 双因素认证 through the wallet core and a real bank over HTTP (src/main/core/two-factor.ts): enrol and
 * confirm, the recovery codes saved through the backups' file seam, a new device's sign-in asking for
 * the SMS code and then the authenticator code, turning it off; the core's folder keeps no secret.
 */

let bank: BankServer | undefined
const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
  await bank?.close()
  bank = undefined
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

it('enrols, saves the recovery codes, asks a new device for the code, and turns off with password and code', async () => {
  bank = await startBank({ seed: 'demo' })
  const b = bank
  const saved: { text: string; name: string; kind: string | undefined }[] = []
  const dataDir = tmp('core-2fa-')
  const app = await startCore(b, {
    dataDir,
    files: {
      save: async (bytes, name, kind) => {
        saved.push({ text: bytes.toString('utf8'), name, kind })
        return { kind: 'saved' as const, path: `/chosen/${name}` }
      },
    },
  })
  cleanups.push(() => app.core.dispose())
  await signInDemo(app, b)
  expect(await app.ok('twofa.status')).toEqual({ enabled: false })

  const enrolment = await app.ok<{ secret: string; otpauthUri: string; digits: number; periodSeconds: number }>('twofa.enroll')
  expect(enrolment).toMatchObject({ digits: 6, periodSeconds: 30 })
  expect(enrolment.otpauthUri).toContain(`secret=${enrolment.secret}&`)
  const key = base32Decode(enrolment.secret)
  const wrong = await app.call('twofa.confirm', { code: totp(key, b.clock.now() + 10 * 60_000) })
  expect(wrong).toMatchObject({ ok: false, error: { code: 'TOTP_INVALID' } })
  const confirmed = await app.ok<{ enabled: boolean; recoveryCodes: string[] }>('twofa.confirm', {
    code: totp(key, b.clock.now()),
  })
  expect(confirmed.enabled).toBe(true)
  expect(confirmed.recoveryCodes).toHaveLength(10)
  expect(await app.ok('twofa.status')).toEqual({ enabled: true })

  const location = await app.ok('twofa.saveRecoveryCodes', { codes: confirmed.recoveryCodes })
  expect(location).toMatchObject({ location: { kind: 'saved' } })
  expect(saved).toHaveLength(1)
  expect(saved[0]!.kind).toBe('recovery-codes')
  for (const code of confirmed.recoveryCodes) expect(saved[0]!.text).toContain(code)
  expect(saved[0]!.name).toBe('工行数字钱包-恢复码.txt')
  expect(saved[0]!.text).toMatch(/^工行数字钱包 · 双因素认证恢复码\n/)
  // In English when that is the language: the file's name and its words.
  await app.ok('settings.set', { language: 'en-US' })
  await app.ok('twofa.saveRecoveryCodes', { codes: confirmed.recoveryCodes })
  expect(saved[1]!.name).toBe('icbc-wallet-recovery-codes.txt')
  expect(saved[1]!.text).toMatch(/^ICBC Digital Wallet · two-factor recovery codes\n/)
  expect(saved[1]!.text).not.toMatch(/[\u4e00-\u9fff]/)
  for (const code of confirmed.recoveryCodes) expect(saved[1]!.text).toContain(code)
  await app.ok('settings.set', { language: 'zh-CN' })

  // No trace of the secret or a recovery code in the core's folder (the bank's is its own).
  const raw = Buffer.from(key)
  for (const file of filesUnder(dataDir)) {
    const content = readFileSync(file)
    for (const form of [enrolment.secret, raw.toString('hex'), raw.toString('base64'), ...confirmed.recoveryCodes]) {
      expect(content.includes(form), `${file} holds ${form}`).toBe(false)
    }
    expect(content.includes(raw)).toBe(false)
  }

  // A new device: password, then the SMS code, then the authenticator code (past the SMS resend window).
  await devPost(b, '/_dev/clock', { advanceMs: 61_000 })
  const other = await startCore(b)
  cleanups.push(() => other.core.dispose())
  const first = await other.ok('session.signIn', { phone: DEMO_CUSTOMER.phone, password: DEMO_CUSTOMER.password })
  expect(first).toMatchObject({ status: 'challenge', method: 'sms' })
  const second = await other.ok('session.challenge', { code: await latestSmsCode(b, DEMO_CUSTOMER.phone) })
  expect(second).toMatchObject({ status: 'challenge', method: 'totp' })
  const done = await other.ok('session.challenge', { code: totp(key, b.clock.now()) })
  expect(done).toMatchObject({ status: 'ok', session: { status: 'unlocked' } })

  await devPost(b, '/_dev/clock', { advanceMs: 30_000 })
  const wrongPassword = await app.call('twofa.disable', { password: 'not-the-password-1', code: totp(key, b.clock.now()) })
  expect(wrongPassword).toMatchObject({ ok: false, error: { code: 'CREDENTIALS_INVALID' } })
  expect(await app.ok('twofa.status')).toEqual({ enabled: true })
  await app.ok('twofa.disable', { password: DEMO_CUSTOMER.password, code: totp(key, b.clock.now()) })
  expect(await app.ok('twofa.status')).toEqual({ enabled: false })
})

it('unlocking with two-factor on asks for the authenticator code: offline until it is answered, then online', async () => {
  bank = await startBank({ seed: 'demo' })
  const b = bank
  const app = await startCore(b)
  cleanups.push(() => app.core.dispose())
  await signInDemo(app, b)
  const { secret } = await app.ok<{ secret: string }>('twofa.enroll')
  const key = base32Decode(secret)
  await app.ok('twofa.confirm', { code: totp(key, b.clock.now()) })

  await app.ok('session.lock')
  await devPost(b, '/_dev/clock', { advanceMs: 30_000 })
  const unlocked = await app.ok('session.unlock', { password: DEMO_CUSTOMER.password })
  // Open with the local verifier, but not with the bank until the second factor is given.
  expect(unlocked).toMatchObject({ status: 'unlocked', offline: true, challenge: { method: 'totp' } })
  expect(await app.ok('session.status')).toMatchObject({ status: 'unlocked', offline: true })

  // Locking forgets the waiting challenge (and the password kept for it): the code no longer opens anything.
  await app.ok('session.lock')
  const afterLock = await app.call('session.challenge', { code: totp(key, b.clock.now()) })
  expect(afterLock).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(CHALLENGE_INVALID|LOCKED)$/) } })
  expect(await app.ok('session.unlock', { password: DEMO_CUSTOMER.password })).toMatchObject({ challenge: { method: 'totp' } })

  // 暂不验证 gives the challenge up: main forgets it (and the password kept for it) at once.
  await app.ok('session.abandonChallenge')
  expect(await app.call('session.challenge', { code: totp(key, b.clock.now()) })).toMatchObject({
    ok: false,
    error: { code: 'CHALLENGE_INVALID' },
  })
  await app.ok('session.lock')
  await devPost(b, '/_dev/clock', { advanceMs: 30_000 })
  expect(await app.ok('session.unlock', { password: DEMO_CUSTOMER.password })).toMatchObject({ challenge: { method: 'totp' } })

  const wrong = await app.call('session.challenge', { code: totp(key, b.clock.now() + 5 * 60_000) })
  expect(wrong).toMatchObject({ ok: false, error: { code: 'TOTP_INVALID' } })
  const done = await app.ok('session.challenge', { code: totp(key, b.clock.now()) })
  expect(done).toMatchObject({ status: 'ok', session: { status: 'unlocked', offline: false } })
  // The renewed token works: a signed-in call reaches the bank.
  expect(await app.ok('twofa.status')).toEqual({ enabled: true })
})
