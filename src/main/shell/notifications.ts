import type { EventPayload } from '../../shared/contract'
import { formatFen, sumFen } from '../../shared/money'
import { TX_KINDS } from '../../shared/bank-api/kinds'
import { localeOf, mainStrings, type NotifiedKind } from '../base/strings'
import type { IncomingTransfer } from '../platform/sync/mapping'
import { isPrivate, type ShellSession } from './tray'

/**
 * The OS notifications (Electron's Notification, src/main/shell/electron/notify.ts): which of the core's
 * events becomes one, and what it says. Pure; tests/unit/shell/notifications.test.ts.
 *
 *  - Only while the window is out of sight: hidden (in the tray), minimised, or not focused. A window the
 *    user is looking at shows its own notices (App.vue, the 模拟短信 card).
 *  - A locked wallet (or one whose vault is not open yet) says only that something happened: no amount,
 *    no counterparty, no merchant and no SMS code reaches a notification the lock screen would show.
 *  - In the settings' language; amounts as Intl writes CNY in it.
 */

export type ShellNotice =
  | { kind: 'payment.completed'; payload: EventPayload<'payment.completed'> }
  | { kind: 'payment.failed'; payload: EventPayload<'payment.failed'> }
  | { kind: 'paycode.charged'; payload: EventPayload<'paycode.charged'> }
  | { kind: 'sms.received'; payload: EventPayload<'sms.received'> }
  | { kind: 'transfers.received'; transfers: IncomingTransfer[] }

/** The core's events that may become a notice (the rest never do). */
export function noticeOf(event: string, payload: unknown): ShellNotice | undefined {
  switch (event) {
    case 'payment.completed':
    case 'payment.failed':
    case 'paycode.charged':
    case 'sms.received':
      return { kind: event, payload } as ShellNotice
    default:
      return undefined
  }
}

export interface WindowState {
  /** False when there is no window at all (macOS after its window was closed). */
  exists: boolean
  visible: boolean
  minimized: boolean
  focused: boolean
}

/** The user is not looking at the wallet's window. */
export function windowAway(w: WindowState): boolean {
  return !w.exists || !w.visible || w.minimized || !w.focused
}

export interface NotificationSpec {
  title: string
  body: string
}

const OUTBOX_KINDS: Record<EventPayload<'payment.failed'>['kind'], NotifiedKind> = {
  'transfer.wallet': 'transfer_out',
  'transfer.card': 'card_transfer',
  topup: 'topup',
  withdraw: 'withdraw',
  'bill.pay': 'bill',
}

function kindOf(kind: string): NotifiedKind {
  const known: readonly string[] = TX_KINDS
  return known.includes(kind) ? (kind as NotifiedKind) : 'other'
}

/** The notification for a notice, or undefined when there is none to show. */
export function notificationFor(
  notice: ShellNotice,
  context: { window: WindowState; session: ShellSession; language: string },
): NotificationSpec | undefined {
  if (!windowAway(context.window)) return undefined
  // A pay-code charge that went through is announced as payment.completed (source paycode) too: once is enough.
  if (notice.kind === 'paycode.charged' && notice.payload.status !== 'awaiting_confirmation') return undefined
  if (notice.kind === 'transfers.received' && notice.transfers.length === 0) return undefined

  const words = mainStrings(context.language).notify
  if (isPrivate(context.session)) return { title: words.lockedTitle, body: words.locked }

  const money = (fen: number) => formatFen(fen, { locale: localeOf(context.language) })
  switch (notice.kind) {
    case 'payment.completed':
      return {
        title: words.completedTitle,
        body: words.completed(words.kinds[kindOf(notice.payload.kind)], money(notice.payload.amountFen)),
      }
    case 'payment.failed':
      return {
        title: words.failedTitle,
        body: words.failed(words.kinds[OUTBOX_KINDS[notice.payload.kind]], money(notice.payload.amountFen)),
      }
    case 'paycode.charged':
      return { title: words.confirmTitle, body: words.confirm(notice.payload.merchantName, money(notice.payload.amountFen)) }
    case 'sms.received':
      return { title: words.smsTitle, body: words.sms(notice.payload.code) }
    case 'transfers.received': {
      const [only, ...more] = notice.transfers
      if (only && more.length === 0)
        return { title: words.receivedTitle, body: words.received(money(only.amountFen), only.counterparty) }
      const total = sumFen(notice.transfers.map((t) => t.amountFen))
      return { title: words.receivedTitle, body: words.receivedMany(notice.transfers.length, money(total)) }
    }
  }
}
