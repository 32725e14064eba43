import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { DeregisterCheckResponse, PayCodeActivateResponse, TotpEnrollResponse } from '../../../src/shared/bank-api'
import { DEMO_MERCHANT_KEY } from '../../../src/mock-bank'
import { payCodeNow } from '../../../src/mock-bank/paycode'
import { base32Decode, totp } from '../../../src/shared/otp'
import {
  activeCustomer,
  assessRisk,
  errorOf,
  newIdNumber,
  PASSWORD,
  PAY_PASSWORD,
  shape,
  signUp,
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

async function check(c: Customer) {
  return shape(DeregisterCheckResponse, await bank.client.get('/deregister/check', c.token))
}

/** Asks for a deregistration SMS (a minute later each time, past the resend window) and returns its code. */
async function smsCode(c: Customer): Promise<string> {
  bank.clock.advance(61_000)
  const sent = await bank.client.post('/sms/send', { phone: c.phone, purpose: 'deregister' })
  expect(sent.status).toBe(200)
  return bank.client.latestSms(c.phone, 'deregister')
}

async function deregister(c: Customer, body: Record<string, unknown>, key: string = randomUUID()) {
  return bank.client.post('/deregister', body, { token: c.token, key })
}

describe('GET /deregister/check: what stands in the way, as the bank sees it', () => {
  it('names nothing for an empty wallet, and says whether an authenticator code is needed', async () => {
    const c = await activeCustomer(bank.client)
    expect(await check(c)).toEqual({ blockers: [], totpRequired: false })
  })

  it('names a balance, a holding, a redemption on its way and a payment waiting for confirmation', async () => {
    const c = await activeCustomer(bank.client, 600_000)
    await assessRisk(bank.client, c.token, 'C2')
    await bank.client.post(
      '/wealth/buy',
      { productId: 'WP-CASH', amountFen: 10_000, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    await bank.client.post(
      '/wealth/buy',
      { productId: 'WP-BOND', amountFen: 20_000, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    const redeemed = await bank.client.post(
      '/wealth/redeem',
      { productId: 'WP-BOND', amountFen: 20_000, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    expect(redeemed.status).toBe(200)
    const device = shape(PayCodeActivateResponse, await bank.client.post('/paycode/activate', {}, { token: c.token }))
    const charged = await bank.client.post(
      '/pos/charge',
      { merchantId: 'M0006', payCode: payCodeNow(device, bank.clock.now()), amountFen: 200_000 },
      { headers: { 'x-merchant-key': DEMO_MERCHANT_KEY } },
    )
    expect(charged.body.charge.status).toBe('awaiting_confirmation')

    const { blockers } = await check(c)
    expect(blockers.map((b) => b.reason)).toEqual(['BALANCE', 'WEALTH', 'PENDING_REDEMPTION', 'PENDING_CHARGE'])
    expect(blockers[0]).toMatchObject({ amountFen: 600_000 - 30_000, count: 1 })
    expect(blockers[1]).toMatchObject({ amountFen: 10_000, count: 1 })
    expect(blockers[2]).toMatchObject({ amountFen: 20_000, count: 1, until: expect.any(Number) })
    expect(blockers[3]).toMatchObject({ amountFen: 200_000, count: 1, until: charged.body.charge.expiresAt })
  })

  it('needs a signed-in customer', async () => {
    expect((await bank.client.get('/deregister/check')).status).toBe(401)
  })
})

describe('POST /deregister: every rule', () => {
  it('refuses while a balance is left', async () => {
    const c = await activeCustomer(bank.client, 1_000)
    expect(errorOf(await deregister(c, { password: PASSWORD, smsCode: await smsCode(c) }))).toMatchObject({
      code: 'DEREGISTER_BLOCKED',
      details: { reason: 'BALANCE', balanceFen: 1_000 },
    })
  })

  it('refuses while a wealth product is held', async () => {
    const c = await activeCustomer(bank.client, 1_000)
    await assessRisk(bank.client, c.token, 'C2')
    await bank.client.post(
      '/wealth/buy',
      { productId: 'WP-CASH', amountFen: 1_000, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    expect(errorOf(await deregister(c, { password: PASSWORD, smsCode: await smsCode(c) }))).toMatchObject({
      code: 'DEREGISTER_BLOCKED',
      details: { reason: 'WEALTH' },
    })
  })

  it('refuses while a redemption is on its way', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    await assessRisk(bank.client, c.token, 'C2')
    await bank.client.post(
      '/wealth/buy',
      { productId: 'WP-BOND', amountFen: 10_000, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    await bank.client.post(
      '/wealth/redeem',
      { productId: 'WP-BOND', amountFen: 10_000, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    expect((await check(c)).blockers.map((b) => b.reason)).toEqual(['PENDING_REDEMPTION'])
    expect(errorOf(await deregister(c, { password: PASSWORD, smsCode: await smsCode(c) }))).toMatchObject({
      code: 'DEREGISTER_BLOCKED',
      details: { reason: 'PENDING_REDEMPTION' },
    })
  })

  it('refuses while a payment waits for confirmation, and not once it is declined', async () => {
    const c = await activeCustomer(bank.client, 300_000)
    const device = shape(PayCodeActivateResponse, await bank.client.post('/paycode/activate', {}, { token: c.token }))
    const charged = await bank.client.post(
      '/pos/charge',
      { merchantId: 'M0006', payCode: payCodeNow(device, bank.clock.now()), amountFen: 300_000 },
      { headers: { 'x-merchant-key': DEMO_MERCHANT_KEY } },
    )
    await bank.client.post('/withdraw', { cardId: c.cardId, amountFen: 300_000, payPassword: PAY_PASSWORD }, { token: c.token })
    const code = await smsCode(c)
    expect(errorOf(await deregister(c, { password: PASSWORD, smsCode: code }))).toMatchObject({
      code: 'DEREGISTER_BLOCKED',
      details: { reason: 'PENDING_CHARGE' },
    })
    await bank.client.post(`/paycode/pending/${charged.body.charge.chargeId}/decline`, {}, { token: c.token })
    expect((await deregister(c, { password: PASSWORD, smsCode: code })).body).toEqual({ ok: true })
  })

  it('checks the login password (a wrong one counts toward the sign-in lock) and the SMS code', async () => {
    const c = await activeCustomer(bank.client)
    const code = await smsCode(c)
    expect(errorOf(await deregister(c, { password: 'Wrong12345x', smsCode: code }))).toMatchObject({
      code: 'CREDENTIALS_INVALID',
      details: { attemptsLeft: expect.any(Number) },
    })
    const wrongCode = code === '000000' ? '111111' : '000000'
    expect(errorOf(await deregister(c, { password: PASSWORD, smsCode: wrongCode })).code).toBe('OTP_INVALID')
    // A code for another purpose is not a deregistration code.
    bank.clock.advance(61_000)
    await bank.client.post('/sms/send', { phone: c.phone, purpose: 'login' })
    const loginCode = await bank.client.latestSms(c.phone, 'login')
    if (loginCode !== code)
      expect(errorOf(await deregister(c, { password: PASSWORD, smsCode: loginCode })).code).toBe('OTP_INVALID')
    expect((await bank.client.get('/me', c.token)).status).toBe(200)
    expect((await deregister(c, { password: PASSWORD, smsCode: code })).body).toEqual({ ok: true })
  })

  it('asks for the authenticator code when two-factor is on', async () => {
    const c = await activeCustomer(bank.client)
    const key = base32Decode(shape(TotpEnrollResponse, await bank.client.post('/2fa/totp/enroll', {}, { token: c.token })).secret)
    await bank.client.post('/2fa/totp/confirm', { code: totp(key, bank.clock.now()) }, { token: c.token })
    expect((await check(c)).totpRequired).toBe(true)
    const code = await smsCode(c)
    expect(errorOf(await deregister(c, { password: PASSWORD, smsCode: code })).code).toBe('TOTP_INVALID')
    const wrong = totp(key, bank.clock.now()) === '123456' ? '654321' : '123456'
    expect(errorOf(await deregister(c, { password: PASSWORD, smsCode: code, totpCode: wrong })).code).toBe('TOTP_INVALID')
    bank.clock.advance(30_000)
    expect((await deregister(c, { password: PASSWORD, smsCode: code, totpCode: totp(key, bank.clock.now()) })).body).toEqual({
      ok: true,
    })
  })
})

describe('after deregistration', () => {
  it('every token of the customer stops at once, on every device', async () => {
    const c = await activeCustomer(bank.client)
    const other = await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })
    const otherToken = other.body.session.token as string
    expect((await deregister(c, { password: PASSWORD, smsCode: await smsCode(c) })).body).toEqual({ ok: true })
    for (const token of [c.token, otherToken]) {
      expect(errorOf(await bank.client.get('/me', token))).toMatchObject({ code: 'ACCOUNT_CLOSED' })
      expect(errorOf(await bank.client.get('/changes?limit=10', token)).code).toBe('ACCOUNT_CLOSED')
      expect(errorOf(await bank.client.post('/auth/refresh', {}, { token })).code).toBe('ACCOUNT_CLOSED')
    }
    expect(
      errorOf(await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })).code,
    ).toBe('CREDENTIALS_INVALID')
  })

  it('a replay under the same key answers the stored outcome; anything else with the dead token is refused', async () => {
    const c = await activeCustomer(bank.client)
    const code = await smsCode(c)
    const key = randomUUID()
    expect((await deregister(c, { password: PASSWORD, smsCode: code }, key)).body).toEqual({ ok: true })
    const again = await deregister(c, { password: PASSWORD, smsCode: code }, key)
    expect(again.status).toBe(200)
    expect(again.body).toEqual({ ok: true })
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(errorOf(await deregister(c, { password: PASSWORD, smsCode: code })).code).toBe('ACCOUNT_CLOSED')
    expect(
      errorOf(
        await bank.client.post(
          '/topup',
          { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
          { token: c.token, key },
        ),
      ).code,
    ).toBe('ACCOUNT_CLOSED')
  })

  it('frees the phone and ID number: the same person registers a new, empty wallet; the old one stays closed at the bank', async () => {
    const idNumber = newIdNumber()
    const c = await activeCustomer(bank.client, 5_000, { idNumber })
    await bank.client.post('/withdraw', { cardId: c.cardId, amountFen: 5_000, payPassword: PAY_PASSWORD }, { token: c.token })
    expect((await deregister(c, { password: PASSWORD, smsCode: await smsCode(c) })).body).toEqual({ ok: true })
    bank.clock.advance(61_000)
    const again = await signUp(bank.client, { phone: c.phone, idNumber })
    expect(again.customerId).not.toBe(c.customerId)
    const feed = await bank.client.get('/changes?limit=100', again.token)
    expect(feed.status).toBe(200)
    expect(feed.body.items.filter((i: { type: string }) => i.type === 'transaction')).toEqual([])
    expect((await bank.client.get('/me', again.token)).body.balanceFen).toBe(0)
    // The card the old wallet had may be bound again.
    expect((await bank.client.post('/cards/bind', { pan: c.pan, reservedPhone: c.phone }, { token: again.token })).status).toBe(
      200,
    )
  })
})
