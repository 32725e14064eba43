import 'fake-indexeddb/auto'
import { ref } from 'vue'
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { basicPlan, firstRows, type HistoryFilter } from '@renderer/db/queries'
import { createHistoryQuery } from '@renderer/views/history/source/query'
import { createMonthTotals } from '@renderer/views/history/source/totals'
import { createHistoryWindow } from '@renderer/views/history/source/window'
import { at, closeAll, freshDb, load, sampleHistory, tx } from '../fixtures'

afterEach(closeAll)

async function setup(filterNow: HistoryFilter = {}, rows = sampleHistory(), painted?: (generation: number) => Promise<void>) {
  const db = freshDb()
  await load(db, rows)
  const filter = ref<HistoryFilter>(filterNow)
  const revision = ref(0)
  const win = createHistoryWindow(() => db)
  const events: string[] = []
  const totals = createMonthTotals({
    db: () => db,
    groups: win.groups,
    plan: () => query.plan(),
    done: () => query.done.value,
    failed: (e) => (query.error.value = e),
  })
  const query = createHistoryQuery({
    db: () => db,
    filter,
    revision,
    window: win,
    totals,
    started: () => events.push('started'),
    finished: () => events.push('finished'),
    painted,
  })
  const shown = () => win.groups.value.map((g) => [g.month, g.keys.length])
  return { db, filter, win, totals, query, events, shown }
}

describe('planning the 账单 query (months newest first, each from its index)', () => {
  it('resolves every month of the filter, then the totals of the whole result', async () => {
    const { query, totals, events, shown } = await setup()
    await query.run(true)
    expect(shown()).toEqual([
      ['2026-03', 2],
      ['2026-02', 3],
      ['2026-01', 4],
    ])
    expect([query.done.value, query.pending.value, query.generation.value, query.error.value]).toEqual([true, false, 1, null])
    expect(events).toEqual(['started', 'finished'])
    await vi.waitFor(() => expect(totals.totals.value).toMatchObject({ count: 9, inFen: 35_000 }))
  })

  it('starts over for a new filter, and a refresh keeps the filter’s generation', async () => {
    const { db, filter, query, shown } = await setup()
    await query.run(true)
    filter.value = { type: 'payment' }
    await query.run(true)
    expect(shown()).toEqual([
      ['2026-03', 1],
      ['2026-02', 1],
      ['2026-01', 3],
    ])
    expect(query.generation.value).toBe(2)
    await load(db, [tx({ occurredAt: at(2026, 3, 5), amountFen: 700 })])
    await query.run(false)
    expect(shown()[0]).toEqual(['2026-03', 2])
    expect(query.generation.value).toBe(2)
  })

  it('lets only the latest run publish and report its end', async () => {
    const { filter, query, events, shown } = await setup()
    const first = query.run(true)
    filter.value = { text: '房租' }
    const second = query.run(true)
    await Promise.all([first, second])
    expect(shown()).toEqual([['2026-02', 1]])
    expect(events).toEqual(['started', 'started', 'finished'])
  })

  it('finds nothing for a search nothing matches', async () => {
    const { query, shown } = await setup({ text: '没有这笔' })
    await query.run(true)
    expect(shown()).toEqual([])
    expect(query.done.value).toBe(true)
  })
})

