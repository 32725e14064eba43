import { createHash } from 'node:crypto'
import { maskName } from '../../shared/validators'
import type { Bill, BillPayRequest, MoneyResponse } from '../../shared/bank-api'
import { billerById, BILLERS, CITIES } from '../catalog'
import { fail } from '../errors'
import type { CustomerRec } from '../state'
import { isoMonth } from '../time'
import type { PasswordVerdict } from './auth'
import type { Ctx } from './context'
import { couponDiscount } from './coupons'
import { requirePayPassword } from './paypw'
import { checkFunds, checkPaymentCaps } from './profile'
import { makeTx, post } from './transactions'

/**
 * Utility bills, simulated deterministically: a 10-digit household number starting with 9 does not
 * exist, one ending in 0000 owes nothing, any other owes ¥10.00–¥300.00 for the current month.
 */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
const STREETS = ['建国路', '人民路', '中山路', '解放路', '长江路', '南京路', '和平街', '文化路']

export function billers(cityCode?: string) {
  return {
    cities: CITIES.map(({ cityCode, name }) => ({ cityCode, name })),
    billers: BILLERS.filter((b) => cityCode === undefined || b.cityCode === cityCode),
  }
}

function digest(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0)
}

export function billFor(ctx: Pick<Ctx, 'state' | 'now'>, billerId: string, household: string): Bill {
  const biller = billerById(billerId)
  if (!biller) fail('NOT_FOUND', 'no such biller')
  if (!/^\d{10}$/.test(household)) fail('BILL_NOT_FOUND', 'a household number has 10 digits', { reason: 'FORMAT' })
  if (household.startsWith('9')) fail('BILL_NOT_FOUND', 'no such household at this biller', { reason: 'UNKNOWN' })
  const period = isoMonth(ctx.now)
  const h = digest(`${billerId}|${household}`)
  const due = household.endsWith('0000') ? 0 : 1000 + (digest(`${billerId}|${household}|${period}`) % 29001)
  const paid = ctx.state.billsPaid.has(`${billerId}|${household}|${period}`)
  const city = CITIES.find((c) => c.cityCode === biller.cityCode)!
  return {
    biller,
    household,
    holderMasked: maskName(`${SURNAMES.charAt(h % SURNAMES.length)}某某`),
    address: `${city.name}${STREETS[h % STREETS.length]}${(h % 300) + 1}号${(h % 20) + 1}0${(h % 4) + 1}室`,
    period,
    amountDueFen: paid ? 0 : due,
    paid,
  }
}

export function payBill(
  ctx: Ctx,
  rec: CustomerRec,
  body: Omit<BillPayRequest, 'payPassword'>,
  verdict: PasswordVerdict,
): MoneyResponse & { bill: Bill } {
  const bill = billFor(ctx, body.billerId, body.household)
  if (bill.paid) fail('BILL_ALREADY_PAID', "this month's bill has been paid", { reason: 'PAID' })
  if (bill.amountDueFen === 0) fail('BILL_ALREADY_PAID', 'nothing is owed', { reason: 'NOTHING_DUE' })
  if (body.amountFen !== bill.amountDueFen)
    fail('BILL_AMOUNT_MISMATCH', 'pay the amount due', { amountDueFen: bill.amountDueFen })
  const coupon = couponDiscount(ctx, rec, body.couponId, { scope: 'bill', merchantId: null, amountFen: body.amountFen })
  const discountFen = coupon?.discountFen ?? 0
  const paidFen = body.amountFen - discountFen
  checkPaymentCaps(ctx, rec, paidFen)
  checkFunds(ctx, `w:${rec.id}`, paidFen, 'wallet')
  requirePayPassword(ctx, rec, verdict)
  const tx = makeTx(ctx, {
    kind: 'bill',
    direction: 'out',
    amountFen: body.amountFen,
    discountFen,
    category: 'utilities',
    title: `${bill.biller.name} ${bill.period}`,
    counterparty: { kind: 'biller', id: bill.biller.billerId, name: bill.biller.name, account: body.household },
    channel: 'bill',
    ...(coupon ? { couponId: coupon.couponId } : {}),
  })
  post(
    ctx,
    [
      [`w:${rec.id}`, -paidFen],
      ['x:marketing', -discountFen],
      [`b:${bill.biller.billerId}`, body.amountFen],
    ],
    [{ c: rec.id, tx }],
    { c: rec.id, fen: paidFen },
  )
  if (coupon) ctx.emit({ t: 'coupon.use', c: rec.id, couponId: coupon.couponId, txId: tx.txId })
  ctx.emit({ t: 'bill.paid', key: `${body.billerId}|${body.household}|${bill.period}` })
  return {
    transaction: rec.txs.get(tx.txId)!,
    balanceFen: ctx.state.walletBalance(rec.id),
    bill: billFor(ctx, body.billerId, body.household),
  }
}
