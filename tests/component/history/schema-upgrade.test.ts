import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { SCHEMA_V1, monthOf, openReplica, readCursor, applyPage, type TxRow, type WalletDb } from '@renderer/db/replica'
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

describe('replica schema upgrade 1 → 2', () => {
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
    expect(db.verno).toBe(2)
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
