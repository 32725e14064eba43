import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ReplicaTransaction } from '@shared/contract/sync'
import { amountBucket, bucketRange, type SealedTx } from '@shared/contract/replica'
import { applyPage, clearReplica, readCursor, replicaClears, replicaWrites, type WalletDb } from '@renderer/db/replica'
import {
  amountKeys,
  firstRows,
  basicPlan,
  latestBalance,
  monthCells,
  monthKeys,
  planHistory,
  planMonths,
  recentTransactions,
  searchKeys,
  type HistoryFilter,
} from '@renderer/db/queries'
import { replaceInbox } from '@renderer/db/messages'
import { prepareReplica } from '@renderer/db/upgrade'
import {
  openBalance,
  openStats,
  openTx,
  openTxs,
  replicaKeyCheck,
  ReplicaLockedError,
  ReplicaUnreadableError,
} from '@renderer/db/seal'
import { at, closeAll, freshDb, load, sampleHistory, tx } from '../history/fixtures'
import { lockReplica, sealer, sealPage, testSealer, unlockReplica } from '../sealed-replica'

afterEach(closeAll)

/** Every record of every object store, read from IndexedDB itself (not through Dexie's tables). */
async function rawRecords(db: WalletDb): Promise<Record<string, unknown[]>> {
  const idb = db.backendDB()
  const names = [...idb.objectStoreNames]
  const t = idb.transaction(names, 'readonly')
  const out: Record<string, unknown[]> = {}
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const request = t.objectStore(name).getAll()
          request.onsuccess = () => {
            out[name] = request.result as unknown[]
            resolve()
          }
          request.onerror = () => reject(request.error as Error)
        }),
    ),
  )
  return out
}

/** Every [path, value] of a record, nested values included. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [[`${path}.${k}`, v] as [string, unknown], ...leaves(v, `${path}.${k}`)])
  }
  return []
}

/** The result of a filter, month → "title amount", newest first (rows read by key and opened). */
async function result(db: WalletDb, filter: HistoryFilter): Promise<Record<string, string[]>> {
  const plan = await planHistory(db, filter)
  const out: Record<string, string[]> = {}
  for (const month of await planMonths(db, plan)) {
    const keys = await monthKeys(db, plan, month)
    if (keys.length) out[month] = (await openTxs(await db.sealedTx.bulkGet(keys))).map((r) => `${r.title} ${r.amountFen}`)
  }
  return out
}

/** The sample history with references that cannot turn up in base64 by chance, and a balance snapshot. */
function sample(): ReplicaTransaction[] {
  return sampleHistory().map((t, i) => ({ ...t, reference: `回单#${i}`, balanceAfterFen: 123_400 + i * 11 }))
}

async function seeded(rows = sample()): Promise<WalletDb> {
  const db = freshDb('sealed')
  await load(db, rows)
  return db
}

/** Counts what is opened (AES-GCM decryptions), by the kind of record (the associated data's first word). */
function countOpens() {
  const kinds: string[] = []
  const decrypt = crypto.subtle.decrypt.bind(crypto.subtle)
  const spy = vi.spyOn(crypto.subtle, 'decrypt').mockImplementation((algorithm, key, data) => {
    const aad = (algorithm as AesGcmParams).additionalData
    kinds.push(aad ? new TextDecoder().decode(aad as Uint8Array).split('|')[0]! : '?')
    return decrypt(algorithm, key, data)
  })
  return { kinds, restore: () => spy.mockRestore() }
}

