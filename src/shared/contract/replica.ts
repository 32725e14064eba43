import { z } from 'zod'
import { TxKind } from '../bank-api/domain'
import { TX_STATUSES } from './constants'
import { Text } from './text'
import { TERM_KINDS } from './replica-format'

// The zod-free half (keys' formats, associated data, tokens' inputs), which the renderer's start loads
// without zod: src/shared/contract/replica-format.ts.
export * from './replica-format'

/**
 * The sealed replica (docs/architecture.md, "The sealed replica"): what the renderer's IndexedDB
 * holds of the bank's feed. Main seals each transaction while it maps a sync page
 * (src/main/platform/replica/sealer.ts, Node's crypto); the renderer stores the records as they come
 * and opens only the ones it shows (src/renderer/src/db/seal.ts, WebCrypto, a non-extractable key
 * handed over at unlock by `replica.key`). No Node modules here: both sides use this file.
 *
 * In the clear, because IndexedDB's indexes need them: a transaction's key (`id`: a keyed token of the
 * bank's transaction id, which is also its reference, so the same transaction always lands on the same
 * row), seq (the feed position, to keep the newest state of a row), occurredAt (every list is
 * time-ordered), type and status (账单's filters), and three keyed tokens (HMAC-SHA256 under a key the
 * renderer never gets): counterparty `p`, memo `m` and amount bucket `a`. Everything else (the bank's
 * id, direction, amounts, balance after, title, counterparty and its account, memo, category, channel,
 * reference) is in the AES-256-GCM sealed part `s`, whose associated data binds the clear fields, so
 * none of them can be changed or moved to another row without the row failing to open.
 */

/** A character base64 does not use, or an `=` that is not the padding at the end. */
const NOT_BASE64 = /[^A-Za-z0-9+/=]|=(?!=?$)/
/**
 * base64 of nonce (12 bytes) ‖ ciphertext ‖ GCM tag (16 bytes). Checked with one unanchored search:
 * main checks every record of a staged backup, and `^[A-Za-z0-9+/]*={0,2}$` costs five times as long.
 */
export const Sealed = Text(8192)
  .min(38)
  .refine((s) => !NOT_BASE64.test(s), 'not base64')
/** base64url of the first 16 bytes of an HMAC-SHA256. */
export const Token = Text(22).regex(/^[A-Za-z0-9_-]{22}$/)

export const SealedTx = z.object({
  /** The row's key: a token of the bank's transaction id. */
  id: Token,
  seq: z.number().int().nonnegative(),
  occurredAt: z.number().int(),
  type: TxKind,
  status: z.enum(TX_STATUSES),
  /** Token of the normalised counterparty (absent when there is none). */
  p: Token.optional(),
  /** Token of the normalised memo (absent when there is none). */
  m: Token.optional(),
  /** Token of the amount's bucket (amountBucket). */
  a: Token,
  s: Sealed,
})
export type SealedTx = z.infer<typeof SealedTx>

/** A balance snapshot: seq in the clear (the newest wins), `{ at, balanceFen }` sealed. */
export const SealedBalance = z.object({ seq: z.number().int().nonnegative(), s: Sealed })
export type SealedBalance = z.infer<typeof SealedBalance>

/**
 * One entry of the sealed dictionary: a token and what it stands for (the counterparty or memo as the
 * feed wrote it, or the bucket number), sealed. Search opens the dictionary (a few hundred entries,
 * not the rows), matches the words in memory and reads the rows of the matching tokens from their
 * index; an amount range opens the bucket entries and reads whole buckets, opening only the rows of
 * the two buckets at its ends.
 */
export const SealedTerm = z.object({ t: Token, k: z.enum(TERM_KINDS), s: Sealed })
export type SealedTerm = z.infer<typeof SealedTerm>

/**
 * A replica cursor as the renderer keeps it: the bank's cursor sealed deterministically by main
 * (the same cursor always gives the same string, so the renderer can compare positions without
 * opening them); only main opens it.
 */
export const SealedCursor = Text(1024)

/** What main hands the renderer at unlock: the replica's AES key (raw, imported non-extractable) and its check value. */
export const ReplicaKey = z.object({
  /** base64 of the 32-byte AES-256-GCM key of this customer's replica. */
  key: z.string().length(44),
  /** Changes with the key: a replica stored under another key (a reset data key, another customer) is cleared. */
  check: Token,
})
export type ReplicaKey = z.infer<typeof ReplicaKey>
