import type { Transaction } from '../../shared/bank-api'
import { newId } from '../random'
import type { Posting } from '../state'
import type { Ctx } from './context'

export type TxFields = Omit<Transaction, 'txId' | 'createdAt' | 'updatedAt' | 'discountFen' | 'status' | 'balanceAfterFen'> &
  Partial<Pick<Transaction, 'txId' | 'discountFen' | 'status' | 'createdAt'>>

/** A customer-visible transaction; balanceAfterFen is filled when the posting is made. */
export function makeTx(ctx: Ctx, fields: TxFields): Transaction {
  const at = fields.createdAt ?? ctx.now
  return {
    discountFen: 0,
    status: 'succeeded',
    ...fields,
    txId: fields.txId ?? newId('tx'),
    createdAt: at,
    updatedAt: at,
    balanceAfterFen: null,
  }
}

/**
 * Emits a posting with the customers' transactions, each stamped with its wallet balance once the
 * posting takes effect (computed from the lines, so it is right before the posting applies).
 */
export function post(
  ctx: Ctx,
  lines: Posting['lines'],
  txs: { c: string; tx: Transaction }[],
  usage?: Posting['usage'],
  at: number = ctx.now,
): void {
  const stamped = txs.map(({ c, tx }) => {
    if (tx.status === 'pending') return { c, tx }
    const delta = lines.filter(([account]) => account === `w:${c}`).reduce((sum, [, fen]) => sum + fen, 0)
    return { c, tx: { ...tx, balanceAfterFen: ctx.state.walletBalance(c) + delta } }
  })
  const p: Posting = { id: newId('pst'), at, lines: lines.filter(([, fen]) => fen !== 0), txs: stamped }
  if (usage && usage.fen > 0) p.usage = usage
  ctx.emit({ t: 'posting', p })
}
