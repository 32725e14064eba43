import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_CUSTOMER, type BankServer } from '../../../src/mock-bank'
import type { CardsList, PasswordsOverview, SessionStatus, SignInResult } from '../../../src/shared/contract'
import { devPost } from '../../support/bank-address'
import { latestSmsCode, signInDemo, startBank, startCore } from '../../support/wallet'
import { DAY_MS, LONG_SESSIONS } from '../payments/helpers'

/**
 * 设置 → 账户与安全 through the core, on a real bank: changing and resetting both passwords, the
 * offline verifier following the login password, the reminder on 首页 and 小额免密.
 */
type App = Awaited<ReturnType<typeof startCore>>
let bank: BankServer & { clientSecret: string }
const apps: App[] = []

beforeEach(async () => {
  bank = await startBank({ seed: 'demo', config: LONG_SESSIONS })
})
afterEach(async () => {
  for (const app of apps.splice(0)) await app.core.dispose()
  await bank.close()
})

async function signedIn(): Promise<App> {
  const app = await startCore(bank)
  apps.push(app)
  await signInDemo(app, bank)
  return app
}

async function failure(app: App, channel: string, input?: unknown) {
  const result = await app.call(channel, input)
  if (result.ok) throw new Error(`${channel} succeeded`)
  return result.error
}

const NEW_PASSWORD = 'Renewed2026x'
const NEW_PAY = '364819'
const { password: PASSWORD, payPassword: PAY_PASSWORD } = DEMO_CUSTOMER

describe('the login password', () => {
  it('changes: the other computer is signed out at once, this one stays, and unlocking takes the new one', async () => {
    const app = await signedIn()
    // Another wallet of the same customer (a second device), after the first's sign-in SMS may be resent.
    await devPost(bank, '/_dev/clock', { advanceMs: 61_000 })
    const other = await signedIn()
    await other.ok('password.overview')

    expect(await failure(app, 'password.changeLogin', { password: PASSWORD, newPassword: 'abcdefgh' })).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'newPassword' },
    })
    expect(await failure(app, 'password.changeLogin', { password: 'Wrong2025x', newPassword: NEW_PASSWORD })).toMatchObject({
      code: 'CREDENTIALS_INVALID',
      details: { attemptsLeft: 4 },
    })
    await app.ok('password.changeLogin', { password: PASSWORD, newPassword: NEW_PASSWORD })
    expect((await failure(other, 'password.overview')).code).toBe('UNAUTHORIZED')
    await app.ok('password.overview')

    await app.ok('session.lock')
    expect((await failure(app, 'session.unlock', { password: PASSWORD })).code).toBe('WRONG_PASSWORD')
    expect(await app.ok<SessionStatus>('session.unlock', { password: NEW_PASSWORD })).toMatchObject({ status: 'unlocked', offline: false })
  })

  it('forgotten: SMS and ID set a new one, and this computer signs in with it even from the lock screen', async () => {
    const app = await signedIn()
    await app.ok('session.lock')
    await app.ok('password.forgotLoginSms', { phone: DEMO_CUSTOMER.phone })
    const smsCode = await latestSmsCode(bank, DEMO_CUSTOMER.phone)
    const wrongId = await failure(app, 'password.forgotLogin', {
      phone: DEMO_CUSTOMER.phone,
      smsCode,
      idNumber: '110105199203150038',
      newPassword: NEW_PASSWORD,
    })
    expect(wrongId).toMatchObject({ code: 'IDENTITY_MISMATCH', details: { field: 'idNumber', attemptsLeft: 4 } })
    const done = await app.ok<SignInResult>('password.forgotLogin', {
      phone: DEMO_CUSTOMER.phone,
      smsCode,
      idNumber: DEMO_CUSTOMER.idNumber,
      newPassword: NEW_PASSWORD,
    })
    expect(done).toMatchObject({ status: 'ok', session: { status: 'unlocked' } })
    await app.ok('session.lock')
    await app.ok('session.unlock', { password: NEW_PASSWORD })
    expect((await app.ok<PasswordsOverview>('password.overview')).loginAgeDays).toBe(0)
  })
})

