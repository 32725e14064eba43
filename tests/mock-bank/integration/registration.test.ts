import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LoginResponse, SessionResponse, SmsSendResponse, CustomerProfile } from '../../../src/shared/bank-api'
import { errorOf, newIdNumber, newPhone, PASSWORD, shape, signUp, startTestBank, type TestBank } from '../../support/bank-client'

let bank: TestBank

beforeAll(async () => {
  bank = await startTestBank()
})
afterAll(async () => {
  await bank.stop()
})

describe('SMS codes', () => {
  it('sends a 6-digit code to the development inbox and refuses a resend within 60 s', async () => {
    const phone = newPhone()
    const sent = shape(SmsSendResponse, await bank.client.post('/sms/send', { phone, purpose: 'register' }))
    expect(sent.expiresAt - bank.clock.now()).toBe(5 * 60_000)
    expect(sent.resendAt - bank.clock.now()).toBe(60_000)
    expect(sent.sendsLeftToday).toBe(9)
    expect(await bank.client.latestSms(phone)).toMatch(/^\d{6}$/)
    const again = await bank.client.post('/sms/send', { phone, purpose: 'register' })
    expect(again.status).toBe(429)
    expect(errorOf(again)).toMatchObject({
      code: 'SMS_RATE_LIMITED',
      details: { reason: 'RESEND_TOO_SOON', retryAt: sent.resendAt },
    })
    bank.clock.advance(60_000)
    expect((await bank.client.post('/sms/send', { phone, purpose: 'register' })).status).toBe(200)
  })

  it('allows at most 10 sends per phone per day', async () => {
    const phone = newPhone()
    for (let i = 0; i < 10; i++) {
      expect((await bank.client.post('/sms/send', { phone, purpose: 'register' })).status).toBe(200)
      bank.clock.advance(61_000)
    }
    const refused = await bank.client.post('/sms/send', { phone, purpose: 'register' })
    expect(errorOf(refused)).toMatchObject({ code: 'SMS_RATE_LIMITED', details: { reason: 'DAILY_LIMIT' } })
    bank.clock.advance(24 * 3600_000)
    expect((await bank.client.post('/sms/send', { phone, purpose: 'register' })).status).toBe(200)
  })

  it('counts wrong codes, says how many tries are left, and kills the code after 5', async () => {
    const phone = newPhone()
    await bank.client.post('/sms/send', { phone, purpose: 'register' })
    const code = await bank.client.latestSms(phone)
    const wrong = code === '000000' ? '111111' : '000000'
    const body = { phone, name: '张三', idNumber: newIdNumber(), password: PASSWORD, deviceId: 'device-0001' }
    for (let left = 4; left >= 1; left--) {
      const reply = await bank.client.post('/register', { ...body, smsCode: wrong })
      expect(errorOf(reply)).toMatchObject({ code: 'OTP_INVALID', details: { attemptsLeft: left } })
    }
    expect(errorOf(await bank.client.post('/register', { ...body, smsCode: wrong }))).toMatchObject({ code: 'OTP_TOO_MANY' })
    expect(errorOf(await bank.client.post('/register', { ...body, smsCode: code }))).toMatchObject({ code: 'OTP_TOO_MANY' })
  })

  it('expires codes after 5 minutes and uses them once', async () => {
    const phone = newPhone()
    await bank.client.post('/sms/send', { phone, purpose: 'register' })
    const code = await bank.client.latestSms(phone)
    bank.clock.advance(5 * 60_000)
    const body = { phone, name: '张三', idNumber: newIdNumber(), password: PASSWORD, deviceId: 'device-0001', smsCode: code }
    expect(errorOf(await bank.client.post('/register', body))).toMatchObject({
      code: 'OTP_EXPIRED',
      details: { reason: 'EXPIRED' },
    })
    await bank.client.post('/sms/send', { phone, purpose: 'register' })
    const fresh = await bank.client.latestSms(phone)
    expect((await bank.client.post('/register', { ...body, smsCode: fresh })).status).toBe(200)
    // Same code again (a new key, so not a replay): used up; and the phone is taken anyway.
    expect(errorOf(await bank.client.post('/register', { ...body, smsCode: fresh })).code).toBe('PHONE_TAKEN')
  })
})

