import type { OutboxView } from '@shared/contract'
import { i18n } from '@renderer/i18n'
import { call } from '@renderer/api/client'

/** Takes back a payment that was never tried, or drops one parked as 需要确认. */
export function cancelOutboxItem(item: OutboxView) {
  return call('outbox.cancel', { id: item.id })
}

/**
 * 输入支付密码 for a payment that waits for it (待输入支付密码: the app restarted before it was sent, and
 * the password is never stored), or 重新发送 of a payment parked as 需要确认, after the user was told it may pay twice: main sends it under
 * its own idempotency key with the payment password, which a parked payment no longer keeps.
 */
export function resendOutboxItem(item: OutboxView, payPassword: string): Promise<OutboxView> {
  return call('outbox.resend', { id: item.id, confirm: true, payPassword })
}

/**
 * The kind of a queued payment in words (转账, 生活缴费, …). The kinds carry dots ('transfer.wallet'), which
 * vue-i18n would read as a path, so their messages are keyed with '_' instead.
 */
export function outboxKindName(kind: OutboxView['kind']): string {
  return i18n.global.t(`wallet.history.outboxKinds.${kind.replace(/\./g, '_')}`)
}

/**
 * What a queued payment does, said on the password sheet the way its screen says it (从 <card> 充值到钱包,
 * 向 <payee> 转账, …), not as a payment to whatever its counterparty is.
 */
export function outboxWhat(item: Pick<OutboxView, 'kind' | 'counterparty'>): string {
  const t = i18n.global.t
  const who = item.counterparty
  switch (item.kind) {
    case 'topup':
      return t('payments.topup.payee', { card: who })
    case 'withdraw':
      return t('payments.withdraw.payee', { card: who })
    case 'bill.pay':
      return t('payments.bills.whatPlain', { biller: who })
    default:
      return t('payments.transfer.what', { payee: who })
  }
}
