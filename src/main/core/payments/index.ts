import { z } from 'zod'
import type { Contract } from '../../../shared/contract'
import type { Receipt } from '../../../shared/contract/payments'
import type { OutboxPaymentKind } from '../../../shared/contract/sync'
import type { paymentChannels } from '../../../shared/contract/payments'
import type * as api from '../../../shared/bank-api'
import type { HandlerMap } from '../../base/handlers'
import type { Outbox, OutboxItem } from '../../platform/sync/outbox'
import type { SyncEngine } from '../../platform/sync/engine'
import { outboxView } from '../../platform/sync/outbox-view'
import { ProfileDoc } from '../profile'
import { createBillService } from './bills'
import { createCardService } from './cards'
import { createPaymentContext, type PaymentDeps } from './context'
import { toReceipt, toTxSummary } from './mapping'
import { createMerchantService } from './merchant'
import { createPayCodeService } from './paycode'
import { createTransferService } from './transfers'
import { createWealthService } from './wealth'
import { checkPayPassword, checkText } from './validate'

export type { PaymentDeps } from './context'

const TITLES: Record<OutboxPaymentKind, string> = {
  topup: '充值',
  withdraw: '提现',
  'transfer.wallet': '转账',
  'transfer.card': '转账到银行卡',
  'bill.pay': '生活缴费',
}

/** Every payment service, built once the vault is open. */
export function createPaymentServices(deps: PaymentDeps) {
  const ctx = createPaymentContext(deps)
  const { store, outbox, events, clock } = deps
  const cards = createCardService(ctx)
  const transfers = createTransferService(ctx)
  const bills = createBillService(ctx)
  const merchant = createMerchantService(ctx)
  const paycode = createPayCodeService(ctx)
  const wealth = createWealthService(ctx)

  async function receipt(input: { txId: string }): Promise<Receipt> {
    const txId = checkText(input.txId, 'txId', 64)
    const { transaction } = await ctx.get('transaction', { params: { id: txId } })
    return toReceipt(transaction, (await store.read('profile', ProfileDoc))?.profile, clock.now())
  }

  // Queued payments finish later: tell the renderer (notification), and keep the payee book and saved
  // households up to date as if the payment had gone through at once.
  const announced = new Set<string>()
  const ready = outbox
    .list()
    .then((items) => items.filter((i) => i.finishedAt !== null).forEach((i) => announced.add(i.id)))
    .catch(() => undefined)

  async function finished(item: OutboxItem): Promise<void> {
    const p = item.payload
    const text = (v: unknown) => (typeof v === 'string' ? v : '')
    const amountFen = typeof p.amountFen === 'number' ? p.amountFen : 0
    if (item.state === 'rejected') {
      const error = item.error ?? { code: 'BANK_ERROR', message: 'refused' }
      events.emit('payment.failed', { outboxId: item.id, kind: item.kind, amountFen, code: error.code, message: error.message })
      return
    }
    const result = z.object({ txId: z.string() }).safeParse(item.result)
    const txId = result.success ? result.data.txId : item.id
    let tx: api.Transaction | undefined
    try {
      tx = (await ctx.get('transaction', { params: { id: txId } })).transaction
    } catch {
      tx = undefined
    }
    if (item.kind === 'transfer.wallet')
      await transfers.remember('wallet', text(p.phone), tx?.counterparty.name ?? text(p.payeeName))
    if (item.kind === 'transfer.card')
      await transfers.remember('card', text(p.pan), tx?.counterparty.name ?? '', text(p.name) || null)
    if (item.kind === 'bill.pay') await bills.paid(text(p.billerId), text(p.household))
    if (tx) ctx.completed(toTxSummary(tx), 'outbox')
    else
      events.emit('payment.completed', { txId, kind: kindOf(item.kind), amountFen, title: TITLES[item.kind], source: 'outbox' })
  }

  // A payment that waits for its password (the app restarted before it was sent) is told once per
  // run, when someone can see it: events are held back while the wallet is locked (src/main/core/index.ts),
  // so one found while locked is told at the unlock.
  const asked = new Set<string>()
  async function askForPasswords(): Promise<void> {
    if (deps.session.lockedNow()) return
    for (const item of await outbox.list()) {
      if (item.state !== 'awaiting-password' || asked.has(item.id)) continue
      asked.add(item.id)
      events.emit('outbox.passwordNeeded', outboxView(item))
    }
  }

  const unsubscribe = events.subscribe((name, payload) => {
    if (name === 'session.changed' && (payload as { status?: string }).status === 'unlocked') {
      void askForPasswords().catch(() => undefined)
      return
    }
    if (name !== 'outbox.changed') return
    void (async () => {
      await ready
      for (const item of await outbox.list()) {
        if ((item.state !== 'succeeded' && item.state !== 'rejected') || announced.has(item.id)) continue
        announced.add(item.id)
        await finished(item).catch(() => undefined)
      }
      await askForPasswords()
    })()
  })

  return {
    cards,
    transfers,
    bills,
    merchant,
    paycode,
    wealth,
    receipt,
    /** Reads and keyed writes at the bank, for the use cases beside payments (src/main/core/passwords.ts). */
    calls: { get: ctx.get, post: ctx.post },
    /** What the user made here, one entry per sealed document, for backups (src/main/core/backup.ts). */
    userLists: { payees: transfers.book, households: bills.households, cardLabels: cards.labels },
    dispose(): void {
      unsubscribe()
      paycode.dispose()
    },
  }
}

