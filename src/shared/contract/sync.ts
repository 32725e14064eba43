import { z } from 'zod'
import { Direction, TxKind } from '../bank-api/domain'
import { OUTBOX_PAYMENT_KINDS, TX_STATUSES, TX_TYPES } from './constants'
import { Text } from './text'
import { SealedBalance, SealedCursor, SealedTerm, SealedTx } from './replica'

export { TX_STATUSES, TX_TYPES, OUTBOX_PAYMENT_KINDS }

/** The bank's transaction kinds, under the name the replica uses. */
export const TxType = TxKind
export type TxType = TxKind

export const TxStatus = z.enum(TX_STATUSES)
export type TxStatus = z.infer<typeof TxStatus>

const fen = z.number().int().safe()

export const ReplicaTransaction = z.object({
  /** The bank's transaction id; a later feed entry with the same id replaces the earlier one. */
  id: z.string().min(1).max(64),
  /** Position in the bank's change feed (strictly increasing). */
  seq: z.number().int().nonnegative(),
  occurredAt: z.number().int(),
  type: TxType,
  direction: Direction,
  amountFen: fen.nonnegative(),
  status: TxStatus,
  /** Paid by a coupon, on top of amountFen (what the wallet itself moved). */
  discountFen: fen.nonnegative(),
  title: z.string().max(120),
  counterparty: z.string().max(120),
  /** Masked account of the counterparty (phone, card, household), if any. */
  counterpartyAccount: z.string().max(64),
  memo: z.string().max(200),
  category: z.string().max(32),
  channel: z.string().max(16),
  /** Reference number shown on 电子回单. */
  reference: z.string().max(64),
  balanceAfterFen: fen.nullable(),
})
export type ReplicaTransaction = z.infer<typeof ReplicaTransaction>

export { SEALED_TX_FIELDS, packTxPart, unpackTxPart, type PackedTxPart, type SealedTxPart } from './replica-format'

export const BalanceSnapshot = z.object({
  seq: z.number().int().nonnegative(),
  at: z.number().int(),
  balanceFen: fen,
})
export type BalanceSnapshot = z.infer<typeof BalanceSnapshot>

/**
 * One page of the change feed as main maps it from the bank, before sealing (and rows of an older,
 * unsealed replica sent to `replica.seal` to be upgraded). `fromCursor` is the cursor the page continues
 * from (null for the very first page), `nextCursor` the one to store with it.
 */
export const PlainSyncPage = z.object({
  fromCursor: z.string().nullable(),
  nextCursor: z.string(),
  transactions: z.array(ReplicaTransaction).max(1000),
  balances: z.array(BalanceSnapshot).max(1000),
  hasMore: z.boolean(),
  /** Entries still to come after this page (for "同步中 n/m"). */
  remaining: z.number().int().nonnegative(),
})
export type PlainSyncPage = z.infer<typeof PlainSyncPage>

/**
 * `replica.seal`'s input: a plain page whose strings, coming from the renderer, are checked with the text
 * rule like every channel's (src/shared/contract/text.ts).
 */
export const PlainSyncPageInput = PlainSyncPage.extend({
  fromCursor: Text(1024).nullable(),
  nextCursor: Text(1024),
  transactions: z
    .array(
      ReplicaTransaction.extend({
        id: Text(64).min(1),
        title: Text(120),
        counterparty: Text(120),
        counterpartyAccount: Text(64),
        memo: Text(200),
        category: Text(32),
        channel: Text(16),
        reference: Text(64),
      }),
    )
    .max(1000),
})

/**
 * One page of the change feed, as main hands it to the renderer: sealed (src/shared/contract/replica.ts),
 * with the dictionary entries its rows need and its cursors sealed deterministically. The renderer
 * applies a page only when `fromCursor` equals its stored cursor, so replays change nothing and gaps
 * cannot happen.
 */
export const SyncPage = z.object({
  fromCursor: SealedCursor.nullable(),
  nextCursor: SealedCursor,
  transactions: z.array(SealedTx).max(1000),
  balances: z.array(SealedBalance).max(1000),
  terms: z.array(SealedTerm).max(3000),
  hasMore: z.boolean(),
  remaining: z.number().int().nonnegative(),
})
export type SyncPage = z.infer<typeof SyncPage>

export const SYNC_STATES = ['online', 'offline', 'syncing', 'backoff'] as const
export const SyncState = z.enum(SYNC_STATES)

export const SyncStatus = z.object({
  state: SyncState,
  lastSyncedAt: z.number().nullable(),
  /** When the next automatic attempt happens while backing off. */
  nextRetryAt: z.number().nullable(),
  /** Outbox items not yet sent (待发送). */
  pending: z.number().int().nonnegative(),
  /** Stable code of the last failure, if the last attempt failed. */
  lastError: z.string().nullable(),
})
export type SyncStatus = z.infer<typeof SyncStatus>

export const SyncProgress = z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() })
export type SyncProgress = z.infer<typeof SyncProgress>

export const SyncAck = z.object({
  /** The page's nextCursor. */
  cursor: Text(1024),
  outcome: z.enum(['applied', 'duplicate', 'gap']),
  /** The replica's cursor after the attempt, so main can resume from where the replica really is. */
  replicaCursor: Text(1024).nullable(),
})
export type SyncAck = z.infer<typeof SyncAck>

/**
 * Where an outbox item is. `queued` with attempts > 0, and `sending`, mean the bank may already have it
 * (处理中); `needs-confirmation` (需要确认): the bank no longer remembers its first attempt, so it is sent
 * again only if the user says so, or cancelled; `awaiting-password` (待输入支付密码): the app restarted
 * before it was sent, and the payment password, which is never stored, must be entered again
 * (`outbox.resend`); it is then sent under the same key.
 */
export const OUTBOX_STATES = [
  'queued',
  'sending',
  'needs-confirmation',
  'awaiting-password',
  'succeeded',
  'rejected',
  'cancelled',
] as const
export const OutboxState = z.enum(OUTBOX_STATES)
export type OutboxState = z.infer<typeof OutboxState>

export const OutboxPaymentKind = z.enum(OUTBOX_PAYMENT_KINDS)
export type OutboxPaymentKind = z.infer<typeof OutboxPaymentKind>

/** An outbox item as the renderer sees it: never the payment password. */
export const OutboxView = z.object({
  id: z.string(),
  kind: OutboxPaymentKind,
  amountFen: z.number().int(),
  counterparty: z.string(),
  createdAt: z.number(),
  state: OutboxState,
  attempts: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
})
export type OutboxView = z.infer<typeof OutboxView>
