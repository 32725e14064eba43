import type { PlainSyncPage, ReplicaTransaction, SyncPage } from '../../../shared/contract/sync'
import { clearReplica, noteReplicaWrite, type PlainTxRow, type WalletDb } from './replica'
import { replicaKeyCheck, sealInbox } from './seal'

export interface PrepareDeps {
  /** main's `replica.seal`: rows of the older, plain replica in their sealed form. */
  seal(page: PlainSyncPage): Promise<SyncPage>
  /** Rows sealed so far of those the plain replica held. */
  progress?(done: number, total: number): void
}

export type PrepareOutcome = 'ready' | 'cleared' | 'upgraded'

/** Rows sealed per step: one round trip to main and one IndexedDB transaction each. */
export const UPGRADE_CHUNK = 1000

function plainOf({ month: _month, memoKey: _memoKey, ...row }: PlainTxRow): ReplicaTransaction {
  return row
}

const isSealedCursor = (value: unknown) => typeof value === 'string' && value.startsWith('c1.')

/**
 * Before sync attaches, once the key is there (src/renderer/src/stores/sync.ts):
 * - a replica sealed under another key (a reset data key, another customer: main derives a key per
 *   customer) is cleared, so nothing of the other customer stays;
 * - a replica an older version left in the clear (schema v4 tables) is sealed in place, a chunk at a
 *   time: each chunk's sealed rows are written and its plain rows deleted in one transaction, so an
 *   interrupted upgrade resumes where it stopped and never leaves a row twice or not at all. The plain
 *   cursor is replaced last, with the balances, so sync never runs on a half-sealed replica.
 */
export async function prepareReplica(db: WalletDb, deps: PrepareDeps): Promise<PrepareOutcome> {
  const check = await replicaKeyCheck()
  const stored = (await db.meta.get('keyCheck'))?.value
  if (stored !== undefined && stored !== check) {
    await clearReplica(db)
    await db.meta.put({ key: 'keyCheck', value: check })
    return 'cleared'
  }
  if (stored === undefined) await db.meta.put({ key: 'keyCheck', value: check })
  const [plainRows, plainBalances, plainInbox, cursorRow] = await Promise.all([
    db.transactions.count(),
    db.balances.count(),
    db.inbox.count(),
    db.meta.get('cursor'),
  ])
  const plainCursor = cursorRow && cursorRow.value !== null && !isSealedCursor(cursorRow.value)
  if (plainRows + plainBalances + plainInbox === 0 && !plainCursor) return 'ready'

  let done = 0
  deps.progress?.(done, plainRows)
  for (;;) {
    const rows = await db.transactions.limit(UPGRADE_CHUNK).toArray()
    if (rows.length === 0) break
    const sealed = await deps.seal({
      fromCursor: null,
      nextCursor: '',
      transactions: rows.map(plainOf),
      balances: [],
      hasMore: true,
      remaining: 0,
    })
    noteReplicaWrite()
    await db.transaction('rw', [db.transactions, db.sealedTx, db.terms], async () => {
      await Promise.all([
        db.sealedTx.bulkPut(sealed.transactions),
        db.terms.bulkPut(sealed.terms),
        db.transactions.bulkDelete(rows.map((r) => r.id)),
      ])
    })
    done += rows.length
    deps.progress?.(done, plainRows)
  }

  const balances = await db.balances.toArray()
  const messages = await db.inbox.toArray()
  const cursor = typeof cursorRow?.value === 'string' && !isSealedCursor(cursorRow.value) ? cursorRow.value : null
  const last = await deps.seal({
    fromCursor: null,
    nextCursor: cursor ?? '',
    transactions: [],
    balances: balances.slice(-1000),
    hasMore: false,
    remaining: 0,
  })
  const inbox = await Promise.all(messages.map((m) => sealInbox({ ...m })))
  noteReplicaWrite()
  await db.transaction('rw', [db.balances, db.sealedBalances, db.inbox, db.sealedInbox, db.meta], async () => {
    await Promise.all([
      db.sealedBalances.bulkPut(last.balances),
      db.balances.clear(),
      db.sealedInbox.bulkPut(inbox),
      db.inbox.clear(),
      cursor !== null ? db.meta.put({ key: 'cursor', value: last.nextCursor }) : undefined,
    ])
  })
  return 'upgraded'
}