describe('the first screen before the rest', () => {
  /** 40 rows in March, 3 in February: more than the first screen's 30 newest. */
  const longMonth = () => [
    ...Array.from({ length: 40 }, (_, i) => tx({ occurredAt: at(2026, 3, 1 + (i % 28), 8 + (i % 12)) })),
    ...Array.from({ length: 3 }, (_, i) => tx({ occurredAt: at(2026, 2, 3 + i) })),
  ]

  it('shows the newest rows, and lays out the rest of the result only after they are painted', async () => {
    const asked: number[] = []
    let paint!: () => void
    const painted = (generation: number) => {
      asked.push(generation)
      return new Promise<void>((resolve) => (paint = resolve))
    }
    const { query, shown } = await setup({}, longMonth(), painted)
    const run = query.run(true)
    await vi.waitFor(() => expect(shown()).toEqual([['2026-03', 30]]))
    await vi.waitFor(() => expect(asked).toEqual([1]))
    // Until the list says so, the first screen stays as it is.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(shown()).toEqual([['2026-03', 30]])
    expect(query.done.value).toBe(false)
    paint()
    await run
    expect(shown()).toEqual([
      ['2026-03', 40],
      ['2026-02', 3],
    ])
    expect(query.done.value).toBe(true)
  })

  it('reads nothing more until the newest rows are painted when they are the first screen', async () => {
    let paint!: () => void
    const painted = () => new Promise<void>((resolve) => (paint = resolve))
    const { db, query, shown } = await setup({}, longMonth(), painted)
    // Every read of the replica goes through one of these (Dexie over IndexedDB).
    let reads = 0
    const protos = [IDBObjectStore.prototype, IDBIndex.prototype] as unknown as Record<string, (...a: unknown[]) => unknown>[]
    for (const proto of protos) {
      for (const name of ['get', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor']) {
        const real = proto[name]!
        proto[name] = function (this: unknown, ...args: unknown[]) {
          reads++
          return real.apply(this, args)
        }
        onTestFinished(() => void (proto[name] = real))
      }
    }
    // What reading the newest rows takes on its own.
    await firstRows(db, basicPlan({}))
    const ownReads = reads
    reads = 0
    const run = query.run(true)
    await vi.waitFor(() => expect(shown()).toEqual([['2026-03', 30]]))
    await new Promise((resolve) => setTimeout(resolve, 50))
    // Nothing but them until they are painted: the months' reads (and their decrypting) would otherwise run
    // between the rows and the frame that shows them.
    expect(reads).toBe(ownReads)
    paint()
    await run
    expect(reads).toBeGreaterThan(ownReads)
    expect(query.done.value).toBe(true)
  })

  it('does not read (decrypt, re-render) the rows it showed first again with their month', async () => {
    let paint!: () => void
    const painted = () => new Promise<void>((resolve) => (paint = resolve))
    const { query, win, shown } = await setup({}, longMonth(), painted)
    const run = query.run(true)
    await vi.waitFor(() => expect(shown()).toEqual([['2026-03', 30]]))
    const rowAt = (i: number) => {
      const item = win.itemAt(i)
      return item?.kind === 'row' ? item.row : undefined
    }
    const first = Array.from({ length: 30 }, (_, i) => rowAt(i + 1))
    expect(first.every((r) => r !== undefined)).toBe(true)
    paint()
    await run
    expect(shown()).toEqual([
      ['2026-03', 40],
      ['2026-02', 3],
    ])
    // The same objects: the list's lines see the same props and are not rendered again.
    for (let i = 0; i < 30; i++) expect(rowAt(i + 1)).toBe(first[i])
    // The month's other rows are read when shown, as any row.
    expect(rowAt(31)).toBeUndefined()
  })

  it('does not wait when there was no first screen to paint, nor for a refresh', async () => {
    const asked: number[] = []
    const never = (generation: number) => {
      asked.push(generation)
      return new Promise<void>(() => {})
    }
    const { query, shown } = await setup({ text: '没有这笔' }, longMonth(), never)
    await query.run(true)
    expect([shown(), query.done.value]).toEqual([[], true])
    await query.run(false)
    expect(query.done.value).toBe(true)
    expect(asked).toEqual([])
  })

  it('a newer filter does not wait for the older one’s paint', async () => {
    const waits: { generation: number; resolve: () => void }[] = []
    const painted = (generation: number) => new Promise<void>((resolve) => waits.push({ generation, resolve }))
    const { filter, query, shown } = await setup({}, longMonth(), painted)
    const first = query.run(true)
    await vi.waitFor(() => expect(waits.map((w) => w.generation)).toEqual([1]))
    filter.value = { type: 'payment' }
    const second = query.run(true)
    await vi.waitFor(() => expect(waits.map((w) => w.generation)).toEqual([1, 2]))
    waits[1]!.resolve()
    await second
    expect(shown()).toEqual([
      ['2026-03', 40],
      ['2026-02', 3],
    ])
    // The older run, released at last, publishes nothing.
    waits[0]!.resolve()
    await first
    expect(query.generation.value).toBe(2)
    expect(shown()[0]).toEqual(['2026-03', 40])
  })
})

