import { ref, shallowRef } from 'vue'
import type { TxRow, WalletDb } from '@renderer/db/replica'
import { openTxs } from '@renderer/db/seal'

export interface MonthGroup {
  month: string
  keys: string[]
  /** Index of the group's header among all list items. */
  start: number
}

export type ListItem =
  { kind: 'header'; group: MonthGroup } | { kind: 'row'; group: MonthGroup; key: string; row: TxRow | undefined }

/** At most this many rows stay in memory; the list shows a few dozen. */
export const ROW_CACHE = 3000

/**
 * The paging window of 账单: the months of primary keys laid out as list items (each month a header and
 * its rows), and the rows of the items on screen, read when asked for and kept in a bounded cache. Rows
 * of the previous result stay readable (`retire`) until the new result has its own (`forgetRetired`).
 */
export function createHistoryWindow(db: () => WalletDb, options: { cache?: number } = {}) {
  const cache = options.cache ?? ROW_CACHE
  const groups = shallowRef<MonthGroup[]>([])
  const itemCount = ref(0)
  /** Bumped when rows were read, so what shows them asks again. */
  const rowsVersion = ref(0)
  let headerAt = new Set<number>()
  let rows = new Map<string, TxRow>()
  let retired = new Map<string, TxRow>()
  let wanted = new Set<string>()
  let fetching = false

  /** Shows these months (in this order) as the list. */
  function show(list: { month: string; keys: string[] }[]): void {
    let start = 0
    const laidOut = list.map((g) => {
      const group = { month: g.month, keys: g.keys, start }
      start += 1 + g.keys.length
      return group
    })
    headerAt = new Set(laidOut.map((g) => g.start))
    groups.value = laidOut
    itemCount.value = start
  }

  /** Whether the list item at `index` is a month header (cheap: the virtualizer asks for every item). */
  function isHeader(index: number): boolean {
    return headerAt.has(index)
  }

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
    return { kind: 'row', group, key, row: rows.get(key) ?? retired.get(key) }
  }

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
        const got = await openTxs(await db().sealedTx.bulkGet(keys))
        for (const row of got) rows.set(row.key, row)
        if (rows.size > cache) {
          const keep = new Set(keys)
          for (const key of rows.keys()) {
            if (rows.size <= cache * 0.75) break
            if (!keep.has(key)) rows.delete(key)
          }
        }
        rowsVersion.value++
      }
    } finally {
      fetching = false
    }
  }

  /** Rows already read with the keys (the first screen's). */
  function keep(read: readonly TxRow[]): void {
    for (const row of read) rows.set(row.key, row)
  }

  /** The rows in memory belong to the previous result: still shown, no longer counted as read. */
  function retire(): void {
    retired = rows
    rows = new Map()
  }

  function forgetRetired(): void {
    retired = new Map()
  }

  /** Tells what shows rows that they may have changed. */
  function changed(): void {
    rowsVersion.value++
  }

  return { groups, itemCount, rowsVersion, show, isHeader, groupAt, itemAt, ensureRows, keep, retire, forgetRetired, changed }
}

export type HistoryWindow = ReturnType<typeof createHistoryWindow>
