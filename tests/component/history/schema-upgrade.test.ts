import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import {
  SCHEMA_V1,
  SCHEMA_V2,
  monthOf,
  openReplica,
  readCursor,
  applyPage,
  type TxRow,
  type WalletDb,
} from '@renderer/db/replica'
import { monthKeys, planHistory, planMonths, searchKeys } from '@renderer/db/queries'
import { at, tx } from './fixtures'

const names: string[] = []
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name)
})

/** A replica as version 1 of the app left it. */
async function versionOne(name: string, rows: TxRow[]): Promise<void> {
  const v1 = new Dexie(name)
  v1.version(1).stores(SCHEMA_V1)
  await v1.open()
  await v1.table('transactions').bulkPut(rows)
  await v1.table('balances').bulkPut([{ seq: 9, at: 1, balanceFen: 4242 }])
  await v1.table('meta').bulkPut([
    { key: 'cursor', value: 'c9' },
    { key: 'lastSeq', value: 9 },
    { key: 'lastSyncedAt', value: 1234 },
  ])
  v1.close()
}

describe('replica schema upgrade 1 → 2 (and on to the current version)', () => {
  it('keeps every row, balance and the cursor, and fills the new indexes', async () => {
    const name = `upgrade-${Date.now()}`
    names.push(name)
    const rows: TxRow[] = [
      tx({ occurredAt: at(2026, 1, 5), memo: '午饭 AA', amountFen: 3300 }),
      tx({ occurredAt: at(2026, 2, 6), counterparty: '李*', title: '转账给李*', type: 'transfer_out', amountFen: 50000 }),
      tx({ occurredAt: at(2026, 2, 7), amountFen: 990 }),
    ].map((t) => ({ ...t, month: monthOf(t.occurredAt) }))
    await versionOne(name, rows)

    const db: WalletDb = openReplica(name)
    await db.open()
    expect(db.verno).toBe(4)
    expect(await db.transactions.count()).toBe(3)
    const stored = await db.transactions.orderBy('id').toArray()
    expect(stored.map(({ memoKey: _, ...rest }) => rest)).toEqual(rows)
    expect(stored.map((r) => r.memoKey)).toEqual(['午饭 AA', undefined, undefined])
    expect(await db.balances.toArray()).toEqual([{ seq: 9, at: 1, balanceFen: 4242 }])
    expect(await readCursor(db)).toBe('c9')

    // The new indexes answer: memo search, amount range, and the monthStats table exists.
    expect([...(await searchKeys(db, '午饭'))]).toEqual([rows[0]!.id])
    expect(await db.transactions.where('amountFen').between(1000, 60000).count()).toBe(2)
    const plan = await planHistory(db, { type: 'transfer_out' })
    expect(await planMonths(db, plan)).toEqual(['2026-02'])
    expect(await monthKeys(db, plan, '2026-02')).toEqual([rows[1]!.id])
    expect(await db.monthStats.count()).toBe(0)

    // Sync continues where version 1 stopped.
    await applyPage(db, {
      fromCursor: 'c9',
      nextCursor: 'c10',
      transactions: [tx({ occurredAt: at(2026, 3, 1), seq: 10, memo: '水费' })],
      balances: [],
      hasMore: false,
      remaining: 0,
    })
    expect(await db.transactions.count()).toBe(4)
    expect([...(await searchKeys(db, '水费'))]).toHaveLength(1)
    db.close()
  })
})

/** Every table the version-2 schema has, with rows in each: what a v2 build may have left behind. */
async function versionTwo(name: string, rows: TxRow[]) {
  const v2 = new Dexie(name)
  v2.version(2).stores(SCHEMA_V2)
  await v2.open()
  const kept = {
    transactions: rows,
    balances: [
      { seq: 3, at: 1, balanceFen: 4242 },
      { seq: 9, at: 2, balanceFen: 5151 },
    ],
    meta: [
      { key: 'cursor', value: 'c9' },
      { key: 'lastSeq', value: 9 },
      { key: 'lastSyncedAt', value: 1234 },
      { key: 'schemaNote', value: 'boot:b1' },
    ],
    monthStats: [{ month: '2026-02', cells: [['payment', 'succeeded', 'out', 'dining', 2, 50990]] }],
  }
  for (const [table, data] of Object.entries(kept)) await v2.table(table).bulkPut(data)
  // Tables nothing ever filled in a released build; rows are put here to prove they go with the table.
  await v2.table('cards').put({ id: 'C1', bankName: '工商银行', masked: '6222 **** **** 4562', kind: 'debit' })
  await v2.table('payees').put({ id: 'P1', kind: 'wallet', name: '李*', account: '139****9000', lastUsedAt: 1 })
  await v2.table('bills').put({ id: 'B1', utility: 'water', city: '北京', biller: 'x', household: '1000', alias: '' })
  await v2.table('promotions').put({ id: 'PR1', title: '满减', endsAt: 1 })
  await v2.table('messages').put({ id: 'M1', at: 1, title: 't', body: 'b', read: false })
  v2.close()
  return kept
}

describe('replica schema upgrade 2 → 3', () => {
  it('drops the tables nothing fills and keeps every row of the others, indexes included', async () => {
    const name = `upgrade-v3-${Date.now()}`
    names.push(name)
    const rows: TxRow[] = [
      tx({ occurredAt: at(2026, 2, 5), memo: '午饭 AA', amountFen: 3300 }),
      tx({ occurredAt: at(2026, 2, 6), counterparty: '李*', title: '转账给李*', type: 'transfer_out', amountFen: 50000 }),
      tx({ occurredAt: at(2026, 2, 7), amountFen: 990 }),
    ].map((t) => ({ ...t, month: monthOf(t.occurredAt), ...(t.memo ? { memoKey: t.memo } : {}) }))
    const kept = await versionTwo(name, rows)

    const db: WalletDb = openReplica(name)
    await db.open()
    expect(db.verno).toBe(4)
    expect(db.tables.map((t) => t.name).sort()).toEqual(['balances', 'inbox', 'meta', 'monthStats', 'transactions'])
    expect(await db.transactions.orderBy('id').toArray()).toEqual(rows)
    expect(await db.balances.toArray()).toEqual(kept.balances)
    expect(await db.meta.orderBy('key').toArray()).toEqual([...kept.meta].sort((a, b) => (a.key < b.key ? -1 : 1)))
    expect(await db.monthStats.toArray()).toEqual(kept.monthStats)
    // The version-2 indexes still answer.
    expect([...(await searchKeys(db, '午饭'))]).toEqual([rows[0]!.id])
    expect(await db.transactions.where('amountFen').between(1000, 60000).count()).toBe(2)
    db.close()

    // The dropped tables are gone from the database itself, not only from the app's view of it.
    const raw = await new Promise<string[]>((resolve, reject) => {
      const req = indexedDB.open(name)
      req.onsuccess = () => {
        resolve([...req.result.objectStoreNames].sort())
        req.result.close()
      }
      req.onerror = () => reject(req.error)
    })
    // Version 4 adds 消息中心's inbox; the dropped tables stay dropped.
    expect(raw).toEqual(['balances', 'inbox', 'meta', 'monthStats', 'transactions'])
  })
})
