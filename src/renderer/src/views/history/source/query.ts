import { ref, type Ref } from 'vue'
import { monthOf, type TxRow, type WalletDb } from '@renderer/db/replica'
import {
  basicPlan,
  filterKeySet,
  firstRows,
  firstRowsExact,
  firstRowsNow,
  groupByMonth,
  monthKeys,
  monthSlice,
  needsKeySet,
  planMonths,
  searchValues,
  type HistoryFilter,
  type HistoryPlan,
  type SearchValues,
} from '@renderer/db/queries'
import type { MonthTotals } from './totals'
import type { HistoryWindow } from './window'
import { nextTask } from '@renderer/features/shell/next-task'

/** Items that fill a screen (or two): until then every month found is shown at once. */
const FIRST_SCREEN = 60
/** After that, a longer list is shown at most this often while the rest of it is being found. */
const PUBLISH_MS = 300
/** Rows read together with the first month's keys: more than a screen. */
const HEAD_ROWS = 30

const itemsOf = (list: { keys: string[] }[]) => list.reduce((n, g) => n + 1 + g.keys.length, 0)

export interface HistoryQueryParts {
  db: () => WalletDb
  filter: Ref<HistoryFilter>
  revision: Ref<number>
  window: HistoryWindow
  totals: MonthTotals
  /** A run started (every run), and the latest run ended. */
  started: () => void
  finished: () => void
  /**
   * Resolves when the first screen of this generation is painted (source/painted.ts); without it the
   * rest of a result is laid out as soon as it is known.
   */
  painted?: (generation: number) => Promise<void>
}

/**
 * Planning the 账单 query: the months of the current filter, newest first, each resolved from its index,
 * so the first rows show before the rest of the history has been looked at. A new filter shows each month
 * as soon as it is known; a refresh after sync keeps the old list on screen and swaps in the new one when
 * it is complete. Only the latest run publishes anything.
 */
