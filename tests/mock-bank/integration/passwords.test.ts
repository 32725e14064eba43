import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CustomerProfile, PosChargeResponse, PayCodeActivateResponse } from '../../../src/shared/bank-api'
import { DEMO_MERCHANT_KEY } from '../../../src/mock-bank/catalog'
import { payCodeNow } from '../../../src/mock-bank/paycode'
import {
  activeCustomer,
  errorOf,
  newCard,
  newIdNumber,
  PASSWORD,
  PAY_PASSWORD,
  shape,
  startTestBank,
  type Customer,
  type TestBank,
} from '../../support/bank-client'

let bank: TestBank

beforeAll(async () => {
  bank = await startTestBank()
})
afterAll(async () => {
  await bank.stop()
})

const NEW_PASSWORD = 'Fresh2026pw'
const NEW_PAY = '364819'

async function me(c: Customer): Promise<CustomerProfile> {
  return shape(CustomerProfile, await bank.client.get('/me', c.token))
}

/** The same customer signed in on a second device (SMS challenge answered). */
async function secondDevice(c: Customer): Promise<string> {
  const deviceId = `dev-${randomUUID()}`
  const login = await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId })
  expect(login.body.status).toBe('challenge')
  const code = await bank.client.latestSms(c.phone, 'login')
  const done = await bank.client.post('/auth/challenge', { challengeId: login.body.challenge.challengeId, code })
  expect(done.body.status).toBe('ok')
  return done.body.session.token as string
}

describe('changing the login password', () => {
  it('signs out the other devices at once, keeps this one, and dates the change', async () => {
    const c = await activeCustomer(bank.client)
    const other = await secondDevice(c)
    expect((await bank.client.get('/me', other)).status).toBe(200)
    const before = await me(c)
    expect(before.passwordChangedAt).toBe(before.createdAt)
    bank.clock.advance(3_600_000)
    const changed = await bank.client.post('/me/password', { oldPassword: PASSWORD, newPassword: NEW_PASSWORD }, { token: c.token })
    expect(changed.status).toBe(200)
    expect(errorOf(await bank.client.get('/me', other)).code).toBe('UNAUTHORIZED')
    const after = await me(c)
    expect(after.passwordChangedAt).toBe(bank.clock.now())
    const old = await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })
    expect(errorOf(old).code).toBe('CREDENTIALS_INVALID')
    const fresh = await bank.client.post('/auth/login', { phone: c.phone, password: NEW_PASSWORD, deviceId: c.deviceId })
    expect(fresh.body.status).toBe('ok')
  })

  it('counts a wrong current password against the sign-in lockout', async () => {
    const c = await activeCustomer(bank.client)
    const wrong = () => bank.client.post('/me/password', { oldPassword: 'Wrong2024x', newPassword: NEW_PASSWORD }, { token: c.token })
    const first = errorOf(await wrong())
    expect(first).toMatchObject({ code: 'CREDENTIALS_INVALID', details: { attemptsLeft: 4 } })
    for (let i = 0; i < 3; i++) await wrong()
    expect(errorOf(await wrong()).code).toBe('LOGIN_LOCKED')
    const login = await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })
    expect(errorOf(login).code).toBe('LOGIN_LOCKED')
  })

  it('refuses a weak new password with its reason', async () => {
    const c = await activeCustomer(bank.client)
    const weak = errorOf(await bank.client.post('/me/password', { oldPassword: PASSWORD, newPassword: 'abcdefgh' }, { token: c.token }))
    expect(weak.code).toBe('PASSWORD_WEAK')
  })
})

