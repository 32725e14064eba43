import type { BalanceSnapshot, PlainSyncPage, ReplicaTransaction } from '../../../shared/contract/sync'
import type * as api from '../../../shared/bank-api'

export function toReplicaTransaction(seq: number, t: api.Transaction): ReplicaTransaction {
  return {
    id: t.txId,
    seq,
    occurredAt: t.createdAt,
    type: t.kind,
    direction: t.direction,
    amountFen: t.amountFen - t.discountFen,
    discountFen: t.discountFen,
    status: t.status,
    title: t.title.slice(0, 120),
    counterparty: t.counterparty.name.slice(0, 120),
    counterpartyAccount: (t.counterparty.account ?? '').slice(0, 64),
    memo: (t.memo ?? '').slice(0, 200),
    category: t.category,
    channel: t.channel ?? 'app',
    // The bank's 交易流水号 when it gives one (transactions from before it did keep their id).
    reference: t.serial ?? t.txId,
    balanceAfterFen: t.balanceAfterFen,
  }
}

/**
 * One bank page → one replica page that continues from `fromCursor`. Of the page's balance snapshots
 * only the newest is kept: every transaction already carries its balance after, and writing one
 * snapshot per transaction would double what the replica writes for nothing the app shows.
 */
export function toSyncPage(fromCursor: string | null, page: api.ChangesResponse): PlainSyncPage {
  const transactions: ReplicaTransaction[] = []
  let newest: BalanceSnapshot | undefined
  for (const item of page.items) {
    if (item.type === 'transaction') transactions.push(toReplicaTransaction(item.seq, item.transaction))
    else if (!newest || item.seq > newest.seq) newest = { seq: item.seq, at: item.at, balanceFen: item.balanceFen }
  }
  const balances = newest ? [newest] : []
  return { fromCursor, nextCursor: page.nextCursor, transactions, balances, hasMore: page.hasMore, remaining: page.remaining }
}

/** A transfer into the wallet that the change feed brought: what the OS notification may tell (src/main/shell/notifications.ts). */
export interface IncomingTransfer {
  txId: string
  amountFen: number
  counterparty: string
  occurredAt: number
}

/**
 * The page's succeeded transfers into the wallet, when the page continues a replica: a replica's first
 * sync (no cursor yet: a new computer, a cleared replica) brings the whole history, which is not news.
 */
export function incomingTransfers(page: PlainSyncPage): IncomingTransfer[] {
  if (page.fromCursor === null) return []
  return page.transactions
    .filter((t) => t.type === 'transfer_in' && t.direction === 'in' && t.status === 'succeeded')
    .map((t) => ({ txId: t.id, amountFen: t.amountFen, counterparty: t.counterparty, occurredAt: t.occurredAt }))
}
