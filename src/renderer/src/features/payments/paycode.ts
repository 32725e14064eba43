import { onBeforeUnmount, onMounted, ref } from 'vue'
import type { PayCode, PayCodeCharged, PaymentDone, PosCharge, SmallAmountSettings } from '@shared/contract/payments'
import { call, onEvent } from '@renderer/api/client'
import { problemMessage } from './problem'

/**
 * 付款码's state while the panel is on screen: the current one-time code, a till's charge as main reports
 * it (`paycode.charged`), and 小额免密. Main polls the bank for charges only while this is mounted.
 */
export function usePayCode(options: {
  /** Draws a new code once it is on screen (a failure to draw is shown like a failure to get one). */
  shown: () => Promise<void>
  /** The setting as the bank has it, at start and after a save the bank refused. */
  settingsLoaded: (settings: SmallAmountSettings) => void
}) {
  const code = ref<PayCode>()
  const error = ref<string>()
  const charged = ref<PayCodeCharged>()
  const settings = ref<SmallAmountSettings>()
  let refreshing = false

  /** A new code; `shown` draws it. A failure keeps the last code on screen with the problem above it. */
  async function refresh(): Promise<void> {
    if (refreshing) return
    refreshing = true
    try {
      code.value = await call('paycode.current')
      error.value = undefined
      await options.shown()
    } catch (e) {
      error.value = problemMessage(e)
    } finally {
      refreshing = false
    }
  }

  /** Shown without the setting when the bank cannot be reached. */
  async function loadSettings(): Promise<void> {
    try {
      settings.value = await call('paycode.settings')
      options.settingsLoaded(settings.value)
    } catch {
      // (see above)
    }
  }

  function onCharged(event: PayCodeCharged): void {
    charged.value = event
    if (event.status === 'succeeded') void refresh()
  }

  /** Confirms the charge waiting on screen with the payment password. */
  function confirm(payPassword: string): Promise<PaymentDone> {
    return call('paycode.confirm', { chargeId: charged.value?.chargeId ?? '', payPassword })
  }

  function confirmed(done: PaymentDone): void {
    if (charged.value) charged.value = { ...charged.value, status: 'succeeded', txId: done.transaction.txId }
    void refresh()
  }

  /** Refuses the charge waiting on screen; false when there is none. */
  async function decline(): Promise<boolean> {
    const id = charged.value?.chargeId
    if (!id) return false
    await call('paycode.decline', { chargeId: id })
    charged.value = undefined
    return true
  }

  let stop: (() => void) | undefined
  onMounted(async () => {
    stop = onEvent('paycode.charged', onCharged)
    await Promise.all([refresh(), loadSettings()])
    call('paycode.watch', { on: true }).catch(() => undefined)
  })
  onBeforeUnmount(() => {
    stop?.()
    call('paycode.watch', { on: false }).catch(() => undefined)
  })

  return { code, error, charged, settings, refresh, loadSettings, confirm, confirmed, decline }
}

/** The tills' charges waiting for this customer's confirmation (注销 lists them with 拒绝). */
export async function awaitingCharges(): Promise<PosCharge[]> {
  return (await call('paycode.pending')).charges.filter((c) => c.status === 'awaiting_confirmation')
}

export async function declineCharge(chargeId: string): Promise<void> {
  await call('paycode.decline', { chargeId })
}
