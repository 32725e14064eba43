import { birthDateOfResidentId, validatePayPassword } from '../../shared/validators'
import { fail } from '../errors'
import type { CustomerRec } from '../state'
import type { PasswordVerdict } from './auth'
import type { Ctx } from './context'

export function setPayPassword(ctx: Ctx, rec: CustomerRec, password: string, hash: string | null): { ok: true } {
  if (rec.payHash !== null) fail('PAY_PASSWORD_ALREADY_SET', 'a payment password is already set: change it instead')
  return storePayPassword(ctx, rec, password, hash)
}

function storePayPassword(ctx: Ctx, rec: CustomerRec, password: string, hash: string | null): { ok: true } {
  const birthDate = birthDateOfResidentId(rec.idNumber)
  const rule = validatePayPassword(password, { ...(birthDate ? { birthDate } : {}), residentId: rec.idNumber })
  if (!rule.ok) fail('PAY_PASSWORD_TRIVIAL', 'the payment password is too easy to guess', { reason: rule.reason })
  if (!hash) throw new Error('payment password reached the bank without a hash')
  ctx.emit({ t: 'paypw', c: rec.id, hash })
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
