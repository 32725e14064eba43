import { birthDateOfResidentId, validatePayPassword } from '../../shared/validators'
import { fail } from '../errors'
import type { CustomerRec } from '../state'
import type { CustomerProfile, SettingsRequest } from '../../shared/bank-api'
import { sameResidentId, type PasswordVerdict } from './auth'
import type { Ctx } from './context'
import { profileOf } from './profile'
import { consumeSms } from './sms'

export function setPayPassword(ctx: Ctx, rec: CustomerRec, password: string, hash: string | null): { ok: true } {
  if (rec.payHash !== null) fail('PAY_PASSWORD_ALREADY_SET', 'a payment password is already set: change it instead')
  return storePayPassword(ctx, rec, password, hash)
}

function checkPayPasswordRule(rec: CustomerRec, password: string): void {
  const birthDate = birthDateOfResidentId(rec.idNumber)
  const rule = validatePayPassword(password, { ...(birthDate ? { birthDate } : {}), residentId: rec.idNumber })
  if (!rule.ok) fail('PAY_PASSWORD_TRIVIAL', 'the payment password is too easy to guess', { reason: rule.reason })
}

function storePayPassword(ctx: Ctx, rec: CustomerRec, password: string, hash: string | null): { ok: true } {
  checkPayPasswordRule(rec, password)
  if (!hash) throw new Error('payment password reached the bank without a hash')
  ctx.emit({ t: 'paypw', c: rec.id, hash, at: ctx.now })
  return { ok: true }
}

export function changePayPassword(
  ctx: Ctx,
  rec: CustomerRec,
  verdict: PasswordVerdict,
  password: string,
  hash: string | null,
): { ok: true } {
  requirePayPassword(ctx, rec, verdict)
  return storePayPassword(ctx, rec, password, hash)
}

/**
 * The gate in front of every payment. Wrong answers are counted and committed even though the
 * request fails; the last allowed wrong answer locks payments for lockMs.
 */
export function requirePayPassword(ctx: Ctx, rec: CustomerRec, verdict: PasswordVerdict): void {
  if (rec.payHash === null) fail('PAY_PASSWORD_NOT_SET', 'set a payment password first')
  if (rec.payLockedUntil !== null && rec.payLockedUntil > ctx.now) {
    fail('PAY_PASSWORD_LOCKED', 'payments are locked after too many wrong payment passwords', {
      unlockAt: rec.payLockedUntil,
      attemptsLeft: 0,
    })
  }
  if (!verdict.ok || verdict.hash !== rec.payHash) {
    const { maxFailures, lockMs } = ctx.config.payPassword
    const failures = (rec.payLockedUntil !== null ? 0 : rec.payFailures) + 1
    const lockedUntil = failures >= maxFailures ? ctx.now + lockMs : null
    ctx.emit({ t: 'paypw.failed', c: rec.id, failures, lockedUntil })
    if (lockedUntil !== null)
      fail('PAY_PASSWORD_LOCKED', 'payments are locked after too many wrong payment passwords', {
        unlockAt: lockedUntil,
        attemptsLeft: 0,
      })
    fail('PAY_PASSWORD_WRONG', 'wrong payment password', { attemptsLeft: maxFailures - failures })
  }
  if (rec.payFailures > 0 || rec.payLockedUntil !== null) ctx.emit({ t: 'paypw.ok', c: rec.id })
}

/**
 * 忘记支付密码: the phone's code (reset-pay), the resident ID number and the number of a card bound to
 * this wallet set a new payment password. It is the one way to lift the payment lock before its 24 h
 * are over ('paypw' clears the failures and the lock).
 */
export function resetPayPassword(
  ctx: Ctx,
  rec: CustomerRec,
  body: { smsCode: string; idNumber: string; pan: string; newPayPassword: string },
  hash: string | null,
): { ok: true } {
  if (rec.payHash === null) fail('PAY_PASSWORD_NOT_SET', 'set a payment password first')
  checkPayPasswordRule(rec, body.newPayPassword)
  const pan = body.pan.replace(/\s/g, '')
  consumeSms(ctx, rec.phone, 'reset-pay', body.smsCode, () => {
    if (!sameResidentId(body.idNumber, rec.idNumber)) return 'idNumber'
    return [...rec.cards.values()].some((card) => card.pan === pan) ? null : 'pan'
  })
  return storePayPassword(ctx, rec, body.newPayPassword, hash)
}

/**
 * 小额免密 is the customer's choice: turning it on, or raising its limit, needs the payment password
 * (checked and counted like any payment's); turning it off or lowering the limit does not. The limit
 * stays within the bank's maximum.
 */
export function updateSmallAmount(ctx: Ctx, rec: CustomerRec, body: SettingsRequest, verdict: PasswordVerdict | null): CustomerProfile {
  const current = rec.settings
  const next = {
    smallAmountNoPassword: body.smallAmountNoPassword ?? current.smallAmountNoPassword,
    smallAmountLimitFen: body.smallAmountLimitFen ?? current.smallAmountLimitFen,
  }
  const maxFen = ctx.config.payCode.smallAmountMaxFen
  if (next.smallAmountLimitFen > maxFen || next.smallAmountLimitFen <= 0)
    fail('SMALL_AMOUNT_LIMIT_INVALID', 'the limit is outside what the bank allows', { maxFen })
  const widens =
    next.smallAmountNoPassword &&
    (!current.smallAmountNoPassword || next.smallAmountLimitFen > current.smallAmountLimitFen)
  if (widens) {
    if (verdict === null) fail('PAY_PASSWORD_REQUIRED', 'turning 小额免密 on or raising its limit needs the payment password')
    requirePayPassword(ctx, rec, verdict)
  }
  ctx.emit({ t: 'settings', c: rec.id, settings: next })
  return profileOf(ctx, rec)
}
