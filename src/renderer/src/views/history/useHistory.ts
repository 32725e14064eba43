import { computed, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import { monthOf, type TxRow, type WalletDb } from '@renderer/db/replica'
import {
  basicPlan,
  emptySummary,
  filterKeySet,
  firstRows,
  groupByMonth,
  monthKeys,
  monthSlice,
  monthSummary,
  needsKeySet,
  planMonths,
  searchValues,
  type HistoryFilter,
  type HistoryPlan,
  type MonthSummary,
  type SearchValues,
} from '@renderer/db/queries'

export interface MonthGroup {
  month: string
  keys: string[]
  /** Index of the group's header among all list items. */
  start: number
}

export type ListItem =
  { kind: 'header'; group: MonthGroup } | { kind: 'row'; group: MonthGroup; key: string; row: TxRow | undefined }

/** Items that fill a screen (or two): until then every month found is shown at once. */
const FIRST_SCREEN = 60
/** After that, a longer list is shown at most this often while the rest of it is being found. */
const PUBLISH_MS = 300

const itemsOf = (list: { keys: string[] }[]) => list.reduce((n, g) => n + 1 + g.keys.length, 0)

/** Rows read together with the first month's keys: more than a screen. */
const HEAD_ROWS = 30
/** At most this many rows stay in memory; the list shows a few dozen. */
const ROW_CACHE = 3000
/** While a long first sync applies a page every few hundred ms, the list follows at most this often. */
const REFRESH_MS = 1500

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

export function sameFilter(a: HistoryFilter, b: HistoryFilter): boolean {
  const keys: (keyof HistoryFilter)[] = ['type', 'status', 'from', 'to', 'minFen', 'maxFen', 'text']
  return keys.every((k) => (a[k] ?? null) === (b[k] ?? null))
}

/**
 * The 账单 list as months of primary keys: months are resolved newest first, each from its index,
 * so the first rows show before the rest of the history has been looked at; rows are read only for
 * the items on screen and kept in a bounded cache; monthly totals are computed for the months shown.
 */
export function useHistory(db: () => WalletDb, filter: Ref<HistoryFilter>, revision: Ref<number>) {
  const groups = shallowRef<MonthGroup[]>([])
  const itemCount = ref(0)
  const done = ref(false)
  /** A new filter is being applied and the list still shows the previous result. */
  const pending = ref(false)
  const error = ref<unknown>(null)
  /** Bumped when the query restarts because the filter changed (not when it refreshes after sync). */
  const generation = ref(0)
  const rowsVersion = ref(0)
  const summariesVersion = ref(0)

  let plan: HistoryPlan | undefined
  let runId = 0
  let running = false
  /** The replica changed while a run was going on. */
  let stale = false
  let refreshTimer: ReturnType<typeof setTimeout> | undefined
  let lastRefresh = 0
  let rows = new Map<string, TxRow>()
  let staleRows = new Map<string, TxRow>()
  let summaries = new Map<string, MonthSummary>()
  let staleSummaries = new Map<string, MonthSummary>()
  let values: { seq: number; values: SearchValues } | undefined
  let seenRevision = revision.value
  /** Months whose totals are wanted, in order. */
  const queue: string[] = []
  const summarizing = ref(false)

  function layout(list: { month: string; keys: string[] }[]): MonthGroup[] {
    let start = 0
    return list.map((g) => {
      const group = { month: g.month, keys: g.keys, start }
      start += 1 + g.keys.length
      return group
    })
  }

  let headerAt = new Set<number>()

  function publish(list: MonthGroup[]): void {
    headerAt = new Set(list.map((g) => g.start))
    groups.value = list
    const last = list[list.length - 1]
    itemCount.value = last ? last.start + 1 + last.keys.length : 0
  }

  /** Whether the list item at `index` is a month header (cheap: the virtualizer asks for every item). */
  function isHeader(index: number): boolean {
    return headerAt.has(index)
  }

  async function knownValues(database: WalletDb, always = false): Promise<SearchValues | undefined> {
    if (!always && !(filter.value.text ?? '').trim()) return undefined
    if (values?.seq !== revision.value) values = { seq: revision.value, values: await searchValues(database) }
    return values.values
  }

  /**
   * Resolves the months of the current filter. A new filter shows each month as soon as it is known;
   * a refresh after sync keeps the old list on screen and swaps in the new one when it is complete.
   */
  async function run(fresh: boolean): Promise<void> {
    const id = ++runId
    running = true
    stale = false
    const database = db()
    if (fresh) {
      generation.value++
      performance.mark('wallet:history-query', { detail: { generation: generation.value } })
      // The previous result stays on screen (dimmed) until the first month of this one is known.
      pending.value = groups.value.length > 0
      plan = undefined
      staleRows = rows
      rows = new Map()
      summaries = new Map()
      staleSummaries = new Map()
      queue.length = 0
      summariesVersion.value++
    }
    done.value = false
    error.value = null
    try {
      // Everything that does not depend on another answer is asked at once: the key sets of search
      // and amount, where the rows begin and end, and (a guess) this month's keys and first rows.
      const filterNow = { ...filter.value }
      const basic = basicPlan(filterNow)
      // A first screen straight from the newest rows, shown unless the real first month is faster.
      // Asked first: the database answers in order, and this is the small request the screen waits for.
      let published = 0
      if (fresh) {
        firstRows(database, basic)
          .then((head) => {
            if (id !== runId || published > 0 || head.length === 0) return
            for (const row of head) rows.set(row.id, row)
            pending.value = false
            publish(layout(groupByMonth(head)))
          })
          .catch(() => {})
      }
      const withKeys = needsKeySet(filterNow)
      const keySetAsked = withKeys
        ? knownValues(database).then((v) => filterKeySet(database, filterNow, v))
        : Promise.resolve(null)
      const monthsAsked = planMonths(database, basic)
      const guess = fresh ? monthOf(Math.min(Date.now(), basic.to - 1)) : null
      const guessed = guess ? monthSlice(database, basic, guess, withKeys ? 0 : HEAD_ROWS) : null
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
        } else if (fresh && published === 0) slice = await monthSlice(database, next, month, HEAD_ROWS)
        else slice = { keys: await monthKeys(database, next, month), head: [] }
        if (id !== runId) return
        for (const row of slice.head) rows.set(row.id, row)
        if (slice.keys.length) {
          found.push({ month, keys: slice.keys })
          // The first screen at once, then the rest of the months now and then (each new layout
          // costs the virtualizer a pass over every item).
          if (fresh && (published === 0 || itemsOf(found) < FIRST_SCREEN || Date.now() - publishedAt > PUBLISH_MS)) {
            plan = next
            pending.value = false
            publish(layout(found))
            published = found.length
            publishedAt = Date.now()
          }
          if (fresh) {
            await yieldToPage()
            if (id !== runId) return
          }
        }
      }
      if (!fresh) {
        staleRows = rows
        rows = new Map()
        staleSummaries = summaries
        summaries = new Map()
      }
      plan = next
      pending.value = false
      if (!fresh || published !== found.length || found.length === 0) publish(layout(found))
      if (fresh) staleRows = new Map()
      done.value = true
      rowsVersion.value++
      summariesVersion.value++
      // The totals of the whole result: after what is on screen, one month at a time.
      ensureSummaries(
        found.map((g) => g.month),
        false,
      )
    } catch (e) {
      if (id === runId) error.value = e
    } finally {
      if (id === runId) {
        running = false
        // Pages applied meanwhile: look again (a refresh never interrupts a run, or nothing would show).
        if (stale) scheduleRefresh()
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Items and rows

  function groupIndexAt(index: number): number {
    const list = groups.value
    let lo = 0
    let hi = list.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (list[mid]!.start <= index) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  function groupAt(index: number): MonthGroup | undefined {
    return groups.value.length ? groups.value[groupIndexAt(index)] : undefined
  }

  /** The item at a list index, with its row when read (reactive: follows rowsVersion). */
  function itemAt(index: number): ListItem | undefined {
    void rowsVersion.value
    const group = groupAt(index)
    if (!group) return undefined
    const pos = index - group.start - 1
    if (pos < 0) return { kind: 'header', group }
    const key = group.keys[pos]
    if (key === undefined) return undefined
    return { kind: 'row', group, key, row: rows.get(key) ?? staleRows.get(key) }
  }

  let wanted = new Set<string>()
  let fetching = false

  /** Reads the rows of these items that are not in memory yet (one bulkGet for the lot). */
  function ensureRows(indices: Iterable<number>): void {
    for (const i of indices) {
      const item = itemAt(i)
      if (item?.kind === 'row' && !rows.has(item.key)) wanted.add(item.key)
    }
    if (!fetching && wanted.size) void fetchRows()
  }

  async function fetchRows(): Promise<void> {
    fetching = true
    try {
      while (wanted.size) {
        const keys = [...wanted]
        wanted = new Set()
        const got = await db().transactions.bulkGet(keys)
        for (const row of got) if (row) rows.set(row.id, row)
        if (rows.size > ROW_CACHE) {
          const keep = new Set(keys)
          for (const key of rows.keys()) {
            if (rows.size <= ROW_CACHE * 0.75) break
            if (!keep.has(key)) rows.delete(key)
          }
        }
        rowsVersion.value++
      }
    } finally {
      fetching = false
    }
  }

  // -------------------------------------------------------------------------------------------
  // Totals, for the months asked for, one month at a time

  /** A month's totals, when known (reactive: follows summariesVersion). */
  function summary(month: string): MonthSummary | undefined {
    void summariesVersion.value
    return summaries.get(month) ?? staleSummaries.get(month)
  }

  /** Queues the totals of these months: first (what is on screen) or last (the rest). */
  function ensureSummaries(months: Iterable<string>, first = true): void {
    for (const month of months) {
      if (summaries.has(month)) continue
      const at = queue.indexOf(month)
      if (at >= 0) {
        if (!first) continue
        queue.splice(at, 1)
      }
      if (first) queue.unshift(month)
      else queue.push(month)
    }
    if (!summarizing.value) void summarize()
  }

  async function summarize(): Promise<void> {
    summarizing.value = true
    try {
      for (;;) {
        const month = queue.shift()
        if (month === undefined) return
        const current = plan
        const group = groups.value.find((g) => g.month === month)
        if (!current || !group) continue
        const result = await monthSummary(db(), current, month, group.keys, () => current === plan)
        if (!result || current !== plan) continue
        summaries.set(month, result)
        summariesVersion.value++
        await yieldToPage()
      }
    } catch (e) {
      error.value = e
    } finally {
      summarizing.value = false
    }
  }

  /** Nothing left to read for the current filter (the list and every month's totals). */
  const settled = computed(() => done.value && !summarizing.value)

  /** Totals of the whole result, once every month's totals are known. */
  const totals = computed<MonthSummary | null>(() => {
    void summariesVersion.value
    if (!done.value) return null
    const total = emptySummary()
    for (const g of groups.value) {
      const s = summaries.get(g.month)
      if (!s) return null
      total.count += s.count
      total.inFen += s.inFen
      total.outFen += s.outFen
    }
    return total
  })

  // -------------------------------------------------------------------------------------------
  // Following the filter and the replica

  function scheduleRefresh(): void {
    clearTimeout(refreshTimer)
    const wait = Math.max(0, lastRefresh + REFRESH_MS - Date.now())
    refreshTimer = setTimeout(() => {
      if (running) {
        stale = true
        return
      }
      lastRefresh = Date.now()
      void run(false)
    }, wait)
  }

  watch(
    filter,
    (next, prev) => {
      if (prev && sameFilter(next, prev)) return
      clearTimeout(refreshTimer)
      void run(true)
    },
    { deep: true },
  )

  watch(revision, (value) => {
    if (value === seenRevision) return
    seenRevision = value
    if (running) stale = true
    else scheduleRefresh()
  })

  onScopeDispose(() => {
    runId++
    clearTimeout(refreshTimer)
    queue.length = 0
  })

  return {
    groups,
    itemCount,
    done,
    pending,
    error,
    generation,
    rowsVersion,
    summariesVersion,
    totals,
    settled,
    start: () => run(true),
    /** Reads the distinct counterparties and memos ahead of a first search. */
    warmSearch: () => knownValues(db(), true).then(() => undefined),
    itemAt,
    isHeader,
    groupAt,
    ensureRows,
    summary,
    ensureSummaries,
  }
}

export type HistorySource = ReturnType<typeof useHistory>
