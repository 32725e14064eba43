import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import type { ReplicaTransaction, SyncPage } from '@shared/contract/sync'
import {
  applyPage,
  applyPageAt,
  clearReplica,
  openReplica,
  positionAfter,
  readCursor,
  replicaPosition,
  replicaWrites,
  ReplicaError,
  type WalletDb,
} from '@renderer/db/replica'

let n = 0
const dbs: WalletDb[] = []
function freshDb(): WalletDb {
  const db = openReplica(`replica-test-${++n}`)
  dbs.push(db)
  return db
}
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close()
    await Dexie.delete(db.name)
  }
})

function tx(seq: number, patch: Partial<ReplicaTransaction> = {}): ReplicaTransaction {
  return {
    id: `T${seq}`,
    seq,
    occurredAt: Date.UTC(2026, 0, 1) + seq * 3_600_000,
    type: 'payment',
    direction: 'out',
    amountFen: 100 * seq,
    discountFen: 0,
    status: 'succeeded',
    title: '美团外卖',
    counterparty: '美团外卖',
    counterpartyAccount: '',
    memo: '',
    category: 'dining',
    channel: 'online',
    reference: `R${seq}`,
    balanceAfterFen: null,
    ...patch,
  }
}

function page(from: string | null, to: string, seqs: number[], patch: Partial<SyncPage> = {}): SyncPage {
  return {
    fromCursor: from,
    nextCursor: to,
    transactions: seqs.map((s) => tx(s)),
    balances: seqs.map((s) => ({ seq: s, at: tx(s).occurredAt, balanceFen: 10_000 - s })),
    hasMore: false,
    remaining: 0,
    ...patch,
  }
}

