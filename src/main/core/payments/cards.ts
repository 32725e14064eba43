import { z } from 'zod'
import {
  BoundCard,
  type CardLabel,
  type CardLabelInput,
  type CardsList,
  type PaymentResult,
} from '../../../shared/contract/payments'
import { AppError } from '../../../shared/errors'
import { validateCardLabel } from '../../../shared/validators'
import type * as api from '../../../shared/bank-api'
import type { PaymentContext } from './context'
import { checkAmount, checkPan, checkPayPassword, checkPhone, checkText, invalid } from './validate'

/** The bank's card list as last fetched: a cache, replaced at every refresh. */
const DOC = 'payment-cards'
const StoredCard = BoundCard.omit({ label: true })
type StoredCard = z.infer<typeof StoredCard>
const CardsDoc = z.object({ cards: z.array(StoredCard), at: z.number() })

/**
 * The user's labels (备注名), by the bank's card id. A document of their own: the card list above is
 * the bank's and is rewritten at every refresh, the labels are the user's and travel in backups.
 */
const LABELS_DOC = 'card-labels'
const StoredLabel = z.object({ cardId: z.string(), label: z.string() })
type StoredLabel = z.infer<typeof StoredLabel>
const LabelsDoc = z.object({ version: z.literal(1), labels: z.array(StoredLabel) })

function toStoredCard(card: api.Card): StoredCard {
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

  async function keep(cards: StoredCard[]): Promise<void> {
    await store.write(DOC, { cards, at: clock.now() })
  }

  async function labels(): Promise<StoredLabel[]> {
    return (await store.read(LABELS_DOC, LabelsDoc))?.labels ?? []
  }

  async function writeLabels(list: StoredLabel[]): Promise<void> {
    await store.write(LABELS_DOC, { version: 1, labels: list })
  }

  async function withLabels(cards: StoredCard[]): Promise<BoundCard[]> {
    const byCard = new Map((await labels()).map((l) => [l.cardId, l.label]))
    return cards.map((c) => ({ ...c, label: byCard.get(c.cardId) ?? null }))
  }

  async function list(): Promise<CardsList> {
    let cards: StoredCard[]
    try {
      cards = (await ctx.get('cards')).cards.map(toStoredCard)
    } catch (error) {
      const kept = await store.read(DOC, CardsDoc)
      if (kept && error instanceof AppError && error.code === 'OFFLINE')
        return { cards: await withLabels(kept.cards), fresh: false }
      throw error
    }
    await keep(cards)
    return { cards: await withLabels(cards), fresh: true }
  }

  async function bind(input: { pan: string; reservedPhone: string }) {
    const body = { pan: checkPan(input.pan), reservedPhone: checkPhone(input.reservedPhone, 'reservedPhone') }
    const res = await ctx.post('cards.bind', 'bindCard', { body })
    await list().catch(() => undefined)
    const [card] = await withLabels([toStoredCard(res.card)])
    return { card: card!, tier: res.tier }
  }

  async function unbind(input: { cardId: string }) {
    const cardId = checkText(input.cardId, 'cardId', 64)
    const res = await ctx.post('cards.unbind', 'unbindCard', { params: { id: cardId }, body: { cardId } })
    const kept = await store.read(DOC, CardsDoc)
    if (kept) await keep(kept.cards.filter((c) => c.cardId !== cardId))
    // The bank never gives an unbound card's id again: its label would only travel in backups for nothing.
    const all = await labels()
    if (all.some((l) => l.cardId === cardId)) await writeLabels(all.filter((l) => l.cardId !== cardId))
    return { tier: res.tier }
  }

  /**
   * Labels are the user's and kept whatever the bank's list says: a card the bank does not list right
   * now (a list from before a restore, another customer signed in) may be listed again.
   */
  async function setLabel(input: CardLabelInput): Promise<CardLabel> {
    const cardId = checkText(input.cardId, 'cardId', 64)
    const checked = validateCardLabel(input.label)
    if (!checked.ok) throw invalid('label', checked.reason)
    const kept = await store.read(DOC, CardsDoc)
    if (!kept?.cards.some((c) => c.cardId === cardId)) throw invalid('cardId', 'NOT_FOUND', 'no such bound card')
    const others = (await labels()).filter((l) => l.cardId !== cardId)
    await writeLabels(checked.label === '' ? others : [...others, { cardId, label: checked.label }])
    return { cardId, label: checked.label === '' ? null : checked.label }
  }

  /** '工资卡 工商银行(4562)': what the outbox list shows for a queued top-up or withdrawal (label as when queued). */
  async function labelOf(cardId: string): Promise<string> {
    const card = (await store.read(DOC, CardsDoc))?.cards.find((c) => c.cardId === cardId)
    if (!card) return '银行卡'
    const label = (await labels()).find((l) => l.cardId === cardId)?.label
    return `${label ? `${label} ` : ''}${card.bankName}(${card.last4})`
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
    const { result } = await ctx.move(kind, body, { cardLabel: await labelOf(body.cardId) })
    return result
  }

  return {
    list,
    bind,
    unbind,
    setLabel,
    /** The labels as a backup carries them (src/main/core/backup.ts). */
    labels: { read: labels, write: writeLabels },
    topup: (input: { cardId: string; amountFen: number; payPassword: string }) => move('topup', input),
    withdraw: (input: { cardId: string; amountFen: number; payPassword: string }) => move('withdraw', input),
  }
}
