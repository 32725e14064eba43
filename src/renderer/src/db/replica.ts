import Dexie, { type EntityTable, type Transaction } from 'dexie'
import type { BalanceSnapshot, ReplicaTransaction, SyncPage } from '../../../shared/contract/sync'
import type { SealedBalance, SealedTerm, SealedTx } from '../../../shared/contract/replica'
import type { InboxMessage } from '../../../shared/contract/account'

/**
 * A transaction as the views see it, opened (src/renderer/src/db/seal.ts): the feed's fields (`id` the
 * bank's transaction id), its `key` in the replica (the primary key its indexes answer with) and its
 * `month` ('YYYY-MM', local time) for grouping.
 */
export interface TxRow extends ReplicaTransaction {
  key: string
  month: string
}

/**
 * A transaction as an older, unsealed replica stored it (schema v1–v4): read only by the upgrade
 * (src/renderer/src/db/upgrade.ts), which seals it and deletes it.
 */
export interface PlainTxRow extends ReplicaTransaction {
  month: string
  memoKey?: string
}

/** Month totals as stored (schema v5): the month in the clear, its StatCell list sealed. */
export interface SealedStatsRow {
  month: string
  s: string
}

/** A 消息中心 message as stored (schema v5): id and time in the clear (the list's order), the rest sealed. */
export interface SealedInboxRow {
  messageId: string
  createdAt: number
  s: string
}

/**
 * One cell of a month's totals: every succeeded-or-not row of that month with the same type, status,
 * direction and category, counted and summed (fen). A month has a few dozen cells at most.
 */
export type StatCell = [
  type: TxRow['type'],
  status: TxRow['status'],
  direction: TxRow['direction'],
  category: string,
  count: number,
  sumFen: number,
]

/** Totals of one month, derived from its rows; applyPage deletes the months it touches. */
export interface MonthStatsRow {
  month: string
  cells: StatCell[]
}

/**
 * `cursor` is the sealed cursor main hands over (src/shared/contract/replica.ts, SealedCursor); `keyCheck`
 * the check value of the key the rows are sealed under (src/renderer/src/db/seal.ts); `upgradeAt` the
 * last plain row sealed while an upgrade is under way (src/renderer/src/db/upgrade.ts).
 */
export type MetaKey = 'cursor' | 'lastSeq' | 'lastSyncedAt' | 'schemaNote' | 'keyCheck' | 'upgradeAt'
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

/**
 * The replica holds only what the bank's change feed brings. What the user makes (payees, saved
 * households, card labels, settings) has one owner, main's sealed store, and reaches the renderer
 * through its channels.
 */
export type WalletDb = Dexie & {
  sealedTx: EntityTable<SealedTx, 'id'>
  sealedBalances: EntityTable<SealedBalance, 'seq'>
  terms: EntityTable<SealedTerm, 't'>
  sealedStats: EntityTable<SealedStatsRow, 'month'>
  sealedInbox: EntityTable<SealedInboxRow, 'messageId'>
  meta: EntityTable<MetaRow, 'key'>
  /** Schema v1–v4's plain tables: emptied by the upgrade, never written again. */
  transactions: EntityTable<PlainTxRow, 'id'>
  balances: EntityTable<BalanceSnapshot, 'seq'>
  inbox: EntityTable<InboxMessage, 'messageId'>
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

/**
 * Version 2: indexes for 账单's filters and search, and a cache of monthly totals.
 * - `[month+occurredAt]` goes: a month is an `occurredAt` range, and every index costs each write.
 * - `memoKey` (sparse) and `counterparty` serve search: their few distinct values are matched in
 *   memory, then each match is an index lookup.
 * - `amountFen` serves the amount range.
 * - `monthStats` holds each month's totals so group headers and the chart need not read every row.
 * - balances lose their `at` index (see below).
 */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  transactions: '&id, seq, occurredAt, [type+occurredAt], [status+occurredAt], counterparty, memoKey, amountFen',
  // Nothing reads snapshots by time; without the index each snapshot (one per transaction) costs less to sync.
  balances: '&seq',
  monthStats: '&month',
}