function kindOf(kind: OutboxPaymentKind): z.infer<typeof api.TxKind> {
  switch (kind) {
    case 'transfer.wallet':
      return 'transfer_out'
    case 'transfer.card':
      return 'card_transfer'
    case 'bill.pay':
      return 'bill'
    default:
      return kind
  }
}

export type PaymentServices = ReturnType<typeof createPaymentServices>

/** The handlers of every payment channel (src/shared/contract/payments.ts). */
export function paymentHandlers(
  open: () => Promise<{ payments: PaymentServices; outbox: Outbox; sync: SyncEngine }>,
): HandlerMap<typeof paymentChannels> {
  const p = async () => (await open()).payments
  return {
    'cards.list': async () => (await p()).cards.list(),
    'cards.bind': async (input) => (await p()).cards.bind(input),
    'cards.unbind': async (input) => (await p()).cards.unbind(input),
    'cards.setLabel': async (input) => (await p()).cards.setLabel(input),
    'pay.topup': async (input) => (await p()).cards.topup(input),
    'pay.withdraw': async (input) => (await p()).cards.withdraw(input),

    'transfer.lookup': async (input) => (await p()).transfers.lookup(input),
    'transfer.toWallet': async (input) => (await p()).transfers.toWallet(input),
    'transfer.toCard': async (input) => (await p()).transfers.toCard(input),
    'transfer.limits': async () => (await p()).transfers.limits(),
    'payees.list': async () => (await p()).transfers.list(),
    'payees.remove': async ({ id }) => (await p()).transfers.remove(id),

    'bills.billers': async (input) => (await p()).bills.billers(input),
    'bills.query': async (input) => (await p()).bills.query(input),
    'bills.pay': async (input) => (await p()).bills.pay(input),
    'bills.households': async () => (await p()).bills.listHouseholds(),
    'bills.saveHousehold': async (input) => (await p()).bills.saveHousehold(input),
    'bills.removeHousehold': async ({ id }) => (await p()).bills.removeHousehold(id),

    'scan.decode': async (input) => (await p()).merchant.decode(input),
    'scan.pay': async (input) => (await p()).merchant.payMerchant(input),
    'checkout.open': async (input) => (await p()).merchant.open(input),
    'checkout.pay': async (input) => (await p()).merchant.payOrder(input),

    'paycode.current': async () => (await p()).paycode.current(),
    'paycode.watch': async ({ on }) => (await p()).paycode.watch(on),
    'paycode.pending': async () => ({ charges: await (await p()).paycode.pending() }),
    'paycode.confirm': async (input) => (await p()).paycode.confirm(input),
    'paycode.decline': async (input) => (await p()).paycode.decline(input),
    'paycode.settings': async () => (await p()).paycode.settings(),

    'coupons.list': async () => (await p()).merchant.couponsOverview(),
    'coupons.claim': async (input) => (await p()).merchant.claim(input),
    'coupons.applicable': async (input) => (await p()).merchant.applicable(input),

    'receipt.get': async (input) => (await p()).receipt(input),

    // The payment password again: for a payment that waits for it (待输入支付密码, the app restarted
    // before it was sent), or with the user's confirmation (the renderer asked) that a payment the bank
    // no longer remembers (需要确认) is sent again. Either way under the payment's own key.
    'outbox.resend': async ({ id, payPassword }) => {
      const s = await open()
      const item = await s.outbox.resend(id, { payPassword: checkPayPassword(payPassword) })
      s.sync.nudge()
      return outboxView(item)
    },
  } satisfies Partial<HandlerMap<Contract>>
}
