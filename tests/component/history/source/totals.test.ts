import 'fake-indexeddb/auto'
import { ref, shallowRef, watch } from 'vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { monthKeys, planHistory, planMonths, type HistoryPlan } from '@renderer/db/queries'
import type { MonthGroup } from '@renderer/views/history/source/window'
import { createMonthTotals } from '@renderer/views/history/source/totals'
import { closeAll, freshDb, load, sampleHistory } from '../fixtures'

afterEach(closeAll)

async function setup() {
  const db = freshDb()
  await load(db, sampleHistory())
  let plan: HistoryPlan | undefined = await planHistory(db, {})
  const list: MonthGroup[] = []
  let start = 0
  for (const month of await planMonths(db, plan)) {
    const keys = await monthKeys(db, plan, month)
    list.push({ month, keys, start })
    start += 1 + keys.length
  }
  const groups = shallowRef(list)
  const done = ref(false)
  const errors: unknown[] = []
  const totals = createMonthTotals({
    db: () => db,
    groups,
    plan: () => plan,
    done: () => done.value,
    failed: (e) => errors.push(e),
  })
  return { totals, done, errors, setPlan: (next: HistoryPlan | undefined) => (plan = next) }
}

describe('month totals (computed for the months asked for, one at a time)', () => {
  it('computes each month asked for, and the whole result once every month is known', async () => {
    const { totals, done } = await setup()
    expect(totals.summary('2026-03')).toBeUndefined()
    totals.ensure(['2026-03'])
    await vi.waitFor(() => expect(totals.summary('2026-03')).toMatchObject({ inFen: 5000, outFen: 1800 }))
    expect(totals.totals.value).toBeNull()
    done.value = true
    expect(totals.settled.value).toBe(true)
    expect(totals.totals.value).toBeNull()
    // The whole result's totals and `settled` change together: a view that shows one never sees the other lag.
    const settledWithTotals: boolean[] = []
    watch(
      () => totals.totals.value,
      (now) => now && settledWithTotals.push(totals.settled.value),
    )
    totals.ensure(['2026-02', '2026-01'], false)
    expect(totals.settled.value).toBe(false)
    await vi.waitFor(() => expect(totals.totals.value).not.toBeNull())
    expect(settledWithTotals).toEqual([true])
    // Every row is counted; the money leaves out January's failed payment and keeps February's pending bill.
    expect(totals.totals.value).toMatchObject({ count: 9, inFen: 35_000, outFen: 1800 + 200_000 + 8880 + 1234 + 1000 + 2550 })
    expect(totals.settled.value).toBe(true)
  })

  it('computes the months on screen before the rest, and nothing without a plan', async () => {
    const { totals } = await setup()
    const order: string[] = []
    watch(
      totals.version,
      () => {
        for (const m of ['2026-03', '2026-02', '2026-01']) if (totals.summary(m) && !order.includes(m)) order.push(m)
      },
      { flush: 'sync' },
    )
    // January is under way at once; March, asked for as on screen, goes before February.
    totals.ensure(['2026-01', '2026-02', '2026-03'], false)
    totals.ensure(['2026-03'])
    await vi.waitFor(() => expect(order).toHaveLength(3))
    expect(order).toEqual(['2026-01', '2026-03', '2026-02'])

    const other = await setup()
    other.setPlan(undefined)
    other.done.value = true
    other.totals.ensure(['2026-03'])
    await vi.waitFor(() => expect(other.totals.settled.value).toBe(true))
    expect(other.totals.summary('2026-03')).toBeUndefined()
  })

  it('forgets the totals of a new filter at once, and keeps the old ones on screen during a refresh', async () => {
    const { totals } = await setup()
    totals.ensure(['2026-03'])
    await vi.waitFor(() => expect(totals.summary('2026-03')).toBeDefined())
    totals.retire()
    expect(totals.summary('2026-03')).toBeDefined()
    totals.reset()
    expect(totals.summary('2026-03')).toBeUndefined()
  })
})
