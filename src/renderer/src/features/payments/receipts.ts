import { ref } from 'vue'
import type { Receipt } from '@shared/contract/payments'
import { call } from '@renderer/api/client'
import { useAsyncAction } from '@renderer/composables/useAsyncAction'

/** 电子回单 of one transaction, as the bank issues it. */
export function useReceipt(txId: () => string) {
  const receipt = ref<Receipt>()
  const action = useAsyncAction<'load'>()
  const load = () =>
    action.run(
      'load',
      () => call('receipt.get', { txId: txId() }),
      (found) => (receipt.value = found),
    )
  return { receipt, action, load }
}

/**
 * Saves the receipt on screen as a PDF the user names (Electron); `unavailable` where there is no PDF
 * printer (the browser harness) or main could not, and the print dialog's “另存为 PDF” is the way.
 */
export function receiptToPdf(fileName: string) {
  return call('print.toPdf', { fileName }).catch(() => ({ kind: 'unavailable' as const }))
}
