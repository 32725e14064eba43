import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BillersResponse,
  ConfirmChargeResponse,
  CouponsResponse,
  HoldingsResponse,
  MessagesResponse,
  MoneyResponse,
  OrderResponse,
  PayCodeActivateResponse,
  PayOrderResponse,
  PosChargeResponse,
  ShopOrderResponse,
  TotpEnrollResponse,
  type Bill,
} from '../../../src/shared/bank-api'
import { CAMPAIGNS } from '../../../src/mock-bank/catalog'
import { DEMO_MERCHANT_KEY, HOUSEHOLD_PAID_UP, HOUSEHOLD_UNKNOWN, HOUSEHOLD_WITH_BILL } from '../../../src/mock-bank'
import { payCodeAt, payCodeNow } from '../../../src/mock-bank/paycode'
import { base32Decode, totp, totpCounter } from '../../../src/shared/otp'
import {
  activeCustomer,
  assessRisk,
  errorOf,
  PASSWORD,
  PAY_PASSWORD,
  shape,
  signIn,
  signUp,
  startTestBank,
  type TestBank,
} from '../../support/bank-client'

let bank: TestBank

beforeAll(async () => {
  bank = await startTestBank()
})
afterAll(async () => {
  await bank.stop()
})

const merchant = { 'x-merchant-key': DEMO_MERCHANT_KEY }

