import type { DeregisterBlocker, DeregisterCheckResponse, DeviceInfo, Message } from '../../shared/bank-api'
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

/** Deleted for good: the message leaves the customer's list, so no later GET /messages brings it back. */
export function deleteMessage(ctx: Ctx, rec: CustomerRec, messageId: string): { ok: true } {
  if (!rec.messages.some((m) => m.messageId === messageId)) fail('NOT_FOUND', 'no such message')
  ctx.emit({ t: 'message.delete', c: rec.id, messageId })
  return { ok: true }
}

export function devices(rec: CustomerRec, currentDeviceId: string): { devices: DeviceInfo[] } {
  const list = [...rec.devices.values()].map((d) => ({
    deviceId: d.deviceId,
    name: d.name,
    os: d.os,
    firstSeenAt: d.boundAt,
    lastSeenAt: d.lastSeenAt,
    current: d.deviceId === currentDeviceId,
  }))
  // This device first, then the most recently seen.
  return { devices: list.sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt) }
}

/** Forgets another device and ends its sessions in the same event, so its token fails on its next request. */
export function removeDevice(ctx: Ctx, rec: CustomerRec, currentDeviceId: string, deviceId: string): { ok: true } {
  if (deviceId === currentDeviceId) fail('DEVICE_IS_CURRENT', 'sign out to leave this device')
  if (!rec.devices.has(deviceId)) fail('NOT_FOUND', 'no such device')
  ctx.emit({ t: 'device.remove', c: rec.id, deviceId })
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

/**
 * What stands in the way of closing the wallet, in the order the customer clears it: money left in it
 * (withdraw or spend), wealth held (redeem), and money on its way (a redemption settling, a pay-code
 * charge waiting for confirmation: wait, or decline it). GET /deregister/check lists them all; POST
 * /deregister refuses with the first.
 */
export function deregisterBlockers(ctx: Pick<Ctx, 'state' | 'now'>, rec: CustomerRec): DeregisterBlocker[] {
  const blockers: DeregisterBlocker[] = []
  const balanceFen = ctx.state.walletBalance(rec.id)
  if (balanceFen !== 0) blockers.push({ reason: 'BALANCE', amountFen: balanceFen, count: 1, until: null })
  const holdings = [...rec.holdings.values()]
  if (holdings.length > 0)
    blockers.push({
      reason: 'WEALTH',
      amountFen: holdings.reduce((sum, h) => sum + h.principalFen + h.yieldFen, 0),
      count: holdings.length,
      until: null,
    })
  const redemptions = [...rec.redemptions.values()]
  if (redemptions.length > 0)
    blockers.push({
      reason: 'PENDING_REDEMPTION',
      amountFen: redemptions.reduce((sum, r) => sum + r.amountFen, 0),
      count: redemptions.length,
      until: Math.max(...redemptions.map((r) => r.settlesAt)),
    })
  const waiting = [...ctx.state.charges.values()].filter(
    (c) => c.c === rec.id && c.status === 'awaiting_confirmation' && c.expiresAt > ctx.now,
  )
  if (waiting.length > 0)
    blockers.push({
      reason: 'PENDING_CHARGE',
      amountFen: waiting.reduce((sum, c) => sum + c.amountFen, 0),
      count: waiting.length,
      until: Math.max(...waiting.map((c) => c.expiresAt)),
    })
  return blockers
}

export function deregisterCheck(ctx: Pick<Ctx, 'state' | 'now'>, rec: CustomerRec): DeregisterCheckResponse {
  return { blockers: deregisterBlockers(ctx, rec), totpRequired: rec.totpEnabled }
}

/**
 * Closing a wallet: only with nothing left in it and nothing on its way, with the login password (a
 * wrong one counts toward the sign-in lock, as at sign-in), the authenticator code when two-factor is
 * on, and a deregistration SMS code. The bank keeps the closed customer's records (a bank must keep
 * them; nobody can sign in to see them); the phone, ID number and cards are free for a new wallet.
 */
export function deregister(
  ctx: Ctx,
  rec: CustomerRec,
  verdict: PasswordVerdict,
  body: { smsCode: string; totpCode?: string | undefined },
): { ok: true } {
  if (rec.loginLockedUntil !== null && rec.loginLockedUntil > ctx.now)
    fail('LOGIN_LOCKED', 'too many wrong passwords', { unlockAt: rec.loginLockedUntil })
  if (!verdict.ok || verdict.hash !== rec.passwordHash) {
    const { maxFailures, lockMs } = ctx.config.login
    const failures = (rec.loginLockedUntil !== null ? 0 : rec.loginFailures) + 1
    const lockedUntil = failures >= maxFailures ? ctx.now + lockMs : null
    ctx.emit({ t: 'login.failed', c: rec.id, failures, lockedUntil })
    if (lockedUntil !== null) fail('LOGIN_LOCKED', 'too many wrong passwords', { unlockAt: lockedUntil })
    fail('CREDENTIALS_INVALID', 'wrong login password', { attemptsLeft: maxFailures - failures })
  }
  if (rec.loginFailures > 0) ctx.emit({ t: 'login.ok', c: rec.id })
  const first = deregisterBlockers(ctx, rec)[0]
  if (first?.reason === 'BALANCE')
    fail('DEREGISTER_BLOCKED', 'withdraw or spend the balance first', { reason: 'BALANCE', balanceFen: first.amountFen })
  if (first?.reason === 'WEALTH') fail('DEREGISTER_BLOCKED', 'redeem wealth products first', { reason: 'WEALTH' })
  if (first?.reason === 'PENDING_REDEMPTION') fail('DEREGISTER_BLOCKED', 'a redemption is on its way', { reason: 'PENDING_REDEMPTION' })
  if (first?.reason === 'PENDING_CHARGE')
    fail('DEREGISTER_BLOCKED', 'a payment is waiting for confirmation', { reason: 'PENDING_CHARGE' })
  if (rec.totpEnabled) {
    if (!body.totpCode) fail('TOTP_INVALID', 'the authenticator code is required')
    checkTotp(ctx, rec, body.totpCode)
  }
  consumeSms(ctx, rec.phone, 'deregister', body.smsCode)
  ctx.emit({ t: 'closed', c: rec.id, at: ctx.now })
  return { ok: true }
}
