import { afterEach, describe, expect, it } from 'vitest'
import { CampaignsResponse, CouponsResponse, MessagesResponse, MoneyResponse, type Campaign } from '../../../src/shared/bank-api'
import { HOUSEHOLD_WITH_BILL } from '../../../src/mock-bank'
import {
  activeCustomer,
  devPost,
  errorOf,
  FAST_CONFIG,
  PAY_PASSWORD,
  shape,
  signIn,
  signUp,
  startTestBank,
  type Customer,
  type TestBank,
} from '../../support/bank-client'

/**
 * 优惠 at the bank: campaigns with a period on the bank's clock, a stock per round, one claim per customer,
 * a welcome campaign for new customers, announcements in 消息中心, and the coupon's rules at payment.
 * Every bank here is new and its clock is moved through /_dev/clock: nothing depends on today's date.
 */
const DAY = 86_400_000
let bank: TestBank | undefined

afterEach(async () => {
  await bank?.stop()
  bank = undefined
})

async function freshBank(stock: Record<string, number> = {}): Promise<TestBank> {
  bank = await startTestBank({ config: { ...FAST_CONFIG, coupons: { stock } } })
  return bank
}

async function campaignsOf(b: TestBank, c: Customer): Promise<Campaign[]> {
  return shape(CampaignsResponse, await b.client.get('/coupons/campaigns', c.token)).campaigns
}

async function campaign(b: TestBank, c: Customer, id: string): Promise<Campaign> {
  const found = (await campaignsOf(b, c)).find((x) => x.campaignId === id)
  if (!found) throw new Error(`no campaign ${id}`)
  return found
}

/** Moves the bank's clock to `at` (bank time), and signs the customers in again (their sessions lapse). */
async function setClock(b: TestBank, at: number, ...customers: Customer[]): Promise<void> {
  await devPost(b.client, '/_dev/clock', { setMs: at })
  for (const c of customers) await signIn(b.client, c)
}

const claim = (b: TestBank, c: Customer, campaignId: string) =>
  b.client.post('/coupons/claim', { campaignId }, { token: c.token })

