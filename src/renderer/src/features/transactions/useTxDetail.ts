import { defineAsyncComponent, ref, shallowRef } from 'vue'
import type { TxRow } from '@renderer/db/replica'

/**
 * The transaction detail drawer, loaded and mounted the first time a row is opened: a closed drawer
 * still costs its code and an overlay on every start of 首页 and 账单.
 */
export const TxDetailDrawer = defineAsyncComponent(() => import('./TxDetailDrawer.vue'))

/** The state behind a TxDetailDrawer: which row it shows, whether it is open, whether it was ever needed. */
export function useTxDetail() {
  const row = shallowRef<TxRow | null>(null)
  const open = ref(false)
  const used = ref(false)
  function show(tx: TxRow): void {
    row.value = tx
    used.value = true
    open.value = true
  }
  return { row, open, used, show }
}
