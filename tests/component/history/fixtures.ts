import Dexie from 'dexie'
import type { ReplicaTransaction } from '@shared/contract/sync'
import { applyPage, openReplica, type WalletDb } from '@renderer/db/replica'
import { sealPage } from '../sealed-replica'

let n = 0
const opened: WalletDb[] = []

export function freshDb(prefix = 'history-test'): WalletDb {
  const db = openReplica(`${prefix}-${++n}-${Date.now()}`)
  opened.push(db)
  return db
}

export async function closeAll(): Promise<void> {
  for (const db of opened.splice(0)) {
    db.close()
    await Dexie.delete(db.name)
  }
}

/** Local time, like the app's months. */
export const at = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).getTime()

let seq = 0
export function tx(patch: Partial<ReplicaTransaction> & Pick<ReplicaTransaction, 'occurredAt'>): ReplicaTransaction {
  seq++
  return {
    id: `T${String(seq).padStart(5, '0')}`,
    seq,
    type: 'payment',
    direction: 'out',
    amountFen: 1000,
    discountFen: 0,
    status: 'succeeded',
    title: '瑞幸咖啡(国贸店)',
    counterparty: '瑞幸咖啡(国贸店)',
    counterpartyAccount: '',
    memo: '',
    category: 'dining',
    channel: 'paycode',
    reference: `R${seq}`,
    balanceAfterFen: 100_000,
    ...patch,
  }
}

/** Applies rows as one page after whatever the replica holds. */
export async function load(db: WalletDb, rows: ReplicaTransaction[]): Promise<void> {
  const cursor = ((await db.meta.get('cursor'))?.value as string | undefined) ?? null
  const page = sealPage(
    {
      fromCursor: null,
      nextCursor: `c${Math.max(0, ...rows.map((r) => r.seq))}-${Math.random().toString(36).slice(2, 6)}`,
      transactions: rows,
      balances: [],
      hasMore: false,
      remaining: 0,
    },
    cursor,
  )
  await applyPage(db, page)
}

/**
 * Three months of a small history (2026-01 … 2026-03):
 * - January: two coffees (10.00, 25.50), a top-up (+300.00), a failed payment (99.00)
 * - February: a transfer out to 李* with memo 房租 (2000.00), a bill (88.80, pending), a supermarket (12.34)
 * - March: a transfer in from 王* with memo 还你饭钱 (50.00), a coffee (18.00)
 */
export function sampleHistory(): ReplicaTransaction[] {
  return [
    tx({ occurredAt: at(2026, 1, 3, 8), amountFen: 1000 }),
    tx({ occurredAt: at(2026, 1, 9, 9), amountFen: 2550 }),
    tx({
      occurredAt: at(2026, 1, 10, 10),
      type: 'topup',
      direction: 'in',
      amountFen: 30000,
      title: '充值',
      counterparty: '工商银行储蓄卡(1234)',
      counterpartyAccount: '6222 **** **** 1234',
      category: 'topup',
      channel: 'app',
    }),
    tx({ occurredAt: at(2026, 1, 20, 11), amountFen: 9900, status: 'failed', title: '海底捞火锅', counterparty: '海底捞火锅' }),
    tx({
      occurredAt: at(2026, 2, 1, 9),
      type: 'transfer_out',
      amountFen: 200000,
      title: '转账给李*',
      counterparty: '李*',
      counterpartyAccount: '139****9000',
      memo: '房租',
      category: 'transfer',
      channel: 'app',
    }),
    tx({
      occurredAt: at(2026, 2, 15, 20),
      type: 'bill',
      amountFen: 8880,
      status: 'pending',
      title: '电费',
      counterparty: '北京电力',
      category: 'utilities',
      channel: 'bill',
    }),
    tx({
      occurredAt: at(2026, 2, 28, 23, 59),
      amountFen: 1234,
      title: '华联超市',
      counterparty: '华联超市',
      category: 'groceries',
    }),
    tx({
      occurredAt: at(2026, 3, 1, 0, 0),
      type: 'transfer_in',
      direction: 'in',
      amountFen: 5000,
      title: '来自王*的转账',
      counterparty: '王*',
      memo: '还你饭钱',
      category: 'transfer',
      channel: 'app',
    }),
    tx({ occurredAt: at(2026, 3, 5, 8), amountFen: 1800 }),
  ]
}
