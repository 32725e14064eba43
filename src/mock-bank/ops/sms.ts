import { maskPhone } from '../../shared/validators'
import type { SmsMessage, SmsPurpose, SmsSendResponse } from '../../shared/bank-api'
import { fail } from '../errors'
import { newId, randomDigits } from '../random'
import type { SmsCodeRec } from '../state'
import { DAY_MS } from '../time'
import type { Ctx } from './context'

/** No real SMS exists: codes go to the SMS outlet (onSms, the app's notification) and, with the development routes, the inbox, marked 模拟短信. */
const SMS_WHAT: Record<SmsPurpose, string> = {
  register: '注册数字钱包',
  login: '新设备登录',
  deregister: '注销数字钱包',
  'reset-login': '重置登录密码',
  'reset-pay': '重置支付密码',
}

/** The text says the validity the code really has (config.sms.ttlMs), in whole minutes. */
export function smsText(code: string, purpose: SmsPurpose, validMs: number): string {
  const what = SMS_WHAT[purpose]
  const minutes = Math.max(1, Math.round(validMs / 60_000))
  return `【工商银行】您正在${what}，验证码 ${code}，${minutes}分钟内有效。请勿向任何人泄露。（模拟短信）`
}

export function toSmsMessage(rec: SmsCodeRec): SmsMessage {
  return {
    smsId: rec.id,
    phone: rec.phone,
    purpose: rec.purpose,
    code: rec.code,
    text: smsText(rec.code, rec.purpose, rec.expiresAt - rec.sentAt),
    sentAt: rec.sentAt,
    expiresAt: rec.expiresAt,
  }
}

export function sendSms(ctx: Ctx, phone: string, purpose: SmsPurpose): SmsSendResponse {
  const { sms } = ctx.config
  const active = ctx.state.smsCodes.get(`${phone}|${purpose}`)
  if (active && ctx.now < active.sentAt + sms.resendAfterMs) {
    fail('SMS_RATE_LIMITED', 'wait before asking for another code', {
      reason: 'RESEND_TOO_SOON',
      retryAt: active.sentAt + sms.resendAfterMs,
    })
  }
  const sentToday = (ctx.state.smsLog.get(phone) ?? []).filter((m) => m.sentAt > ctx.now - DAY_MS)
  if (sentToday.length >= sms.maxSendsPerDay) {
    const oldest = sentToday[0]!.sentAt
    fail('SMS_RATE_LIMITED', 'too many codes for this phone today', { reason: 'DAILY_LIMIT', retryAt: oldest + DAY_MS })
  }
  const expiresAt = ctx.now + sms.ttlMs
  ctx.emit({ t: 'sms.sent', id: newId('sms'), phone, purpose, code: randomDigits(6), at: ctx.now, expiresAt })
  return {
    phoneMasked: maskPhone(phone),
    purpose,
    expiresAt,
    resendAt: ctx.now + sms.resendAfterMs,
    sendsLeftToday: sms.maxSendsPerDay - sentToday.length - 1,
  }
}

/**
 * Checks a code: a wrong one is counted (and the count committed even though the request fails),
 * the right one is used up. Expired, used and never-sent codes all say OTP_EXPIRED: ask for a new one.
 */
export function consumeSms(
  ctx: Ctx,
  phone: string,
  purpose: SmsPurpose,
  code: string,
  /**
   * What else the request must prove (a password reset's ID and card numbers): the field that does not
   * match, or null. A mismatch costs the code one of its tries, so the facts cannot be guessed with it.
   */
  mismatch?: () => string | null,
): void {
  const rec = ctx.state.smsCodes.get(`${phone}|${purpose}`)
  if (!rec || rec.used) fail('OTP_EXPIRED', 'no valid code: ask for a new one', { reason: rec ? 'USED' : 'NONE' })
  if (ctx.now >= rec.expiresAt) fail('OTP_EXPIRED', 'the code has expired: ask for a new one', { reason: 'EXPIRED' })
  const max = ctx.config.sms.maxAttempts
  if (rec.wrong >= max) fail('OTP_TOO_MANY', 'too many wrong codes: ask for a new one', { attemptsLeft: 0 })
  if (rec.code !== code) {
    ctx.emit({ t: 'sms.wrong', phone, purpose })
    const attemptsLeft = max - rec.wrong
    if (attemptsLeft <= 0) fail('OTP_TOO_MANY', 'too many wrong codes: ask for a new one', { attemptsLeft: 0 })
    fail('OTP_INVALID', 'wrong code', { attemptsLeft })
  }
  const field = mismatch?.() ?? null
  if (field !== null) {
    ctx.emit({ t: 'sms.wrong', phone, purpose })
    fail('IDENTITY_MISMATCH', `the ${field} does not match this wallet`, { field, attemptsLeft: max - rec.wrong })
  }
  ctx.emit({ t: 'sms.used', phone, purpose })
}