describe('changing the payment password', () => {
  it('needs the current one (counted), refuses trivial ones, and dates the change', async () => {
    const c = await activeCustomer(bank.client)
    const set = await me(c)
    expect(set.payPasswordChangedAt).toBe(bank.clock.now())
    bank.clock.advance(60_000)
    const wrong = errorOf(await bank.client.post('/paypw/change', { oldPayPassword: '111111', newPayPassword: NEW_PAY }, { token: c.token }))
    expect(wrong).toMatchObject({ code: 'PAY_PASSWORD_WRONG', details: { attemptsLeft: 4 } })
    const trivial = errorOf(
      await bank.client.post('/paypw/change', { oldPayPassword: PAY_PASSWORD, newPayPassword: '123456' }, { token: c.token }),
    )
    expect(trivial.code).toBe('PAY_PASSWORD_TRIVIAL')
    expect(
      (await bank.client.post('/paypw/change', { oldPayPassword: PAY_PASSWORD, newPayPassword: NEW_PAY }, { token: c.token })).status,
    ).toBe(200)
    expect((await me(c)).payPasswordChangedAt).toBe(bank.clock.now())
    expect((await bank.client.post('/paypw/verify', { payPassword: NEW_PAY }, { token: c.token })).status).toBe(200)
  })
})

describe('forgot the payment password', () => {
  it('refuses a wrong ID or card (counted against the code), then a new password lifts the 24 h lock', async () => {
    const idNumber = newIdNumber()
    const c = await activeCustomer(bank.client, 0, { idNumber })
    for (let i = 0; i < 5; i++) await bank.client.post('/paypw/verify', { payPassword: '000000' }, { token: c.token })
    expect(errorOf(await bank.client.post('/paypw/verify', { payPassword: PAY_PASSWORD }, { token: c.token })).code).toBe(
      'PAY_PASSWORD_LOCKED',
    )
    expect((await bank.client.post('/sms/send', { phone: c.phone, purpose: 'reset-pay' })).status).toBe(200)
    const smsCode = await bank.client.latestSms(c.phone, 'reset-pay')
    const reset = (body: object) =>
      bank.client.post('/paypw/reset', { smsCode, idNumber, pan: c.pan, newPayPassword: NEW_PAY, ...body }, { token: c.token })
    expect(errorOf(await reset({ idNumber: newIdNumber() }))).toMatchObject({
      code: 'IDENTITY_MISMATCH',
      details: { field: 'idNumber', attemptsLeft: 4 },
    })
    expect(errorOf(await reset({ pan: newCard() }))).toMatchObject({
      code: 'IDENTITY_MISMATCH',
      details: { field: 'pan', attemptsLeft: 3 },
    })
    expect(errorOf(await reset({ newPayPassword: '111111' })).code).toBe('PAY_PASSWORD_TRIVIAL')
    expect((await reset({})).status).toBe(200)
    expect((await me(c)).payPasswordLockedUntil).toBeNull()
    expect((await bank.client.post('/paypw/verify', { payPassword: NEW_PAY }, { token: c.token })).status).toBe(200)
    // The code is used up.
    expect(errorOf(await reset({})).code).toBe('OTP_EXPIRED')
  })

  it('refuses a wrong SMS code', async () => {
    const idNumber = newIdNumber()
    const c = await activeCustomer(bank.client, 0, { idNumber })
    await bank.client.post('/sms/send', { phone: c.phone, purpose: 'reset-pay' })
    const wrong = await bank.client.post(
      '/paypw/reset',
      { smsCode: '000000', idNumber, pan: c.pan, newPayPassword: NEW_PAY },
      { token: c.token },
    )
    expect(['OTP_INVALID']).toContain(errorOf(wrong).code)
  })
})

