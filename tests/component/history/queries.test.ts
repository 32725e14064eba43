import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import type { WalletDb } from '@renderer/db/replica'
import {
  basicPlan,
  firstRows,
  groupByMonth,
  latestBalance,
  matches,
  monthCells,
  monthEnd,
  monthKeys,
  monthStart,
  monthSummary,
  monthsBetween,
  planHistory,
  planMonths,
  planRows,
  primeFirstRows,
  recentTransactions,
  summarizeRows,
  type HistoryFilter,
} from '@renderer/db/queries'
import { openStats, openTxs } from '@renderer/db/seal'
import { sealer } from '../sealed-replica'
import { at, closeAll, freshDb, load, sampleHistory, tx } from './fixtures'

afterEach(closeAll)

async function seeded(): Promise<WalletDb> {
  const db = freshDb()
  await load(db, sampleHistory())
  return db
}

/** The whole result of a filter: month → titles, newest first. */
async function result(db: WalletDb, filter: HistoryFilter): Promise<Record<string, string[]>> {
  const plan = await planHistory(db, filter)
  const out: Record<string, string[]> = {}
  for (const month of await planMonths(db, plan)) {
    const keys = await monthKeys(db, plan, month)
    if (!keys.length) continue
    const rows = await openTxs(await db.sealedTx.bulkGet(keys))
    expect(rows).toHaveLength(keys.length)
    out[month] = rows.map((r) => `${r.title} ${r.amountFen}`)
  }
  return out
}

describe('months', () => {
  it('are local-time ranges, listed newest first', () => {
    expect(monthStart('2026-02')).toBe(new Date(2026, 1, 1).getTime())
    expect(monthEnd('2026-12')).toBe(new Date(2027, 0, 1).getTime())
    expect(monthsBetween(at(2025, 11, 30), at(2026, 2, 1))).toEqual(['2026-02', '2026-01', '2025-12', '2025-11'])
    expect(monthsBetween(at(2026, 2, 1), at(2026, 2, 28))).toEqual(['2026-02'])
  })
})

describe('history queries', () => {
  it('lists every month newest first, each newest first, by primary key', async () => {
    const db = await seeded()
    expect(await result(db, {})).toEqual({
      '2026-03': ['瑞幸咖啡(国贸店) 1800', '来自王*的转账 5000'],
      '2026-02': ['华联超市 1234', '电费 8880', '转账给李* 200000'],
      '2026-01': ['海底捞火锅 9900', '充值 30000', '瑞幸咖啡(国贸店) 2550', '瑞幸咖啡(国贸店) 1000'],
    })
  })

  it('filters by type and one month through [type+occurredAt]', async () => {
    const db = await seeded()
    expect(await result(db, { type: 'payment', from: monthStart('2026-01'), to: monthEnd('2026-01') })).toEqual({
      '2026-01': ['海底捞火锅 9900', '瑞幸咖啡(国贸店) 2550', '瑞幸咖啡(国贸店) 1000'],
    })
  })

  it('filters by status, and by type and status together', async () => {
    const db = await seeded()
    expect(await result(db, { status: 'pending' })).toEqual({ '2026-02': ['电费 8880'] })
    expect(await result(db, { type: 'payment', status: 'failed' })).toEqual({ '2026-01': ['海底捞火锅 9900'] })
    expect(await result(db, { type: 'bill', status: 'failed' })).toEqual({})
  })

  it('filters by a date range that cuts months, end exclusive', async () => {
    const db = await seeded()
    expect(await result(db, { from: at(2026, 2, 28, 0), to: at(2026, 3, 1, 0) })).toEqual({ '2026-02': ['华联超市 1234'] })
    expect(await result(db, { from: at(2026, 2, 28, 0), to: at(2026, 3, 2, 0) })).toEqual({
      '2026-03': ['来自王*的转账 5000'],
      '2026-02': ['华联超市 1234'],
    })
  })

  it('filters by an amount range in fen, bounds included', async () => {
    const db = await seeded()
    expect(await result(db, { minFen: 1800, maxFen: 5000 })).toEqual({
      '2026-03': ['瑞幸咖啡(国贸店) 1800', '来自王*的转账 5000'],
      '2026-01': ['瑞幸咖啡(国贸店) 2550'],
    })
    expect(await result(db, { minFen: 100_000 })).toEqual({ '2026-02': ['转账给李* 200000'] })
    expect(await result(db, { minFen: 5000, maxFen: 100 })).toEqual({})
  })

  it('searches counterparty and memo by substring, ignoring case', async () => {
    const db = await seeded()
    expect(await result(db, { text: '瑞幸' })).toEqual({
      '2026-03': ['瑞幸咖啡(国贸店) 1800'],
      '2026-01': ['瑞幸咖啡(国贸店) 2550', '瑞幸咖啡(国贸店) 1000'],
    })
    expect(await result(db, { text: '房租' })).toEqual({ '2026-02': ['转账给李* 200000'] })
    expect(await result(db, { text: '饭' })).toEqual({ '2026-03': ['来自王*的转账 5000'] })
    expect(await result(db, { text: '  没有这个  ' })).toEqual({})
    await load(db, [tx({ occurredAt: at(2026, 3, 6), title: 'Apple Store', counterparty: 'Apple Store' })])
    expect(await result(db, { text: 'apple' })).toEqual({ '2026-03': ['Apple Store 1000'] })
  })

  it('combines search with type and date', async () => {
    const db = await seeded()
    expect(await result(db, { text: '瑞幸', from: monthStart('2026-03') })).toEqual({ '2026-03': ['瑞幸咖啡(国贸店) 1800'] })
    expect(await result(db, { text: '*', type: 'transfer_in' })).toEqual({ '2026-03': ['来自王*的转账 5000'] })
  })

  it('exports every row of a filter newest first', async () => {
    const db = await seeded()
    const plan = await planHistory(db, { type: 'payment' })
    const rows = []
    for await (const slice of planRows(db, plan)) rows.push(...slice)
    expect(rows.map((r) => r.amountFen)).toEqual([1800, 1234, 9900, 2550, 1000])
  })

  it('gives 首页 the newest rows and the newest balance', async () => {
    const db = await seeded()
    expect((await recentTransactions(db, 3)).map((r) => r.amountFen)).toEqual([1800, 5000, 1234])
    expect(await latestBalance(db)).toBeNull()
    await db.sealedBalances.bulkPut([
      sealer.sealBalance({ seq: 100, at: 1, balanceFen: 500 }),
      sealer.sealBalance({ seq: 101, at: 2, balanceFen: 700 }),
    ])
    expect(await latestBalance(db)).toEqual({ balanceFen: 700, at: 2 })
  })
})

