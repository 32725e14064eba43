import { sealer } from '../sealed-replica'
import { openTxs } from '@renderer/db/seal'
import 'fake-indexeddb/auto'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import Dexie from 'dexie'
import type { SealedReplicaExport } from '@shared/contract/backup'
import type { ReplicaTransaction } from '@shared/contract/sync'
import { openReplica, readCursor, type WalletDb } from '@renderer/db/replica'
import { canUndoRestore, dropStaleUndo, exportReplica, restoreReplica, UNDO_DB_NAME, undoRestore } from '@renderer/db/backup'
import { openTx, setReplicaKey } from '@renderer/db/seal'
import { cursor, KEY, sealBalance, sealTxs, terms } from './seal-fixtures'

/** The renderer holds the customer's AES key, as after unlocking. */
const CHECK = KEY.check
beforeAll(() => setReplicaKey(KEY))

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

/** A replica as sync leaves it: sealed rows, dictionary, a balance, the sealed cursor and the key check. */
async function synced(db: WalletDb, ids: number[], at: string): Promise<void> {
  const rows = ids.map((i) => tx(i, i === 2 ? '午饭' : ''))
  const sealed = {
    transactions: await sealTxs(rows),
    balance: await sealBalance({ seq: 99, at: 5, balanceFen: 1 }),
    terms: await terms(rows),
  }
  await db.transaction('rw', [db.sealedTx, db.sealedBalances, db.terms, db.meta, db.sealedStats, db.sealedInbox], async () => {
    await db.sealedTx.bulkPut(sealed.transactions)
    await db.sealedBalances.put(sealed.balance)
    await db.terms.bulkPut(sealed.terms)
    await db.sealedStats.put({ month: '2026-04', s: 'stale totals' })
    await db.sealedInbox.put({ messageId: 'M1', createdAt: 1, s: 'a message' })
    await db.meta.bulkPut([
      { key: 'cursor', value: cursor(at) },
      { key: 'lastSeq', value: Math.max(...ids) },
      { key: 'lastSyncedAt', value: 3 },
      { key: 'keyCheck', value: CHECK },
    ])
  })
}

/** What backup.open and backup.openPage hand over: the backup's rows sealed by main. */
async function opened(ids: number[]): Promise<SealedReplicaExport> {
  const rows = ids.map((i) => tx(i, i === 2 ? '午饭' : ''))
  return {
    transactions: await sealTxs(rows),
    balances: [await sealBalance({ seq: 100, at: 5, balanceFen: 999 })],
    terms: await terms(rows),
    sync: { cursor: cursor('restored-cursor'), lastSeq: 100, lastSyncedAt: 7 },
  }
}

const ids = async (db: WalletDb) => (await openTxs(await db.sealedTx.toArray())).map((t) => t.id).sort()

describe('backup and restore of the sealed replica', () => {
  it('exports the sealed records as stored, with the sync position', async () => {
    const db = fresh()
    await synced(db, [1, 2], 'c1')
    const out = await exportReplica(db)
    expect(out.transactions).toEqual(await db.sealedTx.toArray())
    expect(out.balances).toEqual(await db.sealedBalances.toArray())
    expect(out.sync).toEqual({ cursor: cursor('c1'), lastSeq: 2, lastSyncedAt: 3 })
    // Sealed as they are: main opens them in its backup worker.
    expect(JSON.stringify(out)).not.toContain('永辉超市')
    // Only what the bank's feed brought: the user's own lists are main's to back up, the inbox is not backed up.
    expect(Object.keys(out).sort()).toEqual(['balances', 'sync', 'terms', 'transactions'])
  })

  it('replaces the sealed replica with the backup, clears month totals, keeps the inbox, and can put the previous state back', async () => {
    const db = fresh()
    await synced(db, [50], 'mine')
    await restoreReplica(db, await opened([1, 2, 3]), 'boot-1', CHECK)
    expect(await ids(db)).toEqual(['T1', 'T2', 'T3'])
    const t2 = await openTx((await db.sealedTx.get(sealer.rowKey('T2')))!)
    expect(t2).toMatchObject({ ...tx(2, '午饭'), month: '2026-04' })
    expect(await db.terms.count()).toBe((await terms([tx(1), tx(2, '午饭'), tx(3)])).length)
    expect(await readCursor(db)).toBe(cursor('restored-cursor'))
    expect((await db.meta.get('keyCheck'))?.value).toBe(CHECK)
    expect(await db.sealedStats.count()).toBe(0)
    expect(await db.sealedInbox.count()).toBe(1)
    expect(await canUndoRestore('boot-1')).toBe(true)
    expect(await canUndoRestore('boot-2')).toBe(false)

    await undoRestore(db)
    expect(await ids(db)).toEqual(['T50'])
    expect(await openTx((await db.sealedTx.get(sealer.rowKey('T50')))!)).toMatchObject(tx(50))
    expect(await readCursor(db)).toBe(cursor('mine'))
    expect((await db.meta.get('lastSeq'))?.value).toBe(50)
    expect(await db.terms.count()).toBe((await terms([tx(50)])).length)
    expect(await canUndoRestore('boot-1')).toBe(false)
  })

  it('stores the check value of the keys the backup was sealed under', async () => {
    const db = fresh()
    await restoreReplica(db, await opened([1]), 'boot-1', 'AAAAAAAAAAAAAAAAAAAAAA')
    expect((await db.meta.get('keyCheck'))?.value).toBe('AAAAAAAAAAAAAAAAAAAAAA')
  })

  it('forgets the undo copy after a restart of the app', async () => {
    const db = fresh()
    await restoreReplica(db, await opened([1]), 'boot-1', CHECK)
    await dropStaleUndo('boot-2')
    expect(await Dexie.exists(UNDO_DB_NAME)).toBe(false)
  })

  it('asks at start whether there is an undo copy without opening (and so creating) one', async () => {
    const open = vi.spyOn(indexedDB, 'open')
    try {
      await dropStaleUndo('boot-2')
      expect(await canUndoRestore('boot-2')).toBe(false)
      expect(open.mock.calls.filter(([name]) => name === UNDO_DB_NAME)).toEqual([])
    } finally {
      open.mockRestore()
    }
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(UNDO_DB_NAME)
  })
})
