import type { DeviceInfo, Message } from '../../shared/bank-api'
import { fail } from '../errors'
import { newSecret, otpauthUri, verifyTotp, base32Decode } from '../../shared/otp'
import { maskPhone } from '../../shared/validators'
import type { CustomerRec } from '../state'
import { checkTotp, type PasswordVerdict } from './auth'
import type { Ctx } from './context'
import { consumeSms } from './sms'

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

export function confirmTotp(ctx: Ctx, rec: CustomerRec, code: string): { ok: true } {
  if (rec.totpEnabled) fail('TOTP_ALREADY_ENABLED', 'two-factor authentication is already on')
  if (!rec.totpSecret) fail('TOTP_NOT_ENABLED', 'start enrolment first')
  const counter = verifyTotp(base32Decode(rec.totpSecret), code, ctx.now)
  if (counter === undefined) fail('TOTP_INVALID', 'wrong authenticator code')
  ctx.emit({ t: 'totp.on', c: rec.id, counter })
  return { ok: true }
}

export function disableTotp(ctx: Ctx, rec: CustomerRec, code: string): { ok: true } {
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