describe('campaigns: rule, period and stock', () => {
  it('lists each campaign with its rule, its period on the bank clock and how many are left', async () => {
    const b = await freshBank()
    const c = await signUp(b.client)
    const now = (await b.client.get('/_dev/clock')).body.now as number
    const list = await campaignsOf(b, c)
    expect(list.map((x) => x.scope).sort()).toEqual(expect.arrayContaining(['bill', 'merchant', 'online']))
    for (const x of list) {
      expect(x.endsAt).toBeGreaterThan(x.startsAt)
      expect(x.stockLeft).toBeLessThanOrEqual(x.stockTotal)
      expect(x.status).toBe(x.startsAt > now ? 'upcoming' : x.endsAt > now ? 'active' : 'ended')
    }
    expect(list.some((x) => x.status === 'upcoming')).toBe(true)
    const welcome = list.find((x) => x.newCustomersWithinDays !== null)!
    expect(welcome).toMatchObject({ status: 'active', eligible: true, claimed: false })
  })

  it('claims once per customer, and each claim takes one from the stock', async () => {
    const b = await freshBank()
    const [c1, c2] = [await signUp(b.client), await signUp(b.client)]
    const before = await campaign(b, c1, 'CP-BILL-5')
    expect((await claim(b, c1, 'CP-BILL-5')).status).toBe(200)
    expect(errorOf(await claim(b, c1, 'CP-BILL-5')).code).toBe('COUPON_ALREADY_CLAIMED')
    expect(await campaign(b, c1, 'CP-BILL-5')).toMatchObject({ claimed: true, stockLeft: before.stockLeft - 1 })
    expect(await campaign(b, c2, 'CP-BILL-5')).toMatchObject({ claimed: false, stockLeft: before.stockLeft - 1 })
    expect((await claim(b, c2, 'CP-BILL-5')).status).toBe(200)
    expect((await campaign(b, c2, 'CP-BILL-5')).stockLeft).toBe(before.stockLeft - 2)
  })

  it('a repeated claim under the same key is answered once and takes one coupon', async () => {
    const b = await freshBank()
    const c = await signUp(b.client)
    const left = (await campaign(b, c, 'CP-BILL-5')).stockLeft
    const first = await b.client.post('/coupons/claim', { campaignId: 'CP-BILL-5' }, { token: c.token, key: 'claim-key-1' })
    const again = await b.client.post('/coupons/claim', { campaignId: 'CP-BILL-5' }, { token: c.token, key: 'claim-key-1' })
    expect(again.body).toEqual(first.body)
    expect(shape(CouponsResponse, await b.client.get('/coupons', c.token)).coupons).toHaveLength(1)
    expect((await campaign(b, c, 'CP-BILL-5')).stockLeft).toBe(left - 1)
  })

  it('refuses a claim when the stock is gone, and the stock survives a restart', async () => {
    const b = await freshBank({ 'CP-BILL-5': 2 })
    const [c1, c2, c3] = [await signUp(b.client), await signUp(b.client), await signUp(b.client)]
    expect((await claim(b, c1, 'CP-BILL-5')).status).toBe(200)
    expect((await claim(b, c2, 'CP-BILL-5')).status).toBe(200)
    expect(errorOf(await claim(b, c3, 'CP-BILL-5')).code).toBe('COUPON_OUT_OF_STOCK')
    expect(await campaign(b, c3, 'CP-BILL-5')).toMatchObject({ stockTotal: 2, stockLeft: 0 })
    bank = await b.restart()
    expect(await campaign(bank, c3, 'CP-BILL-5')).toMatchObject({ stockLeft: 0 })
    expect(errorOf(await claim(bank, c3, 'CP-BILL-5')).code).toBe('COUPON_OUT_OF_STOCK')
  })

  it('refuses before the start and after the end (dev clock), and opens a new round with a fresh stock', async () => {
    const b = await freshBank({ 'CP-CINEMA-20': 1 })
    const c = await signUp(b.client)
    const later = await campaign(b, c, 'CP-CINEMA-20')
    expect(later.status).toBe('upcoming')
    expect(errorOf(await claim(b, c, 'CP-CINEMA-20'))).toMatchObject({
      code: 'COUPON_NOT_STARTED',
      details: { startsAt: later.startsAt },
    })

    await setClock(b, later.startsAt, c)
    expect(await campaign(b, c, 'CP-CINEMA-20')).toMatchObject({ status: 'active', startsAt: later.startsAt })
    expect((await claim(b, c, 'CP-CINEMA-20')).status).toBe(200)

    await setClock(b, later.endsAt, c)
    const other = await signUp(b.client)
    expect(await campaign(b, other, 'CP-CINEMA-20')).toMatchObject({ status: 'ended', endsAt: later.endsAt })
    expect(errorOf(await claim(b, other, 'CP-CINEMA-20'))).toMatchObject({
      code: 'COUPON_CAMPAIGN_ENDED',
      details: { endsAt: later.endsAt },
    })

    // The campaign comes back with the calendar: the next round starts after the gap, stock full again.
    const ended = await campaign(b, other, 'CP-CINEMA-20')
    expect(ended.nextStartsAt).toBeGreaterThan(later.endsAt)
    await setClock(b, ended.nextStartsAt, c, other)
    const round2 = await campaign(b, other, 'CP-CINEMA-20')
    expect(round2).toMatchObject({ status: 'active', stockLeft: 1, claimed: false })
    expect(round2.startsAt).toBe(ended.nextStartsAt)
    expect((await claim(b, other, 'CP-CINEMA-20')).status).toBe(200)
    expect(errorOf(await claim(b, c, 'CP-CINEMA-20')).code).toBe('COUPON_OUT_OF_STOCK')
  })

  it('refuses an unknown campaign', async () => {
    const b = await freshBank()
    const c = await signUp(b.client)
    expect(errorOf(await claim(b, c, 'CP-NOPE')).code).toBe('NOT_FOUND')
  })
})

