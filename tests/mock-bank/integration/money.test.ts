import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CustomerProfile, LedgerReport, MerchantsResponse, MoneyResponse, PayeeLookupResponse } from '../../../src/shared/bank-api'
import { CARD_FROZEN } from '../../../src/mock-bank'
import {
  activeCustomer,
  errorOf,
  newCard,
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

async function ledger(): Promise<LedgerReport> {
  return shape(LedgerReport, await bank.client.get('/_dev/ledger'))
}

describe('top-up and withdrawal', () => {
  it('moves money between the card and the wallet in balanced postings', async () => {
    const c = await activeCustomer(bank.client)
    const top = shape(
      MoneyResponse,
      await bank.client.post('/topup', { cardId: c.cardId, amountFen: 12_345, payPassword: PAY_PASSWORD }, { token: c.token }),
    )
    expect(top).toMatchObject({
      balanceFen: 12_345,
      transaction: { kind: 'topup', direction: 'in', amountFen: 12_345, balanceAfterFen: 12_345, status: 'succeeded' },
    })
    const out = shape(
      MoneyResponse,
      await bank.client.post('/withdraw', { cardId: c.cardId, amountFen: 345, payPassword: PAY_PASSWORD }, { token: c.token }),
    )
    expect(out).toMatchObject({
      balanceFen: 12_000,
      transaction: { kind: 'withdraw', direction: 'out', balanceAfterFen: 12_000 },
    })
    expect(
      errorOf(
        await bank.client.post(
          '/withdraw',
          { cardId: c.cardId, amountFen: 12_001, payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ),
    ).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      details: { source: 'wallet', availableFen: 12_000 },
    })
    expect(await ledger()).toMatchObject({ balanced: true, sumFen: 0, negative: [] })
  })

  it('refuses amounts that are not positive integers of fen', async () => {
    const c = await activeCustomer(bank.client)
    for (const amountFen of [0, -1, 1.5, '100']) {
      expect(
        errorOf(await bank.client.post('/topup', { cardId: c.cardId, amountFen, payPassword: PAY_PASSWORD }, { token: c.token }))
          .code,
      ).toBe('INVALID_INPUT')
    }
  })

  it("refuses someone else's card id", async () => {
    const a = await activeCustomer(bank.client)
    const b = await activeCustomer(bank.client)
    expect(
      errorOf(
        await bank.client.post('/topup', { cardId: b.cardId, amountFen: 100, payPassword: PAY_PASSWORD }, { token: a.token }),
      ).code,
    ).toBe('NOT_FOUND')
  })
})

describe('transfers', () => {
  it('looks up a payee by phone with a masked name and moves money wallet to wallet', async () => {
    const payer = await activeCustomer(bank.client, 50_000)
    const payee = await signUp(bank.client, { name: '张小明' })
    const found = shape(PayeeLookupResponse, await bank.client.get(`/payees/lookup?phone=${payee.phone}`, payer.token))
    expect(found.nameMasked).toBe('张**')
    expect(errorOf(await bank.client.get(`/payees/lookup?phone=${payer.phone}`, payer.token)).code).toBe('PAYEE_SELF')
    expect(errorOf(await bank.client.get('/payees/lookup?phone=13111111111', payer.token)).code).toBe('PAYEE_NOT_FOUND')

    const sent = shape(
      MoneyResponse,
      await bank.client.post(
        '/transfers/wallet',
        { phone: payee.phone, amountFen: 20_000, payPassword: PAY_PASSWORD, memo: '午饭' },
        { token: payer.token },
      ),
    )
    expect(sent.transaction).toMatchObject({
      kind: 'transfer_out',
      counterparty: { name: '张**' },
      memo: '午饭',
      balanceAfterFen: 30_000,
    })
    const payeeMe = shape(CustomerProfile, await bank.client.get('/me', payee.token))
    expect(payeeMe.balanceFen).toBe(20_000)
  })

  it("refuses a transfer the payee's wallet cannot hold", async () => {
    const payer = await activeCustomer(bank.client, 3_000_000)
    const payee = await signUp(bank.client) // 三类: balance cap ¥20,000
    const reply = await bank.client.post(
      '/transfers/wallet',
      { phone: payee.phone, amountFen: 2_000_001, payPassword: PAY_PASSWORD },
      { token: payer.token },
    )
    expect(errorOf(reply)).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'BALANCE', party: 'payee' } })
  })

  it('transfers to any valid card, but not to a frozen one', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    const sent = shape(
      MoneyResponse,
      await bank.client.post(
        '/transfers/card',
        { pan: newCard(), name: '王五', amountFen: 1_000, payPassword: PAY_PASSWORD },
        { token: c.token },
      ),
    )
    expect(sent.transaction).toMatchObject({ kind: 'card_transfer', counterparty: { kind: 'card', name: '王*' } })
    expect(
      errorOf(
        await bank.client.post(
          '/transfers/card',
          { pan: CARD_FROZEN, name: '王五', amountFen: 1_000, payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ).code,
    ).toBe('CARD_FROZEN')
  })
})

