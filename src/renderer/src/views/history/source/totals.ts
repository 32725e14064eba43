import { computed, ref, type Ref } from 'vue'
import type { WalletDb } from '@renderer/db/replica'
import { emptySummary, monthSummary, type HistoryPlan, type MonthSummary } from '@renderer/db/queries'
import type { MonthGroup } from './window'
import { nextTask } from '@renderer/features/shell/next-task'


export interface MonthTotalsParts {
  db: () => WalletDb
  groups: Readonly<Ref<MonthGroup[]>>
  /** The plan of the result on screen; totals computed under another one are dropped. */
  plan: () => HistoryPlan | undefined
  /** Every month of the result is known. */
  done: () => boolean
  failed: (error: unknown) => void
}

/**
 * Income and spending of the months asked for, one month at a time (what is on screen first, the rest
 * after), and of the whole result once every month's are known. During a refresh the previous result's
 * totals stay on screen (`retire`); a new filter forgets them at once (`reset`).
 */
export function createMonthTotals(parts: MonthTotalsParts) {
  /** Bumped when a month's totals are known, so what shows them asks again. */
  const version = ref(0)
  const summarizing = ref(false)
  let summaries = new Map<string, MonthSummary>()
  let retired = new Map<string, MonthSummary>()
  /** Months whose totals are wanted, in order. */
  const queue: string[] = []

  /** A month's totals, when known (reactive: follows version). */
  function summary(month: string): MonthSummary | undefined {
    void version.value
    return summaries.get(month) ?? retired.get(month)
  }

  /** Queues the totals of these months: first (what is on screen) or last (the rest). */
  function ensure(months: Iterable<string>, first = true): void {
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
        const current = parts.plan()
        const group = parts.groups.value.find((g) => g.month === month)
        if (!current || !group) continue
        const result = await monthSummary(parts.db(), current, month, group.keys, () => current === parts.plan())
        if (!result || current !== parts.plan()) continue
        summaries.set(month, result)
        version.value++
        // The page gets a turn between months. After the last one nothing is left: the whole result's totals
        // and `settled` change together, not a turn apart.
        if (queue.length > 0) await nextTask()
      }
    } catch (e) {
      parts.failed(e)
    } finally {
      summarizing.value = false
    }
  }

  /** Nothing left to read for the current filter (the list and every month's totals). */
  const settled = computed(() => parts.done() && !summarizing.value)

  /** Totals of the whole result, once every month's totals are known. */
  const totals = computed<MonthSummary | null>(() => {
    void version.value
    if (!parts.done()) return null
    const total = emptySummary()
    for (const g of parts.groups.value) {
      const s = summaries.get(g.month)
      if (!s) return null
      total.count += s.count
      total.inFen += s.inFen
      total.outFen += s.outFen
    }
    return total
  })

  /** A new filter: no totals until its own are computed. */
  function reset(): void {
    summaries = new Map()
    retired = new Map()
    queue.length = 0
    version.value++
  }

  /** A refresh: the totals known so far stay on screen until the new ones are computed. */
  function retire(): void {
    retired = summaries
    summaries = new Map()
  }

  function changed(): void {
    version.value++
  }

  function stop(): void {
    queue.length = 0
  }

  return { version, settled, totals, summary, ensure, reset, retire, changed, stop }
}

export type MonthTotals = ReturnType<typeof createMonthTotals>
