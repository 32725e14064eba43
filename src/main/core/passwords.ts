import { z } from 'zod'
import type { SignInResult, SmsTicket } from '../../shared/contract/activation'
import type { PasswordsOverview } from '../../shared/contract/passwords'
import { DEFAULT_PASSWORD_REMINDER_DAYS, PASSWORD_REMINDER_CHOICES, PASSWORD_SNOOZE_DAYS } from '../../shared/contract/constants'
import { validateLoginPassword, validateMobile, validatePayPassword, validateResidentId } from '../../shared/validators'
import type { DocStore } from '../base/ports'
import type { BankClient } from '../platform/bank/client'
import { withIdempotencyKey, type KeyLedger } from '../platform/bank/idempotency'
import type { UnlockService } from '../platform/vault'
import type { PaymentContext } from './payments/context'
import { checkPan, checkPayPassword, invalid } from './payments/validate'
import type { SessionService } from './session'

const DAY_MS = 86_400_000

/** This computer's reminder: after how many days, and until when 稍后提醒 put it off (bank time). No secret. */
const ReminderDoc = z.object({ days: z.number().int().positive(), snoozedUntil: z.number().nullable() })
type ReminderDoc = z.infer<typeof ReminderDoc>
const REMINDER_DOC = 'password-reminder'

export interface PasswordDeps {
  store: DocStore
  bank: BankClient
  session: SessionService
  unlock: UnlockService
  keys: KeyLedger
  /** The payment context's reads and keyed writes (src/main/core/payments/context.ts). */
  calls: Pick<PaymentContext, 'get' | 'post'>
}

/**
 * 设置 → 账户与安全: changing and resetting the two passwords, their ages and the reminder on 首页, and
 * 小额免密. The bank holds the rules and the times; main checks what it can before asking (so a weak
 * password never costs a try of an SMS code), keeps nothing secret, and keeps the offline unlock
 * verifier in step with the login password.
 */