describe('the payment password', () => {
  it('changes with the current one; a trivial one is refused with its reason; the new one pays', async () => {
    const app = await signedIn()
    expect(await failure(app, 'password.changePay', { payPassword: PAY_PASSWORD, newPayPassword: '123456' })).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'newPayPassword', reason: 'SEQUENTIAL' },
    })
    expect(await failure(app, 'password.changePay', { payPassword: '000000', newPayPassword: NEW_PAY })).toMatchObject({
      code: 'PAY_PASSWORD_WRONG',
      details: { attemptsLeft: 4 },
    })
    await app.ok('password.changePay', { payPassword: PAY_PASSWORD, newPayPassword: NEW_PAY })
    const card = (await app.ok<CardsList>('cards.list')).cards[0]!
    await app.ok('pay.topup', { cardId: card.cardId, amountFen: 100, payPassword: NEW_PAY })
  })

  it('forgotten: lifts the 24 h lock with SMS, ID and a bound card; a wrong card is refused', async () => {
    const app = await signedIn()
    for (let i = 0; i < 5; i++) await app.call('password.changePay', { payPassword: '000000', newPayPassword: NEW_PAY })
    const locked = await app.ok<PasswordsOverview>('password.overview')
    expect(locked.payPasswordLockedUntil).not.toBeNull()
    await app.ok('password.forgotPaySms')
    const smsCode = await latestSmsCode(bank, DEMO_CUSTOMER.phone)
    const reset = { smsCode, idNumber: DEMO_CUSTOMER.idNumber, pan: DEMO_CUSTOMER.cards[0], newPayPassword: NEW_PAY }
    expect(await failure(app, 'password.forgotPay', { ...reset, pan: '6222020200001234570' })).toMatchObject({
      code: 'IDENTITY_MISMATCH',
      details: { field: 'pan' },
    })
    const after = await app.ok<PasswordsOverview>('password.forgotPay', reset)
    expect(after.payPasswordLockedUntil).toBeNull()
    const card = (await app.ok<CardsList>('cards.list')).cards[0]!
    await app.ok('pay.topup', { cardId: card.cardId, amountFen: 100, payPassword: NEW_PAY })
  })
})

describe('the reminder on 首页', () => {
  it('comes after 90 days on the bank clock, can be put off for 7 days, and follows the chosen period', async () => {
    const app = await signedIn()
    // The demo customer's history (and passwords) start months before the bank's today: the ages come from the bank.
    const seeded = await app.ok<PasswordsOverview>('password.overview')
    expect(seeded.loginAgeDays).toBeGreaterThanOrEqual(90)
    expect(seeded).toMatchObject({ reminderDays: 90, due: ['login', 'pay'], remind: true })
    await app.ok('password.changeLogin', { password: PASSWORD, newPassword: 'Interim2026x' })
    const fresh = await app.ok<PasswordsOverview>('password.changePay', { payPassword: PAY_PASSWORD, newPayPassword: NEW_PAY })
    expect(fresh).toMatchObject({ loginAgeDays: 0, payAgeDays: 0, due: [], remind: false })
    await devPost(bank, '/_dev/clock', { advanceMs: 91 * DAY_MS })
    const due = await app.ok<PasswordsOverview>('password.overview')
    expect(due).toMatchObject({ loginAgeDays: 91, payAgeDays: 91, due: ['login', 'pay'], remind: true })
    const snoozed = await app.ok<PasswordsOverview>('password.snoozeReminder')
    expect(snoozed.remind).toBe(false)
    expect(snoozed.snoozedUntil! - (due.loginChangedAt + 91 * DAY_MS)).toBeGreaterThanOrEqual(7 * DAY_MS)
    await devPost(bank, '/_dev/clock', { advanceMs: 6 * DAY_MS })
    expect((await app.ok<PasswordsOverview>('password.overview')).remind).toBe(false)
    await devPost(bank, '/_dev/clock', { advanceMs: 2 * DAY_MS })
    expect(await app.ok<PasswordsOverview>('password.overview')).toMatchObject({ remind: true, snoozedUntil: null })
    expect(await app.ok<PasswordsOverview>('password.setReminder', { days: 180 })).toMatchObject({ due: [], remind: false })
    await app.ok('password.setReminder', { days: 90 })
    // Changing the login password leaves only the payment password due.
    expect(await app.ok<PasswordsOverview>('password.changeLogin', { password: 'Interim2026x', newPassword: NEW_PASSWORD })).toMatchObject({
      loginAgeDays: 0,
      due: ['pay'],
    })
  })
})

describe('小额免密', () => {
  it('is off until turned on with the payment password, within the bank maximum', async () => {
    const app = await signedIn()
    expect((await app.ok<PasswordsOverview>('password.overview')).smallAmount).toEqual({ on: false, limitFen: 20_000, maxFen: 100_000 })
    expect((await failure(app, 'password.setSmallAmount', { on: true, limitFen: 50_000 })).code).toBe('PAY_PASSWORD_REQUIRED')
    expect((await failure(app, 'password.setSmallAmount', { on: true, limitFen: 200_000, payPassword: PAY_PASSWORD })).code).toBe(
      'SMALL_AMOUNT_LIMIT_INVALID',
    )
    const on = await app.ok<PasswordsOverview>('password.setSmallAmount', { on: true, limitFen: 50_000, payPassword: PAY_PASSWORD })
    expect(on.smallAmount).toMatchObject({ on: true, limitFen: 50_000 })
    const off = await app.ok<PasswordsOverview>('password.setSmallAmount', { on: false })
    expect(off.smallAmount).toMatchObject({ on: false, limitFen: 50_000 })
  })
})