describe('registration', () => {
  const base = () => ({ phone: newPhone(), name: '张三', idNumber: newIdNumber(), password: PASSWORD })

  it.each([
    [{ phone: '12345' }, 'PHONE_INVALID', 'LENGTH'],
    [{ phone: '12800138000' }, 'PHONE_INVALID', 'PREFIX'],
    [{ name: '张' }, 'NAME_INVALID', 'LENGTH'],
    [{ name: '张三3' }, 'NAME_INVALID', 'FORMAT'],
    [{ idNumber: '11010519491231002' }, 'ID_INVALID', 'LENGTH'],
    [{ idNumber: '110105194912310021' }, 'ID_INVALID', 'CHECK_DIGIT'],
    [{ idNumber: '110105194913310029' }, 'ID_INVALID', 'BIRTH_DATE'],
    [{ password: 'short1' }, 'PASSWORD_WEAK', 'LENGTH'],
    [{ password: 'onlyletters' }, 'PASSWORD_WEAK', 'NEEDS_DIGIT'],
  ])('validates %j as %s (%s)', async (patch, code, reason) => {
    const reply = await bank.client.post('/register/validate', { ...base(), ...patch }, { key: null })
    expect(errorOf(reply)).toMatchObject({ code, details: { reason } })
  })

  it('refuses a password containing the phone number or the birth date', async () => {
    const fields = base()
    expect(errorOf(await bank.client.post('/register/validate', { ...fields, password: `a${fields.phone}` }))).toMatchObject({
      details: { reason: 'CONTAINS_PHONE' },
    })
    expect(
      errorOf(await bank.client.post('/register/validate', { ...fields, password: `pw${fields.idNumber.slice(6, 14)}` })),
    ).toMatchObject({
      details: { reason: 'CONTAINS_BIRTH_DATE' },
    })
    expect((await bank.client.post('/register/validate', fields)).body).toEqual({ ok: true })
  })

  it('registers a 三类 wallet, refuses the same phone or ID twice, and hides the password', async () => {
    const idNumber = newIdNumber()
    const customer = await signUp(bank.client, { idNumber, name: '李四' })
    const me = shape(CustomerProfile, await bank.client.get('/me', customer.token))
    expect(me).toMatchObject({
      tier: 3,
      tierName: '三类钱包',
      name: '李四',
      nameMasked: '李*',
      balanceFen: 0,
      payPasswordSet: false,
    })
    expect(me.walletNo).toMatch(/^0021\d{12}$/)
    expect(JSON.stringify(me)).not.toContain(PASSWORD)
    expect(errorOf(await bank.client.post('/register/validate', { ...base(), phone: customer.phone })).code).toBe('PHONE_TAKEN')
    expect(errorOf(await bank.client.post('/register/validate', { ...base(), idNumber })).code).toBe('ID_TAKEN')
    expect(errorOf(await bank.client.post('/sms/send', { phone: customer.phone, purpose: 'register' })).code).toBe('PHONE_TAKEN')
  })
})

