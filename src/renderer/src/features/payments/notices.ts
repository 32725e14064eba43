import type { PaymentCompleted } from '@shared/contract/payments'
import { i18n } from '@renderer/i18n'

/**
 * Which finished payments get a notification of their own. A payment made on screen (`online`) ends on
 * its result panel (components/PaymentOutcome.vue), and a pay-code charge on 付款码's own line
 * (views/pay/PayCodePanel.vue, which main only polls for while it is on screen): a toast on top of either
 * would say the same thing twice. Only a queued payment sent in the background (`outbox`) has no screen.
 */
export function announcesCompletion(p: PaymentCompleted): boolean {
  return p.source === 'outbox'
}

/** The notification's title in the words of the movement (充值成功, 转账成功, …), not 支付成功 for all. */
export function completedTitle(p: PaymentCompleted): string {
  return i18n.global.t(`payments.notify.completedTitles.${p.kind}`)
}