describe('the Dexie replica', () => {
  it('applies a page with its cursor', async () => {
    const db = freshDb()
    await expect(applyPage(db, page(null, 'c1', [1, 2, 3]), 42)).resolves.toBe('applied')
    expect(await db.transactions.count()).toBe(3)
    expect(await db.balances.count()).toBe(3)
    expect(await readCursor(db)).toBe('c1')
    expect((await db.meta.get('lastSyncedAt'))?.value).toBe(42)
    expect((await db.transactions.get('T1'))?.month).toBe('2026-01')
  })

  it('applies pages handed over back to back, each on the position the one before will leave', async () => {
    const db = freshDb()
    const pages = [page(null, 'c1', [1, 2]), page('c1', 'c2', [3, 4]), page('c2', 'c3', [5])]
    await db.monthStats.put({ month: '2026-01', cells: [] })
    let at = { cursor: null as string | null, lastSeq: 0 }
    const outcomes: Promise<string>[] = []
    const writesBefore = replicaWrites()
    for (const p of pages) {
      // Not awaited: the next page's transaction is made while this one is still running.
      outcomes.push(applyPageAt(db, p, at, 77))
      at = positionAfter(at, p)
    }
    expect(await Promise.all(outcomes)).toEqual(['applied', 'applied', 'applied'])
    // Each page went the fast way, in one transaction (the careful way would count a second write).
    expect(replicaWrites() - writesBefore).toBe(3)
    expect(await db.transactions.count()).toBe(5)
    expect(await db.balances.count()).toBe(5)
    expect(await db.monthStats.count()).toBe(0)
    expect((await db.meta.get('lastSyncedAt'))?.value).toBe(77)
    expect(await replicaPosition(db)).toEqual({ cursor: 'c3', lastSeq: 5 })
  })

  it('on a wrong guess of the position, writes nothing of its own and goes the careful way', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [1, 2]))
    // Told the replica is at c2 when it is at c1: refused like any page that does not fit.
    await expect(applyPageAt(db, page('c2', 'c3', [7]), { cursor: 'c2', lastSeq: 4 })).rejects.toBeInstanceOf(ReplicaError)
    expect(await db.transactions.count()).toBe(2)
    // The right cursor but a wrong lastSeq: applied with the real one, so repeated items do not go back in time.
    await applyPage(db, page('c1', 'c2', [3, 4], { transactions: [tx(3), tx(4, { status: 'failed' })] }))
    const repeat = page('c2', 'c3', [4, 5], { transactions: [tx(4, { status: 'pending', seq: 4 }), tx(5)] })
    await expect(applyPageAt(db, repeat, { cursor: 'c2', lastSeq: 3 })).resolves.toBe('applied')
    expect((await db.transactions.get('T4'))?.status).toBe('failed')
    expect(await replicaPosition(db)).toEqual({ cursor: 'c3', lastSeq: 5 })
  })

  it('writes nothing of a handed-over page with a row IndexedDB refuses, and stays where it was', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [1, 2]))
    // A row whose key IndexedDB cannot take, after a good one: refused before anything is committed.
    const bad = page('c1', 'c2', [3, 4], { transactions: [tx(3), tx(4, { id: undefined as unknown as string })] })
    await expect(applyPageAt(db, bad, { cursor: 'c1', lastSeq: 2 })).rejects.toThrow()
    expect(await db.transactions.count()).toBe(2)
    expect(await db.balances.count()).toBe(2)
    expect(await replicaPosition(db)).toEqual({ cursor: 'c1', lastSeq: 2 })
  })

  it('puts the position back when a write of a handed-over page fails after its commit', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [1, 2]))
    // The snapshots are written, then reported failed: by then the page's transaction is committed.
    type Put = (items: unknown[]) => Promise<unknown>
    const balances = db.balances as unknown as { bulkPut: Put }
    const real: Put = balances.bulkPut.bind(db.balances)
    balances.bulkPut = (items) =>
      real(items).then(() => {
        throw new Error('failed late')
      })
    await expect(applyPageAt(db, page('c1', 'c2', [3, 4]), { cursor: 'c1', lastSeq: 2 })).rejects.toThrow('failed late')
    balances.bulkPut = real
    // The replica says it is before the page again: the page comes again and applies on what stayed.
    expect(await replicaPosition(db)).toEqual({ cursor: 'c1', lastSeq: 2 })
    await expect(applyPage(db, page('c1', 'c2', [3, 4]))).resolves.toBe('applied')
    expect(await db.transactions.count()).toBe(4)
    expect(await replicaPosition(db)).toEqual({ cursor: 'c2', lastSeq: 4 })
  })

  it('changes nothing when the same page is replayed', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [1, 2]))
    await applyPage(db, page('c1', 'c2', [3]))
    const before = await db.transactions.toArray()
    await expect(applyPage(db, page('c1', 'c2', [3]))).resolves.toBe('duplicate')
    expect(await db.transactions.toArray()).toEqual(before)
    expect(await readCursor(db)).toBe('c2')
  })

  it('refuses a page that does not start at the stored cursor, and writes nothing', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [1]))
    const gap = applyPage(db, page('c5', 'c6', [9]))
    await expect(gap).rejects.toBeInstanceOf(ReplicaError)
    await expect(gap).rejects.toMatchObject({ code: 'REPLICA_GAP' })
    expect(await db.transactions.count()).toBe(1)
    expect(await readCursor(db)).toBe('c1')
  })

  it('replaces a transaction when a later entry updates it', async () => {
    const db = freshDb()
    await applyPage(db, { ...page(null, 'c1', []), transactions: [tx(1, { status: 'pending' })] })
    await applyPage(db, { ...page('c1', 'c2', []), transactions: [tx(1, { seq: 2, status: 'succeeded' })] })
    expect(await db.transactions.count()).toBe(1)
    expect((await db.transactions.get('T1'))?.status).toBe('succeeded')
  })

  it('keeps the newest state when a page repeats earlier entries or arrives shuffled', async () => {
    const db = freshDb()
    await applyPage(db, {
      ...page(null, 'c1', []),
      transactions: [tx(2, { id: 'T1', status: 'pending' }), tx(5, { id: 'T1', status: 'succeeded' })],
    })
    expect((await db.transactions.get('T1'))?.status).toBe('succeeded')
    // The next page starts with a repeat of the pending entry (seq 2) before new ones.
    await applyPage(db, { ...page('c1', 'c2', []), transactions: [tx(7, { id: 'T7' }), tx(2, { id: 'T1', status: 'pending' })] })
    expect((await db.transactions.get('T1'))?.status).toBe('succeeded')
    expect(await db.transactions.count()).toBe(2)
    // A shuffled page: the later entry of the same transaction wins.
    await applyPage(db, {
      ...page('c2', 'c3', []),
      transactions: [tx(9, { id: 'T7', status: 'reversed' }), tx(8, { id: 'T7', status: 'pending' })],
    })
    expect((await db.transactions.get('T7'))?.status).toBe('reversed')
  })

  it('serves type + month queries from the compound indexes', async () => {
    const db = freshDb()
    await applyPage(db, { ...page(null, 'c1', []), transactions: [tx(1), tx(2, { type: 'bill' }), tx(1000, { type: 'bill' })] })
    const jan = await db.transactions
      .where('[type+occurredAt]')
      .between(['bill', Date.UTC(2026, 0, 1)], ['bill', Date.UTC(2026, 1, 1)])
      .toArray()
    expect(jan.map((t) => t.id)).toEqual(['T2'])
  })

  it('is cleared as a whole', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [1]))
    await clearReplica(db)
    expect(await db.transactions.count()).toBe(0)
    expect(await readCursor(db)).toBeNull()
  })
})