describe('sign-in, devices and sessions', () => {
  it('signs in on a known device directly, and asks a new device for an SMS code', async () => {
    const customer = await signUp(bank.client)
    const known = shape(
      LoginResponse,
      await bank.client.post('/auth/login', { phone: customer.phone, password: PASSWORD, deviceId: customer.deviceId }),
    )
    expect(known.status).toBe('ok')

    const fresh = shape(
      LoginResponse,
      await bank.client.post('/auth/login', { phone: customer.phone, password: PASSWORD, deviceId: 'another-device' }),
    )
    if (fresh.status !== 'challenge') throw new Error('expected a challenge')
    expect(fresh.challenge).toMatchObject({
      method: 'sms',
      phoneMasked: `${customer.phone.slice(0, 3)}****${customer.phone.slice(7)}`,
    })
    const code = await bank.client.latestSms(customer.phone, 'login')
    const signedIn = shape(
      LoginResponse,
      await bank.client.post('/auth/challenge', { challengeId: fresh.challenge.challengeId, code }),
    )
    expect(signedIn.status).toBe('ok')
    // The device is now known.
    const again = shape(
      LoginResponse,
      await bank.client.post('/auth/login', { phone: customer.phone, password: PASSWORD, deviceId: 'another-device' }),
    )
    expect(again.status).toBe('ok')
  })

  it('gives a new device’s SMS step the code’s own validity, which is what the SMS says', async () => {
    const customer = await signUp(bank.client)
    bank.clock.advance(61_000)
    const fresh = shape(
      LoginResponse,
      await bank.client.post('/auth/login', { phone: customer.phone, password: PASSWORD, deviceId: 'third-device' }),
    )
    if (fresh.status !== 'challenge') throw new Error('expected a challenge')
    // The attempt would last 10 minutes, but its code only 5: the screen counts down the 5.
    expect(fresh.challenge.expiresAt - bank.clock.now()).toBe(5 * 60_000)
    const inbox = await bank.client.get<{ messages: { purpose: string; text: string; sentAt: number; expiresAt: number }[] }>(
      `/_dev/sms/${customer.phone}`,
    )
    const sms = inbox.body.messages.find((m) => m.purpose === 'login')!
    expect(sms.expiresAt).toBe(fresh.challenge.expiresAt)
    expect(sms.text).toContain('5分钟内有效')
  })

  it('counts wrong passwords and locks sign-in after 5', async () => {
    const customer = await signUp(bank.client)
    const attempt = (password: string) =>
      bank.client.post('/auth/login', { phone: customer.phone, password, deviceId: customer.deviceId })
    for (let left = 4; left >= 1; left--)
      expect(errorOf(await attempt('Wrong12345'))).toMatchObject({ code: 'CREDENTIALS_INVALID', details: { attemptsLeft: left } })
    const locked = errorOf(await attempt('Wrong12345'))
    expect(locked).toMatchObject({ code: 'LOGIN_LOCKED', details: { unlockAt: bank.clock.now() + 30 * 60_000 } })
    expect(errorOf(await attempt(PASSWORD)).code).toBe('LOGIN_LOCKED')
    bank.clock.advance(30 * 60_000)
    expect((await attempt(PASSWORD)).status).toBe(200)
  })

  it('does not tell an unknown phone from a wrong password', async () => {
    expect(
      errorOf(await bank.client.post('/auth/login', { phone: newPhone(), password: PASSWORD, deviceId: 'device-0001' })).code,
    ).toBe('CREDENTIALS_INVALID')
  })

  it('expires tokens, refreshes them, and signs out', async () => {
    const customer = await signUp(bank.client)
    expect((await bank.client.get('/me')).status).toBe(401)
    expect(errorOf(await bank.client.get('/me', 'nonsense')).code).toBe('UNAUTHORIZED')
    const refreshed = shape(SessionResponse, await bank.client.post('/auth/refresh', {}, { token: customer.token }))
    expect(errorOf(await bank.client.get('/me', customer.token)).code).toBe('UNAUTHORIZED')
    bank.clock.advance(2 * 3600_000)
    expect(errorOf(await bank.client.get('/me', refreshed.session.token)).code).toBe('SESSION_EXPIRED')
    const login = shape(
      LoginResponse,
      await bank.client.post('/auth/login', { phone: customer.phone, password: PASSWORD, deviceId: customer.deviceId }),
    )
    if (login.status !== 'ok') throw new Error('expected a session')
    expect((await bank.client.post('/auth/logout', {}, { token: login.session.token })).status).toBe(200)
    expect((await bank.client.get('/me', login.session.token)).status).toBe(401)
  })
})
