import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BindCardResponse, CardsResponse, CustomerProfile, MoneyResponse } from '../../../src/shared/bank-api'
import { CARD_EXPIRED, CARD_FROZEN, CARD_LOW_BALANCE, CARD_NOT_OWNED } from '../../../src/mock-bank'
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

describe('cards', () => {
  it('binds a Luhn-valid 62 card with the registered phone, names its bank, and makes the wallet 二类', async () => {
    const customer = await signUp(bank.client)
    const pan = newCard()
    const bound = shape(
      BindCardResponse,
      await bank.client.post('/cards/bind', { pan, reservedPhone: customer.phone }, { token: customer.token }),
    )
    expect(bound.tier).toBe(2)
    expect(bound.card).toMatchObject({
      bank: { code: 'ICBC', name: '工商银行' },
      last4: pan.slice(-4),
      panMasked: `6222 **** **** ${pan.slice(-4)}`,
    })
    const cards = shape(CardsResponse, await bank.client.get('/cards', customer.token))
    expect(cards.cards).toHaveLength(1)
    expect(
      errorOf(await bank.client.post('/cards/bind', { pan, reservedPhone: customer.phone }, { token: customer.token })).code,
    ).toBe('CARD_ALREADY_BOUND')
    const unbound = await bank.client.post(`/cards/${bound.card.cardId}/unbind`, {}, { token: customer.token })
    expect(unbound.body).toEqual({ ok: true, tier: 3 })
  })

  it.each([
    ['6222020200001234563', 'CARD_INVALID', 'CHECKSUM'],
    ['4111111111111111', 'CARD_INVALID', 'NOT_UNIONPAY'],
    ['62220202', 'CARD_INVALID', 'LENGTH'],
    [CARD_FROZEN, 'CARD_FROZEN', undefined],
    [CARD_EXPIRED, 'CARD_EXPIRED', undefined],
    [CARD_NOT_OWNED, 'CARD_NOT_OWNED', undefined],
  ])('refuses %s with %s', async (pan, code, reason) => {
    const customer = await signUp(bank.client)
    const error = errorOf(
      await bank.client.post('/cards/bind', { pan, reservedPhone: customer.phone }, { token: customer.token }),
    )
    expect(error.code).toBe(code)
    if (reason) expect(error.details).toMatchObject({ reason })
  })

  it("refuses a card whose reserved phone is not the wallet's, and another customer's card", async () => {
    const a = await signUp(bank.client)
    const b = await signUp(bank.client)
    const pan = newCard()
    expect(errorOf(await bank.client.post('/cards/bind', { pan, reservedPhone: b.phone }, { token: a.token })).code).toBe(
      'CARD_NOT_OWNED',
    )
    expect((await bank.client.post('/cards/bind', { pan, reservedPhone: a.phone }, { token: a.token })).status).toBe(200)
    expect(errorOf(await bank.client.post('/cards/bind', { pan, reservedPhone: b.phone }, { token: b.token })).code).toBe(
      'CARD_NOT_OWNED',
    )
  })

  it('tops up from a card only as far as the card holds', async () => {
    const customer = await activeCustomer(bank.client)
    const low = shape(
      BindCardResponse,
      await bank.client.post('/cards/bind', { pan: CARD_LOW_BALANCE, reservedPhone: customer.phone }, { token: customer.token }),
    )
    const tooMuch = await bank.client.post(
      '/topup',
      { cardId: low.card.cardId, amountFen: 1001, payPassword: PAY_PASSWORD },
      { token: customer.token },
    )
    expect(errorOf(tooMuch)).toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { source: 'card' } })
    const ok = shape(
      MoneyResponse,
      await bank.client.post(
        '/topup',
        { cardId: low.card.cardId, amountFen: 1000, payPassword: PAY_PASSWORD },
        { token: customer.token },
      ),
    )
    expect(ok.balanceFen).toBe(1000)
  })
})