describe('pay code (付款码) and POS', () => {
  it('charges a small amount at once, refuses the same code twice, and accepts the next counter', async () => {
    const c = await activeCustomer(bank.client, 50_000)
    // 小额免密 is off until the customer turns it on with the payment password.
    const optIn = { smallAmountNoPassword: true, smallAmountLimitFen: 100_000, payPassword: PAY_PASSWORD }
    expect((await bank.client.post('/me/settings', optIn, { token: c.token })).status).toBe(200)
    const device = shape(PayCodeActivateResponse, await bank.client.post('/paycode/activate', {}, { token: c.token }))
    expect(device).toMatchObject({ prefix: '28', digits: 8, periodMs: 60_000, window: 1 })
    const code = payCodeNow(device, bank.clock.now())
    expect(code).toMatch(/^28\d{16}$/)
    const charged = shape(
      PosChargeResponse,
      await bank.client.post('/pos/charge', { merchantId: 'M0001', payCode: code, amountFen: 3_200 }, { headers: merchant }),
    )
    expect(charged.charge).toMatchObject({ status: 'succeeded', amountFen: 3_200, merchantName: '瑞幸咖啡(国贸店)' })
    expect(
      errorOf(
        await bank.client.post('/pos/charge', { merchantId: 'M0001', payCode: code, amountFen: 3_200 }, { headers: merchant }),
      ).code,
    ).toBe('PAY_CODE_USED')
    const next = payCodeAt(device, totpCounter(bank.clock.now(), 60_000) + 1)
    expect(
      (await bank.client.post('/pos/charge', { merchantId: 'M0001', payCode: next, amountFen: 100 }, { headers: merchant })).body
        .charge.status,
    ).toBe('succeeded')
    const tx = await bank.client.get(`/transactions/${charged.charge.txId}`, c.token)
    expect(tx.body.transaction).toMatchObject({ kind: 'payment', channel: 'paycode', amountFen: 3_200 })
  })

  it('refuses stale, malformed and unknown codes, and a wrong merchant key', async () => {
    const c = await activeCustomer(bank.client, 50_000)
    const device = shape(PayCodeActivateResponse, await bank.client.post('/paycode/activate', {}, { token: c.token }))
    const stale = payCodeNow(device, bank.clock.now() - 3 * 60_000)
    expect(
      errorOf(
        await bank.client.post('/pos/charge', { merchantId: 'M0001', payCode: stale, amountFen: 100 }, { headers: merchant }),
      ),
    ).toMatchObject({
      code: 'PAY_CODE_INVALID',
      details: { reason: 'EXPIRED_OR_WRONG' },
    })
    expect(
      errorOf(
        await bank.client.post('/pos/charge', { merchantId: 'M0001', payCode: '12345', amountFen: 100 }, { headers: merchant }),
      ).details,
    ).toMatchObject({ reason: 'FORMAT' })
    expect(
      errorOf(
        await bank.client.post(
          '/pos/charge',
          { merchantId: 'M0001', payCode: '280000000000000000', amountFen: 100 },
          { headers: merchant },
        ),
      ).code,
    ).toBe('PAY_CODE_INVALID')
    expect(
      (
        await bank.client.post(
          '/pos/charge',
          { merchantId: 'M0001', payCode: stale, amountFen: 100 },
          { headers: { 'x-merchant-key': 'nope' } },
        )
      ).status,
    ).toBe(403)
  })

  it('above the small-amount rule, waits for the customer to confirm with the payment password', async () => {
    const c = await activeCustomer(bank.client, 500_000)
    const device = shape(PayCodeActivateResponse, await bank.client.post('/paycode/activate', {}, { token: c.token }))
    const charged = shape(
      PosChargeResponse,
      await bank.client.post(
        '/pos/charge',
        { merchantId: 'M0006', payCode: payCodeNow(device, bank.clock.now()), amountFen: 150_000 },
        { headers: merchant },
      ),
    )
    expect(charged.charge.status).toBe('awaiting_confirmation')
    const pending = (await bank.client.get('/paycode/pending', c.token)).body.charges
    expect(pending.map((p: { chargeId: string }) => p.chargeId)).toEqual([charged.charge.chargeId])
    const confirmed = shape(
      ConfirmChargeResponse,
      await bank.client.post(
        `/paycode/pending/${charged.charge.chargeId}/confirm`,
        { payPassword: PAY_PASSWORD },
        { token: c.token },
      ),
    )
    expect(confirmed.charge.status).toBe('succeeded')
    expect(confirmed.balanceFen).toBe(350_000)
    const seen = await bank.client.get(`/pos/charges/M0006/${charged.charge.chargeId}`)
    expect(
      (await bank.client.call('GET', `/pos/charges/M0006/${charged.charge.chargeId}`, { headers: merchant })).body.charge.status,
    ).toBe('succeeded')
    expect(seen.status).toBe(403)
    expect(
      errorOf(
        await bank.client.post(
          `/paycode/pending/${charged.charge.chargeId}/confirm`,
          { payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ).code,
    ).toBe('CHARGE_NOT_PENDING')
  })

  it('lets the customer switch the no-password rule off, and pending charges expire', async () => {
    const c = await activeCustomer(bank.client, 50_000)
    await bank.client.post('/me/settings', { smallAmountNoPassword: false }, { token: c.token })
    const device = shape(PayCodeActivateResponse, await bank.client.post('/paycode/activate', {}, { token: c.token }))
    const charged = shape(
      PosChargeResponse,
      await bank.client.post(
        '/pos/charge',
        { merchantId: 'M0002', payCode: payCodeNow(device, bank.clock.now()), amountFen: 500 },
        { headers: merchant },
      ),
    )
    expect(charged.charge.status).toBe('awaiting_confirmation')
    bank.clock.advance(2 * 60_000)
    expect((await bank.client.get('/paycode/pending', c.token)).body.charges).toEqual([])
    expect(
      errorOf(
        await bank.client.post(
          `/paycode/pending/${charged.charge.chargeId}/confirm`,
          { payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ).details,
    ).toMatchObject({ status: 'expired' })
  })
})

describe('online checkout through the demo shop', () => {
  it('serves the shop page', async () => {
    const page = await bank.client.get('/shop')
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.body).toContain('工银融e购')
  })

  it('creates a signed order, verifies the link, pays it once, and shows it paid', async () => {
    const c = await activeCustomer(bank.client, 100_000)
    const created = shape(
      ShopOrderResponse,
      await bank.client.post('/shop/orders', {
        items: [
          { sku: 'TEA', qty: 1 },
          { sku: 'MUG', qty: 2 },
        ],
      }),
    )
    expect(created.order.amountFen).toBe(16_800 + 2 * 3_990)
    const link = new URL(created.payUrl)
    expect(link.protocol).toBe('icbc-wallet:')
    const q = link.searchParams
    const verified = shape(
      OrderResponse,
      await bank.client.get(
        `/orders/${q.get('order')}?merchant=${q.get('merchant')}&amount=${q.get('amount')}&expires=${q.get('expires')}&sig=${q.get('sig')}`,
        c.token,
      ),
    )
    expect(verified.order).toMatchObject({ status: 'created', merchant: { merchantId: 'M0004' } })
    const tampered = await bank.client.get(
      `/orders/${q.get('order')}?merchant=M0004&amount=1&expires=${q.get('expires')}&sig=${q.get('sig')}`,
      c.token,
    )
    expect(errorOf(tampered).code).toBe('ORDER_INVALID')

    const paid = shape(
      PayOrderResponse,
      await bank.client.post(
        `/orders/${q.get('order')}/pay`,
        { sig: q.get('sig'), payPassword: PAY_PASSWORD },
        { token: c.token },
      ),
    )
    expect(paid.order.status).toBe('paid')
    expect(paid.transaction).toMatchObject({ channel: 'online', orderId: q.get('order'), category: 'shopping' })
    expect(
      errorOf(
        await bank.client.post(
          `/orders/${q.get('order')}/pay`,
          { sig: q.get('sig'), payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ).code,
    ).toBe('ORDER_PAID')
    expect((await bank.client.get(`/shop/orders/${q.get('order')}`)).body.order.status).toBe('paid')
  })

  it('refuses an expired order', async () => {
    const c = await activeCustomer(bank.client, 100_000)
    const created = shape(ShopOrderResponse, await bank.client.post('/shop/orders', { items: [{ sku: 'CASE', qty: 1 }] }))
    bank.clock.advance(30 * 60_000)
    const sig = new URL(created.payUrl).searchParams.get('sig')
    expect(
      errorOf(
        await bank.client.post(`/orders/${created.order.orderId}/pay`, { sig, payPassword: PAY_PASSWORD }, { token: c.token }),
      ).code,
    ).toBe('ORDER_EXPIRED')
  })
})

describe('bills (生活缴费)', () => {
  it('lists billers by city, finds the outstanding bill, pays it once', async () => {
    const list = shape(BillersResponse, await bank.client.get('/bills/billers?city=110100'))
    expect(list.billers.map((b) => b.type).sort()).toEqual(['electricity', 'gas', 'water'])
    expect(list.cities.length).toBeGreaterThanOrEqual(5)
    const c = await activeCustomer(bank.client, 100_000)
    const bill: Bill = (await bank.client.get(`/bills/query?billerId=BJ-POWER&household=${HOUSEHOLD_WITH_BILL}`, c.token)).body
      .bill
    expect(bill.amountDueFen).toBeGreaterThanOrEqual(1000)
    expect(bill.holderMasked).toMatch(/^.\*+$/)
    expect(
      errorOf(
        await bank.client.post(
          '/bills/pay',
          { billerId: 'BJ-POWER', household: HOUSEHOLD_WITH_BILL, amountFen: bill.amountDueFen + 1, payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ).code,
    ).toBe('BILL_AMOUNT_MISMATCH')
    const paid = await bank.client.post(
      '/bills/pay',
      { billerId: 'BJ-POWER', household: HOUSEHOLD_WITH_BILL, amountFen: bill.amountDueFen, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    expect(paid.body.transaction).toMatchObject({
      kind: 'bill',
      category: 'utilities',
      counterparty: { kind: 'biller', account: HOUSEHOLD_WITH_BILL },
    })
    expect(paid.body.bill).toMatchObject({ paid: true, amountDueFen: 0 })
    expect(
      errorOf(
        await bank.client.post(
          '/bills/pay',
          { billerId: 'BJ-POWER', household: HOUSEHOLD_WITH_BILL, amountFen: bill.amountDueFen, payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ).code,
    ).toBe('BILL_ALREADY_PAID')
  })

  it('knows households that owe nothing and ones that do not exist', async () => {
    const c = await activeCustomer(bank.client)
    expect(
      (await bank.client.get(`/bills/query?billerId=SH-GAS&household=${HOUSEHOLD_PAID_UP}`, c.token)).body.bill.amountDueFen,
    ).toBe(0)
    expect(errorOf(await bank.client.get(`/bills/query?billerId=SH-GAS&household=${HOUSEHOLD_UNKNOWN}`, c.token)).code).toBe(
      'BILL_NOT_FOUND',
    )
    expect(errorOf(await bank.client.get(`/bills/query?billerId=SH-GAS&household=123`, c.token)).code).toBe('BILL_NOT_FOUND')
  })
})

describe('coupons', () => {
  it('claims a coupon once and applies it at payment, the bank paying the discount', async () => {
    const c = await activeCustomer(bank.client, 100_000)
    const claimed = await bank.client.post('/coupons/claim', { campaignId: 'CP-MERCHANT-10' }, { token: c.token })
    const couponId = claimed.body.coupon.couponId
    expect(errorOf(await bank.client.post('/coupons/claim', { campaignId: 'CP-MERCHANT-10' }, { token: c.token })).code).toBe(
      'COUPON_ALREADY_CLAIMED',
    )
    expect(
      errorOf(
        await bank.client.post(
          '/payments/merchant',
          { merchantId: 'M0001', amountFen: 2_999, couponId, payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ).details,
    ).toMatchObject({
      reason: 'MIN_SPEND',
    })
    const paid = shape(
      MoneyResponse,
      await bank.client.post(
        '/payments/merchant',
        { merchantId: 'M0001', amountFen: 3_000, couponId, payPassword: PAY_PASSWORD },
        { token: c.token },
      ),
    )
    expect(paid.transaction).toMatchObject({ amountFen: 3_000, discountFen: 1_000, couponId })
    expect(paid.balanceFen).toBe(98_000)
    expect(
      errorOf(
        await bank.client.post(
          '/payments/merchant',
          { merchantId: 'M0001', amountFen: 3_000, couponId, payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ).code,
    ).toBe('COUPON_USED')
    const coupons = shape(CouponsResponse, await bank.client.get('/coupons', c.token))
    expect(coupons.coupons[0]).toMatchObject({ status: 'used', usedTxId: paid.transaction.txId })
    expect((await bank.client.get('/_dev/ledger')).body.balanced).toBe(true)
  })

  it('refuses a coupon for the wrong kind of payment, and an expired one', async () => {
    const c = await activeCustomer(bank.client, 100_000)
    const couponId = (await bank.client.post('/coupons/claim', { campaignId: 'CP-BILL-5' }, { token: c.token })).body.coupon
      .couponId
    expect(
      errorOf(
        await bank.client.post(
          '/payments/merchant',
          { merchantId: 'M0001', amountFen: 9_000, couponId, payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ).details,
    ).toMatchObject({
      reason: 'SCOPE',
    })
    bank.clock.advance(30 * 24 * 3600_000)
    await signIn(bank.client, c)
    const due = (await bank.client.get(`/bills/query?billerId=BJ-WATER&household=${HOUSEHOLD_WITH_BILL}`, c.token)).body.bill
      .amountDueFen
    const reply = await bank.client.post(
      '/bills/pay',
      { billerId: 'BJ-WATER', household: HOUSEHOLD_WITH_BILL, amountFen: due, couponId, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    expect(errorOf(reply).code).toBe('COUPON_EXPIRED')
  })
})

describe('wealth products', () => {
  it('buys, accrues daily yield, redeems T+0 at once and T+1 the next business day', async () => {
    const c = await activeCustomer(bank.client, 2_000_000)
    expect((await bank.client.get('/wealth/products')).body.products).toHaveLength(5)
    await assessRisk(bank.client, c.token, 'C2')
    expect(
      errorOf(
        await bank.client.post(
          '/wealth/buy',
          { productId: 'WP-STEADY', amountFen: 99_999, payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ).code,
    ).toBe('AMOUNT_TOO_SMALL')
    await bank.client.post(
      '/wealth/buy',
      { productId: 'WP-CASH', amountFen: 1_000_000, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    await bank.client.post(
      '/wealth/buy',
      { productId: 'WP-STEADY', amountFen: 500_000, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    bank.clock.advance(10 * 24 * 3600_000)
    const login = await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })
    const token = login.body.session.token
    const held = shape(HoldingsResponse, await bank.client.get('/wealth/holdings', token))
    const cash = held.holdings.find((h) => h.productId === 'WP-CASH')!
    // 1.80% a year on ¥10,000 is ¥0.493 a day, rounded down to the fen daily.
    expect(cash.yieldFen).toBe(10 * 49)
    expect(cash.valueFen).toBe(1_000_000 + 10 * 49)
    const redeemed = await bank.client.post(
      '/wealth/redeem',
      { productId: 'WP-CASH', amountFen: cash.valueFen, payPassword: PAY_PASSWORD },
      { token },
    )
    expect(redeemed.body.transaction.status).toBe('succeeded')
    const steady = await bank.client.post(
      '/wealth/redeem',
      { productId: 'WP-STEADY', amountFen: 500_000, payPassword: PAY_PASSWORD },
      { token },
    )
    expect(steady.body.transaction).toMatchObject({ status: 'pending', balanceAfterFen: null })
    const balanceBefore = steady.body.balanceFen
    const [pending] = shape(HoldingsResponse, await bank.client.get('/wealth/holdings', token)).pendingRedemptions
    expect(pending).toBeDefined()
    // The next business day (tests/mock-bank/integration/wealth.test.ts covers weekends).
    bank.clock.advance(pending!.settlesAt - bank.clock.now())
    const after = await bank.client.get('/me', token)
    expect(after.status).toBe(401) // session expired; sign in again
    const token2 = (await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })).body
      .session.token
    expect((await bank.client.get('/me', token2)).body.balanceFen).toBe(balanceBefore + 500_000)
    const tx = await bank.client.get(`/transactions/${steady.body.transaction.txId}`, token2)
    expect(tx.body.transaction.status).toBe('succeeded')
    expect((await bank.client.get('/_dev/ledger')).body.balanced).toBe(true)
  })
})

describe('messages', () => {
  it('greets every new customer, including phishing-style messages for the link guard', async () => {
    const c = await signUp(bank.client)
    const inbox = shape(MessagesResponse, await bank.client.get('/messages', c.token))
    expect(inbox.unread).toBe(inbox.messages.length)
    expect(inbox.messages.some((m) => m.body.includes('icbc-wallet-verify.top'))).toBe(true)
    await bank.client.post(`/messages/${inbox.messages[0]!.messageId}/read`, {}, { token: c.token })
    expect((await bank.client.get('/messages', c.token)).body.unread).toBe(inbox.messages.length - 1)
  })
})

describe('TOTP two-factor (RFC 6238)', () => {
  it('enrols with a confirmed code and then asks for one at sign-in, each code once', async () => {
    const c = await signUp(bank.client)
    const enrol = shape(TotpEnrollResponse, await bank.client.post('/2fa/totp/enroll', {}, { token: c.token }))
    expect(enrol.otpauthUri).toMatch(/^otpauth:\/\/totp\/ICBC%20Wallet/)
    const key = base32Decode(enrol.secret)
    expect(
      errorOf(
        await bank.client.post(
          '/2fa/totp/confirm',
          { code: '000000' === totp(key, bank.clock.now()) ? '111111' : '000000' },
          { token: c.token },
        ),
      ).code,
    ).toBe('TOTP_INVALID')
    expect((await bank.client.post('/2fa/totp/confirm', { code: totp(key, bank.clock.now()) }, { token: c.token })).status).toBe(
      200,
    )
    expect((await bank.client.get('/me', c.token)).body.totpEnabled).toBe(true)

    bank.clock.advance(30_000)
    const login = await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })
    expect(login.body).toMatchObject({ status: 'challenge', challenge: { method: 'totp' } })
    const code = totp(key, bank.clock.now())
    const ok = await bank.client.post('/auth/challenge', { challengeId: login.body.challenge.challengeId, code })
    expect(ok.body.status).toBe('ok')
    const again = await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })
    expect(errorOf(await bank.client.post('/auth/challenge', { challengeId: again.body.challenge.challengeId, code })).code).toBe(
      'TOTP_INVALID',
    )
  })

  it('asks a new device for the SMS code first, then the authenticator code', async () => {
    const c = await signUp(bank.client)
    const key = base32Decode((await bank.client.post('/2fa/totp/enroll', {}, { token: c.token })).body.secret)
    await bank.client.post('/2fa/totp/confirm', { code: totp(key, bank.clock.now()) }, { token: c.token })
    bank.clock.advance(30_000)
    const login = await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: 'brand-new-device' })
    expect(login.body.challenge.method).toBe('sms')
    const step2 = await bank.client.post('/auth/challenge', {
      challengeId: login.body.challenge.challengeId,
      code: await bank.client.latestSms(c.phone, 'login'),
    })
    expect(step2.body).toMatchObject({ status: 'challenge', challenge: { method: 'totp' } })
    const done = await bank.client.post('/auth/challenge', {
      challengeId: login.body.challenge.challengeId,
      code: totp(key, bank.clock.now()),
    })
    expect(done.body.status).toBe('ok')
  })
})

describe('deregistration', () => {
  it('is blocked while money is left, then closes the wallet and frees the phone', async () => {
    const c = await activeCustomer(bank.client, 1_000)
    await bank.client.post('/sms/send', { phone: c.phone, purpose: 'deregister' })
    const code = await bank.client.latestSms(c.phone, 'deregister')
    expect(
      errorOf(await bank.client.post('/deregister', { password: PASSWORD, smsCode: code }, { token: c.token })),
    ).toMatchObject({
      code: 'DEREGISTER_BLOCKED',
      details: { reason: 'BALANCE', balanceFen: 1_000 },
    })
    await bank.client.post('/withdraw', { cardId: c.cardId, amountFen: 1_000, payPassword: PAY_PASSWORD }, { token: c.token })
    expect(
      errorOf(await bank.client.post('/deregister', { password: 'Wrong12345', smsCode: code }, { token: c.token })).code,
    ).toBe('CREDENTIALS_INVALID')
    expect((await bank.client.post('/deregister', { password: PASSWORD, smsCode: code }, { token: c.token })).body).toEqual({
      ok: true,
    })
    // A closed wallet's token says so (tests/mock-bank/integration/deregister.test.ts has the rest).
    expect((await bank.client.get('/me', c.token)).status).toBe(410)
    expect(
      errorOf(await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })).code,
    ).toBe('CREDENTIALS_INVALID')
    bank.clock.advance(60_000)
    expect((await bank.client.post('/sms/send', { phone: c.phone, purpose: 'register' })).status).toBe(200)
  })

  it('is blocked by wealth holdings', async () => {
    const c = await activeCustomer(bank.client, 1_000)
    await assessRisk(bank.client, c.token, 'C1')
    await bank.client.post(
      '/wealth/buy',
      { productId: 'WP-CASH', amountFen: 1_000, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    await bank.client.post('/sms/send', { phone: c.phone, purpose: 'deregister' })
    const code = await bank.client.latestSms(c.phone, 'deregister')
    expect(
      errorOf(await bank.client.post('/deregister', { password: PASSWORD, smsCode: code }, { token: c.token })).details,
    ).toMatchObject({ reason: 'WEALTH' })
  })
})

describe('odds and ends', () => {
  it('lets the customer decline a waiting charge', async () => {
    const c = await activeCustomer(bank.client, 500_000)
    const device = shape(PayCodeActivateResponse, await bank.client.post('/paycode/activate', {}, { token: c.token }))
    const charged = shape(
      PosChargeResponse,
      await bank.client.post(
        '/pos/charge',
        { merchantId: 'M0006', payCode: payCodeNow(device, bank.clock.now()), amountFen: 200_000 },
        { headers: merchant },
      ),
    )
    const declined = await bank.client.post(`/paycode/pending/${charged.charge.chargeId}/decline`, {}, { token: c.token })
    expect(declined.body.charge.status).toBe('declined')
    expect((await bank.client.get('/me', c.token)).body.balanceFen).toBe(500_000)
  })

  it('lists campaigns with what the customer has claimed, and a merchant by id', async () => {
    const c = await activeCustomer(bank.client)
    await bank.client.post('/coupons/claim', { campaignId: 'CP-SHOP-20' }, { token: c.token })
    const campaigns = (await bank.client.get('/coupons/campaigns', c.token)).body.campaigns
    const rows = campaigns as { campaignId: string; claimed: boolean }[]
    expect(rows.map((x) => x.campaignId)).toEqual(CAMPAIGNS.map((x) => x.campaignId))
    expect(rows.filter((x) => x.claimed).map((x) => x.campaignId)).toEqual(['CP-SHOP-20'])
    expect((await bank.client.get('/merchants/M0007')).body.merchant).toMatchObject({ name: '同仁堂药店', category: 'health' })
  })

  it('applies a bill coupon', async () => {
    const c = await activeCustomer(bank.client, 100_000)
    const couponId = (await bank.client.post('/coupons/claim', { campaignId: 'CP-BILL-5' }, { token: c.token })).body.coupon
      .couponId
    let household = 1000000001
    let bill: Bill
    do bill = (await bank.client.get(`/bills/query?billerId=GZ-GAS&household=${household++}`, c.token)).body.bill
    while (bill.amountDueFen < 5_000)
    const paid = await bank.client.post(
      '/bills/pay',
      { billerId: 'GZ-GAS', household: bill.household, amountFen: bill.amountDueFen, couponId, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    expect(paid.body.transaction).toMatchObject({ discountFen: 500, couponId })
    expect(paid.body.balanceFen).toBe(100_000 - bill.amountDueFen + 500)
  })

  it('turns two-factor authentication off with the login password and a code', async () => {
    const c = await signUp(bank.client)
    const key = base32Decode((await bank.client.post('/2fa/totp/enroll', {}, { token: c.token })).body.secret)
    await bank.client.post('/2fa/totp/confirm', { code: totp(key, bank.clock.now()) }, { token: c.token })
    expect(
      errorOf(await bank.client.post('/2fa/totp/disable', { password: PASSWORD, code: totp(key, bank.clock.now()) }, { token: c.token })).code,
    ).toBe('TOTP_INVALID')
    bank.clock.advance(30_000)
    expect((await bank.client.post('/2fa/totp/disable', { password: PASSWORD, code: totp(key, bank.clock.now()) }, { token: c.token })).status).toBe(
      200,
    )
    expect((await bank.client.get('/me', c.token)).body.totpEnabled).toBe(false)
  })

  it('changes the login password with the old one and signs other devices out', async () => {
    const c = await signUp(bank.client)
    const other = await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })
    expect(
      errorOf(
        await bank.client.post('/me/password', { oldPassword: 'Wrong12345', newPassword: 'NewSecret99' }, { token: c.token }),
      ).code,
    ).toBe('CREDENTIALS_INVALID')
    expect(
      errorOf(await bank.client.post('/me/password', { oldPassword: PASSWORD, newPassword: 'weak' }, { token: c.token })).code,
    ).toBe('PASSWORD_WEAK')
    expect(
      (await bank.client.post('/me/password', { oldPassword: PASSWORD, newPassword: 'NewSecret99' }, { token: c.token })).status,
    ).toBe(200)
    expect((await bank.client.get('/me', other.body.session.token)).status).toBe(401)
    expect((await bank.client.get('/me', c.token)).status).toBe(200)
    expect(
      (await bank.client.post('/auth/login', { phone: c.phone, password: 'NewSecret99', deviceId: c.deviceId })).body.status,
    ).toBe('ok')
  })
})
