/**
 * The bank's plain lists of words, without zod: the renderer's filters show them (through
 * src/shared/contract/constants.ts), and its start-up should not build schemas it never uses.
 * The schemas in ./domain.ts are made from these lists.
 */

/** Kinds of wallet transactions, in the order the history filter offers them. */
export const TX_KINDS = [
  'topup',
  'withdraw',
  'transfer_in',
  'transfer_out',
  'card_transfer',
  'payment',
  'bill',
  'wealth_buy',
  'wealth_redeem',
] as const
export type TxKindName = (typeof TX_KINDS)[number]

/** What the bank says of a transaction: done, or waiting to settle (a T+1 redemption). */
export const TX_STATES = ['succeeded', 'pending'] as const

/** Money into or out of the wallet. */
export const DIRECTIONS = ['in', 'out'] as const
