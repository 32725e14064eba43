import { bankOfCard, maskCard, maskName, maskPhone } from '../../shared/validators'
import type { MoneyResponse, Transaction, TxCategory } from '../../shared/bank-api'
import { merchantById } from '../catalog'
import { fail } from '../errors'
import type { CustomerRec } from '../state'
import type { PasswordVerdict } from './auth'
import { cardAccount, checkCardUsable, ensureCardAccount, ownCard, parseCard } from './cards'
import type { Ctx } from './context'
import { couponDiscount } from './coupons'
import { requirePayPassword } from './paypw'
import { checkFunds, checkPaymentCaps, checkReceiveCap } from './profile'
import { makeTx, post } from './transactions'

/**
 * Money movements. Each checks every rule first, then the payment password (so a payment that
 * cannot succeed does not cost a password attempt), then makes one balanced posting.
 */
function done(ctx: Ctx, rec: CustomerRec, tx: Transaction): MoneyResponse {
  return { transaction: rec.txs.get(tx.txId) ?? tx, balanceFen: ctx.state.walletBalance(rec.id) }
}

function cardName(pan: string): string {
  return `${bankOfCard(pan)?.name ?? '银联卡'}(${pan.slice(-4)})`
}

export function topup(
  ctx: Ctx,
  rec: CustomerRec,
  body: { cardId: string; amountFen: number },
  verdict: PasswordVerdict,
): MoneyResponse {
  const card = ownCard(rec, body.cardId)
  checkCardUsable(card.pan)
  checkReceiveCap(ctx, rec, body.amountFen, 'self')
  ensureCardAccount(ctx, card.pan)
  checkFunds(ctx, cardAccount(card.pan), body.amountFen, 'card')
  requirePayPassword(ctx, rec, verdict)
  const tx = makeTx(ctx, {
    kind: 'topup',
    direction: 'in',
    amountFen: body.amountFen,
    category: 'topup',
    title: '充值',
    counterparty: { kind: 'card', id: card.cardId, name: cardName(card.pan), account: maskCard(card.pan) },
    channel: 'app',
    cardId: card.cardId,
  })
  post(
    ctx,
    [
      [cardAccount(card.pan), -body.amountFen],
      [`w:${rec.id}`, body.amountFen],
    ],
    [{ c: rec.id, tx }],
  )
  return done(ctx, rec, tx)
}

export function withdraw(
  ctx: Ctx,
  rec: CustomerRec,
  body: { cardId: string; amountFen: number },
  verdict: PasswordVerdict,
): MoneyResponse {
  const card = ownCard(rec, body.cardId)
  checkCardUsable(card.pan)
  checkFunds(ctx, `w:${rec.id}`, body.amountFen, 'wallet')
  requirePayPassword(ctx, rec, verdict)
  ensureCardAccount(ctx, card.pan)
  const tx = makeTx(ctx, {
    kind: 'withdraw',
    direction: 'out',
    amountFen: body.amountFen,
    category: 'withdraw',
    title: '提现',
    counterparty: { kind: 'card', id: card.cardId, name: cardName(card.pan), account: maskCard(card.pan) },
    channel: 'app',
    cardId: card.cardId,
  })
  post(
    ctx,
    [
      [`w:${rec.id}`, -body.amountFen],
      [cardAccount(card.pan), body.amountFen],
    ],
    [{ c: rec.id, tx }],
  )
  return done(ctx, rec, tx)
}

export function lookupPayee(ctx: Ctx, rec: CustomerRec, phone: string) {
  const c = ctx.state.byPhone.get(phone)
  if (!c) fail('PAYEE_NOT_FOUND', 'no wallet with this phone number')
  if (c === rec.id) fail('PAYEE_SELF', 'this is your own wallet')
  const payee = ctx.state.customer(c)
  return {
    phoneMasked: maskPhone(payee.phone),
    nameMasked: maskName(payee.name),
    walletNoMasked: `${payee.walletNo.slice(0, 4)}********${payee.walletNo.slice(-4)}`,
  }
}