describe('what IndexedDB holds', () => {
  it('is no plaintext: no counterparty, memo, reference, title or account, no amount or balance', async () => {
    const rows = sample()
    const db = await seeded(rows)
    // Balances, month totals and the inbox too.
    await applyPage(
      db,
      sealPage(
        {
          fromCursor: null,
          nextCursor: 'bank-cursor-after-balances',
          transactions: [],
          balances: [{ seq: 500, at: at(2026, 3, 6), balanceFen: 987_654 }],
          hasMore: false,
          remaining: 0,
        },
        await readCursor(db),
      ),
    )
    const cells = [...(await monthCells(db, '2026-01')), ...(await monthCells(db, '2026-02'))]
    await replaceInbox(db, [
      {
        messageId: 'M1',
        sender: '95588',
        title: '您的账户发生一笔转账',
        body: '尊敬的客户，您向李*转账2000.00元',
        category: 'notice',
        createdAt: at(2026, 2, 1),
        read: false,
      },
    ])

    const texts = [
      ...new Set(
        rows.flatMap((r) => [r.counterparty, r.memo, r.reference, r.title, r.counterpartyAccount]).filter((t) => t !== ''),
      ),
      '您的账户发生一笔转账',
      '尊敬的客户',
      'bank-cursor-after-balances',
    ]
    const numbers = new Set([...rows.flatMap((r) => [r.amountFen, r.balanceAfterFen]), 987_654, ...cells.map((c) => c[5])])
    const raw = await rawRecords(db)
    const all = Object.values(raw).flat()
    expect(raw['sealedTx']).toHaveLength(rows.length)
    expect(raw['sealedBalances']).toHaveLength(1)
    expect(raw['sealedStats']).toHaveLength(2)
    expect(raw['sealedInbox']).toHaveLength(1)
    expect(raw['terms']!.length).toBeGreaterThan(0)
    for (const record of all) {
      const stored = JSON.stringify(record)
      for (const text of texts) expect(stored, `${text} in ${stored}`).not.toContain(text)
      for (const [path, value] of leaves(record)) {
        expect(path).not.toMatch(/amountFen|balanceAfterFen|discountFen|balanceFen|counterparty|memo|title|reference/)
        if (typeof value === 'number') expect(numbers.has(value), `${path} = ${value}`).toBe(false)
        // Encrypted, not encoded: no base64 value decodes to any of it.
        if (typeof value === 'string' && /^[A-Za-z0-9+/]{38,}={0,2}$/.test(value)) {
          const bytes = Buffer.from(value, 'base64')
          for (const text of [...texts, 'amountFen', 'balanceFen']) expect(bytes.includes(Buffer.from(text))).toBe(false)
        }
      }
    }
    // And yet it all opens under the key.
    expect(await openBalance((await db.sealedBalances.get(500))!)).toMatchObject({ balanceFen: 987_654 })
    expect((await openTxs(await db.sealedTx.toArray())).map((r) => r.reference).sort()).toEqual(
      rows.map((r) => r.reference).sort(),
    )
  })
})

describe('search on the sealed replica', () => {
  async function searchable(): Promise<WalletDb> {
    return seeded([
      ...sample(),
      tx({ occurredAt: at(2026, 3, 6), title: 'abc store', counterparty: 'abc store', amountFen: 4321 }),
      tx({ occurredAt: at(2026, 3, 7), title: '咖啡', counterparty: '星巴克', memo: 'Team Lunch 午饭', amountFen: 777 }),
    ])
  }

  it('finds a piece of a counterparty: 超市 finds 华联超市', async () => {
    const db = await searchable()
    expect(await result(db, { text: '超市' })).toEqual({ '2026-02': ['华联超市 1234'] })
    expect(await result(db, { text: '联超' })).toEqual({ '2026-02': ['华联超市 1234'] })
  })

  it('ignores case and width: ABC, abc, ＡＢＣ and ａｂｃ find abc store', async () => {
    const db = await searchable()
    for (const text of ['ABC', 'abc', 'ＡＢＣ', 'ａｂｃ', ' Abc Store ', 'C S']) {
      expect(await result(db, { text }), text).toEqual({ '2026-03': ['abc store 4321'] })
    }
  })

  it('finds pieces of memos: 房 finds 房租, lunch and 午饭 find Team Lunch 午饭', async () => {
    const db = await searchable()
    expect(await result(db, { text: '房' })).toEqual({ '2026-02': ['转账给李* 200000'] })
    expect(await result(db, { text: 'LUNCH' })).toEqual({ '2026-03': ['咖啡 777'] })
    expect(await result(db, { text: '午饭' })).toEqual({ '2026-03': ['咖啡 777'] })
    // A word in both a counterparty and a memo finds both rows.
    expect(
      Object.values(await result(db, { text: '饭' }))
        .flat()
        .sort(),
    ).toEqual(['咖啡 777', '来自王*的转账 5000'])
  })

  it('finds nothing for a text that is nowhere, nor for a title that is not a counterparty or memo', async () => {
    const db = await searchable()
    expect(await result(db, { text: '没有这家店' })).toEqual({})
    expect(await result(db, { text: 'zzz' })).toEqual({})
    expect(await result(db, { text: '电费' })).toEqual({})
    expect((await searchKeys(db, '没有这家店')).size).toBe(0)
  })

  it('opens the dictionary, not the rows', async () => {
    const db = await searchable()
    const opens = countOpens()
    try {
      const keys = await searchKeys(db, '超市')
      expect(keys.size).toBe(1)
      expect(opens.kinds.filter((k) => k === 'tx')).toEqual([])
      expect(opens.kinds.filter((k) => k === 'term').length).toBe(await db.terms.count())
    } finally {
      opens.restore()
    }
  })
})