export function createPasswordService(deps: PasswordDeps) {
  const { store, bank, session, unlock, keys, calls } = deps

  async function reminder(): Promise<ReminderDoc> {
    return (await store.read(REMINDER_DOC, ReminderDoc)) ?? { days: DEFAULT_PASSWORD_REMINDER_DAYS, snoozedUntil: null }
  }

  async function overview(): Promise<PasswordsOverview> {
    const me = await calls.get('me')
    const doc = await reminder()
    // Ages on the bank's clock: the times are the bank's, and a test moves that clock (/_dev/clock).
    const now = bank.bankNow()
    const days = (at: number) => Math.max(0, Math.floor((now - at) / DAY_MS))
    const loginAgeDays = days(me.passwordChangedAt)
    const payAgeDays = me.payPasswordChangedAt === null ? null : days(me.payPasswordChangedAt)
    const due: PasswordsOverview['due'] = []
    if (loginAgeDays >= doc.days) due.push('login')
    if (payAgeDays !== null && payAgeDays >= doc.days) due.push('pay')
    const snoozedUntil = doc.snoozedUntil !== null && doc.snoozedUntil > now ? doc.snoozedUntil : null
    return {
      loginChangedAt: me.passwordChangedAt,
      payChangedAt: me.payPasswordChangedAt,
      loginAgeDays,
      payAgeDays,
      reminderDays: doc.days,
      due,
      snoozedUntil,
      remind: due.length > 0 && snoozedUntil === null,
      payPasswordLockedUntil: me.payPasswordLockedUntil,
      smallAmount: {
        on: me.settings.smallAmountNoPassword,
        limitFen: me.settings.smallAmountLimitFen,
        maxFen: me.smallAmountMaxFen,
      },
    }
  }

  function checkLoginRule(password: string, field: string, phone: string | undefined): string {
    const rule = validateLoginPassword(password, { phone })
    if (!rule.ok) throw invalid(field, rule.reason)
    return password
  }

  function checkPayRule(password: string, field: string): string {
    const rule = validatePayPassword(password)
    if (!rule.ok) throw invalid(field, rule.reason)
    return password
  }

  function checkSmsCode(code: string): string {
    if (!/^\d{6}$/.test(code)) throw invalid('smsCode', 'FORMAT')
    return code
  }

  function checkIdNumber(value: string): string {
    const id = validateResidentId(value)
    if (!id.ok) throw invalid('idNumber', id.reason)
    return id.id
  }

  function checkPhone(value: string): string {
    const phone = validateMobile(value)
    if (!phone.ok) throw invalid('phone', phone.reason)
    return phone.phone
  }

  async function changeLogin(input: { password: string; newPassword: string }): Promise<PasswordsOverview> {
    if (input.password === '') throw invalid('password', 'EMPTY')
    const next = checkLoginRule(input.newPassword, 'newPassword', await session.phone())
    await calls.post('password.login', 'changePassword', { body: { oldPassword: input.password, newPassword: next } })
    // The bank signed out the other devices; this one stays signed in, and unlocking offline now takes the new password.
    await unlock.setVerifier(next)
    return overview()
  }

  async function changePay(input: { payPassword: string; newPayPassword: string }): Promise<PasswordsOverview> {
    const current = checkPayPassword(input.payPassword)
    const next = checkPayRule(input.newPayPassword, 'newPayPassword')
    await calls.post('password.pay', 'changePayPassword', { body: { oldPayPassword: current, newPayPassword: next } })
    return overview()
  }

  async function sendCode(phone: string, purpose: 'reset-login' | 'reset-pay'): Promise<SmsTicket> {
    const sent = await withIdempotencyKey(keys, `sms.${purpose}`, { phone }, (key) =>
      bank.call('sendSms', { body: { phone, purpose }, idempotencyKey: key }),
    )
    return { phoneMasked: sent.phoneMasked, expiresAt: sent.expiresAt, resendAt: sent.resendAt }
  }

  async function forgotPaySms(): Promise<SmsTicket> {
    unlock.assertUnlocked()
    const phone = await session.phone()
    if (!phone) throw invalid('phone', 'EMPTY')
    return sendCode(phone, 'reset-pay')
  }

  async function forgotPay(input: { smsCode: string; idNumber: string; pan: string; newPayPassword: string }): Promise<PasswordsOverview> {
    const body = {
      smsCode: checkSmsCode(input.smsCode),
      idNumber: checkIdNumber(input.idNumber),
      pan: checkPan(input.pan),
      newPayPassword: checkPayRule(input.newPayPassword, 'newPayPassword'),
    }
    await calls.post('password.resetPay', 'resetPayPassword', { body })
    return overview()
  }

  async function forgotLoginSms(input: { phone: string }): Promise<SmsTicket> {
    return sendCode(checkPhone(input.phone), 'reset-login')
  }

  /**
   * 忘记登录密码: the bank sets the new password and ends every session of the customer; this device
   * then signs in with it at once (already bound, so no new SMS unless two-factor is on), which also
   * gives the offline verifier the new password.
   */
  async function forgotLogin(input: { phone: string; smsCode: string; idNumber: string; newPassword: string }): Promise<SignInResult> {
    const phone = checkPhone(input.phone)
    const body = {
      phone,
      smsCode: checkSmsCode(input.smsCode),
      idNumber: checkIdNumber(input.idNumber),
      newPassword: checkLoginRule(input.newPassword, 'newPassword', phone),
    }
    await withIdempotencyKey(keys, 'auth.resetPassword', body, (key) =>
      bank.call('resetLoginPassword', { body, idempotencyKey: key }),
    )
    return session.signIn(phone, body.newPassword)
  }

  async function snooze(): Promise<PasswordsOverview> {
    unlock.assertUnlocked()
    await store.write(REMINDER_DOC, { ...(await reminder()), snoozedUntil: bank.bankNow() + PASSWORD_SNOOZE_DAYS * DAY_MS })
    return overview()
  }

  async function setReminder(input: { days: number }): Promise<PasswordsOverview> {
    unlock.assertUnlocked()
    if (!(PASSWORD_REMINDER_CHOICES as readonly number[]).includes(input.days)) throw invalid('days', 'FORMAT')
    await store.write(REMINDER_DOC, { ...(await reminder()), days: input.days })
    return overview()
  }

  async function setSmallAmount(input: { on: boolean; limitFen?: number | undefined; payPassword?: string | undefined }) {
    const body: { smallAmountNoPassword: boolean; smallAmountLimitFen?: number; payPassword?: string } = {
      smallAmountNoPassword: input.on,
    }
    if (input.limitFen !== undefined) {
      if (!Number.isSafeInteger(input.limitFen)) throw invalid('limitFen', 'NOT_INTEGER')
      if (input.limitFen <= 0) throw invalid('limitFen', 'NOT_POSITIVE')
      body.smallAmountLimitFen = input.limitFen
    }
    if (input.payPassword !== undefined) body.payPassword = checkPayPassword(input.payPassword)
    await calls.post('password.smallAmount', 'updateSettings', { body })
    return overview()
  }

  return { overview, changeLogin, changePay, forgotPaySms, forgotPay, forgotLoginSms, forgotLogin, snooze, setReminder, setSmallAmount }
}

export type PasswordService = ReturnType<typeof createPasswordService>
