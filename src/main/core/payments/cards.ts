import { z } from 'zod'
import { BoundCard, type CardsList, type PaymentResult } from '../../../shared/contract/payments'
import { AppError } from '../../../shared/errors'
import * as api from '../../bank/api'
import type { PaymentContext } from './context'
import { checkAmount, checkPan, checkPayPassword, checkPhone, checkText } from './validate'

const DOC = 'payment-cards'
const CardsDoc = z.object({ cards: z.array(BoundCard), at: z.number() })

function toBoundCard(card: api.Card): BoundCard {
  return {
    cardId: card.cardId,
    bankName: card.bank?.name ?? '银行卡',
    masked: card.panMasked,
    last4: card.last4,
    boundAt: card.boundAt,
  }
}

/** Bound cards, and money between them and the wallet (充值 / 提现). */
export function createCardService(ctx: PaymentContext) {
  const { store, clock } = ctx.deps

  async function keep(cards: BoundCard[]): Promise<void> {
    await store.write(DOC, { cards, at: clock.now() })
  }

  async function list(): Promise<CardsList> {
    try {
      const { cards } = await ctx.get('/cards', api.CardsResponse)
      const bound = cards.map(toBoundCard)
      await keep(bound)
      return { cards: bound, fresh: true }
    } catch (error) {
      const kept = await store.read(DOC, CardsDoc)
      if (kept && error instanceof AppError && error.code === 'OFFLINE') return { cards: kept.cards, fresh: false }
      throw error
    }
  }

  async function bind(input: { pan: string; reservedPhone: string }) {
    const body = { pan: checkPan(input.pan), reservedPhone: checkPhone(input.reservedPhone, 'reservedPhone') }
    const res = await ctx.post('cards.bind', '/cards/bind', api.BindCardResponse, body)
    await list().catch(() => undefined)
    return { card: toBoundCard(res.card), tier: res.tier }
  }

  async function unbind(input: { cardId: string }) {
    const cardId = checkText(input.cardId, 'cardId', 64)
    const res = await ctx.post('cards.unbind', `/cards/${encodeURIComponent(cardId)}/unbind`, api.UnbindCardResponse, { cardId })
    const kept = await store.read(DOC, CardsDoc)
    if (kept) await keep(kept.cards.filter((c) => c.cardId !== cardId))
    return { tier: res.tier }
  }

  /** '工商银行(4562)': what the outbox list shows for a queued top-up or withdrawal. */
  async function labelOf(cardId: string): Promise<string> {
    const card = (await store.read(DOC, CardsDoc))?.cards.find((c) => c.cardId === cardId)
    return card ? `${card.bankName}(${card.last4})` : '银行卡'
  }

  async function move(
    kind: 'topup' | 'withdraw',
    input: { cardId: string; amountFen: number; payPassword: string },
  ): Promise<PaymentResult> {
    const body = {
      cardId: checkText(input.cardId, 'cardId', 64),
      amountFen: checkAmount(input.amountFen),
      payPassword: checkPayPassword(input.payPassword),
    }
    const { result } = await ctx.move(kind, `/${kind}`, api.MoneyResponse, body, { cardLabel: await labelOf(body.cardId) })
    return result
  }

  return {
    list,
    bind,
    unbind,
    topup: (input: { cardId: string; amountFen: number; payPassword: string }) => move('topup', input),
    withdraw: (input: { cardId: string; amountFen: number; payPassword: string }) => move('withdraw', input),
  }
}