export function transferToWallet(
  ctx: Ctx,
  rec: CustomerRec,
  body: { phone: string; amountFen: number; memo?: string | undefined },
  verdict: PasswordVerdict,
): MoneyResponse {
  lookupPayee(ctx, rec, body.phone)
  const payee = ctx.state.customer(ctx.state.byPhone.get(body.phone)!)
  checkPaymentCaps(ctx, rec, body.amountFen)
  checkFunds(ctx, `w:${rec.id}`, body.amountFen, 'wallet')
  checkReceiveCap(ctx, payee, body.amountFen, 'payee')
  requirePayPassword(ctx, rec, verdict)
  const memo = body.memo ? { memo: body.memo } : {}
  const out = makeTx(ctx, {
    kind: 'transfer_out',
    direction: 'out',
    amountFen: body.amountFen,
    category: 'transfer',
    title: `转账给${maskName(payee.name)}`,
    counterparty: { kind: 'wallet', name: maskName(payee.name), account: maskPhone(payee.phone) },
    channel: 'app',
    ...memo,
  })
  const incoming = makeTx(ctx, {
    kind: 'transfer_in',
    direction: 'in',
    amountFen: body.amountFen,
    category: 'transfer',
    title: `来自${maskName(rec.name)}的转账`,
    counterparty: { kind: 'wallet', name: maskName(rec.name), account: maskPhone(rec.phone) },
    channel: 'app',
    ...memo,
  })
  post(
    ctx,
    [
      [`w:${rec.id}`, -body.amountFen],
      [`w:${payee.id}`, body.amountFen],
    ],
    [
      { c: rec.id, tx: out },
      { c: payee.id, tx: incoming },
    ],
    { c: rec.id, fen: body.amountFen },
  )
  return done(ctx, rec, out)
}

export function transferToCard(
  ctx: Ctx,
  rec: CustomerRec,
  body: { pan: string; name: string; amountFen: number; memo?: string | undefined },
  verdict: PasswordVerdict,
): MoneyResponse {
  const pan = parseCard(body.pan)
  checkCardUsable(pan)
  checkPaymentCaps(ctx, rec, body.amountFen)
  checkFunds(ctx, `w:${rec.id}`, body.amountFen, 'wallet')
  requirePayPassword(ctx, rec, verdict)
  ensureCardAccount(ctx, pan)
  const tx = makeTx(ctx, {
    kind: 'card_transfer',
    direction: 'out',
    amountFen: body.amountFen,
    category: 'transfer',
    title: `转账到${cardName(pan)}`,
    counterparty: { kind: 'card', name: maskName(body.name), account: maskCard(pan) },
    channel: 'app',
    ...(body.memo ? { memo: body.memo } : {}),
  })
  post(
    ctx,
    [
      [`w:${rec.id}`, -body.amountFen],
      [cardAccount(pan), body.amountFen],
    ],
    [{ c: rec.id, tx }],
    { c: rec.id, fen: body.amountFen },
  )
  return done(ctx, rec, tx)
}

export interface MerchantPayment {
  merchantId: string
  amountFen: number
  couponId?: string | undefined
  memo?: string | undefined
  channel: 'qr' | 'paycode' | 'online'
  orderId?: string
  title?: string
}

/** Checks a merchant payment and returns the step that makes it, so callers can put the password check in between. */
export function planMerchantPayment(ctx: Ctx, rec: CustomerRec, payment: MerchantPayment): () => MoneyResponse {
  const merchant = merchantById(payment.merchantId)
  if (!merchant) fail('NOT_FOUND', 'no such merchant')
  const coupon = couponDiscount(ctx, rec, payment.couponId, {
    scope: payment.channel === 'online' ? 'online' : 'merchant',
    merchantId: merchant.merchantId,
    amountFen: payment.amountFen,
  })
  const discountFen = coupon?.discountFen ?? 0
  const paidFen = payment.amountFen - discountFen
  checkPaymentCaps(ctx, rec, paidFen)
  checkFunds(ctx, `w:${rec.id}`, paidFen, 'wallet')
  return () => {
    const category: TxCategory = merchant.category
    const tx = makeTx(ctx, {
      kind: 'payment',
      direction: 'out',
      amountFen: payment.amountFen,
      discountFen,
      category,
      title: payment.title ?? merchant.name,
      counterparty: { kind: 'merchant', id: merchant.merchantId, name: merchant.name },
      channel: payment.channel,
      ...(payment.memo ? { memo: payment.memo } : {}),
      ...(coupon ? { couponId: coupon.couponId } : {}),
      ...(payment.orderId ? { orderId: payment.orderId } : {}),
    })
    post(
      ctx,
      [
        [`w:${rec.id}`, -paidFen],
        ['x:marketing', -discountFen],
        [`m:${merchant.merchantId}`, payment.amountFen],
      ],
      [{ c: rec.id, tx }],
      { c: rec.id, fen: paidFen },
    )
    if (coupon) ctx.emit({ t: 'coupon.use', c: rec.id, couponId: coupon.couponId, txId: tx.txId })
    return done(ctx, rec, tx)
  }
}

export function payMerchant(
  ctx: Ctx,
  rec: CustomerRec,
  body: { merchantId: string; amountFen: number; couponId?: string | undefined; memo?: string | undefined },
  verdict: PasswordVerdict,
): MoneyResponse {
  const commit = planMerchantPayment(ctx, rec, { ...body, channel: 'qr' })
  requirePayPassword(ctx, rec, verdict)
  return commit()
}
