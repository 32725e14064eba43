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
 * - a replica an older version left in the clear (schema v4 tables) is sealed in place: chunks in
 *   primary-key order, each written sealed together with how far the upgrade got (`upgradeAt`), so an
 *   interrupted upgrade resumes where it stopped; main seals the next chunk while this one is written.
 *   The plain tables are emptied at the end in one transaction with the balances, the inbox and the
 *   cursor, so sync never runs on a half-sealed replica and no plain row stays.
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
  const [plainRows, plainBalances, plainInbox, cursorRow, upgradeAt] = await Promise.all([
    db.transactions.count(),
    db.balances.count(),
    db.inbox.count(),
    db.meta.get('cursor'),
    db.meta.get('upgradeAt'),
  ])
  const plainCursor = cursorRow && cursorRow.value !== null && !isSealedCursor(cursorRow.value)
  if (plainRows + plainBalances + plainInbox === 0 && !plainCursor) return 'ready'

  const after = typeof upgradeAt?.value === 'string' ? upgradeAt.value : null
  let done = after === null ? 0 : await db.transactions.where(':id').belowOrEqual(after).count()
  deps.progress?.(done, plainRows)
  /** The next chunk after `from`, read and sealed by main. */
  const sealNext = async (from: string | null) => {
    const rows = await (from === null ? db.transactions.orderBy(':id') : db.transactions.where(':id').above(from))
      .limit(UPGRADE_CHUNK)
      .toArray()
    if (rows.length === 0) return null
    const sealed = await deps.seal({
      fromCursor: null,
      nextCursor: '',
      transactions: rows.map(plainOf),
      balances: [],
      hasMore: true,
      remaining: 0,
    })
    return { last: rows[rows.length - 1]!.id, count: rows.length, sealed }
  }
  let next = sealNext(after)
  for (;;) {
    const chunk = await next
    if (!chunk) break
    next = sealNext(chunk.last)
    // A failure of the chunk being sealed meanwhile is the next turn's to report.
    next.catch(() => undefined)
    noteReplicaWrite()
    await db.transaction('rw', [db.sealedTx, db.terms, db.meta], async () => {
      await Promise.all([
        db.sealedTx.bulkPut(chunk.sealed.transactions),
        db.terms.bulkPut(chunk.sealed.terms),
        db.meta.put({ key: 'upgradeAt', value: chunk.last }),
      ])
    })
    done += chunk.count
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
  await db.transaction('rw', [db.transactions, db.balances, db.sealedBalances, db.inbox, db.sealedInbox, db.meta], async () => {
    await Promise.all([
      db.transactions.clear(),
      db.sealedBalances.bulkPut(last.balances),
      db.balances.clear(),
      db.sealedInbox.bulkPut(inbox),
      db.inbox.clear(),
      db.meta.delete('upgradeAt'),
      cursor !== null ? db.meta.put({ key: 'cursor', value: last.nextCursor }) : undefined,
    ])
  })
  return 'upgraded'
}