export function createHistoryQuery(parts: HistoryQueryParts) {
  const { window: win, totals } = parts
  const done = ref(false)
  /** A new filter is being applied and the list still shows the previous result. */
  const pending = ref(false)
  const error = ref<unknown>(null)
  /** Bumped when the query restarts because the filter changed (not when it refreshes after sync). */
  const generation = ref(0)
  let plan: HistoryPlan | undefined
  let runId = 0
  let values: { seq: number; values: SearchValues } | undefined

  async function knownValues(database: WalletDb, always = false): Promise<SearchValues | undefined> {
    if (!always && !(parts.filter.value.text ?? '').trim()) return undefined
    if (values?.seq !== parts.revision.value) values = { seq: parts.revision.value, values: await searchValues(database) }
    return values.values
  }

  async function run(fresh: boolean): Promise<void> {
    const id = ++runId
    parts.started()
    const database = parts.db()
    if (fresh) {
      generation.value++
      performance.mark('wallet:history-query', { detail: { generation: generation.value } })
      // The previous result stays on screen (dimmed) until the first month of this one is known.
      pending.value = win.groups.value.length > 0
      plan = undefined
      win.retire()
      totals.reset()
    }
    done.value = false
    error.value = null
    try {
      // Everything that does not depend on another answer is asked at once: the key sets of search
      // and amount, where the rows begin and end, and (a guess) this month's keys and first rows.
      const filterNow = { ...parts.filter.value }
      const basic = basicPlan(filterNow)
      // A first screen straight from the newest rows, shown unless the real first month is faster.
      // Asked first: the database answers in order, and this is the small request the screen waits for.
      let published = 0
      // Shown from the newest rows: the rest of the result waits until they are painted (below).
      let headShown = false
      let headAsked: Promise<void> | null = null
      const showHead = (head: TxRow[]) => {
        if (id !== runId || published > 0 || head.length === 0) return
        win.keep(head)
        pending.value = false
        win.show(groupByMonth(head))
        headShown = true
      }
      if (fresh) {
        // Read at start-up and already here: shown now, in the same render as the view that asks.
        const ready = firstRowsNow(database, basic)
        if (ready) {
          showHead(ready)
          headAsked = Promise.resolve()
        } else headAsked = firstRows(database, basic).then(showHead, () => {})
      }
      // Laying out the rest (a month of thousands of items at 100k) and reading the rows around the screen
      // would otherwise run between the first screen's frame and the next, in the tasks that follow it.
      const generationNow = generation.value
      let waited = false
      const afterFirstScreen = async (): Promise<boolean> => {
        if (waited || !headShown || !parts.painted) return true
        waited = true
        await parts.painted(generationNow)
        // The list's report comes in the task after the frame; what else waited for it runs in tasks of its own.
        await nextTask()
        return id === runId
      }
      // When those rows are exactly the result's first screen, nothing else is read until they are painted:
      // the months' reads and their decrypting would otherwise run between the rows and the frame that shows them.
      if (headAsked && firstRowsExact(basic)) {
        await headAsked
        if (id !== runId || !(await afterFirstScreen())) return
      }
      const withKeys = needsKeySet(filterNow)
      const keySetAsked = withKeys
        ? knownValues(database).then((v) => filterKeySet(database, filterNow, v))
        : Promise.resolve(null)
      const monthsAsked = planMonths(database, basic)
      const guess = fresh ? monthOf(Math.min(Date.now(), basic.to - 1)) : null
      // Rows already shown from the newest rows are not read (and decrypted, and rendered) a second time.
      const guessed = guess ? monthSlice(database, basic, guess, withKeys || headShown ? 0 : HEAD_ROWS) : null
      for (const p of [keySetAsked, monthsAsked, guessed]) p?.catch(() => {})
      const keySet = await keySetAsked
      const next: HistoryPlan = { ...basic, keySet }
      const months = keySet?.size === 0 ? [] : await monthsAsked
      if (id !== runId) return
      const found: { month: string; keys: string[] }[] = []
      let publishedAt = 0
      for (const month of months) {
        // The first screen's rows come with the first month's keys: one round trip less before they show.
        let slice: { keys: string[]; head: TxRow[] }
        if (month === guess && guessed) {
          // The guess was asked without the key sets: narrow it now.
          slice = await guessed
          if (keySet) slice = { keys: slice.keys.filter((k) => keySet.has(k)), head: [] }
        } else if (fresh && published === 0) slice = await monthSlice(database, next, month, headShown ? 0 : HEAD_ROWS)
        else slice = { keys: await monthKeys(database, next, month), head: [] }
        if (id !== runId) return
        win.keep(slice.head)
        if (slice.keys.length) {
          found.push({ month, keys: slice.keys })
          // The first screen at once, then the rest of the months now and then (each new layout
          // costs the virtualizer a pass over every item).
          if (fresh && (published === 0 || itemsOf(found) < FIRST_SCREEN || Date.now() - publishedAt > PUBLISH_MS)) {
            if (!(await afterFirstScreen())) return
            plan = next
            pending.value = false
            win.show(found)
            published = found.length
            publishedAt = Date.now()
          }
          if (fresh) {
            await nextTask()
            if (id !== runId) return
          }
        }
      }
      if (!fresh) {
        win.retire()
        totals.retire()
      }
      if (fresh && !(await afterFirstScreen())) return
      plan = next
      pending.value = false
      if (!fresh || published !== found.length || found.length === 0) win.show(found)
      if (fresh) win.forgetRetired()
      done.value = true
      win.changed()
      totals.changed()
      // The totals of the whole result: after what is on screen, one month at a time.
      totals.ensure(
        found.map((g) => g.month),
        false,
      )
    } catch (e) {
      if (id === runId) error.value = e
    } finally {
      if (id === runId) parts.finished()
    }
  }

  return {
    done,
    pending,
    error,
    generation,
    /** The plan of the result on screen (undefined until its first month is known). */
    plan: () => plan,
    run,
    /** Reads the distinct counterparties and memos ahead of a first search. */
    warmSearch: () => knownValues(parts.db(), true).then(() => undefined),
    /** No run publishes anything any more. */
    stop: () => void runId++,
  }
}
