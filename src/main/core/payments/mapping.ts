import type { Counterparty, PaymentDone, Receipt, TxSummary } from '../../../shared/contract/payments'
import type * as api from '../../../shared/bank-api'
import type { WalletProfile } from '../../../shared/contract/activation'

/** A household number is the customer's own, but a receipt or a list shows it masked like any account. */
export function maskHousehold(household: string): string {
  return household.length > 6 ? `${household.slice(0, 3)}****${household.slice(-3)}` : household
}

export function maskWalletNo(walletNo: string): string {
  return walletNo.length > 8 ? `${walletNo.slice(0, 4)}********${walletNo.slice(-4)}` : walletNo
}

export function toCounterparty(c: api.Counterparty): Counterparty {
  const account = c.account === undefined ? null : c.kind === 'biller' ? maskHousehold(c.account) : c.account
  return { kind: c.kind, name: c.name, account }
}

export function toTxSummary(tx: api.Transaction): TxSummary {
  return {
    txId: tx.txId,
    kind: tx.kind,
    direction: tx.direction,
    amountFen: tx.amountFen,
    discountFen: tx.discountFen,
    paidFen: tx.amountFen - tx.discountFen,
    status: tx.status,
    title: tx.title,
    counterparty: toCounterparty(tx.counterparty),
    createdAt: tx.createdAt,
    balanceAfterFen: tx.balanceAfterFen,
  }
}

export function toPaymentDone(res: api.MoneyResponse): PaymentDone {
  return { queued: false, transaction: toTxSummary(res.transaction), balanceFen: res.balanceFen }
}

export function toReceipt(tx: api.Transaction, profile: WalletProfile | undefined, issuedAt: number): Receipt {
  return {
    reference: tx.serial ?? tx.txId,
    txId: tx.txId,
    kind: tx.kind,
    direction: tx.direction,
    title: tx.title,
    status: tx.status,
    amountFen: tx.amountFen,
    discountFen: tx.discountFen,
    paidFen: tx.amountFen - tx.discountFen,
    account: {
      nameMasked: profile?.nameMasked ?? '',
      walletNoMasked: profile ? maskWalletNo(profile.walletNo) : '',
      phoneMasked: profile?.phoneMasked ?? '',
    },
    counterparty: toCounterparty(tx.counterparty),
    channel: tx.channel ?? null,
    category: tx.category,
    memo: tx.memo ?? null,
    orderId: tx.orderId ?? null,
    couponId: tx.couponId ?? null,
    createdAt: tx.createdAt,
    updatedAt: tx.updatedAt,
    balanceAfterFen: tx.balanceAfterFen,
    bankName: '中国工商银行',
    issuedAt,
  }
}
