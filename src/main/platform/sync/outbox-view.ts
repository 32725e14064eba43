import type { OutboxView } from '../../../shared/contract'
import { maskCard, maskPhone } from '../../../shared/validators'
import type { OutboxItem } from './outbox'

/** An outbox item as the renderer sees it: what it is and where it is, never the payment password. */
export function outboxView(item: OutboxItem): OutboxView {
  const p = item.payload
  const text = (v: unknown) => (typeof v === 'string' ? v : '')
  const counterparty =
    item.kind === 'transfer.wallet'
      ? maskPhone(text(p.phone))
      : item.kind === 'transfer.card'
        ? `${text(p.name)} ${maskCard(text(p.pan))}`
        : item.kind === 'bill.pay'
          ? text(p.household)
          : text(p.cardLabel)
  return {
    id: item.id,
    kind: item.kind,
    amountFen: typeof p.amountFen === 'number' ? p.amountFen : 0,
    counterparty,
    createdAt: item.createdAt,
    state: item.state,
    attempts: item.attempts,
    error: item.error,
  }
}
