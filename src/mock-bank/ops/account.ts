import type { Message } from '../../shared/bank-api'
import { fail } from '../errors'
import { newSecret, otpauthUri, verifyTotp, base32Decode } from '../../shared/otp'
import { maskPhone } from '../../shared/validators'
import type { CustomerRec } from '../state'
import { checkTotp, type PasswordVerdict } from './auth'
import type { Ctx } from './context'
import { consumeSms } from './sms'
import { newRecoveryCodes } from './recovery'

export function messages(rec: CustomerRec): { messages: Message[]; unread: number } {
  const list = [...rec.messages].sort((a, b) => b.createdAt - a.createdAt)
  return { messages: list, unread: list.filter((m) => !m.read).length }
}

export function readMessage(ctx: Ctx, rec: CustomerRec, messageId: string): { ok: true } {
  const message = rec.messages.find((m) => m.messageId === messageId)
  if (!message) fail('NOT_FOUND', 'no such message')
  if (!message.read) ctx.emit({ t: 'message.read', c: rec.id, messageId })
  return { ok: true }
}

export function enrollTotp(ctx: Ctx, rec: CustomerRec) {
  if (rec.totpEnabled) fail('TOTP_ALREADY_ENABLED', 'two-factor authentication is already on')
  const secret = newSecret(20)
  ctx.emit({ t: 'totp.pending', c: rec.id, secret })
  return { secret, otpauthUri: otpauthUri(secret, maskPhone(rec.phone), 'ICBC Wallet'), digits: 6, periodSeconds: 30 }
}

/** The first code turns it on and makes the recovery codes, shown this once (ops/recovery.ts). */
export function confirmTotp(ctx: Ctx, rec: CustomerRec, code: string): { ok: true; recoveryCodes: string[] } {
  if (rec.totpEnabled) fail('TOTP_ALREADY_ENABLED', 'two-factor authentication is already on')
  if (!rec.totpSecret) fail('TOTP_NOT_ENABLED', 'start enrolment first')
  const counter = verifyTotp(base32Decode(rec.totpSecret), code, ctx.now)
  if (counter === undefined) fail('TOTP_INVALID', 'wrong authenticator code')
  const { codes, hashes } = newRecoveryCodes()
  ctx.emit({ t: 'totp.on', c: rec.id, counter, recovery: hashes })
  return { ok: true, recoveryCodes: codes }
}

/** Off only with the login password and a current authenticator code: a stolen session alone cannot. */
export function disableTotp(ctx: Ctx, rec: CustomerRec, verdict: PasswordVerdict, code: string): { ok: true } {
  if (!verdict.ok || verdict.hash !== rec.passwordHash) fail('CREDENTIALS_INVALID', 'wrong login password')
  checkTotp(ctx, rec, code)
  ctx.emit({ t: 'totp.off', c: rec.id })
  return { ok: true }
}

/** Closing a wallet: only with nothing left in it and nothing on its way. */
export function deregister(
  ctx: Ctx,
  rec: CustomerRec,
  verdict: PasswordVerdict,
  body: { smsCode: string; totpCode?: string | undefined },
): { ok: true } {
  if (!verdict.ok || verdict.hash !== rec.passwordHash) fail('CREDENTIALS_INVALID', 'wrong login password')
  const balanceFen = ctx.state.walletBalance(rec.id)
  if (balanceFen !== 0) fail('DEREGISTER_BLOCKED', 'withdraw or spend the balance first', { reason: 'BALANCE', balanceFen })
  if (rec.holdings.size > 0) fail('DEREGISTER_BLOCKED', 'redeem wealth products first', { reason: 'WEALTH' })
  if (rec.redemptions.size > 0) fail('DEREGISTER_BLOCKED', 'a redemption is on its way', { reason: 'PENDING_REDEMPTION' })
  const waiting = [...ctx.state.charges.values()].some(
    (c) => c.c === rec.id && c.status === 'awaiting_confirmation' && c.expiresAt > ctx.now,
  )
  if (waiting) fail('DEREGISTER_BLOCKED', 'a payment is waiting for confirmation', { reason: 'PENDING_CHARGE' })
  if (rec.totpEnabled) {
    if (!body.totpCode) fail('TOTP_INVALID', 'the authenticator code is required')
    checkTotp(ctx, rec, body.totpCode)
  }
  consumeSms(ctx, rec.phone, 'deregister', body.smsCode)
  ctx.emit({ t: 'closed', c: rec.id, at: ctx.now })
  return { ok: true }
}