describe('forgot the login password', () => {
  it('with SMS and ID: every session ends, the lockout is lifted and the new password signs in', async () => {
    const idNumber = newIdNumber()
    const c = await activeCustomer(bank.client, 0, { idNumber })
    for (let i = 0; i < 5; i++) await bank.client.post('/auth/login', { phone: c.phone, password: 'Wrong2024x', deviceId: c.deviceId })
    expect(errorOf(await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })).code).toBe(
      'LOGIN_LOCKED',
    )
    expect((await bank.client.post('/sms/send', { phone: c.phone, purpose: 'reset-login' })).status).toBe(200)
    const smsCode = await bank.client.latestSms(c.phone, 'reset-login')
    const reset = (body: object) =>
      bank.client.post('/auth/password/reset', { phone: c.phone, smsCode, idNumber, newPassword: NEW_PASSWORD, ...body })
    expect(errorOf(await reset({ idNumber: newIdNumber() }))).toMatchObject({
      code: 'IDENTITY_MISMATCH',
      details: { field: 'idNumber', attemptsLeft: 4 },
    })
    expect(errorOf(await reset({ newPassword: 'abcdefgh' })).code).toBe('PASSWORD_WEAK')
    expect((await reset({})).status).toBe(200)
    expect(errorOf(await bank.client.get('/me', c.token)).code).toBe('UNAUTHORIZED')
    const fresh = await bank.client.post('/auth/login', { phone: c.phone, password: NEW_PASSWORD, deviceId: c.deviceId })
    expect(fresh.body.status).toBe('ok')
    expect(fresh.body.customer.passwordChangedAt).toBe(bank.clock.now())
  })

  it('answers NOT_FOUND for a phone without a wallet', async () => {
    const reply = await bank.client.post('/sms/send', { phone: '13900000000', purpose: 'reset-login' })
    expect(errorOf(reply).code).toBe('NOT_FOUND')
  })
})

describe("小额免密 is the customer's choice", () => {
  const merchant = { 'x-merchant-key': DEMO_MERCHANT_KEY }

  it('is off for a new customer, turned on only with the payment password within the bank maximum', async () => {
    const c = await activeCustomer(bank.client, 50_000)
    const profile = await me(c)
    expect(profile.settings.smallAmountNoPassword).toBe(false)
    expect(profile.smallAmountMaxFen).toBe(100_000)
    const device = shape(PayCodeActivateResponse, await bank.client.post('/paycode/activate', {}, { token: c.token }))
    const charge = () =>
      bank.client.post('/pos/charge', { merchantId: 'M0001', payCode: payCodeNow(device, bank.clock.now()), amountFen: 3_200 }, { headers: merchant })
    expect(shape(PosChargeResponse, await charge()).charge.status).toBe('awaiting_confirmation')

    const on = (body: object) => bank.client.post('/me/settings', { smallAmountNoPassword: true, smallAmountLimitFen: 50_000, ...body }, { token: c.token })
    expect(errorOf(await on({})).code).toBe('PAY_PASSWORD_REQUIRED')
    expect(errorOf(await on({ payPassword: '000000' }))).toMatchObject({ code: 'PAY_PASSWORD_WRONG', details: { attemptsLeft: 4 } })
    expect(errorOf(await on({ payPassword: PAY_PASSWORD, smallAmountLimitFen: 100_001 }))).toMatchObject({
      code: 'SMALL_AMOUNT_LIMIT_INVALID',
      details: { maxFen: 100_000 },
    })
    expect((await on({ payPassword: PAY_PASSWORD })).body.settings).toEqual({ smallAmountNoPassword: true, smallAmountLimitFen: 50_000 })
    bank.clock.advance(60_000)
    expect(shape(PosChargeResponse, await charge()).charge.status).toBe('succeeded')

    // Raising the limit needs the password again; lowering it or turning it off does not.
    expect(errorOf(await bank.client.post('/me/settings', { smallAmountLimitFen: 80_000 }, { token: c.token })).code).toBe(
      'PAY_PASSWORD_REQUIRED',
    )
    expect((await bank.client.post('/me/settings', { smallAmountLimitFen: 20_000 }, { token: c.token })).status).toBe(200)
    const off = await bank.client.post('/me/settings', { smallAmountNoPassword: false }, { token: c.token })
    expect(off.body.settings).toEqual({ smallAmountNoPassword: false, smallAmountLimitFen: 20_000 })
  })
})
