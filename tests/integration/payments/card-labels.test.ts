/**
 * Bound-card labels (备注名): the user's own, kept in main's sealed store by card id
 * (src/main/core/payments/cards.ts), shown wherever a card is listed, refused when they could mislead.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { BoundCard, CardsList, OutboxView, PaymentResult } from '../../../src/shared/contract'
import { luhnCheckDigit } from '../../../src/shared/validators'
import { setFaults } from '../../support/wallet'
import { demoBank, demoWallet, PAY_PASSWORD, type Cleanup } from './helpers'

const cleanups: Cleanup[] = []
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('card labels', () => {
  it('labels a card, keeps the label through the bank’s card list refreshes, and refuses what could mislead', async () => {
    const bank = await demoBank(cleanups)
    const w = await demoWallet(bank, cleanups)
    const cards = (await w.ok<CardsList>('cards.list')).cards
    expect(cards.every((c) => c.label === null)).toBe(true)
    const icbc = cards.find((c) => c.bankName === '工商银行')!

    expect(await w.ok('cards.setLabel', { cardId: icbc.cardId, label: '  工资卡 ' })).toEqual({
      cardId: icbc.cardId,
      label: '工资卡',
    })
    // The bank's list is fetched again (and the kept copy rewritten): the label stays.
    const again = (await w.ok<CardsList>('cards.list')).cards
    expect(again.find((c) => c.cardId === icbc.cardId)!.label).toBe('工资卡')
    expect(again.filter((c) => c.cardId !== icbc.cardId).every((c) => c.label === null)).toBe(true)

    for (const [label, reason] of [
      ['\u202e卡资工', 'CONTROL_CHARS'],
      ['工资\u200b卡', 'CONTROL_CHARS'],
      ['工资卡\n', 'CONTROL_CHARS'],
      ['工资\u0007卡', 'CONTROL_CHARS'],
      ['卡'.repeat(21), 'TOO_LONG'],
    ] as const) {
      expect(await w.fails('cards.setLabel', { cardId: icbc.cardId, label })).toMatchObject({
        code: 'INVALID_INPUT',
        details: { field: 'label', reason },
      })
    }
    // 20 characters fit, emoji with joiners too; a refused label changed nothing.
    expect((await w.ok<{ label: string }>('cards.setLabel', { cardId: icbc.cardId, label: '卡'.repeat(20) })).label).toHaveLength(
      20,
    )
    expect((await w.ok<{ label: string }>('cards.setLabel', { cardId: icbc.cardId, label: '家用👨‍👩‍👧' })).label).toBe('家用👨‍👩‍👧')
    expect(await w.fails('cards.setLabel', { cardId: 'card_nope', label: '工资卡' })).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'cardId', reason: 'NOT_FOUND' },
    })
    // An empty label takes it away.
    expect(await w.ok('cards.setLabel', { cardId: icbc.cardId, label: '' })).toEqual({ cardId: icbc.cardId, label: null })
    expect((await w.ok<CardsList>('cards.list')).cards.every((c) => c.label === null)).toBe(true)
  })

  it('names the label in the outbox list, and forgets it when the card is unbound', async () => {
    const bank = await demoBank(cleanups)
    const w = await demoWallet(bank, cleanups)
    const partial = '621700123412341234'
    const { card } = await w.ok<{ card: BoundCard }>('cards.bind', {
      pan: partial + luhnCheckDigit(partial),
      reservedPhone: '13800138000',
    })
    expect(card.label).toBeNull()
    await w.ok('cards.setLabel', { cardId: card.cardId, label: '房贷卡' })

    // The answer to a top-up is lost: it waits in the outbox, shown with the card's label.
    await setFaults(bank, { dropAfterCommitRate: 1, paths: ['/topup'] })
    const result = await w.ok<PaymentResult>('pay.topup', { cardId: card.cardId, amountFen: 1_000, payPassword: PAY_PASSWORD })
    expect(result.queued).toBe(true)
    const view = (await w.ok<OutboxView[]>('outbox.list')).find((v) => v.kind === 'topup')!
    expect(view.counterparty).toBe(`房贷卡 ${card.bankName}(${card.last4})`)
    await setFaults(bank, {})

    const labelled = (await w.ok<CardsList>('cards.list')).cards.filter((c) => c.label !== null)
    expect(labelled.map((c) => c.cardId)).toEqual([card.cardId])
    await w.ok('cards.unbind', { cardId: card.cardId })
    expect((await w.ok<CardsList>('cards.list')).cards.some((c) => c.label !== null)).toBe(false)
    const { payments } = await w.services()
    expect(await payments.cards.labels.read()).toEqual([])
  })
})