describe('amount ranges on the sealed replica', () => {
  // Around the bucket [10.00, 12.49] yuan and its neighbours.
  const amounts = [0, 1, 999, 1000, 1001, 1249, 1250, 1251, 1599, 1600, 2000, 4999, 5000, 200_000]
  const rows = () => amounts.map((amountFen, i) => tx({ occurredAt: at(2026, 5, 1, 8, i), amountFen, title: `#${amountFen}` }))

  async function keysFor(db: WalletDb, min: number | null, max: number | null): Promise<number[]> {
    const keys = await amountKeys(db, min, max)
    return (await openTxs(await db.sealedTx.bulkGet([...keys]))).map((r) => r.amountFen).sort((a, b) => a - b)
  }

  it('checks its test data: 1000 and 1249 fen are the ends of one bucket, 1250 starts the next', () => {
    expect(bucketRange(amountBucket(1000))).toEqual([1000, 1249])
    expect(bucketRange(amountBucket(1250))).toEqual([1250, 1599])
  })

  it('are exact at bucket edges, inside buckets, with only a minimum or only a maximum', async () => {
    const db = freshDb('amounts')
    await load(db, rows())
    expect(await keysFor(db, 1000, 1249)).toEqual([1000, 1001, 1249])
    expect(await keysFor(db, 1000, 1250)).toEqual([1000, 1001, 1249, 1250])
    expect(await keysFor(db, 1001, 1599)).toEqual([1001, 1249, 1250, 1251, 1599])
    expect(await keysFor(db, 1250, 1250)).toEqual([1250])
    expect(await keysFor(db, 999, 1000)).toEqual([999, 1000])
    expect(await keysFor(db, 1100, 1300)).toEqual([1249, 1250, 1251])
    expect(await keysFor(db, 1002, 1248)).toEqual([])
    expect(await keysFor(db, 0, 0)).toEqual([0])
    expect(await keysFor(db, 1600, null)).toEqual([1600, 2000, 4999, 5000, 200_000])
    expect(await keysFor(db, 1601, null)).toEqual([2000, 4999, 5000, 200_000])
    expect(await keysFor(db, null, 1249)).toEqual([0, 1, 999, 1000, 1001, 1249])
    expect(await keysFor(db, null, 1)).toEqual([0, 1])
    expect(await keysFor(db, 5000, 1000)).toEqual([])
    expect(await keysFor(db, 1250, 1249)).toEqual([])
    // Every range over these amounts, against the amounts themselves.
    const bounds = [null, 0, 1, 998, 999, 1000, 1001, 1248, 1249, 1250, 1251, 1598, 1599, 1600, 1601, 4999, 5000, 5001, 200_000]
    for (const min of bounds) {
      for (const max of bounds) {
        const expected = amounts.filter((a) => a >= (min ?? 0) && a <= (max ?? Infinity))
        expect(await keysFor(db, min, max), `[${min}, ${max}]`).toEqual(expected)
      }
    }
    // Through the history's own filter too.
    expect(await result(db, { minFen: 1249, maxFen: 1250 })).toEqual({ '2026-05': ['#1250 1250', '#1249 1249'] })
  })

  it('opens only the rows of the buckets it cuts, none for a range made of whole buckets', async () => {
    const db = freshDb('amounts')
    await load(db, rows())
    const opens = countOpens()
    try {
      await amountKeys(db, 1000, 1599)
      expect(opens.kinds.filter((k) => k === 'tx')).toEqual([])
      opens.kinds.length = 0
      // 1001 cuts [1000, 1249] (three rows); 1599 is the end of its bucket.
      await amountKeys(db, 1001, 1599)
      expect(opens.kinds.filter((k) => k === 'tx')).toHaveLength(3)
    } finally {
      opens.restore()
    }
  })
})

