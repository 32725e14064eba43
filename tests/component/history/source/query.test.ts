import 'fake-indexeddb/auto'
import { ref } from 'vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { HistoryFilter } from '@renderer/db/queries'
import { createHistoryQuery } from '@renderer/views/history/source/query'
import { createMonthTotals } from '@renderer/views/history/source/totals'
import { createHistoryWindow } from '@renderer/views/history/source/window'
import { at, closeAll, freshDb, load, sampleHistory, tx } from '../fixtures'

afterEach(closeAll)

async function setup(filterNow: HistoryFilter = {}) {
  const db = freshDb()
  await load(db, sampleHistory())
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