/**
 * Version 3: the tables for cards, payees, bills, promotions and messages go. Sync never filled them
 * (the feed carries transactions and balances only) and nothing read them; payees and households live
 * in main's sealed store, cards come from the bank. Every row of the other tables stays as it is.
 */
export const SCHEMA_V3 = {
  transactions: SCHEMA_V2.transactions,
  balances: SCHEMA_V2.balances,
  meta: SCHEMA_V2.meta,
  monthStats: SCHEMA_V2.monthStats,
  cards: null,
  payees: null,
  bills: null,
  promotions: null,
  messages: null,
}

/**
 * Version 4: 消息中心's inbox, the bank's messages as GET /messages last gave them (src/renderer/src/db/messages.ts
 * replaces the whole table with each list: the bank keeps a few dozen messages, deletion happens at the
 * bank first, so there is no cursor and no tombstone to keep).
 */
export const SCHEMA_V4 = { ...SCHEMA_V3, inbox: '&messageId, createdAt' }

/**
 * Version 5: the replica is sealed (src/shared/contract/replica.ts). New tables hold sealed records;
 * their indexes are the clear fields that lists and filters need: time, type and status, and the keyed
 * tokens of counterparty (`p`), memo (`m`, sparse) and amount bucket (`a`). `seq` loses its index
 * (nothing reads transactions by it). `terms` is the sealed dictionary the tokens stand for. The plain
 * month totals go (derived, computed again and sealed); the plain transactions, balances and inbox stay
 * declared until the upgrade (src/renderer/src/db/upgrade.ts) has sealed and deleted their rows.
 */
export const SCHEMA_V5 = {
  ...SCHEMA_V4,
  sealedTx: '&id, occurredAt, [type+occurredAt], [status+occurredAt], p, m, a',
  sealedBalances: '&seq',
  terms: '&t, k',
  sealedStats: '&month',
  sealedInbox: '&messageId, createdAt',
  monthStats: null,
}

