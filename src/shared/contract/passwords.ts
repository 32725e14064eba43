import { z } from 'zod'
import { SignInResult, SmsTicket } from './activation'
import { PASSWORD_REMINDER_CHOICES, PASSWORD_SNOOZE_DAYS } from './constants'
import { channel } from './define'
import { Secret, Text } from './text'

export { PASSWORD_REMINDER_CHOICES, PASSWORD_SNOOZE_DAYS }

/**
 * 设置 → 账户与安全: the login and payment passwords (change, forgotten), their ages and the reminder on
 * 首页, and 小额免密. Inputs are checked for shape here and precisely in main (src/main/core/passwords.ts),
 * which answers INVALID_INPUT { field, reason } with the reasons of src/shared/validators.ts; the bank's
 * refusals pass through (CREDENTIALS_INVALID { attemptsLeft }, LOGIN_LOCKED, PAY_PASSWORD_WRONG,
 * PAY_PASSWORD_TRIVIAL, IDENTITY_MISMATCH { field, attemptsLeft }, OTP_*, SMALL_AMOUNT_LIMIT_INVALID).
 */

export const PasswordReminderDays = z.union(PASSWORD_REMINDER_CHOICES.map((n) => z.literal(n)) as [
  z.ZodLiteral<number>,
  z.ZodLiteral<number>,
  ...z.ZodLiteral<number>[],
])

export const PasswordsOverview = z.object({
  /** When each password was last set, on the bank's clock. */
  loginChangedAt: z.number(),
  payChangedAt: z.number().nullable(),
  /** Whole days since then (bank time). */
  loginAgeDays: z.number().int(),
  payAgeDays: z.number().int().nullable(),
  /** Remind after this many days (设置 → 账户与安全). */
  reminderDays: z.number().int(),
  /** Which passwords are older than reminderDays. */
  due: z.array(z.enum(['login', 'pay'])),
  /** 稍后提醒 puts the reminder off until then (bank time); null when not put off. */
  snoozedUntil: z.number().nullable(),
  /** Show the reminder on 首页 now: something is due and it is not put off. */
  remind: z.boolean(),
  payPasswordLockedUntil: z.number().nullable(),
  smallAmount: z.object({ on: z.boolean(), limitFen: z.number().int(), maxFen: z.number().int() }),
})
export type PasswordsOverview = z.infer<typeof PasswordsOverview>

const SmsCodeIn = Text(6)
const IdNumberIn = Text(20)

export const passwordChannels = {
  /** Both passwords' ages, the reminder and 小额免密: needs the bank. */
  'password.overview': channel(z.void(), PasswordsOverview),
  /**
   * Changes the login password: the bank signs out this customer's other devices; this one stays
   * signed in, and the offline unlock verifier follows the new password.
   */
  'password.changeLogin': channel(z.object({ password: Secret(64), newPassword: Secret(64) }), PasswordsOverview),
  'password.changePay': channel(z.object({ payPassword: Secret(16), newPayPassword: Secret(16) }), PasswordsOverview),
  /** 忘记支付密码, step 1: a code to the wallet's own phone. */
  'password.forgotPaySms': channel(z.void(), SmsTicket),
  /** 忘记支付密码, step 2: also lifts the bank's 24 h payment lock. */
  'password.forgotPay': channel(
    z.object({ smsCode: SmsCodeIn, idNumber: IdNumberIn, pan: Text(30), newPayPassword: Secret(16) }),
    PasswordsOverview,
  ),
  /** 忘记登录密码 (the sign-in screen), step 1. */
  'password.forgotLoginSms': channel(z.object({ phone: Text(20) }), SmsTicket),
  /** 忘记登录密码, step 2: sets the new password, then signs in on this device with it. */
  'password.forgotLogin': channel(
    z.object({ phone: Text(20), smsCode: SmsCodeIn, idNumber: IdNumberIn, newPassword: Secret(64) }),
    SignInResult,
  ),
  /** 稍后提醒: the reminder on 首页 comes back after PASSWORD_SNOOZE_DAYS. */
  'password.snoozeReminder': channel(z.void(), PasswordsOverview),
  'password.setReminder': channel(z.object({ days: PasswordReminderDays }), PasswordsOverview),
  /** 小额免密: on (with a limit) only with the payment password; off without. */
  'password.setSmallAmount': channel(
    z.object({ on: z.boolean(), limitFen: z.number().optional(), payPassword: Secret(16).optional() }),
    PasswordsOverview,
  ),
}
