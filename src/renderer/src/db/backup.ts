import Dexie from 'dexie'
import type { SealedReplicaExport } from '../../../shared/contract/backup'
import { forgetStoredTerms, noteReplicaWrite, openReplica, readCursor, type MetaRow, type WalletDb } from './replica'

/** Where the replica as it was before the last restore is kept, for 撤销恢复. */
export const UNDO_DB_NAME = 'icbc-wallet-replica-undo'

/** The replica as a restore writes it: its sealed records, the sync position, and the key they are sealed under. */
interface ReplicaCopy extends SealedReplicaExport {
  keyCheck: string | null
}

/** The tables a restore replaces: the feed's sealed records, the dictionary, the derived month totals, the position. */
const RESTORED_TABLES = (db: WalletDb) => [db.sealedTx, db.sealedBalances, db.terms, db.sealedStats, db.meta]

async function readCopy(db: WalletDb): Promise<ReplicaCopy> {
  return db.transaction('r', [db.sealedTx, db.sealedBalances, db.terms, db.meta], async () => {
    const [transactions, balances, terms, meta] = await Promise.all([
      db.sealedTx.toArray(),
      db.sealedBalances.toArray(),
      db.terms.toArray(),
      db.meta.bulkGet(['lastSeq', 'lastSyncedAt', 'keyCheck']),
    ])
    const [lastSeq, lastSyncedAt, keyCheck] = meta
    return {
      transactions,
      balances,
      terms,
      sync: {
        cursor: await readCursor(db),
        lastSeq: Number(lastSeq?.value ?? 0),
        lastSyncedAt: typeof lastSyncedAt?.value === 'number' ? lastSyncedAt.value : null,
      },
      keyCheck: typeof keyCheck?.value === 'string' ? keyCheck.value : null,
    }
  })
}

/**
 * Everything a backup carries from the replica, as the replica holds it (sealed): main opens the
 * records in its backup worker (src/main/platform/backup/jobs.ts) and adds the profile and the user's
 * own lists. The dictionary goes along for a restore's undo copy; a backup does not need it.
 */
export async function exportReplica(db: WalletDb): Promise<SealedReplicaExport> {
  const { keyCheck: _keyCheck, ...replica } = await readCopy(db)
  return replica
}

/**
 * Replaces the sealed replica with `data`, in one transaction: all of it or none of it. The month
 * totals are derived again from the rows when next asked for; the inbox is not the backup's and stays.
 */
async function replaceReplica(db: WalletDb, data: ReplicaCopy): Promise<void> {
  noteReplicaWrite()
  forgetStoredTerms(db)
  await db.transaction('rw', RESTORED_TABLES(db), async () => {
    await Promise.all(RESTORED_TABLES(db).map((t) => t.clear()))
    const meta: MetaRow[] = [
      { key: 'cursor', value: data.sync.cursor },
      { key: 'lastSeq', value: data.sync.lastSeq },
      { key: 'lastSyncedAt', value: data.sync.lastSyncedAt },
    ]
    if (data.keyCheck !== null) meta.push({ key: 'keyCheck', value: data.keyCheck })
    await Promise.all([
      db.sealedTx.bulkPut(data.transactions),
      db.sealedBalances.bulkPut(data.balances),
      db.terms.bulkPut(data.terms ?? []),
      db.meta.bulkPut(meta),
    ])
  })
}

/**
 * Restores the replica's part of a validated backup, sealed by main under the keys whose check value
 * is `keyCheck` (backup.open says which): the current replica is copied aside first (so 撤销恢复 can
 * bring it back until the next restart), then replaced in one transaction — all of it or none of it.
 */
export async function restoreReplica(
  db: WalletDb,
  payload: SealedReplicaExport,
  bootId: string,
  keyCheck: string,
): Promise<void> {
  const previous = await readCopy(db)
  const undo = openReplica(UNDO_DB_NAME)
  try {
    await replaceReplica(undo, previous)
    await undo.meta.put({ key: 'schemaNote', value: `boot:${bootId}` })
  } finally {
    undo.close()
  }
  await replaceReplica(db, { ...payload, keyCheck })
}

/**
 * Whether the undo copy exists. Asked at every start: the browser's list of databases answers
 * without opening one (Dexie.exists opens the name, which creates the database, and deletes it again).
 */
async function undoCopyExists(): Promise<boolean> {
  if (typeof indexedDB.databases !== 'function') return Dexie.exists(UNDO_DB_NAME)
  return (await indexedDB.databases()).some((d) => d.name === UNDO_DB_NAME)
}

/** Whether 撤销恢复 is possible: an undo copy exists from this run of the app. */
export async function canUndoRestore(bootId: string): Promise<boolean> {
  if (!(await undoCopyExists())) return false
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
  let previous: ReplicaCopy
  try {
    previous = await readCopy(undo)
  } finally {
    undo.close()
  }
  await replaceReplica(db, previous)
  await Dexie.delete(UNDO_DB_NAME)
}

/** At start: an undo copy from an earlier run of the app is no longer offered. */
export async function dropStaleUndo(bootId: string): Promise<void> {
  if ((await undoCopyExists()) && !(await canUndoRestore(bootId))) await Dexie.delete(UNDO_DB_NAME)
}
