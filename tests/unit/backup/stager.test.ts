/**
 * A staged backup (src/main/platform/backup/jobs.ts) opens, checks and compresses each chunk as it comes;
 * the file it makes is an ordinary backup: decodeBackup reads the same payload back.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decodeBackup } from '../../../src/main/platform/backup'
import {
  createStager,
  packChunk,
  HELPED_MIN_PAGES,
  runOpen,
  sealPage,
  type BusyPacker,
  type OpenedResult,
  type PageTask,
  type PayloadHead,
} from '../../../src/main/platform/backup/jobs'
import type { SealedRestorePage } from '../../../src/shared/contract/backup'
import { createReplicaSealer, deriveReplicaKeys } from '../../../src/main/platform/replica/sealer'
import { samplePayload } from './sample'

const keys = deriveReplicaKeys(randomBytes(32), '0021000012345678')
const sealer = createReplicaSealer(keys)

function staged(count: number) {
  const payload = samplePayload(count)
  const { transactions, balances, sync, ...head } = payload
  return {
    payload,
    head: head satisfies PayloadHead,
    transactions: transactions.map((t) => sealer.sealTransaction(t)),
    balances: balances.map((b) => sealer.sealBalance(b)),
    sync: { ...sync, cursor: sealer.wrapCursor(sync.cursor) },
  }
}

describe('a staged backup', () => {
  it('makes a file that opens to the payload, whatever the chunks', async () => {
    const s = staged(1234)
    const stager = createStager(keys)
    stager.add({ transactions: s.transactions.slice(0, 500), balances: [] })
    stager.add({ transactions: s.transactions.slice(500), balances: s.balances.slice(0, 3) })
    stager.add({ transactions: [], balances: s.balances.slice(3) })
    const key = randomBytes(32)
    const { bytes, summary } = await stager.pack({ secret: key, head: s.head, sync: s.sync })
    const opened = await decodeBackup(bytes, key)
    expect(opened.payload).toEqual(s.payload)
    expect(summary.counts.transactions).toBe(1234)
    // The summary the renderer sees carries the cursor sealed.
    expect(summary.syncCursor).toBe(s.sync.cursor)
    // And the restore re-seals what the backup holds.
    const back = await runOpen({ kind: 'open', keys, secret: key, bytes, pageRecords: 500 })
    expect(back.kind === 'opened' && back.counts).toEqual({
      transactions: 1234,
      balances: s.balances.length,
      terms: expect.any(Number),
    })
  })

  it('makes a file of an empty replica', async () => {
    const s = staged(0)
    const stager = createStager(keys)
    const key = randomBytes(32)
    const { bytes } = await stager.pack({ secret: key, head: s.head, sync: s.sync })
    expect((await decodeBackup(bytes, key)).payload).toEqual(s.payload)
  })

  it('refuses a transaction staged twice', async () => {
    const s = staged(10)
    const stager = createStager(keys)
    stager.add({ transactions: s.transactions, balances: [] })
    stager.add({ transactions: s.transactions.slice(3, 4), balances: [] })
    await expect(stager.pack({ secret: randomBytes(32), head: s.head, sync: s.sync })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { path: 'transactions', issue: 'duplicate key' },
    })
  })

  it('refuses records or a cursor sealed under other keys', async () => {
    const s = staged(3)
    const other = createReplicaSealer(deriveReplicaKeys(randomBytes(32), 'another'))
    const foreign = createStager(keys)
    foreign.add({ transactions: [other.sealTransaction(s.payload.transactions[0]!)], balances: [] })
    await expect(foreign.pack({ secret: randomBytes(32), head: s.head, sync: s.sync })).rejects.toMatchObject({
      code: 'REPLICA_KEY_MISMATCH',
    })
    const cursor = createStager(keys)
    await expect(
      cursor.pack({ secret: randomBytes(32), head: s.head, sync: { ...s.sync, cursor: other.wrapCursor('c') } }),
    ).rejects.toMatchObject({ code: 'REPLICA_KEY_MISMATCH' })
  })

  /** A packer of "another thread": packs with the same keys, answers after `delayMs`, counts its chunks. */
  function slowPacker(delayMs: number): BusyPacker & { chunks: number } {
    let outstanding = 0
    const packer = {
      chunks: 0,
      outstanding: () => outstanding,
      pack: async (task: Parameters<BusyPacker['pack']>[0]) => {
        packer.chunks++
        outstanding++
        await new Promise((resolve) => setTimeout(resolve, delayMs))
        outstanding--
        return packChunk(sealer, task)
      },
    }
    return packer
  }

  it('hands each chunk to the packer thread with the fewest waiting, and keeps the rows in order', async () => {
    const s = staged(2000)
    const slow = slowPacker(30)
    const fast = slowPacker(1)
    const stager = createStager(keys, [slow, fast])
    const chunk = (at: number) => ({ transactions: s.transactions.slice(at, at + 100), balances: [] })
    stager.add(chunk(0))
    stager.add(chunk(100))
    expect([slow.chunks, fast.chunks]).toEqual([1, 1])
    // The fast one has answered its chunk, the slow one not yet: the next chunk goes to the fast one.
    await new Promise((resolve) => setTimeout(resolve, 15))
    stager.add(chunk(200))
    expect([slow.chunks, fast.chunks]).toEqual([1, 2])
    for (let at = 300; at < 2000; at += 100) stager.add(chunk(at))
    stager.add({ transactions: [], balances: s.balances })
    const key = randomBytes(32)
    const { bytes, summary } = await stager.pack({ secret: key, head: s.head, sync: s.sync })
    expect((await decodeBackup(bytes, key)).payload).toEqual(s.payload)
    expect(summary.counts.transactions).toBe(2000)
    const times = s.payload.transactions.map((t) => t.occurredAt)
    expect(summary.transactionRange).toEqual({ from: Math.min(...times), to: Math.max(...times) })
  })

  it("names the earliest chunk's problem, whichever packer found it and whenever it answered", async () => {
    const s = staged(30)
    const other = createReplicaSealer(deriveReplicaKeys(randomBytes(32), 'another'))
    const stager = createStager(keys, [slowPacker(40)])
    // Chunk 0 goes to the slow helper and does not open; chunk 1 is packed here at once; chunk 2 repeats a row.
    stager.add({ transactions: [other.sealTransaction(s.payload.transactions[0]!)], balances: [] })
    stager.add({ transactions: s.transactions.slice(1, 10), balances: [] })
    stager.add({ transactions: s.transactions.slice(5, 6), balances: [] })
    await expect(stager.pack({ secret: randomBytes(32), head: s.head, sync: s.sync })).rejects.toMatchObject({
      code: 'REPLICA_KEY_MISMATCH',
    })
    const late = createStager(keys, [slowPacker(40)])
    late.add({ transactions: s.transactions.slice(0, 10), balances: [] })
    late.add({ transactions: s.transactions.slice(5, 6), balances: [] })
    await expect(late.pack({ secret: randomBytes(32), head: s.head, sync: s.sync })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { path: 'transactions', issue: 'duplicate key' },
    })
  })
})