describe('the first screen', () => {
  it('is the first rows of the full result, read from the newest rows of the driving index', async () => {
    const db = await seeded()
    for (const filter of [
      {},
      { type: 'payment' as const },
      { text: '瑞幸' },
      { type: 'payment' as const, status: 'failed' as const },
      { minFen: 1800 },
    ]) {
      const full = Object.values(await result(db, filter)).flat()
      const head = await firstRows(db, basicPlan(filter), 3)
      expect(head.map((r) => `${r.title} ${r.amountFen}`)).toEqual(full.slice(0, 3))
      expect(head.every(matches(filter))).toBe(true)
    }
  })

  it('takes the rows read at start-up once, and not after the replica changed', async () => {
    const db = await seeded()
    const ids = async () => (await firstRows(db, basicPlan({}))).map((r) => r.id)
    const fresh = await ids()
    primeFirstRows(db)
    // The same answer as a fresh read; a filtered query never takes it.
    expect((await firstRows(db, basicPlan({ type: 'payment' }))).every((r) => r.type === 'payment')).toBe(true)
    expect(await ids()).toEqual(fresh)

    primeFirstRows(db)
    const newest = tx({ occurredAt: at(2026, 4, 2), title: '新的一笔' })
    await load(db, [newest])
    // Read before the page was applied: not used, the new row is there.
    expect((await ids())[0]).toBe(newest.id)
  })

  it('groups rows by month in order', async () => {
    const db = await seeded()
    const head = await firstRows(db, basicPlan({}), 4)
    expect(groupByMonth(head).map((g) => [g.month, g.keys.length])).toEqual([
      ['2026-03', 2],
      ['2026-02', 2],
    ])
  })
})

describe('monthly totals', () => {
  it('count succeeded and pending rows, in fen, split in and out, with spending per category', async () => {
    const db = await seeded()
    const plan = await planHistory(db, {})
    const jan = await monthSummary(db, plan, '2026-01', await monthKeys(db, plan, '2026-01'))
    // The failed 99.00 is listed but does not count.
    expect(jan).toEqual({ count: 4, inFen: 30000, outFen: 3550, outByCategory: { dining: 3550 } })
    const feb = await monthSummary(db, plan, '2026-02', await monthKeys(db, plan, '2026-02'))
    expect(feb).toEqual({
      count: 3,
      inFen: 0,
      outFen: 210114,
      outByCategory: { transfer: 200000, utilities: 8880, groceries: 1234 },
    })
  })

  it('come from the sealedStats cache for whole months, equal to adding the rows up', async () => {
    const db = await seeded()
    expect(await db.sealedStats.count()).toBe(0)
    const plan = await planHistory(db, { type: 'payment' })
    const keys = await monthKeys(db, plan, '2026-01')
    const fromCells = await monthSummary(db, plan, '2026-01', keys)
    const cached = await db.sealedStats.get('2026-01')
    expect(cached).toBeDefined()
    // Sealed: the cells open under the key, and a second summary comes from them.
    expect(await openStats(cached!)).toEqual(await monthCells(db, '2026-01'))
    const rows = await openTxs(await db.sealedTx.bulkGet(keys))
    expect(fromCells).toEqual(summarizeRows(rows))
    expect(fromCells).toEqual({ count: 3, inFen: 0, outFen: 3550, outByCategory: { dining: 3550 } })
  })

  it('are computed from the rows when search or a partial month is involved', async () => {
    const db = await seeded()
    const plan = await planHistory(db, { text: '瑞幸' })
    const summary = await monthSummary(db, plan, '2026-01', await monthKeys(db, plan, '2026-01'))
    expect(summary).toEqual({ count: 2, inFen: 0, outFen: 3550, outByCategory: { dining: 3550 } })
    expect(await db.sealedStats.count()).toBe(0)
  })

  it('are dropped by applyPage for the months a page touches, and only those', async () => {
    const db = await seeded()
    await monthCells(db, '2026-01')
    await monthCells(db, '2026-02')
    expect(await db.sealedStats.count()).toBe(2)
    // A later feed entry settles the pending bill of February.
    const [bill] = await openTxs([await db.sealedTx.where('[type+occurredAt]').between(['bill', 0], ['bill', Infinity]).first()])
    expect(bill?.status).toBe('pending')
    await load(db, [{ ...bill!, seq: 999, status: 'succeeded' }])
    expect((await db.sealedStats.toArray()).map((m) => m.month)).toEqual(['2026-01'])
    const plan = await planHistory(db, {})
    const feb = await monthSummary(db, plan, '2026-02', await monthKeys(db, plan, '2026-02'))
    expect(feb?.outFen).toBe(210114)
    expect(await db.sealedStats.get('2026-02')).toBeDefined()
  })
})
