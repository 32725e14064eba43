import { ref, shallowRef } from 'vue'
import type { WalletSummary } from '@shared/contract'
import { ApiError, call } from '@renderer/api/client'
import { latestBalance } from '@renderer/db/queries'
import { errorMessage, i18n } from '@renderer/i18n'
import { replica } from '@renderer/stores/sync'

/** 首页's balance card: the wallet as main reports it, or the replica's last balance when main cannot say. */
export function useWalletSummary() {
  const summary = shallowRef<WalletSummary | null>(null)
  const error = ref<string | null>(null)
  const fallback = shallowRef<{ balanceFen: number; at: number } | null>(null)

  async function load(): Promise<void> {
    try {
      summary.value = await call('wallet.summary')
      error.value = null
    } catch (e) {
      error.value = e instanceof ApiError ? errorMessage(e.code) : i18n.global.t('wallet.home.summaryFailed')
      fallback.value = await latestBalance(replica()).catch(() => null)
    }
  }

  return { summary, error, fallback, load }
}
