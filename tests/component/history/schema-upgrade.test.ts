import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import {
  SCHEMA_V1,
  SCHEMA_V2,
  SCHEMA_V4,
  monthOf,
  openReplica,
  readCursor,
  applyPage,
  type PlainTxRow,
  type TxRow,
  type WalletDb,
} from '@renderer/db/replica'
import { monthKeys, planHistory, planMonths, searchKeys, latestBalance } from '@renderer/db/queries'
import { inboxNewestFirst } from '@renderer/db/messages'
import { openTxs } from '@renderer/db/seal'
import { prepareReplica, UPGRADE_CHUNK } from '@renderer/db/upgrade'
import type { PlainSyncPage } from '@shared/contract/sync'
import { sealer, sealPage } from '../sealed-replica'
import { at, tx } from './fixtures'

const names: string[] = []
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name)
})

const seal = async (page: PlainSyncPage) => sealer.sealPage(page)

/** A replica as version 1 of the app left it. */
async function versionOne(name: string, rows: PlainTxRow[]): Promise<void> {
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

/** Every record of every store, read without Dexie. */
async function rawStores(name: string): Promise<Record<string, unknown[]>> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name)
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
  const out: Record<string, unknown[]> = {}
  for (const store of [...db.objectStoreNames]) {
    out[store] = await new Promise<unknown[]>((resolve) => {
      const req = db.transaction(store).objectStore(store).getAll()
      req.onsuccess = () => resolve(req.result as unknown[])
    })
  }
  db.close()
  return out
}

const strip = ({ key: _key, month: _month, ...rest }: TxRow) => rest

