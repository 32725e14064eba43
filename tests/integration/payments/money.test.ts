import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PAYEE, type BankServer } from '../../../src/mock-bank'
import type {
  BoundCard,
  CardsList,
  PayeeList,
  PayeeLookup,
  PaymentDone,
  PaymentLimits,
  PaymentResult,
  Receipt,
} from '../../../src/shared/contract'
import { LARGE_AMOUNT_FEN } from '../../../src/shared/contract'
import { luhnCheckDigit } from '../../../src/shared/validators'
import { demoBank, demoWallet, PAY_PASSWORD, type Cleanup } from './helpers'

const cleanups: Cleanup[] = []
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function done(result: PaymentResult): PaymentDone {
  if (result.queued) throw new Error('expected the payment to be done at once, not queued')
  return result
}

describe('top-up, withdrawal, cards and transfers against the mock bank', () => {
  let bank: BankServer
  let w: Awaited<ReturnType<typeof demoWallet>>
  let cards: BoundCard[]

  beforeAll(async () => {
    bank = await demoBank(cleanups)
    w = await demoWallet(bank, cleanups)
    cards = (await w.ok<CardsList>('cards.list')).cards
  })

  it('lists the bound cards masked, with the bank’s name', async () => {
    expect(cards.map((c) => c.bankName).sort()).toEqual(['工商银行', '建设银行'])
    for (const card of cards) {
      expect(card.masked).toMatch(/^\d{4} \*{4} \*{4} \d{4}$/)
      expect(JSON.stringify(card)).not.toMatch(/6222020200001234562|6217001234567890122/)
    }
  })

  it('tops up from a card and withdraws to it, with a notification and a receipt', async () => {
    const icbc = cards.find((c) => c.bankName === '工商银行')!
    const up = done(await w.ok('pay.topup', { cardId: icbc.cardId, amountFen: 10_000, payPassword: PAY_PASSWORD }))
    expect(up.transaction).toMatchObject({
      kind: 'topup',
      direction: 'in',
      amountFen: 10_000,
      paidFen: 10_000,
      status: 'succeeded',
    })
    expect(up.balanceFen).toBe(up.transaction.balanceAfterFen)
    await w.until('payment.completed', (p: { txId: string }) => p.txId === up.transaction.txId)

    const out = done(await w.ok('pay.withdraw', { cardId: icbc.cardId, amountFen: 4_000, payPassword: PAY_PASSWORD }))
    expect(out.transaction).toMatchObject({ kind: 'withdraw', direction: 'out', amountFen: 4_000 })
    expect(out.balanceFen).toBe(up.balanceFen - 4_000)

    const receipt = await w.ok<Receipt>('receipt.get', { txId: up.transaction.txId })
    // 交易流水号: the bank's 20-digit serial, beginning with the accounting day (UTC+8), not the internal id.
    const day = new Date(up.transaction.createdAt + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')
    expect(receipt.reference).toMatch(new RegExp(`^${day}\\d{12}$`))
    expect(receipt).toMatchObject({
      txId: up.transaction.txId,
      kind: 'topup',
      status: 'succeeded',
      amountFen: 10_000,
      account: { nameMasked: '王*', phoneMasked: '138****8000' },
      counterparty: { kind: 'card', account: icbc.masked },
      bankName: '中国工商银行',
    })
    expect(receipt.account.walletNoMasked).toMatch(/\*{8}/)
  })

  it('refuses what the bank refuses, with its code', async () => {
    const icbc = cards[0]!
    const limits = await w.ok<PaymentLimits>('transfer.limits')
    const tooMuch = await w.fails('pay.withdraw', {
      cardId: icbc.cardId,
      amountFen: limits.balanceFen + 1,
      payPassword: PAY_PASSWORD,
    })
    expect(tooMuch.code).toBe('INSUFFICIENT_FUNDS')
    const capped = await w.fails('transfer.toWallet', {
      phone: DEMO_PAYEE.phone,
      amountFen: limits.caps.perTxFen! + 100,
      payPassword: PAY_PASSWORD,
    })
    expect(capped).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'PER_TX', capFen: limits.caps.perTxFen } })
  })

  it('checks input in main and names the field', async () => {
    const card = cards[0]!.cardId
    expect(await w.fails('pay.topup', { cardId: card, amountFen: 0, payPassword: PAY_PASSWORD })).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'amountFen', reason: 'NOT_POSITIVE' },
    })
    expect(await w.fails('pay.topup', { cardId: card, amountFen: 10.5, payPassword: PAY_PASSWORD })).toMatchObject({
      details: { field: 'amountFen', reason: 'NOT_INTEGER' },
    })
    expect(await w.fails('pay.topup', { cardId: card, amountFen: 100, payPassword: '1234' })).toMatchObject({
      details: { field: 'payPassword', reason: 'FORMAT' },
    })
    expect(await w.fails('transfer.lookup', { phone: '12345' })).toMatchObject({ details: { field: 'phone', reason: 'LENGTH' } })
    expect(
      await w.fails('transfer.toCard', { pan: '6222020200001234563', name: '李娜', amountFen: 100, payPassword: PAY_PASSWORD }),
    ).toMatchObject({ details: { field: 'pan', reason: 'CHECKSUM' } })
    expect(await w.fails('cards.bind', { pan: '6222020200001234562', reservedPhone: '2' })).toMatchObject({
      details: { field: 'reservedPhone' },
    })
  })

  it('transfers to a wallet after a masked look-up: first time, then a known payee', async () => {
    const first = await w.ok<PayeeLookup>('transfer.lookup', { phone: DEMO_PAYEE.phone })
    expect(first).toMatchObject({ nameMasked: '李*', phoneMasked: '139****9000', firstTime: true })
    const paid = done(
      await w.ok('transfer.toWallet', { phone: DEMO_PAYEE.phone, amountFen: 1_234, payPassword: PAY_PASSWORD, memo: '午饭' }),
    )
    expect(paid.transaction).toMatchObject({
      kind: 'transfer_out',
      amountFen: 1_234,
      counterparty: { kind: 'wallet', name: '李*', account: '139****9000' },
    })
    expect((await w.ok<PayeeLookup>('transfer.lookup', { phone: DEMO_PAYEE.phone })).firstTime).toBe(false)

    const book = await w.ok<PayeeList>('payees.list')
    expect(book.payees).toHaveLength(1)
    const payee = book.payees[0]!
    expect(payee).toMatchObject({ kind: 'wallet', name: '李*', account: '139****9000', transfers: 1 })
    expect(JSON.stringify(book)).not.toContain(DEMO_PAYEE.phone)

    done(await w.ok('transfer.toWallet', { payeeId: payee.id, amountFen: 100, payPassword: PAY_PASSWORD }))
    expect((await w.ok<PayeeList>('payees.list')).payees[0]).toMatchObject({ id: payee.id, transfers: 2 })
    expect(
      await w.fails('transfer.toWallet', {
        phone: DEMO_PAYEE.phone,
        payeeId: payee.id,
        amountFen: 100,
        payPassword: PAY_PASSWORD,
      }),
    ).toMatchObject({
      code: 'INVALID_INPUT',
    })
    expect((await w.fails('transfer.lookup', { phone: '13800138000' })).code).toBe('PAYEE_SELF')
  })

  it('transfers to a bank card and keeps the card payee for one-click repeat', async () => {
    const pan = '6228480000111122222'
    const paid = done(await w.ok('transfer.toCard', { pan, name: '李娜', amountFen: 2_000, payPassword: PAY_PASSWORD }))
    expect(paid.transaction).toMatchObject({
      kind: 'card_transfer',
      amountFen: 2_000,
      counterparty: { kind: 'card', name: '李*' },
    })
    const payee = (await w.ok<PayeeList>('payees.list')).payees.find((p) => p.kind === 'card')!
    expect(payee).toMatchObject({ name: '李*', account: '6228 **** **** 2222', bankName: '农业银行' })
    done(await w.ok('transfer.toCard', { payeeId: payee.id, amountFen: 300, payPassword: PAY_PASSWORD }))
    const after = await w.ok<PayeeList>('payees.remove', { id: payee.id })
    expect(after.payees.map((p) => p.kind)).toEqual(['wallet'])
  })

  it('shows the tier’s remaining limits and the large-amount threshold before confirming', async () => {
    const limits = await w.ok<PaymentLimits>('transfer.limits')
    expect(limits).toMatchObject({ largeAmountFen: LARGE_AMOUNT_FEN, stale: false })
    expect(LARGE_AMOUNT_FEN).toBe(500_000)
    expect(limits.remaining.paymentFen).toBe(limits.caps.perTxFen)
    expect(limits.usage.todayFen).toBeGreaterThanOrEqual(1_234 + 100 + 2_000 + 300)
  })

  it('binds another card and unbinds it', async () => {
    const partial = '621700' + String(Date.now()).slice(-12)
    const pan = partial + luhnCheckDigit(partial)
    const bound = await w.ok<{ card: BoundCard; tier: number }>('cards.bind', { pan, reservedPhone: '13800138000' })
    expect(bound.card).toMatchObject({ bankName: '建设银行', last4: pan.slice(-4) })
    expect((await w.ok<CardsList>('cards.list')).cards).toHaveLength(3)
    await w.ok('cards.unbind', { cardId: bound.card.cardId })
    expect((await w.ok<CardsList>('cards.list')).cards).toHaveLength(2)
  })
})

