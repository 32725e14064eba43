import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import type { ReplicaExport } from '@shared/contract/backup'
import type { ReplicaTransaction } from '@shared/contract/sync'
import { applyPage, openReplica, readCursor, type WalletDb } from '@renderer/db/replica'
import { canUndoRestore, dropStaleUndo, exportReplica, restoreReplica, UNDO_DB_NAME, undoRestore } from '@renderer/db/backup'

const dbs: WalletDb[] = []
let n = 0
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close()
    await Dexie.delete(db.name)
  }
  await Dexie.delete(UNDO_DB_NAME)
})

function fresh(): WalletDb {
  const db = openReplica(`backup-test-${++n}`)
  dbs.push(db)
  return db
}

const tx = (i: number, memo = ''): ReplicaTransaction => ({
  id: `T${i}`,
  seq: i,
  occurredAt: Date.UTC(2026, 3, 1) + i * 3_600_000,
  type: 'payment',
  direction: 'out',
  amountFen: 1000 + i,
  discountFen: 0,
  status: 'succeeded',
  title: '超市',
  counterparty: '永辉超市',
  counterpartyAccount: '',
  memo,
  category: 'groceries',
  channel: 'qr',
  reference: `T${i}`,
  balanceAfterFen: null,
})

function payload(ids: number[]): ReplicaExport {
  return {
    transactions: ids.map((i) => tx(i, i === 2 ? '午饭' : '')),
    balances: [{ seq: 100, at: 5, balanceFen: 999 }],
    sync: { cursor: 'restored-cursor', lastSeq: 100, lastSyncedAt: 7 },
  }
}

describe('backup and restore of the replica', () => {
  it('exports the rows without derived fields, with the sync position', async () => {
    const db = fresh()
    await applyPage(db, {
      fromCursor: null,
      nextCursor: 'c1',
      transactions: [tx(1), tx(2, '午饭')],
      balances: [],
      hasMore: false,
      remaining: 0,
    })
    const out = await exportReplica(db)
    expect(out.transactions).toEqual([tx(1), tx(2, '午饭')])
    expect(out.sync).toMatchObject({ cursor: 'c1', lastSeq: 2 })
    // Only what the bank's feed brought: the user's own lists are main's to back up.
    expect(Object.keys(out).sort()).toEqual(['balances', 'sync', 'transactions'])
  })

  it('replaces the replica with the backup and can put the previous state back', async () => {
    const db = fresh()
    await applyPage(db, {
      fromCursor: null,
      nextCursor: 'mine',
      transactions: [tx(50)],
      balances: [],
      hasMore: false,
      remaining: 0,
    })
    await restoreReplica(db, payload([1, 2, 3]), 'boot-1')
    expect((await db.transactions.toArray()).map((t) => t.id).sort()).toEqual(['T1', 'T2', 'T3'])
    expect((await db.transactions.get('T2'))?.month).toBe('2026-04')
    expect(await readCursor(db)).toBe('restored-cursor')
    expect(await canUndoRestore('boot-1')).toBe(true)
    expect(await canUndoRestore('boot-2')).toBe(false)

    await undoRestore(db)
    expect((await db.transactions.toArray()).map((t) => t.id)).toEqual(['T50'])
    expect(await readCursor(db)).toBe('mine')
    expect(await canUndoRestore('boot-1')).toBe(false)
  })

  it('forgets the undo copy after a restart of the app', async () => {
    const db = fresh()
    await restoreReplica(db, payload([1]), 'boot-1')
    await dropStaleUndo('boot-2')
    expect(await Dexie.exists(UNDO_DB_NAME)).toBe(false)
  })
})
