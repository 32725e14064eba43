import { bankOfCard, maskCard, validateBankCard } from '../../shared/validators'
import type { Card } from '../../shared/bank-api'
import { CARD_EXPIRED, CARD_FROZEN, CARD_LOW_BALANCE, CARD_NOT_OWNED, LOW_BALANCE_FEN } from '../catalog'
import { fail } from '../errors'
import { newId } from '../random'
import type { CustomerRec } from '../state'
import type { Ctx } from './context'
import { tierOf } from './profile'

/**
 * Cards are simulated deterministically: any Luhn-valid 62… number is a real card at its bank with
 * ¥100,000.00 on it (configurable), whose reserved phone is whoever binds it first with their own
 * registered phone. The special numbers in catalog.ts are frozen, someone else's, expired, or nearly
 * empty.
 */
export function cardView(card: { cardId: string; pan: string; boundAt: number }): Card {
  const bank = bankOfCard(card.pan)
  return {
    cardId: card.cardId,
    bank: bank ? { code: bank.code, name: bank.name } : null,
    panMasked: maskCard(card.pan),
    last4: card.pan.slice(-4),
    boundAt: card.boundAt,
  }
}

export function cardAccount(pan: string): string {
  return `c:${pan}`
}

/** Opens the simulated card account on first use: the card's money comes from outside the bank. */
export function ensureCardAccount(ctx: Ctx, pan: string): void {
  if (ctx.state.ledger.has(cardAccount(pan))) return
  const fen = pan === CARD_LOW_BALANCE ? LOW_BALANCE_FEN : ctx.config.cards.defaultBalanceFen
  ctx.emit({
    t: 'posting',
    p: {
      id: newId('pst'),
      at: ctx.now,
      lines: [
        ['x:mint', -fen],
        [cardAccount(pan), fen],
      ],
    },
  })
}

/** Problems a card number has wherever it is used (binding it, or sending money to it). */
export function checkCardUsable(pan: string): void {
  if (pan === CARD_FROZEN) fail('CARD_FROZEN', 'the card is frozen by its bank')
  if (pan === CARD_EXPIRED) fail('CARD_EXPIRED', 'the card has expired')
}

export function parseCard(input: string): string {
  const card = validateBankCard(input)
  if (!card.ok) fail('CARD_INVALID', 'not a valid UnionPay card number', { reason: card.reason })
  return card.pan
}

export function bindCard(
  ctx: Ctx,
  rec: CustomerRec,
  body: { pan: string; reservedPhone: string },
): { card: Card; tier: 1 | 2 | 3 | 4 } {
  const pan = parseCard(body.pan)
  for (const card of rec.cards.values()) if (card.pan === pan) fail('CARD_ALREADY_BOUND', 'this card is already bound')
  checkCardUsable(pan)
  const owner = ctx.state.cardOwners.get(pan)
  if (
    pan === CARD_NOT_OWNED ||
    (owner !== undefined && owner !== rec.id) ||
    body.reservedPhone.replace(/\D/g, '') !== rec.phone
  ) {
    fail('CARD_NOT_OWNED', "the card's reserved phone is not this wallet's phone")
  }
  if (rec.cards.size >= ctx.config.cards.maxPerCustomer)
    fail('CARD_LIMIT_REACHED', 'too many cards bound', { max: ctx.config.cards.maxPerCustomer })
  ensureCardAccount(ctx, pan)
  const cardId = newId('card')
  ctx.emit({ t: 'card.bind', c: rec.id, cardId, pan, at: ctx.now })
  return { card: cardView(rec.cards.get(cardId)!), tier: tierOf(rec) }
}

export function unbindCard(ctx: Ctx, rec: CustomerRec, cardId: string): { ok: true; tier: 1 | 2 | 3 | 4 } {
  if (!rec.cards.has(cardId)) fail('NOT_FOUND', 'no such card')
  ctx.emit({ t: 'card.unbind', c: rec.id, cardId })
  return { ok: true, tier: tierOf(rec) }
}

export function ownCard(rec: CustomerRec, cardId: string): { cardId: string; pan: string } {
  const card = rec.cards.get(cardId)
  if (!card) fail('NOT_FOUND', 'no such card bound to this wallet')
  return card
}
