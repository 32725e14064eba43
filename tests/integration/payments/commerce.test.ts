import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ShopOrderResponse } from '../../../src/shared/bank-api'
import { HOUSEHOLD_PAID_UP, HOUSEHOLD_UNKNOWN, HOUSEHOLD_WITH_BILL, type BankServer } from '../../../src/mock-bank'
import type {
  Bill,
  BillersList,
  Checkout,
  CheckoutPaid,
  Coupon,
  CouponList,
  CouponsOverview,
  Household,
  HouseholdList,
  PaymentDone,
  PaymentResult,
  Receipt,
  ScanResult,
} from '../../../src/shared/contract'
import { bankHistory, demoBank, demoWallet, ledgerBalanced, PAY_PASSWORD, type Cleanup } from './helpers'
import { bankFetch } from '../../support/bank-client'

const cleanups: Cleanup[] = []
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

let bank: BankServer
let w: Awaited<ReturnType<typeof demoWallet>>
beforeAll(async () => {
  bank = await demoBank(cleanups)
  w = await demoWallet(bank, cleanups)
})

function done<T extends PaymentResult | PaymentDone>(result: T): PaymentDone {
  if (result.queued) throw new Error('queued')
  return result
}

describe('生活缴费', () => {
  it('lists cities and billers, finds the bill, pays it, and keeps the household', async () => {
    const all = await w.ok<BillersList>('bills.billers', {})
    expect(all.cities.length).toBeGreaterThanOrEqual(5)
    const beijing = await w.ok<BillersList>('bills.billers', { city: '110100' })
    expect(beijing.billers.map((b) => b.type).sort()).toEqual(['electricity', 'gas', 'water'])
    const power = beijing.billers.find((b) => b.type === 'electricity')!

    const bill = await w.ok<Bill>('bills.query', { billerId: power.billerId, household: HOUSEHOLD_WITH_BILL })
    expect(bill).toMatchObject({ household: HOUSEHOLD_WITH_BILL, paid: false })
    expect(bill.amountDueFen).toBeGreaterThan(0)
    expect(bill.holderMasked).toMatch(/^.\*+$/)

    const paid = done(
      await w.ok<PaymentResult>('bills.pay', {
        billerId: power.billerId,
        household: HOUSEHOLD_WITH_BILL,
        amountFen: bill.amountDueFen,
        payPassword: PAY_PASSWORD,
        save: true,
      }),
    )
    expect(paid.transaction).toMatchObject({ kind: 'bill', amountFen: bill.amountDueFen, counterparty: { kind: 'biller' } })
    expect(paid.transaction.counterparty.account).toBe('100****001')
    expect((await w.ok<Bill>('bills.query', { billerId: power.billerId, household: HOUSEHOLD_WITH_BILL })).paid).toBe(true)
    expect(
      (
        await w.fails('bills.pay', {
          billerId: power.billerId,
          household: HOUSEHOLD_WITH_BILL,
          amountFen: bill.amountDueFen,
          payPassword: PAY_PASSWORD,
        })
      ).code,
    ).toBe('BILL_ALREADY_PAID')

    const saved = (await w.ok<HouseholdList>('bills.households')).households
    expect(saved).toHaveLength(1)
    expect(saved[0]).toMatchObject({
      billerId: power.billerId,
      billerName: power.name,
      utility: 'electricity',
      cityCode: '110100',
      city: '北京市',
      household: HOUSEHOLD_WITH_BILL,
      alias: power.name,
    })
    expect(saved[0]!.lastPaidAt).not.toBeNull()

    const receipt = await w.ok<Receipt>('receipt.get', { txId: paid.transaction.txId })
    expect(receipt).toMatchObject({ kind: 'bill', channel: 'bill', counterparty: { kind: 'biller', account: '100****001' } })
  })

  it('saves, renames and removes households; refuses unknown ones', async () => {
    const water = (await w.ok<BillersList>('bills.billers', { city: '110100' })).billers.find((b) => b.type === 'water')!
    const home = await w.ok<Household>('bills.saveHousehold', {
      billerId: water.billerId,
      household: HOUSEHOLD_PAID_UP,
      alias: '家里',
    })
    expect(home).toMatchObject({ alias: '家里', utility: 'water', lastPaidAt: null })
    const again = await w.ok<Household>('bills.saveHousehold', {
      billerId: water.billerId,
      household: HOUSEHOLD_PAID_UP,
      alias: '老家',
    })
    expect(again.id).toBe(home.id)
    expect((await w.ok<HouseholdList>('bills.households')).households.find((h) => h.id === home.id)!.alias).toBe('老家')
    expect((await w.ok<Bill>('bills.query', { billerId: water.billerId, household: HOUSEHOLD_PAID_UP })).amountDueFen).toBe(0)
    expect((await w.fails('bills.query', { billerId: water.billerId, household: HOUSEHOLD_UNKNOWN })).code).toBe('BILL_NOT_FOUND')
    expect(await w.fails('bills.saveHousehold', { billerId: 'NOPE', household: HOUSEHOLD_PAID_UP })).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'billerId' },
    })
    const left = await w.ok<HouseholdList>('bills.removeHousehold', { id: home.id })
    expect(left.households.map((h) => h.id)).not.toContain(home.id)
  })
})

