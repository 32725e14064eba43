import type { MoneyResponse, PayCodeActivateResponse, PosCharge } from '../../shared/bank-api'
import { merchantById } from '../catalog'
import { fail } from '../errors'
import { isReplayedPayCode, matchPayCode, parsePayCode, PAY_CODE_DIGITS, PAY_CODE_PREFIX } from '../paycode'
import { newId, randomDigits } from '../random'
import type { ChargeRec, CustomerRec } from '../state'
import { newSecret } from '../../shared/otp'
import type { Authenticated, PasswordVerdict } from './auth'
import type { Ctx } from './context'
import { planMerchantPayment } from './money'
import { requirePayPassword } from './paypw'

/** Issues (or re-issues) this device's pay-code secret; the app keeps it in its SecretStore. */
export function activatePayCode(ctx: Ctx, auth: Authenticated): PayCodeActivateResponse {
  let deviceCode: string
  do deviceCode = randomDigits(8)
  while (ctx.state.payCodeDevices.has(deviceCode))
  const secret = newSecret(20)
  ctx.emit({ t: 'paycode.device', c: auth.rec.id, deviceId: auth.deviceId, deviceCode, secret })
  const { periodMs, window } = ctx.config.payCode
  return { deviceCode, secret, prefix: PAY_CODE_PREFIX, digits: PAY_CODE_DIGITS, periodMs, window }
}

export function chargeView(ctx: Pick<Ctx, 'now'>, charge: ChargeRec): PosCharge {
  const merchant = merchantById(charge.merchantId)
  const status = charge.status === 'awaiting_confirmation' && charge.expiresAt <= ctx.now ? 'expired' : charge.status
  return {
    chargeId: charge.chargeId,
    merchantId: charge.merchantId,
    merchantName: merchant?.name ?? charge.merchantId,
    amountFen: charge.amountFen,
    ...(charge.description ? { description: charge.description } : {}),
    status,
    ...(charge.failureCode ? { failureCode: charge.failureCode } : {}),
    createdAt: charge.createdAt,
    expiresAt: charge.expiresAt,
    txId: charge.txId,
  }
}

/**
 * The merchant's till submits the customer's pay code. Within the small-amount rule the payment is
 * made at once; above it the charge waits (confirmTtlMs) for the customer to confirm in the app with
 * the payment password. A matched code is used up even when the payment is then refused.
 */
export function posCharge(
  ctx: Ctx,
  body: { merchantId: string; payCode: string; amountFen: number; description?: string | undefined },
): { charge: PosCharge } {
  const merchant = merchantById(body.merchantId)
  if (!merchant) fail('NOT_FOUND', 'no such merchant')
  const parsed = parsePayCode(body.payCode)
  if (!parsed) fail('PAY_CODE_INVALID', 'not a pay code', { reason: 'FORMAT' })
  const device = ctx.state.payCodeDevices.get(parsed.deviceCode)
  if (!device) fail('PAY_CODE_INVALID', 'unknown pay code', { reason: 'UNKNOWN' })
  const options = { periodMs: ctx.config.payCode.periodMs, window: ctx.config.payCode.window }
  const counter = matchPayCode(device, parsed.otp, ctx.now, options)
  if (counter === undefined) {
    if (isReplayedPayCode(device, parsed.otp, ctx.now, options))
      fail('PAY_CODE_USED', 'this pay code has been used: show a new one')
    fail('PAY_CODE_INVALID', 'the pay code is wrong or has expired', { reason: 'EXPIRED_OR_WRONG' })
  }
  ctx.emit({ t: 'paycode.used', deviceCode: device.deviceCode, counter })
  const rec = ctx.state.customer(device.c)
  const commit = planMerchantPayment(ctx, rec, {
    merchantId: merchant.merchantId,
    amountFen: body.amountFen,
    channel: 'paycode',
    memo: body.description,
  })
  const charge: ChargeRec = {
    chargeId: newId('chg'),
    c: rec.id,
    merchantId: merchant.merchantId,
    amountFen: body.amountFen,
    ...(body.description ? { description: body.description } : {}),
    createdAt: ctx.now,
    expiresAt: ctx.now + ctx.config.payCode.confirmTtlMs,
    status: 'awaiting_confirmation',
    txId: null,
  }
  const small = rec.settings.smallAmountNoPassword && body.amountFen <= rec.settings.smallAmountLimitFen
  if (small) {
    if (rec.payLockedUntil !== null && rec.payLockedUntil > ctx.now) {
      fail('PAY_PASSWORD_LOCKED', 'payments are locked after too many wrong payment passwords', { unlockAt: rec.payLockedUntil })
    }
    const result = commit()
    charge.status = 'succeeded'
    charge.txId = result.transaction.txId
  }
  ctx.emit({ t: 'charge', charge })
  return { charge: chargeView(ctx, charge) }
}

export function merchantCharge(ctx: Pick<Ctx, 'state' | 'now'>, merchantId: string, chargeId: string): { charge: PosCharge } {
  const charge = ctx.state.charges.get(chargeId)
  if (!charge || charge.merchantId !== merchantId) fail('NOT_FOUND', 'no such charge')
  return { charge: chargeView(ctx, charge) }
}

export function pendingCharges(ctx: Pick<Ctx, 'state' | 'now'>, rec: CustomerRec): { charges: PosCharge[] } {
  const charges = [...ctx.state.charges.values()]
    .filter((c) => c.c === rec.id && c.status === 'awaiting_confirmation' && c.expiresAt > ctx.now)
    .map((c) => chargeView(ctx, c))
  return { charges }
}

function pendingCharge(ctx: Ctx, rec: CustomerRec, chargeId: string): ChargeRec {
  const charge = ctx.state.charges.get(chargeId)
  if (!charge || charge.c !== rec.id) fail('NOT_FOUND', 'no such charge')
  const view = chargeView(ctx, charge)
  if (view.status !== 'awaiting_confirmation')
    fail('CHARGE_NOT_PENDING', 'this charge is no longer waiting', { status: view.status })
  return charge
}

export function confirmCharge(
  ctx: Ctx,
  rec: CustomerRec,
  chargeId: string,
  verdict: PasswordVerdict,
): MoneyResponse & { charge: PosCharge } {
  const charge = pendingCharge(ctx, rec, chargeId)
  const commit = planMerchantPayment(ctx, rec, {
    merchantId: charge.merchantId,
    amountFen: charge.amountFen,
    channel: 'paycode',
    memo: charge.description,
  })
  requirePayPassword(ctx, rec, verdict)
  const result = commit()
  ctx.emit({ t: 'charge.end', chargeId, status: 'succeeded', txId: result.transaction.txId })
  return { ...result, charge: chargeView(ctx, charge) }
}

export function declineCharge(ctx: Ctx, rec: CustomerRec, chargeId: string): { charge: PosCharge } {
  const charge = pendingCharge(ctx, rec, chargeId)
  ctx.emit({ t: 'charge.end', chargeId, status: 'declined', txId: null })
  return { charge: chargeView(ctx, charge) }
}