describe('the welcome campaign (新客专享)', () => {
  it('is for customers registered within its days on the bank clock', async () => {
    const b = await freshBank()
    const old = await signUp(b.client)
    const welcome = (await campaignsOf(b, old)).find((x) => x.newCustomersWithinDays !== null)!
    const now = (await b.client.get('/_dev/clock')).body.now as number
    await setClock(b, now + (welcome.newCustomersWithinDays! + 1) * DAY, old)
    const fresh = await signUp(b.client)
    expect(await campaign(b, old, welcome.campaignId)).toMatchObject({ eligible: false })
    expect(errorOf(await claim(b, old, welcome.campaignId))).toMatchObject({
      code: 'COUPON_NOT_ELIGIBLE',
      details: { reason: 'NEW_CUSTOMERS_ONLY', withinDays: welcome.newCustomersWithinDays },
    })
    expect(await campaign(b, fresh, welcome.campaignId)).toMatchObject({ eligible: true })
    expect((await claim(b, fresh, welcome.campaignId)).status).toBe(200)
  })
})

describe('campaign messages in 消息中心', () => {
  it('announces the welcome campaign at registration, and a later campaign once it has started', async () => {
    const b = await freshBank()
    const c = await signUp(b.client)
    const inbox = shape(MessagesResponse, await b.client.get('/messages', c.token)).messages
    const welcome = (await campaignsOf(b, c)).find((x) => x.newCustomersWithinDays !== null)!
    expect(inbox.filter((m) => m.body.includes(welcome.title))).toHaveLength(1)
    const later = await campaign(b, c, 'CP-CINEMA-20')
    expect(inbox.some((m) => m.body.includes(later.title))).toBe(false)

    await setClock(b, later.startsAt + 3600_000, c)
    const after = shape(MessagesResponse, await b.client.get('/messages', c.token)).messages
    const announced = after.filter((m) => m.body.includes(later.title))
    expect(announced).toHaveLength(1)
    expect(announced[0]).toMatchObject({ category: 'promotion', read: false, createdAt: later.startsAt })
    // Listing again, or after a restart, does not announce it twice.
    bank = await b.restart()
    const again = shape(MessagesResponse, await bank.client.get('/messages', c.token)).messages
    expect(again.filter((m) => m.body.includes(later.title))).toHaveLength(1)
    // A customer who registered after the start finds it in 优惠, not as news.
    const late = await signUp(bank.client)
    const lateInbox = shape(MessagesResponse, await bank.client.get('/messages', late.token)).messages
    expect(lateInbox.some((m) => m.body.includes(later.title))).toBe(false)
  })
})