describe('tier caps', () => {
  it('enforces the 二类 per-payment and daily caps and shows what remains', async () => {
    const c = await activeCustomer(bank.client, 0)
    // The card's ¥100,000 is just over a day's cap.
    for (let i = 0; i < 5; i++)
      await bank.client.post('/topup', { cardId: c.cardId, amountFen: 2_000_000, payPassword: PAY_PASSWORD }, { token: c.token })
    const pay = (amountFen: number) =>
      bank.client.post('/payments/merchant', { merchantId: 'M0005', amountFen, payPassword: PAY_PASSWORD }, { token: c.token })
    expect(errorOf(await pay(5_000_001))).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 'PER_TX', capFen: 5_000_000 },
    })
    expect((await pay(5_000_000)).status).toBe(200)
    expect((await pay(4_000_000)).status).toBe(200)
    const me = shape(CustomerProfile, await bank.client.get('/me', c.token))
    expect(me.usage.todayFen).toBe(9_000_000)
    expect(me.remaining).toMatchObject({ paymentFen: 1_000_000, dayFen: 1_000_000 })
    expect(errorOf(await pay(1_000_001))).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 'DAILY', remainingFen: 1_000_000 },
    })
    expect((await pay(1_000_000)).status).toBe(200)
    bank.clock.advance(24 * 3600_000)
    await signIn(bank.client, c)
    const second = (await bank.client.post('/cards/bind', { pan: newCard(), reservedPhone: c.phone }, { token: c.token })).body
      .card.cardId
    await bank.client.post('/topup', { cardId: second, amountFen: 1_000_000, payPassword: PAY_PASSWORD }, { token: c.token })
    expect((await pay(1_000_000)).status).toBe(200)
  })

  it('enforces the 三类 balance cap on top-ups (a wallet without a card cannot top up at all)', async () => {
    const c = await activeCustomer(bank.client, 0)
    expect(
      errorOf(
        await bank.client.post(
          '/topup',
          { cardId: c.cardId, amountFen: 50_000_001, payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ),
    ).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 'BALANCE', party: 'self', capFen: 50_000_000 },
    })
  })

  it('lifts every cap for a 一类 wallet opened at the counter', async () => {
    const c = await activeCustomer(bank.client, 0)
    await bank.client.post(`/_dev/customers/${c.phone}/counter`)
    const me = shape(CustomerProfile, await bank.client.get('/me', c.token))
    expect(me.tier).toBe(1)
    expect(me.caps).toEqual({ perTxFen: null, dailyFen: null, yearlyFen: null, balanceFen: null })
    expect(
      (
        await bank.client.post(
          '/topup',
          { cardId: c.cardId, amountFen: 9_000_000, payPassword: PAY_PASSWORD },
          { token: c.token },
        )
      ).status,
    ).toBe(200)
    expect(
      (
        await bank.client.post(
          '/payments/merchant',
          { merchantId: 'M0005', amountFen: 8_000_000, payPassword: PAY_PASSWORD },
          { token: c.token },
        )
      ).status,
    ).toBe(200)
  })

  it('publishes the caps of every tier', async () => {
    const tiers = (await bank.client.get('/tiers')).body.tiers
    expect(tiers.map((t: { tier: number; name: string }) => `${t.tier}${t.name}`)).toEqual([
      '1一类钱包',
      '2二类钱包',
      '3三类钱包',
      '4四类钱包',
    ])
    expect(tiers[3].caps).toEqual({ perTxFen: 200_000, dailyFen: 500_000, yearlyFen: 5_000_000, balanceFen: 1_000_000 })
  })
})

describe('merchant payments (scanned QR)', () => {
  it('lists merchants with their QR payloads and pays one', async () => {
    const merchants = shape(MerchantsResponse, await bank.client.get('/merchants')).merchants
    expect(merchants[0]!.qr).toMatch(/^icbc-wallet:\/\/merchant\?id=M0001&name=/)
    const c = await activeCustomer(bank.client, 10_000)
    const paid = shape(
      MoneyResponse,
      await bank.client.post(
        '/payments/merchant',
        { merchantId: 'M0001', amountFen: 2_800, payPassword: PAY_PASSWORD },
        { token: c.token },
      ),
    )
    expect(paid.transaction).toMatchObject({
      kind: 'payment',
      category: 'dining',
      channel: 'qr',
      counterparty: { kind: 'merchant', id: 'M0001' },
      balanceAfterFen: 7_200,
    })
    expect(
      errorOf(
        await bank.client.post(
          '/payments/merchant',
          { merchantId: 'M9999', amountFen: 100, payPassword: PAY_PASSWORD },
          { token: c.token },
        ),
      ).code,
    ).toBe('NOT_FOUND')
  })
})
