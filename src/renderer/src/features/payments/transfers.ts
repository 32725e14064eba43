import { ref } from 'vue'
import type { Payee, PayeeLookup, PaymentLimits, PaymentResult } from '@shared/contract/payments'
import { call } from '@renderer/api/client'
import { useAsyncAction } from '@renderer/composables/useAsyncAction'

/** Who a transfer goes to: a payee from the book, a wallet user by phone, or a card by number and name. */
export type TransferTo = { payee: Payee } | { phone: string } | { pan: string; name: string }

const digits = (text: string) => text.replace(/\s/g, '')

/** What the tier still allows and the balance; undefined when main cannot say (the bank enforces them anyway). */
export async function transferLimits(): Promise<PaymentLimits | undefined> {
  try {
    return await call('transfer.limits')
  } catch {
    return undefined
  }
}

/** Sends a transfer (转账); memo only when there is one. */
export function sendTransfer(to: TransferTo, amountFen: number, payPassword: string, memo: string): Promise<PaymentResult> {
  const extra = { amountFen, payPassword, ...(memo.trim() ? { memo: memo.trim() } : {}) }
  if ('payee' in to) {
    return to.payee.kind === 'wallet'
      ? call('transfer.toWallet', { payeeId: to.payee.id, ...extra })
      : call('transfer.toCard', { payeeId: to.payee.id, ...extra })
  }
  if ('phone' in to) return call('transfer.toWallet', { phone: digits(to.phone), ...extra })
  return call('transfer.toCard', { pan: digits(to.pan), name: to.name.trim(), ...extra })
}

/** 转账's state for one visit of the screen: the limits, the payee book and the looked-up payee. */
export function useTransfers() {
  const limits = ref<PaymentLimits>()
  const payees = ref<Payee[]>([])
  const lookup = ref<PayeeLookup>()
  const action = useAsyncAction<'lookup'>()

  async function loadLimits(): Promise<void> {
    const next = await transferLimits()
    if (next) limits.value = next
  }

  async function loadPayees(): Promise<void> {
    try {
      payees.value = (await call('payees.list')).payees
    } catch {
      payees.value = []
    }
  }

  /** Asks the bank whose wallet a phone number is (masked), to confirm before paying. */
  const find = (phone: string) =>
    action.run(
      'lookup',
      () => call('transfer.lookup', { phone }),
      (found) => (lookup.value = found),
    )

  async function removePayee(payee: Payee): Promise<void> {
    payees.value = (await call('payees.remove', { id: payee.id })).payees
  }

  return { limits, payees, lookup, action, loadLimits, loadPayees, find, removePayee }
}