describe("a restore's pages", () => {
  async function backupOf(count: number) {
    const s = staged(count)
    const stager = createStager(keys)
    stager.add({ transactions: s.transactions, balances: s.balances })
    const key = randomBytes(32)
    const { bytes } = await stager.pack({ secret: key, head: s.head, sync: s.sync })
    return { s, key, bytes }
  }
  const pagesOf = (r: OpenedResult | { kind: 'inspected' }): SealedRestorePage[] => {
    if (r.kind !== 'opened') throw new Error('not opened')
    return r.offsets
      .slice(0, -1)
      .map((at, i) => JSON.parse(Buffer.from(r.pages.subarray(at, r.offsets[i + 1])).toString('utf8')) as SealedRestorePage)
  }
  /** A page sealer of "another thread": seals with the same keys after `delayMs`, counts its pages; fails if told to. */
  function pageHelper(delayMs: number, fails = false) {
    const helper = {
      pages: 0,
      seal: async (task: PageTask) => {
        helper.pages++
        await new Promise((resolve) => setTimeout(resolve, delayMs))
        if (fails) throw new Error('the helper thread died')
        return sealPage(createReplicaSealer(keys), task)
      },
    }
    return helper
  }
  const layout = (pages: SealedRestorePage[]) =>
    pages.map((p) => ({ t: p.transactions.map((t) => t.id), b: p.balances.map((b) => b.seq), terms: p.terms?.map((t) => t.t) }))

  it('are sealed by helper threads side by side, in the same pages and order as in this thread', async () => {
    const { s, key, bytes } = await backupOf(2300)
    const job = { kind: 'open' as const, keys, secret: key, bytes, pageRecords: 100 }
    const here = pagesOf(await runOpen(job))
    const slow = pageHelper(25)
    const fast = pageHelper(1)
    const there = pagesOf(await runOpen(job, undefined, undefined, () => [slow.seal, fast.seal]))
    expect(layout(there)).toEqual(layout(here))
    expect(slow.pages + fast.pages).toBe(there.length)
    expect(slow.pages).toBeGreaterThan(0)
    expect(fast.pages).toBeGreaterThan(slow.pages)
    // Every row opens back to what the backup holds.
    const opened = there.flatMap((p) => p.transactions.map((t) => sealer.openTransaction(t)))
    expect(opened).toEqual(s.payload.transactions)
  })

  it("leaves a failed helper's pages to this thread, and still gives every page", async () => {
    const { key, bytes } = await backupOf(1200)
    const job = { kind: 'open' as const, keys, secret: key, bytes, pageRecords: 100 }
    const here = pagesOf(await runOpen(job))
    const broken = pageHelper(1, true)
    const there = pagesOf(await runOpen(job, undefined, undefined, () => [broken.seal]))
    expect(broken.pages).toBeGreaterThan(0)
    expect(layout(there)).toEqual(layout(here))
  })

  it('are all sealed in this thread when there are too few to be worth a helper', async () => {
    const { key, bytes } = await backupOf(600)
    const pageRecords = 100
    const helper = pageHelper(1)
    const asked: number[] = []
    const opened = pagesOf(
      await runOpen({ kind: 'open', keys, secret: key, bytes, pageRecords }, undefined, undefined, () => {
        asked.push(1)
        return [helper.seal]
      }),
    )
    expect(opened.length).toBeLessThan(HELPED_MIN_PAGES)
    // Not even asked for helpers: a restore this small starts no thread.
    expect(asked).toEqual([])
    expect(helper.pages).toBe(0)
  })
})