describe('a locked replica', () => {
  async function answers(db: WalletDb) {
    const plan = await planHistory(db, { text: '瑞幸', minFen: 1500 })
    return {
      search: await result(db, { text: '瑞幸' }),
      amounts: await result(db, { minFen: 1800, maxFen: 5000 }),
      filtered: Object.values(await result(db, plan.filter)).flat(),
      recent: (await recentTransactions(db, 3)).map((r) => r.amountFen),
      first: (await firstRows(db, basicPlan({}), 2)).map((r) => r.title),
      balance: await latestBalance(db),
      january: await monthCells(db, '2026-01'),
    }
  }

  it('opens nothing without the key, and answers the same once the key is given again, with no sync', async () => {
    const db = await seeded()
    await db.sealedBalances.put(sealer.sealBalance({ seq: 900, at: 5, balanceFen: 4242 }))
    const before = await answers(db)
    expect(before.balance).toEqual({ balanceFen: 4242, at: 5 })
    expect(await db.sealedStats.count()).toBe(1)
    const writes = replicaWrites()
    const cursor = await readCursor(db)

    lockReplica()
    const opens = countOpens()
    try {
      await expect(planHistory(db, { text: '瑞幸' })).rejects.toBeInstanceOf(ReplicaLockedError)
      await expect(planHistory(db, { minFen: 1800 })).rejects.toBeInstanceOf(ReplicaLockedError)
      await expect(recentTransactions(db)).rejects.toBeInstanceOf(ReplicaLockedError)
      await expect(firstRows(db, basicPlan({}))).rejects.toBeInstanceOf(ReplicaLockedError)
      await expect(latestBalance(db)).rejects.toBeInstanceOf(ReplicaLockedError)
      await expect(monthCells(db, '2026-01')).rejects.toBeInstanceOf(ReplicaLockedError)
      await expect(monthCells(db, '2026-02')).rejects.toBeInstanceOf(ReplicaLockedError)
      await expect(openTxs(await db.sealedTx.toArray())).rejects.toBeInstanceOf(ReplicaLockedError)
      expect(opens.kinds).toEqual([])
    } finally {
      opens.restore()
    }

    await unlockReplica()
    expect(await answers(db)).toEqual(before)
    // Nothing was fetched or written again: same rows, same cursor.
    expect(replicaWrites()).toBe(writes)
    expect(await readCursor(db)).toBe(cursor)
  })
})

describe('another customer’s key', () => {
  it('opens none of the rows, and prepareReplica clears everything of the first customer', async () => {
    const db = freshDb('other')
    // The first customer's replica, as it stands after sync: keyCheck, rows, balances, totals, inbox.
    expect(await prepareReplica(db, { seal: async (p) => sealer.sealPage(p) })).toBe('ready')
    await load(db, sample())
    await db.sealedBalances.put(sealer.sealBalance({ seq: 900, at: 5, balanceFen: 4242 }))
    await monthCells(db, '2026-01')
    await replaceInbox(db, [
      { messageId: 'M1', sender: '95588', title: '通知', body: '', category: 'notice', createdAt: 1, read: false },
    ])
    const firstCheck = await replicaKeyCheck()

    const other = testSealer('W-OTHER')
    await unlockReplica(other)
    expect(await replicaKeyCheck()).not.toBe(firstCheck)
    const record = (await db.sealedTx.toCollection().first())!
    await expect(openTx(record)).rejects.toBeInstanceOf(ReplicaUnreadableError)
    await expect(latestBalance(db)).rejects.toBeInstanceOf(ReplicaUnreadableError)
    await expect(openStats((await db.sealedStats.get('2026-01'))!)).rejects.toBeInstanceOf(ReplicaUnreadableError)
    await expect(searchKeys(db, '瑞幸')).rejects.toBeInstanceOf(ReplicaUnreadableError)

    expect(await prepareReplica(db, { seal: async (p) => other.sealPage(p) })).toBe('cleared')
    const raw = await rawRecords(db)
    for (const [table, records] of Object.entries(raw)) {
      if (table === 'meta') expect(records).toEqual([{ key: 'keyCheck', value: other.rendererKey().check }])
      else expect(records, table).toEqual([])
    }
    // Prepared again under the same key: nothing more to do.
    expect(await prepareReplica(db, { seal: async (p) => other.sealPage(p) })).toBe('ready')
  })
})

