import Dexie, { type EntityTable } from 'dexie'
import type { BalanceSnapshot, ReplicaTransaction, SyncPage } from '../../../shared/contract/sync'

/** A transaction row as stored: the feed's fields plus `month` ('YYYY-MM', local time) for grouping. */
export interface TxRow extends ReplicaTransaction {
  month: string
}

export interface CardRow {
  id: string
  bankName: string
  /** Masked number only, e.g. '6222 **** **** 1234'; the full number never reaches the renderer. */
  masked: string
  kind: 'debit' | 'credit'
}

export interface PayeeRow {
  id: string
  kind: 'wallet' | 'card'
  name: string
  account: string
  lastUsedAt: number
}

export interface BillRow {
  id: string
  utility: 'water' | 'electricity' | 'gas'
  city: string
  biller: string
  household: string
  alias: string
}

export interface PromotionRow {
  id: string
  title: string
  endsAt: number
}

export interface MessageRow {
  id: string
  at: number
  title: string
  body: string
  read: boolean
}

export type MetaKey = 'cursor' | 'lastSeq' | 'lastSyncedAt' | 'schemaNote'
export interface MetaRow {
  key: MetaKey
  value: string | number | null
}

export class ReplicaError extends Error {
  constructor(
    readonly code: 'REPLICA_GAP',
    message: string,
  ) {
    super(message)
  }
}

export function monthOf(epochMs: number): string {
  const d = new Date(epochMs)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}

export type WalletDb = Dexie & {
  transactions: EntityTable<TxRow, 'id'>
  balances: EntityTable<BalanceSnapshot, 'seq'>
  cards: EntityTable<CardRow, 'id'>
  payees: EntityTable<PayeeRow, 'id'>
  bills: EntityTable<BillRow, 'id'>
  promotions: EntityTable<PromotionRow, 'id'>
  messages: EntityTable<MessageRow, 'id'>
  meta: EntityTable<MetaRow, 'key'>
}

/** Version 1 of the replica's schema. Later versions are added below it, each with its upgrade. */
export const SCHEMA_V1 = {
  transactions: '&id, seq, occurredAt, [type+occurredAt], [status+occurredAt], [month+occurredAt], counterparty',
  balances: '&seq, at',
  cards: '&id',
  payees: '&id, lastUsedAt',
  bills: '&id, utility',
  promotions: '&id, endsAt',
  messages: '&id, at',
  meta: '&key',
}

export function openReplica(name = 'icbc-wallet-replica', options?: ConstructorParameters<typeof Dexie>[1]): WalletDb {
  const db = new Dexie(name, options) as WalletDb
  db.version(1).stores(SCHEMA_V1)
  return db
}

export async function readCursor(db: WalletDb): Promise<string | null> {
  const row = await db.meta.get('cursor')
  return typeof row?.value === 'string' ? row.value : null
}

export type ApplyOutcome = 'applied' | 'duplicate'

/**
 * Applies one page of the change feed together with its cursor in one Dexie transaction.
 * A page that was already applied changes nothing; a page that does not start at the stored cursor
 * is refused, so a gap can never be papered over.
 */
export async function applyPage(db: WalletDb, page: SyncPage, now: number = Date.now()): Promise<ApplyOutcome> {
  return db.transaction('rw', [db.transactions, db.balances, db.meta], async () => {
    const cursor = await readCursor(db)
    if (cursor === page.nextCursor && page.fromCursor !== page.nextCursor) return 'duplicate'
    if (cursor !== page.fromCursor) {
      throw new ReplicaError('REPLICA_GAP', `page starts at ${page.fromCursor ?? 'the beginning'}, replica is at ${cursor ?? 'the beginning'}`)
    }
    // Entries at or below the last applied position are already here (or superseded): a feed that
    // repeats earlier items must not overwrite newer states with older ones. Within the page, rows
    // go in feed order so the latest state of a transaction is the one that stays.
    const lastSeq = Number((await db.meta.get('lastSeq'))?.value ?? 0)
    const fresh = page.transactions.filter((t) => t.seq > lastSeq).sort((a, b) => a.seq - b.seq)
    const balances = page.balances.filter((b) => b.seq > lastSeq)
    if (fresh.length) await db.transactions.bulkPut(fresh.map((t) => ({ ...t, month: monthOf(t.occurredAt) })))
    if (balances.length) await db.balances.bulkPut(balances)
    const maxSeq = Math.max(lastSeq, ...page.transactions.map((t) => t.seq), ...page.balances.map((b) => b.seq))
    await db.meta.bulkPut([
      { key: 'cursor', value: page.nextCursor },
      { key: 'lastSeq', value: maxSeq },
      { key: 'lastSyncedAt', value: now },
    ])
    return 'applied'
  })
}

/** Empties the replica: only deregistration and restore call this. */
export async function clearReplica(db: WalletDb): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((t) => t.clear()))
  })
}