describe('扫一扫', () => {
  it('decodes a merchant QR code’s text, shows the merchant the bank knows, and pays it with a coupon', async () => {
    const { merchants } = (await (await bankFetch(bank, `/merchants`)).json()) as {
      merchants: { merchantId: string; qr: string }[]
    }
    const luckin = merchants.find((m) => m.merchantId === 'M0001')!
    const scanned = await w.ok<ScanResult>('scan.decode', { text: luckin.qr })
    expect(scanned.merchant).toMatchObject({ merchantId: 'M0001', name: '瑞幸咖啡(国贸店)', category: 'dining' })
    expect(await w.fails('scan.decode', { text: 'https://example.com/pay?id=M0001' })).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'text', reason: 'NOT_A_MERCHANT_CODE' },
    })
    expect((await w.fails('scan.decode', { text: 'icbc-wallet://merchant?id=M9999' })).code).toBe('NOT_FOUND')

    const overview = await w.ok<CouponsOverview>('coupons.list')
    expect(overview.campaigns.map((c) => c.campaignId)).toContain('CP-MERCHANT-10')
    // Periods and stock as the bank has them, and the bank's time to count down from.
    const offer = overview.campaigns.find((c) => c.campaignId === 'CP-MERCHANT-10')!
    expect(offer).toMatchObject({ status: 'active', claimed: false })
    expect(offer.startsAt).toBeLessThanOrEqual(overview.asOf)
    expect(offer.endsAt).toBeGreaterThan(overview.asOf)
    const clock = (await (await bankFetch(bank, '/_dev/clock')).json()) as { now: number }
    expect(Math.abs(overview.asOf - clock.now)).toBeLessThan(60_000)
    const coupon = await w.ok<Coupon>('coupons.claim', { campaignId: 'CP-MERCHANT-10' })
    expect((await w.fails('coupons.claim', { campaignId: 'CP-MERCHANT-10' })).code).toBe('COUPON_ALREADY_CLAIMED')
    expect(
      (await w.ok<CouponList>('coupons.applicable', { scope: 'merchant', merchantId: 'M0001', amountFen: 2_999 })).coupons,
    ).toEqual([])
    const usable = await w.ok<CouponList>('coupons.applicable', { scope: 'merchant', merchantId: 'M0001', amountFen: 3_800 })
    expect(usable.coupons.map((c) => c.couponId)).toEqual([coupon.couponId])

    const paid = await w.ok<PaymentDone>('scan.pay', {
      merchantId: scanned.merchant.merchantId,
      amountFen: 3_800,
      payPassword: PAY_PASSWORD,
      couponId: coupon.couponId,
    })
    expect(paid.transaction).toMatchObject({ kind: 'payment', amountFen: 3_800, discountFen: 1_000, paidFen: 2_800 })
    await w.until(
      'payment.completed',
      (p: { txId: string; amountFen: number }) => p.txId === paid.transaction.txId && p.amountFen === 2_800,
    )
    expect((await w.fails('scan.pay', { merchantId: 'M0001', amountFen: 3_800, payPassword: '000000' })).code).toBe(
      'PAY_PASSWORD_WRONG',
    )
  })
})

describe('网上购物 through the demo shop', () => {
  it('opens a shop order link, pays it with a coupon, and the shop shows it paid', async () => {
    const res = await bankFetch(bank, `/shop/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({
        items: [
          { sku: 'TEA', qty: 1 },
          { sku: 'MUG', qty: 2 },
        ],
      }),
    })
    const created = ShopOrderResponse.parse(await res.json())
    expect(created.payUrl.startsWith('icbc-wallet://pay?')).toBe(true)

    const coupon = await w.ok<Coupon>('coupons.claim', { campaignId: 'CP-SHOP-20' })
    const checkout = await w.ok<Checkout>('checkout.open', { link: created.payUrl })
    expect(checkout.order).toMatchObject({
      orderId: created.order.orderId,
      status: 'created',
      amountFen: 16_800 + 2 * 3_990,
      merchant: { merchantId: 'M0004' },
    })
    expect(checkout.order.items.map((i) => i.sku)).toEqual(['TEA', 'MUG'])
    expect(checkout.coupons.map((c) => c.couponId)).toEqual([coupon.couponId])

    // A link whose amount was changed is refused by the bank; a look-alike never reaches it.
    const tampered = created.payUrl.replace(/amount=\d+/, 'amount=1')
    expect((await w.fails('checkout.open', { link: tampered })).code).toBe('ORDER_INVALID')
    expect(await w.fails('checkout.open', { link: created.payUrl.replace('icbc-wallet://', 'https://') })).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'link', reason: 'NOT_A_PAY_LINK' },
    })

    const paid = await w.ok<CheckoutPaid>('checkout.pay', {
      orderId: checkout.order.orderId,
      sig: checkout.sig,
      payPassword: PAY_PASSWORD,
      couponId: coupon.couponId,
    })
    expect(paid.order.status).toBe('paid')
    expect(paid.transaction).toMatchObject({ amountFen: 24_780, discountFen: 2_000, paidFen: 22_780 })
    const shop = (await (await bankFetch(bank, `/shop/orders/${created.order.orderId}`)).json()) as {
      order: { status: string; txId: string }
    }
    expect(shop.order).toMatchObject({ status: 'paid', txId: paid.transaction.txId })
    expect(
      (await w.fails('checkout.pay', { orderId: checkout.order.orderId, sig: checkout.sig, payPassword: PAY_PASSWORD })).code,
    ).toBe('ORDER_PAID')
    const receipt = await w.ok<Receipt>('receipt.get', { txId: paid.transaction.txId })
    expect(receipt).toMatchObject({
      orderId: created.order.orderId,
      couponId: coupon.couponId,
      channel: 'online',
      paidFen: 22_780,
    })

    const history = await bankHistory(bank, await w.token())
    expect(history.filter((t) => t.orderId === created.order.orderId)).toHaveLength(1)
    expect(await ledgerBalanced(bank)).toBe(true)
  })
})
