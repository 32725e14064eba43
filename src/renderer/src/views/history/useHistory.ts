import { onScopeDispose, watch, type Ref } from 'vue'
import type { WalletDb } from '@renderer/db/replica'
import type { HistoryFilter } from '@renderer/db/queries'
import { createPaintSignal } from './source/painted'
import { createHistoryQuery } from './source/query'
import { createRefresher } from './source/refresh'
import { createMonthTotals } from './source/totals'
import { createHistoryWindow } from './source/window'

export type { ListItem, MonthGroup } from './source/window'

export function sameFilter(a: HistoryFilter, b: HistoryFilter): boolean {
  const keys: (keyof HistoryFilter)[] = ['type', 'status', 'from', 'to', 'minFen', 'maxFen', 'text']
  return keys.every((k) => (a[k] ?? null) === (b[k] ?? null))
}

/**
 * The 账单 list as months of primary keys: the query's planning (source/query.ts) resolves the months
 * newest first, so the first rows show before the rest of the history has been looked at; the paging
 * window (source/window.ts) reads rows only for the items on screen, in a bounded cache; monthly totals
 * (source/totals.ts) are computed for the months shown; source/refresh.ts follows the replica after sync.
 * The first screen of a result is painted before the rest of it is laid out (source/painted.ts): the view
 * passes on the list's word through `painted`.
 */
export function useHistory(db: () => WalletDb, filter: Ref<HistoryFilter>, revision: Ref<number>) {
  const win = createHistoryWindow(db)
  const totals = createMonthTotals({
    db,
    groups: win.groups,
    plan: () => query.plan(),
    done: () => query.done.value,
    failed: (e) => (query.error.value = e),
  })
  const refresher = createRefresher(() => void query.run(false))
  const paints = createPaintSignal()
  const query = createHistoryQuery({
    db,
    filter,
    revision,
    window: win,
    totals,
    started: refresher.started,
    finished: refresher.finished,
    painted: paints.when,
  })

  watch(
    filter,
    (next, prev) => {
      if (prev && sameFilter(next, prev)) return
      refresher.cancel()
      void query.run(true)
    },
    { deep: true },
  )

  let seenRevision = revision.value
  watch(revision, (value) => {
    if (value === seenRevision) return
    seenRevision = value
    refresher.changed()
  })

  onScopeDispose(() => {
    query.stop()
    refresher.cancel()
    totals.stop()
  })

  return {
    groups: win.groups,
    itemCount: win.itemCount,
    done: query.done,
    pending: query.pending,
    error: query.error,
    generation: query.generation,
    rowsVersion: win.rowsVersion,
    summariesVersion: totals.version,
    totals: totals.totals,
    settled: totals.settled,
    start: () => query.run(true),
    warmSearch: query.warmSearch,
    /** The list painted the first screen of this generation. */
    painted: paints.report,
    itemAt: win.itemAt,
    isHeader: win.isHeader,
    groupAt: win.groupAt,
    ensureRows: win.ensureRows,
    summary: totals.summary,
    ensureSummaries: totals.ensure,
  }
}

export type HistorySource = ReturnType<typeof useHistory>
