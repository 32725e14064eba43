import { createHash } from 'node:crypto'
import type { Transaction } from '../../shared/bank-api'
import { newId } from '../random'
import { isoDay } from '../time'
import type { Posting } from '../state'
import type { Ctx } from './context'

export type TxFields = Omit<Transaction, 'txId' | 'serial' | 'createdAt' | 'updatedAt' | 'discountFen' | 'status' | 'balanceAfterFen'> &
  Partial<Pick<Transaction, 'txId' | 'discountFen' | 'status' | 'createdAt'>>

/**
 * 交易流水号: the 20-digit serial a bank prints on statements and 电子回单. The accounting day (UTC+8,
 * YYYYMMDD) and 12 digits of the SHA-256 of the transaction id: the same transaction always has the same
 * serial, and it says nothing of the wallet's internal ids.
 */
export function txSerial(txId: string, createdAt: number): string {
  // 13 hex digits are 52 bits: an exact number, of which the last 12 decimal digits are kept.
  const hashed = Number.parseInt(createHash('sha256').update(txId).digest('hex').slice(0, 13), 16)
  const digits = String(hashed % 1e12).padStart(12, '0')
  return `${isoDay(createdAt).replace(/-/g, '')}${digits}`
}

/** A customer-visible transaction; balanceAfterFen is filled when the posting is made. */
export function makeTx(ctx: Ctx, fields: TxFields): Transaction {
  const at = fields.createdAt ?? ctx.now
  const txId = fields.txId ?? newId('tx')
  return {
    discountFen: 0,
    status: 'succeeded',
    ...fields,
    txId,
    serial: txSerial(txId, at),
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