describe('an answer of an earlier session', () => {
  it('writes nothing when the replica was cleared after it was asked for (signed out, or another customer)', async () => {
    const db = freshDb('late-inbox')
    expect(await prepareReplica(db, { seal: async (p) => sealer.sealPage(p) })).toBe('ready')
    const message = { messageId: 'M1', sender: '95588', title: '通知', body: '', category: 'notice' as const, createdAt: 1, read: false }
    await replaceInbox(db, [message])
    expect(await db.sealedInbox.count()).toBe(1)

    // 消息中心's list was asked for, then the customer signed out with clearing before it came.
    const asOf = replicaClears()
    await clearReplica(db)
    await replaceInbox(db, [message, { ...message, messageId: 'M2' }], asOf)
    expect(await db.sealedInbox.count()).toBe(0)
    // An answer asked for after the clear is written.
    await replaceInbox(db, [message], replicaClears())
    expect(await db.sealedInbox.count()).toBe(1)
  })
})

describe('a record changed on disk', () => {
  it('does not open when a clear field was changed or its sealed part moved to another row', async () => {
    const db = await seeded()
    const [a, b] = (await db.sealedTx.orderBy('occurredAt').limit(2).toArray()) as [SealedTx, SealedTx]
    await expect(openTx(a)).resolves.toMatchObject({ key: a.id })
    const changes: Partial<SealedTx>[] = [
      { status: a.status === 'failed' ? 'succeeded' : 'failed' },
      { occurredAt: a.occurredAt + 60_000 },
      { type: a.type === 'bill' ? 'payment' : 'bill' },
      { seq: a.seq + 1 },
      { s: b.s },
    ]
    for (const change of changes) {
      await db.sealedTx.put({ ...a, ...change })
      await expect(openTx((await db.sealedTx.get(a.id))!), JSON.stringify(change)).rejects.toBeInstanceOf(ReplicaUnreadableError)
    }
    // Put back as it was, it opens again; and a query that reads a changed row fails rather than show it.
    await db.sealedTx.put(a)
    await expect(openTx(a)).resolves.toMatchObject({ key: a.id })
    await db.sealedTx.put({ ...a, status: 'pending' })
    await expect(result(db, { status: 'pending' })).rejects.toBeInstanceOf(ReplicaUnreadableError)
    await db.sealedTx.put(a)
    // A balance moved to another position, a month's totals to another month: refused too.
    const balance = sealer.sealBalance({ seq: 1, at: 2, balanceFen: 3 })
    await expect(openBalance({ ...balance, seq: 2 })).rejects.toBeInstanceOf(ReplicaUnreadableError)
    await monthCells(db, '2026-01')
    const stats = (await db.sealedStats.get('2026-01'))!
    await expect(openStats({ ...stats, month: '2026-02' })).rejects.toBeInstanceOf(ReplicaUnreadableError)
  })

  it('does not open when its tokens were changed (it would show up in another search or amount range)', async () => {
    const db = await seeded()
    const records = await db.sealedTx.toArray()
    const coffee = (await openTxs(records)).find((r) => r.amountFen === 1000)!
    const rent = (await openTxs(records)).find((r) => r.memo === '房租')!
    const coffeeRecord = records.find((r) => r.id === sealer.rowKey(coffee.id))!
    const rentRecord = records.find((r) => r.id === sealer.rowKey(rent.id))!
    for (const change of [{ a: rentRecord.a }, { p: rentRecord.p }, { m: rentRecord.m }]) {
      await expect(openTx({ ...coffeeRecord, ...change }), JSON.stringify(change)).rejects.toBeInstanceOf(ReplicaUnreadableError)
    }
  })
})