export function openReplica(name = 'icbc-wallet-replica', options?: ConstructorParameters<typeof Dexie>[1]): WalletDb {
  // The replica is a copy the bank can always send again: a commit need not wait for the disk. A
  // transaction stays all-or-nothing, so rows and their cursor still move together.
  const db = new Dexie(name, { chromeTransactionDurability: 'relaxed', ...options }) as WalletDb
  db.version(1).stores(SCHEMA_V1)
  db.version(2)
    .stores(SCHEMA_V2)
    .upgrade(async (tx) => {
      // Only rows with a memo change; the others keep every field and gain nothing.
      await tx
        .table<PlainTxRow, string>('transactions')
        .filter((t) => t.memo !== '')
        .modify((t) => {
          t.memoKey = t.memo
        })
    })
  db.version(3).stores(SCHEMA_V3)
  db.version(4).stores(SCHEMA_V4)
  db.version(5).stores(SCHEMA_V5)
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
let writes = 0
/** Counts the replica's writes (pages applied, clears, restores) in this renderer, so a cached read knows it is out of date. */
export function replicaWrites(): number {
  return writes
}
export function noteReplicaWrite(): void {
  writes++
}

let clears = 0
/**
 * Counts the replica's clears in this renderer. A write prepared from an answer that was asked for
 * before a clear (消息中心's list, fetched by the customer who has since signed out) compares this
 * number in its transaction and writes nothing, so nothing of an earlier session comes back after it.
 */
export function replicaClears(): number {
  return clears
}

/**
 * Dictionary entries known to be stored in each replica: a page writes only the ones it adds (most pages
 * add none: the same few dozen counterparties and buckets repeat). Forgotten by anything that may remove
 * entries (forgetStoredTerms: a clear, a restore); filled only after a page's transaction committed.
 */
const storedTerms = new WeakMap<WalletDb, Set<string>>()
/** Bumped by every forget: a page that committed before a clear must not note its entries after it. */
let termResets = 0

export function forgetStoredTerms(db: WalletDb): void {
  termResets++
  storedTerms.delete(db)
}

function newTerms(db: WalletDb, page: SyncPage): SyncPage['terms'] {
  const known = storedTerms.get(db)
  return known ? page.terms.filter((t) => !known.has(t.t)) : page.terms
}

function noteTerms(db: WalletDb, terms: SyncPage['terms'], resetsBefore: number): void {
  if (resetsBefore !== termResets) return
  let known = storedTerms.get(db)
  if (!known) storedTerms.set(db, (known = new Set()))
  for (const t of terms) known.add(t.t)
}

const PAGE_TABLES = (db: WalletDb) => [db.sealedTx, db.sealedBalances, db.terms, db.meta, db.sealedStats]

/** Where the replica is: its cursor and the highest feed position applied. */
export interface ReplicaPosition {
  cursor: string | null
  lastSeq: number
}

async function readPosition(db: WalletDb): Promise<ReplicaPosition> {
  // One read for both: each request is a round trip to the database.
  const [cursorRow, lastSeqRow] = await db.meta.bulkGet(['cursor', 'lastSeq'])
  return { cursor: typeof cursorRow?.value === 'string' ? cursorRow.value : null, lastSeq: Number(lastSeqRow?.value ?? 0) }
}

/**
 * Entries at or below the last applied position are already here (or superseded): a feed that
 * repeats earlier items must not overwrite newer states with older ones. Within the page, rows go
 * in feed order so the latest state of a transaction is the one that stays.
 */
function freshRows(page: SyncPage, lastSeq: number): SealedTx[] {
  return page.transactions.filter((t) => t.seq > lastSeq).sort((a, b) => a.seq - b.seq)
}

/** The position after `page` is applied on top of `at`. */
export function positionAfter(at: ReplicaPosition, page: SyncPage): ReplicaPosition {
  const lastSeq = Math.max(at.lastSeq, ...page.transactions.map((t) => t.seq), ...page.balances.map((b) => b.seq))
  return { cursor: page.nextCursor, lastSeq }
}

/**
 * Everything of a page but its transaction rows, and the new position; inside the page's Dexie
 * transaction. The requests are all made at once (they run in order), then awaited together.
 */
async function writeRest(
  db: WalletDb,
  page: SyncPage,
  terms: SyncPage['terms'],
  at: ReplicaPosition,
  rows: SealedTx[],
  now: number,
): Promise<void> {
  const balances = page.balances.filter((b) => b.seq > at.lastSeq)
  const after = positionAfter(at, page)
  await Promise.all([
    // The totals of every month this page touched are out of date now.
    rows.length ? db.sealedStats.bulkDelete([...new Set(rows.map((r) => monthOf(r.occurredAt)))]) : undefined,
    balances.length ? db.sealedBalances.bulkPut(balances) : undefined,
    // The dictionary only grows: an entry is the same whichever page brings it.
    terms.length ? db.terms.bulkPut(terms) : undefined,
    db.meta.bulkPut([...positionEntries(after), { key: 'lastSyncedAt', value: now }]),
  ])
}

/** The meta entries that say where the replica is. */
function positionEntries(at: ReplicaPosition): MetaRow[] {
  return [
    { key: 'cursor', value: at.cursor },
    { key: 'lastSeq', value: at.lastSeq },
  ]
}

export async function applyPage(db: WalletDb, page: SyncPage, now: number = Date.now()): Promise<ApplyOutcome> {
  noteReplicaWrite()
  const resets = termResets
  return db.transaction('rw', PAGE_TABLES(db), async () => {
    const at = await readPosition(db)
    if (at.cursor === page.nextCursor && page.fromCursor !== page.nextCursor) return 'duplicate'
    if (at.cursor !== page.fromCursor) {
      throw new ReplicaError(
        'REPLICA_GAP',
        `page starts at ${page.fromCursor ?? 'the beginning'}, replica is at ${at.cursor ?? 'the beginning'}`,
      )
    }
    const rows = freshRows(page, at.lastSeq)
    const terms = newTerms(db, page)
    if (rows.length) await db.sealedTx.bulkPut(rows)
    await writeRest(db, page, terms, at, rows, now)
    return 'applied' as const
  }).then((outcome) => {
    if (outcome === 'applied') noteTerms(db, page.terms, resets)
    return outcome
  })
}

class NotThere extends Error {}

/**
 * applyPage for a page that follows one still being written: the caller says where the replica will
 * be (`expected`, from the pages before), and every request of the page is handed to the database at
 * once: first the read of the replica's position, then the rows, the month totals to drop, the balance
 * snapshots and the new position. IndexedDB runs them in that order, after the previous page's
 * transaction, so the database never waits for this thread between two requests. The position read
 * comes back first; when it matches, the transaction is committed explicitly (the database commits
 * as soon as the last write is done, without a round trip back here); when the replica turns out to
 * be elsewhere, the transaction is aborted (nothing of it stays) and the page goes through applyPage.
 *
 * All or nothing still holds: a write IndexedDB refuses on the spot (a key or a value it cannot
 * take) has failed before the position read answers, and aborts the transaction then. A write that
 * failed only after the commit (Dexie keeps a failed request from aborting the transaction, so the
 * rest of the page may have been committed) puts the replica's position back to before the page:
 * the page is fetched and applied again, and applying a page twice changes nothing.
 */
export async function applyPageAt(
  db: WalletDb,
  page: SyncPage,
  expected: ReplicaPosition,
  now: number = Date.now(),
): Promise<ApplyOutcome> {
  if (page.fromCursor !== expected.cursor) return applyPage(db, page, now)
  noteReplicaWrite()
  const resets = termResets
  let committed = false
  try {
    return await db.transaction('rw', PAGE_TABLES(db), async (tx) => {
      const position = readPosition(db)
      const rows = freshRows(page, expected.lastSeq)
      const terms = newTerms(db, page)
      const written = Promise.all([
        rows.length ? db.sealedTx.bulkPut(rows) : undefined,
        writeRest(db, page, terms, expected, rows, now),
      ])
      let refused: { error: unknown } | undefined
      written.catch((error: unknown) => (refused = { error }))
      const at = await position
      if (at.cursor !== expected.cursor || at.lastSeq !== expected.lastSeq) throw new NotThere()
      if (refused) throw refused.error
      committed = commitWhenDone(tx)
      await written
      return 'applied' as const
    }).then((outcome) => {
      noteTerms(db, page.terms, resets)
      return outcome
    })
  } catch (error) {
    if (error instanceof NotThere) return applyPage(db, page, now)
    if (committed) await rewind(db, expected)
    throw error
  }
}

/** Puts the replica's position back to `to` (see applyPageAt); the rows stay, a replay rewrites them. */
async function rewind(db: WalletDb, to: ReplicaPosition): Promise<void> {
  noteReplicaWrite()
  await db.transaction('rw', db.meta, () => db.meta.bulkPut(positionEntries(to)))
}

/**
 * No more requests will be made in `tx`: lets the database commit it when the queued ones are done.
 * Nothing may be added to these tables' writes that makes Dexie hold requests back (table hooks):
 * a request issued after this would fail.
 */
function commitWhenDone(tx: Transaction): boolean {
  try {
    tx.idbtrans.commit()
    return true
  } catch {
    // Older engines without commit() (and a transaction already finishing) commit on their own.
    return false
  }
}

export async function replicaPosition(db: WalletDb): Promise<ReplicaPosition> {
  return db.transaction('r', db.meta, () => readPosition(db))
}

/** Empties the replica: 注销, a restore, another key (src/renderer/src/db/seal.ts) and 退出登录 with clearing. */
export async function clearReplica(db: WalletDb): Promise<void> {
  clears++
  noteReplicaWrite()
  forgetStoredTerms(db)
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((t) => t.clear()))
  })
}