describe('coupon rules at payment', () => {
  /** A household whose bill this month (on the bank's clock) is at least `minFen`, as the bank says. */
  async function billOver(b: TestBank, c: Customer, minFen: number): Promise<{ household: string; due: number }> {
    for (let n = 1; n < 50; n++) {
      const household = String(1_000_000_000 + n)
      const due = (await b.client.get(`/bills/query?billerId=BJ-WATER&household=${household}`, c.token)).body.bill
        .amountDueFen as number
      if (due >= minFen) return { household, due }
    }
    throw new Error('no household owes enough')
  }

  it('applies to its scope only, never to a transfer, and not below the minimum spend', async () => {
    const b = await freshBank()
    const c = await activeCustomer(b.client, 100_000)
    const payee = await signUp(b.client)
    const couponId = (await claim(b, c, 'CP-MERCHANT-10')).body.coupon.couponId as string
    expect(
      errorOf(
        await b.client.post(
          '/bills/pay',
          {
            billerId: 'BJ-WATER',
            household: HOUSEHOLD_WITH_BILL,
            amountFen: (await billOver(b, c, 0)).due,
            couponId,
            payPassword: PAY_PASSWORD,
          },
          { token: c.token },
        ),
      ),
    ).toMatchObject({ code: 'COUPON_INVALID', details: { reason: 'SCOPE' } })
    expect(
      errorOf(
        await b.client.post(
          '/payments/merchant',
          { merchantId: 'M0002', amountFen: 2_999, couponId, payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ),
    ).toMatchObject({ code: 'COUPON_INVALID', details: { reason: 'MIN_SPEND', minSpendFen: 3_000 } })
    // A transfer takes no coupon: the field is not part of it, and the coupon stays available.
    const sent = await b.client.post(
      '/transfers/wallet',
      { phone: payee.phone, amountFen: 5_000, couponId, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    expect(shape(MoneyResponse, sent).transaction).toMatchObject({ amountFen: 5_000, discountFen: 0 })
    expect(shape(CouponsResponse, await b.client.get('/coupons', c.token)).coupons[0]).toMatchObject({ status: 'available' })
  })

  it('a merchant coupon pays only at its merchant', async () => {
    const b = await freshBank()
    const c = await activeCustomer(b.client, 100_000)
    const cinema = await campaign(b, c, 'CP-CINEMA-20')
    await setClock(b, cinema.startsAt, c)
    const couponId = (await claim(b, c, 'CP-CINEMA-20')).body.coupon.couponId as string
    expect(
      errorOf(
        await b.client.post(
          '/payments/merchant',
          { merchantId: 'M0001', amountFen: 20_000, couponId, payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ),
    ).toMatchObject({ code: 'COUPON_INVALID', details: { reason: 'MERCHANT' } })
    const paid = shape(
      MoneyResponse,
      await b.client.post(
        '/payments/merchant',
        { merchantId: cinema.merchantId!, amountFen: 20_000, couponId, payPassword: PAY_PASSWORD },
        { token: c.token },
      ),
    )
    expect(paid.transaction).toMatchObject({ amountFen: 20_000, discountFen: cinema.discountFen, couponId })
  })

  it('pays a bill less the saving, marks the coupon used, and refuses it again; the ledger balances', async () => {
    const b = await freshBank()
    const c = await activeCustomer(b.client, 100_000)
    const coupon = (await claim(b, c, 'CP-BILL-5')).body.coupon as { couponId: string; discountFen: number; minSpendFen: number }
    const { household, due } = await billOver(b, c, coupon.minSpendFen)
    const body = { billerId: 'BJ-WATER', household, amountFen: due, couponId: coupon.couponId, payPassword: PAY_PASSWORD }
    const ledgerBefore = (await b.client.get('/_dev/ledger')).body.byKind as Record<string, number>
    const paid = shape(MoneyResponse, await b.client.post('/bills/pay', body, { token: c.token }))
    expect(paid.transaction).toMatchObject({ amountFen: due, discountFen: coupon.discountFen, couponId: coupon.couponId })
    expect(paid.balanceFen).toBe(100_000 - (due - coupon.discountFen))
    const ledger = (await b.client.get('/_dev/ledger')).body as { balanced: boolean; byKind: Record<string, number> }
    expect(ledger.balanced).toBe(true)
    expect(ledger.byKind.w! - ledgerBefore.w!).toBe(-(due - coupon.discountFen))
    expect(ledger.byKind.b! - (ledgerBefore.b ?? 0)).toBe(due)
    expect(shape(CouponsResponse, await b.client.get('/coupons', c.token)).coupons[0]).toMatchObject({
      status: 'used',
      usedTxId: paid.transaction.txId,
    })
    const merchantUse = await b.client.post(
      '/payments/merchant',
      { merchantId: 'M0001', amountFen: 9_000, couponId: coupon.couponId, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    expect(errorOf(merchantUse).code).toBe('COUPON_USED')
  })

  it('refuses an expired coupon, and lists it as expired', async () => {
    const b = await freshBank()
    const c = await activeCustomer(b.client, 100_000)
    const coupon = (await claim(b, c, 'CP-MERCHANT-10')).body.coupon as { couponId: string; validUntil: number }
    await setClock(b, coupon.validUntil, c)
    expect(
      errorOf(
        await b.client.post(
          '/payments/merchant',
          { merchantId: 'M0001', amountFen: 9_000, couponId: coupon.couponId, payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ),
    ).toMatchObject({ code: 'COUPON_EXPIRED', details: { validUntil: coupon.validUntil } })
    expect(shape(CouponsResponse, await b.client.get('/coupons', c.token)).coupons[0]).toMatchObject({ status: 'expired' })
  })
})