describe('payment password', () => {
  it.each([
    ['123456', 'SEQUENTIAL'],
    ['654321', 'SEQUENTIAL'],
    ['111111', 'REPEATED'],
  ])('refuses the trivial %s (%s)', async (payPassword, reason) => {
    const customer = await signUp(bank.client)
    expect(errorOf(await bank.client.post('/paypw/set', { payPassword }, { token: customer.token }))).toMatchObject({
      code: 'PAY_PASSWORD_TRIVIAL',
      details: { reason },
    })
  })

  it('refuses the birth date as a payment password', async () => {
    const idNumber = '44030519900307123X'.slice(0, 17)
    const customer = await signUp(bank.client, {
      idNumber: idNumber + (await import('../../../src/shared/validators')).residentIdCheckChar(idNumber),
    })
    expect(errorOf(await bank.client.post('/paypw/set', { payPassword: '900307' }, { token: customer.token }))).toMatchObject({
      details: { reason: 'BIRTH_DATE' },
    })
  })

  it('is set once; payments need it; 5 wrong answers lock payments for 24 h with attempts left on each', async () => {
    const customer = await activeCustomer(bank.client, 10_000)
    expect(errorOf(await bank.client.post('/paypw/set', { payPassword: '246813' }, { token: customer.token })).code).toBe(
      'PAY_PASSWORD_ALREADY_SET',
    )
    const pay = (payPassword: string) =>
      bank.client.post('/withdraw', { cardId: customer.cardId, amountFen: 100, payPassword }, { token: customer.token })
    for (let left = 4; left >= 1; left--)
      expect(errorOf(await pay('000000'))).toMatchObject({ code: 'PAY_PASSWORD_WRONG', details: { attemptsLeft: left } })
    const unlockAt = bank.clock.now() + 24 * 3600_000
    expect(errorOf(await pay('000000'))).toMatchObject({ code: 'PAY_PASSWORD_LOCKED', details: { unlockAt } })
    expect(errorOf(await pay(PAY_PASSWORD))).toMatchObject({ code: 'PAY_PASSWORD_LOCKED', details: { unlockAt } })
    expect(shape(CustomerProfile, await bank.client.get('/me', customer.token)).payPasswordLockedUntil).toBe(unlockAt)
    bank.clock.advance(24 * 3600_000)
    await signIn(bank.client, customer)
    expect((await pay(PAY_PASSWORD)).status).toBe(200)
    expect(errorOf(await pay('000000')).details).toMatchObject({ attemptsLeft: 4 })
  })

  it('a right answer resets the count', async () => {
    const customer = await activeCustomer(bank.client, 10_000)
    const pay = (payPassword: string) =>
      bank.client.post('/withdraw', { cardId: customer.cardId, amountFen: 100, payPassword }, { token: customer.token })
    await pay('000000')
    await pay('000000')
    expect((await pay(PAY_PASSWORD)).status).toBe(200)
    expect(errorOf(await pay('000000')).details).toMatchObject({ attemptsLeft: 4 })
  })

  it('a payment that cannot succeed costs no attempt', async () => {
    const customer = await activeCustomer(bank.client, 100)
    const reply = await bank.client.post(
      '/withdraw',
      { cardId: customer.cardId, amountFen: 1_000, payPassword: '000000' },
      { token: customer.token },
    )
    expect(errorOf(reply).code).toBe('INSUFFICIENT_FUNDS')
    expect(
      errorOf(await bank.client.post('/paypw/verify', { payPassword: '000000' }, { token: customer.token })).details,
    ).toMatchObject({ attemptsLeft: 4 })
  })

  it('changes with the old password', async () => {
    const customer = await activeCustomer(bank.client)
    expect(
      errorOf(
        await bank.client.post(
          '/paypw/change',
          { oldPayPassword: '000000', newPayPassword: '975310' },
          { token: customer.token },
        ),
      ).code,
    ).toBe('PAY_PASSWORD_WRONG')
    expect(
      (
        await bank.client.post(
          '/paypw/change',
          { oldPayPassword: PAY_PASSWORD, newPayPassword: '975310' },
          { token: customer.token },
        )
      ).status,
    ).toBe(200)
    expect((await bank.client.post('/paypw/verify', { payPassword: '975310' }, { token: customer.token })).status).toBe(200)
  })
})
