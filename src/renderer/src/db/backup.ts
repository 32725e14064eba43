import Dexie from 'dexie'
import type { ReplicaExport } from '../../../shared/contract/backup'
import { noteReplicaWrite, openReplica, readCursor, type TxRow, type WalletDb } from './replica'
import { openBalance, openTxs } from './seal'
import type { PlainSyncPage, SyncPage } from '../../../shared/contract/sync'

/** Where the replica as it was before the last restore is kept, for 撤销恢复. */
export const UNDO_DB_NAME = 'icbc-wallet-replica-undo'

function plain({ month: _month, key: _key, ...row }: TxRow) {
  return row
}

/**
 * Everything a backup carries from the replica: what the bank's feed brought. Main adds the profile
 * and the user's own lists (payees, households, card labels, settings) from its sealed store.
 */
export async function exportReplica(db: WalletDb): Promise<ReplicaExport> {
  const sealed = await db.transaction('r', [db.sealedTx, db.sealedBalances, db.meta], async () => {
    const [transactions, balances, lastSeq, lastSyncedAt] = await Promise.all([
      db.sealedTx.toArray(),
      db.sealedBalances.toArray(),
      db.meta.get('lastSeq'),
      db.meta.get('lastSyncedAt'),
    ])
    return {
      transactions: transactions,
      balances,
      sync: {
        cursor: await readCursor(db),
        lastSeq: Number(lastSeq?.value ?? 0),
        lastSyncedAt: typeof lastSyncedAt?.value === 'number' ? lastSyncedAt.value : null,
      },
    }
  })
  return {
    transactions: (await openTxs(sealed.transactions)).map(plain),
    balances: await Promise.all(sealed.balances.map(openBalance)),
    sync: sealed.sync,
  }
}

/** Replaces every table of the replica with the given rows, in one transaction (month totals are derived again). */
let seal: ((page: PlainSyncPage) => Promise<SyncPage>) | undefined
/** main's `replica.seal` (set by src/renderer/src/stores/sync.ts). */
export function setBackupSealer(fn: (page: PlainSyncPage) => Promise<SyncPage>): void {
  seal = fn
}

export async function replaceReplica(db: WalletDb, data: ReplicaExport): Promise<void> {
  if (!seal) throw new Error('no sealer')
  const pages: SyncPage[] = []
  for (let i = 0; i < Math.max(1, data.transactions.length); i += 1000) {
    pages.push(
      await seal!({
        fromCursor: null,
        nextCursor: '',
        transactions: data.transactions.slice(i, i + 1000),
        balances: i === 0 ? data.balances.slice(-1000) : [],
        hasMore: false,
        remaining: 0,
      }),
    )
  }
  noteReplicaWrite()
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((t) => t.clear()))
    for (const page of pages) {
      await db.sealedTx.bulkPut(page.transactions)
      await db.terms.bulkPut(page.terms)
      await db.sealedBalances.bulkPut(page.balances)
    }
    const meta: { key: 'cursor' | 'lastSeq' | 'lastSyncedAt'; value: string | number | null }[] = [
      { key: 'cursor', value: data.sync.cursor },
      { key: 'lastSeq', value: data.sync.lastSeq },
      { key: 'lastSyncedAt', value: data.sync.lastSyncedAt },
    ]
    await db.meta.bulkPut(meta)
  })
}

/**
 * Restores the replica's part of a validated backup: the current replica is copied aside first (so
 * 撤销恢复 can bring it back until the next restart), then replaced in one transaction — all of it
 * or none of it.
 */
export async function restoreReplica(db: WalletDb, payload: ReplicaExport, bootId: string): Promise<void> {
  const previous = await exportReplica(db)
  const undo = openReplica(UNDO_DB_NAME)
  try {
    await replaceReplica(undo, previous)
    await undo.meta.put({ key: 'schemaNote', value: `boot:${bootId}` })
  } finally {
    undo.close()
  }
  await replaceReplica(db, payload)
}

/** Whether 撤销恢复 is possible: an undo copy exists from this run of the app. */
export async function canUndoRestore(bootId: string): Promise<boolean> {
  if (!(await Dexie.exists(UNDO_DB_NAME))) return false
  const undo = openReplica(UNDO_DB_NAME)
  try {
    const note = await undo.meta.get('schemaNote')
    return note?.value === `boot:${bootId}`
  } finally {
    undo.close()
  }
}

/** Puts the replica back as it was before the restore, and forgets the undo copy. */
export async function undoRestore(db: WalletDb): Promise<void> {
  const undo = openReplica(UNDO_DB_NAME)
  let previous: ReplicaExport
  try {
    previous = await exportReplica(undo)
  } finally {
    undo.close()
  }
  await replaceReplica(db, previous)
  await Dexie.delete(UNDO_DB_NAME)
}

/** At start: an undo copy from an earlier run of the app is no longer offered. */
export async function dropStaleUndo(bootId: string): Promise<void> {
  if ((await Dexie.exists(UNDO_DB_NAME)) && !(await canUndoRestore(bootId))) await Dexie.delete(UNDO_DB_NAME)
}