describe('replica schema upgrade 1 → 5: sealed in place', () => {
  it('keeps every row, balance and the cursor, sealed; the indexes answer and sync goes on from the same place', async () => {
    const name = `upgrade-${Date.now()}`
    names.push(name)
    const plain = [
      tx({ occurredAt: at(2026, 1, 5), memo: '午饭 AA', amountFen: 3300 }),
      tx({ occurredAt: at(2026, 2, 6), counterparty: '李*', title: '转账给李*', type: 'transfer_out', amountFen: 50000 }),
      tx({ occurredAt: at(2026, 2, 7), amountFen: 990 }),
    ]
    await versionOne(
      name,
      plain.map((t) => ({ ...t, month: monthOf(t.occurredAt) })),
    )

    const db: WalletDb = openReplica(name)
    await db.open()
    expect(db.verno).toBe(5)
    const progress: [number, number][] = []
    expect(await prepareReplica(db, { seal, progress: (d, t) => progress.push([d, t]) })).toBe('upgraded')
    expect(progress).toEqual([
      [0, 3],
      [3, 3],
    ])

    // No plain row is left; every sealed one opens to what was there.
    expect(await db.transactions.count()).toBe(0)
    expect(await db.balances.count()).toBe(0)
    const opened = (await openTxs(await db.sealedTx.toArray())).map(strip).sort((a, b) => a.id.localeCompare(b.id))
    expect(opened).toEqual([...plain].sort((a, b) => a.id.localeCompare(b.id)))
    expect(await latestBalance(db)).toEqual({ balanceFen: 4242, at: 1 })
    const cursor = await readCursor(db)
    expect(cursor).not.toBe('c9')
    expect(sealer.unwrapCursor(cursor!)).toBe('c9')
    const raw = JSON.stringify(await rawStores(name))
    for (const word of ['午饭', '李*', '转账给李*', '瑞幸', '"c9"', 'amountFen', 'balanceFen']) expect(raw).not.toContain(word)

    // The indexes answer on sealed rows.
    expect([...(await searchKeys(db, '午饭'))]).toEqual([sealer.rowKey(plain[0]!.id)])
    const plan = await planHistory(db, { type: 'transfer_out' })
    expect(await planMonths(db, plan)).toEqual(['2026-02'])
    expect(await monthKeys(db, plan, '2026-02')).toEqual([sealer.rowKey(plain[1]!.id)])

    // Sync continues where version 1 stopped: main's page starts at the sealed 'c9'.
    await applyPage(
      db,
      sealPage({
        fromCursor: 'c9',
        nextCursor: 'c10',
        transactions: [tx({ occurredAt: at(2026, 3, 1), seq: 10, memo: '水费' })],
        balances: [],
        hasMore: false,
        remaining: 0,
      }),
    )
    expect(await db.sealedTx.count()).toBe(4)
    expect([...(await searchKeys(db, '水费'))]).toHaveLength(1)
    // A second start finds nothing left to do.
    expect(await prepareReplica(db, { seal })).toBe('ready')
    db.close()
  })

  it('resumes an upgrade that stopped between chunks, never holding a row twice or losing one', async () => {
    const name = `upgrade-resume-${Date.now()}`
    names.push(name)
    const plain = Array.from({ length: UPGRADE_CHUNK + 200 }, (_, i) =>
      tx({ occurredAt: at(2026, 1, 1 + (i % 28), 8 + (i % 10)), amountFen: 100 + i }),
    )
    const v4 = new Dexie(name)
    v4.version(4).stores(SCHEMA_V4)
    await v4.open()
    await v4.table('transactions').bulkPut(plain.map((t) => ({ ...t, month: monthOf(t.occurredAt) })))
    await v4.table('meta').bulkPut([{ key: 'cursor', value: 'c-end' }])
    await v4
      .table('inbox')
      .bulkPut([{ messageId: 'M1', createdAt: 5, kind: 'notice', title: '账户通知', body: '您的账户收到一笔转账', read: false }])
    v4.close()

    const db = openReplica(name)
    let calls = 0
    const failing = async (page: PlainSyncPage) => {
      if (++calls === 2) throw new Error('main went away')
      return seal(page)
    }
    await expect(prepareReplica(db, { seal: failing })).rejects.toThrow('main went away')
    // The first chunk is sealed, with how far the upgrade got; the plain rows and cursor stay until the end.
    expect(await db.sealedTx.count()).toBe(UPGRADE_CHUNK)
    expect(await db.transactions.count()).toBe(plain.length)
    expect(await readCursor(db)).toBe('c-end')
    expect(await db.meta.get('upgradeAt')).toBeDefined()

    const resumed: PlainSyncPage[] = []
    expect(await prepareReplica(db, { seal: (page) => (resumed.push(page), seal(page)) })).toBe('upgraded')
    // Only what was left is sealed again (the 200 rows, then the balances and cursor).
    expect(resumed.map((p) => p.transactions.length)).toEqual([200, 0])
    expect(await db.meta.get('upgradeAt')).toBeUndefined()
    expect(await db.transactions.count()).toBe(0)
    expect(await db.inbox.count()).toBe(0)
    expect(await db.sealedTx.count()).toBe(plain.length)
    const ids = new Set((await openTxs(await db.sealedTx.toArray())).map((r) => r.id))
    expect(ids).toEqual(new Set(plain.map((t) => t.id)))
    expect(sealer.unwrapCursor((await readCursor(db))!)).toBe('c-end')
    expect((await inboxNewestFirst(db)).map((m) => m.title)).toEqual(['账户通知'])
    expect(JSON.stringify(await rawStores(name))).not.toContain('您的账户收到一笔转账')
    db.close()
  })
})

describe('replica schema upgrade 2 → 5', () => {
  it('drops the tables nothing fills and the plain month totals, and adds the sealed tables', async () => {
    const name = `upgrade-v3-${Date.now()}`
    names.push(name)
    const v2 = new Dexie(name)
    v2.version(2).stores(SCHEMA_V2)
    await v2.open()
    await v2.table('monthStats').put({ month: '2026-02', cells: [['payment', 'succeeded', 'out', 'dining', 2, 50990]] })
    await v2.table('cards').put({ id: 'C1', bankName: '工商银行', masked: '6222 **** **** 4562', kind: 'debit' })
    await v2.table('payees').put({ id: 'P1', kind: 'wallet', name: '李*', account: '139****9000', lastUsedAt: 1 })
    v2.close()

    const db: WalletDb = openReplica(name)
    await db.open()
    db.close()
    const raw = await rawStores(name)
    expect(Object.keys(raw).sort()).toEqual([
      'balances',
      'inbox',
      'meta',
      'sealedBalances',
      'sealedInbox',
      'sealedStats',
      'sealedTx',
      'terms',
      'transactions',
    ])
    expect(JSON.stringify(raw)).not.toContain('50990')
  })
})