describe('the payment password', () => {
  it('locks payments after five wrong passwords and says when they unlock', async () => {
    const bank = await demoBank(cleanups)
    const w = await demoWallet(bank, cleanups)
    const attempt = () => w.fails('transfer.toWallet', { phone: DEMO_PAYEE.phone, amountFen: 100, payPassword: '000001' })
    const wrong = []
    for (let i = 0; i < 4; i++) wrong.push(await attempt())
    expect(wrong.map((e) => [e.code, e.details?.attemptsLeft])).toEqual([
      ['PAY_PASSWORD_WRONG', 4],
      ['PAY_PASSWORD_WRONG', 3],
      ['PAY_PASSWORD_WRONG', 2],
      ['PAY_PASSWORD_WRONG', 1],
    ])
    const fifth = await attempt()
    expect(fifth.code).toBe('PAY_PASSWORD_LOCKED')
    const unlockAt = fifth.details?.unlockAt
    expect(typeof unlockAt).toBe('number')
    expect(unlockAt as number).toBeGreaterThan(Date.now() + 23 * 3600_000)
    // Even the right password is refused now, with the same time.
    const locked = await w.fails('transfer.toWallet', { phone: DEMO_PAYEE.phone, amountFen: 100, payPassword: PAY_PASSWORD })
    expect(locked).toMatchObject({ code: 'PAY_PASSWORD_LOCKED', details: { unlockAt } })
    expect((await w.ok<PaymentLimits>('transfer.limits')).payPasswordLockedUntil).toBe(unlockAt)
  })
})
