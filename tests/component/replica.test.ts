import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import type { PlainSyncPage, ReplicaTransaction, SyncPage } from '@shared/contract/sync'
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
  type TxRow,
  type WalletDb,
} from '@renderer/db/replica'
import { openBalance, openTx, openTxs, sealStats } from '@renderer/db/seal'
import { sealer, sealPage } from './sealed-replica'

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

/** A page as main sends it: the plain page sealed, its cursors sealed (`c1` stands for the bank's cursor 'c1'). */
function page(from: string | null, to: string, seqs: number[], patch: Partial<PlainSyncPage> = {}): SyncPage {
  return sealPage({
    fromCursor: from,
    nextCursor: to,
    transactions: seqs.map((s) => tx(s)),
    balances: seqs.map((s) => ({ seq: s, at: tx(s).occurredAt, balanceFen: 10_000 - s })),
    hasMore: false,
    remaining: 0,
    ...patch,
  })
}

/** The replica's cursor for the bank's cursor `c`: sealed, the same string every time. */
const cursor = (c: string) => sealer.wrapCursor(c)

async function row(db: WalletDb, id: string): Promise<TxRow | undefined> {
  const record = await db.sealedTx.get(sealer.rowKey(id))
  return record && openTx(record)
}

describe('the Dexie replica', () => {
  it('applies a page with its cursor', async () => {
    const db = freshDb()
    await expect(applyPage(db, page(null, 'c1', [1, 2, 3]), 42)).resolves.toBe('applied')
    expect(await db.sealedTx.count()).toBe(3)
    expect(await db.sealedBalances.count()).toBe(3)
    expect(await readCursor(db)).toBe(cursor('c1'))
    expect(sealer.unwrapCursor((await readCursor(db))!)).toBe('c1')
    expect((await db.meta.get('lastSyncedAt'))?.value).toBe(42)
    expect(await row(db, 'T1')).toMatchObject({ month: '2026-01', amountFen: 100, counterparty: '美团外卖', reference: 'R1' })
    expect(await openBalance((await db.sealedBalances.get(2))!)).toEqual({ seq: 2, at: tx(2).occurredAt, balanceFen: 9_998 })
    // Each transaction's counterparty, memo (none here) and amount bucket is in the dictionary once.
    expect(await db.terms.where('k').equals('p').count()).toBe(1)
    expect(await db.terms.where('k').equals('m').count()).toBe(0)
  })

  it('applies pages handed over back to back, each on the position the one before will leave', async () => {
    const db = freshDb()
    const pages = [page(null, 'c1', [1, 2]), page('c1', 'c2', [3, 4]), page('c2', 'c3', [5])]
    await db.sealedStats.put(await sealStats('2026-01', []))
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
    expect(await db.sealedTx.count()).toBe(5)
    expect(await db.sealedBalances.count()).toBe(5)
    expect(await db.sealedStats.count()).toBe(0)
    expect((await db.meta.get('lastSyncedAt'))?.value).toBe(77)
    expect(await replicaPosition(db)).toEqual({ cursor: cursor('c3'), lastSeq: 5 })
  })

  it('on a wrong guess of the position, writes nothing of its own and goes the careful way', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [1, 2]))
    // Told the replica is at c2 when it is at c1: refused like any page that does not fit.
    await expect(applyPageAt(db, page('c2', 'c3', [7]), { cursor: cursor('c2'), lastSeq: 4 })).rejects.toBeInstanceOf(
      ReplicaError,
    )
    expect(await db.sealedTx.count()).toBe(2)
    // The right cursor but a wrong lastSeq: applied with the real one, so repeated items do not go back in time.
    await applyPage(db, page('c1', 'c2', [3, 4], { transactions: [tx(3), tx(4, { status: 'failed' })] }))
    const repeat = page('c2', 'c3', [4, 5], { transactions: [tx(4, { status: 'pending', seq: 4 }), tx(5)] })
    await expect(applyPageAt(db, repeat, { cursor: cursor('c2'), lastSeq: 3 })).resolves.toBe('applied')
    expect((await row(db, 'T4'))?.status).toBe('failed')
    expect(await replicaPosition(db)).toEqual({ cursor: cursor('c3'), lastSeq: 5 })
  })

  it('writes nothing of a handed-over page with a row IndexedDB refuses, and stays where it was', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [1, 2]))
    // A row whose key IndexedDB cannot take, after a good one: refused before anything is committed.
    const bad = page('c1', 'c2', [3, 4])
    bad.transactions[1] = { ...bad.transactions[1]!, id: undefined as unknown as string }
    await expect(applyPageAt(db, bad, { cursor: cursor('c1'), lastSeq: 2 })).rejects.toThrow()
    expect(await db.sealedTx.count()).toBe(2)
    expect(await db.sealedBalances.count()).toBe(2)
    expect(await replicaPosition(db)).toEqual({ cursor: cursor('c1'), lastSeq: 2 })
  })

  it('puts the position back when a write of a handed-over page fails after its commit', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [1, 2]))
    // The snapshots are written, then reported failed: by then the page's transaction is committed.
    type Put = (items: unknown[]) => Promise<unknown>
    const balances = db.sealedBalances as unknown as { bulkPut: Put }
    const real: Put = balances.bulkPut.bind(db.sealedBalances)
    balances.bulkPut = (items) =>
      real(items).then(() => {
        throw new Error('failed late')
      })
    await expect(applyPageAt(db, page('c1', 'c2', [3, 4]), { cursor: cursor('c1'), lastSeq: 2 })).rejects.toThrow('failed late')
    balances.bulkPut = real
    // The replica says it is before the page again: the page comes again and applies on what stayed.
    expect(await replicaPosition(db)).toEqual({ cursor: cursor('c1'), lastSeq: 2 })
    await expect(applyPage(db, page('c1', 'c2', [3, 4]))).resolves.toBe('applied')
    expect(await db.sealedTx.count()).toBe(4)
    expect(await replicaPosition(db)).toEqual({ cursor: cursor('c2'), lastSeq: 4 })
  })

  it('changes nothing when the same page is replayed', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [1, 2]))
    await applyPage(db, page('c1', 'c2', [3]))
    const before = await db.sealedTx.toArray()
    // Sealed again with fresh nonces: had it been written, the stored records would differ.
    await expect(applyPage(db, page('c1', 'c2', [3]))).resolves.toBe('duplicate')
    expect(await db.sealedTx.toArray()).toEqual(before)
    expect(await readCursor(db)).toBe(cursor('c2'))
  })

  it('refuses a page that does not start at the stored cursor, and writes nothing', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [1]))
    const gap = applyPage(db, page('c5', 'c6', [9]))
    await expect(gap).rejects.toBeInstanceOf(ReplicaError)
    await expect(gap).rejects.toMatchObject({ code: 'REPLICA_GAP' })
    expect(await db.sealedTx.count()).toBe(1)
    expect(await readCursor(db)).toBe(cursor('c1'))
  })

  it('replaces a transaction when a later entry updates it', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [], { transactions: [tx(1, { status: 'pending' })] }))
    await applyPage(db, page('c1', 'c2', [], { transactions: [tx(1, { seq: 2, status: 'succeeded' })] }))
    expect(await db.sealedTx.count()).toBe(1)
    expect((await row(db, 'T1'))?.status).toBe('succeeded')
  })

  it('keeps the newest state when a page repeats earlier entries or arrives shuffled', async () => {
    const db = freshDb()
    await applyPage(
      db,
      page(null, 'c1', [], { transactions: [tx(2, { id: 'T1', status: 'pending' }), tx(5, { id: 'T1', status: 'succeeded' })] }),
    )
    expect((await row(db, 'T1'))?.status).toBe('succeeded')
    // The next page starts with a repeat of the pending entry (seq 2) before new ones.
    await applyPage(db, page('c1', 'c2', [], { transactions: [tx(7, { id: 'T7' }), tx(2, { id: 'T1', status: 'pending' })] }))
    expect((await row(db, 'T1'))?.status).toBe('succeeded')
    expect(await db.sealedTx.count()).toBe(2)
    // A shuffled page: the later entry of the same transaction wins.
    await applyPage(
      db,
      page('c2', 'c3', [], { transactions: [tx(9, { id: 'T7', status: 'reversed' }), tx(8, { id: 'T7', status: 'pending' })] }),
    )
    expect((await row(db, 'T7'))?.status).toBe('reversed')
  })

  it('serves type + month queries from the compound indexes', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [], { transactions: [tx(1), tx(2, { type: 'bill' }), tx(1000, { type: 'bill' })] }))
    const jan = await db.sealedTx
      .where('[type+occurredAt]')
      .between(['bill', Date.UTC(2026, 0, 1)], ['bill', Date.UTC(2026, 1, 1)])
      .toArray()
    expect((await openTxs(jan)).map((t) => [t.id, t.type])).toEqual([['T2', 'bill']])
  })

  it('is cleared as a whole', async () => {
    const db = freshDb()
    await applyPage(db, page(null, 'c1', [1]))
    await clearReplica(db)
    for (const table of db.tables) expect(await table.count()).toBe(0)
    expect(await readCursor(db)).toBeNull()
  })

  it('writes each dictionary entry once, and again after a clear', async () => {
    const db = freshDb()
    const written: number[] = []
    const terms = db.terms as unknown as { bulkPut: (items: unknown[]) => Promise<unknown> }
    const real = terms.bulkPut.bind(db.terms)
    terms.bulkPut = (items) => (written.push(items.length), real(items))
    await applyPage(db, page(null, 'c1', [1, 2]))
    // The same counterparty, memo and amount buckets again: nothing new for the dictionary.
    const again = { transactions: [tx(3, { amountFen: 100 }), tx(4, { amountFen: 200 })] }
    await applyPageAt(db, page('c1', 'c2', [3, 4], again), { cursor: cursor('c1'), lastSeq: 2 })
    expect(written).toHaveLength(1)
    // A new amount bucket is the only entry the next page writes.
    await applyPageAt(db, page('c2', 'c3', [5], { transactions: [tx(5, { amountFen: 90_000 })] }), { cursor: cursor('c2'), lastSeq: 4 })
    expect(written).toEqual([3, 1])
    await clearReplica(db)
    const stored = 3
    await applyPage(db, page(null, 'c1', [1, 2]))
    expect(written).toEqual([3, 1, 3])
    expect(await db.terms.count()).toBe(stored)
  })
})
