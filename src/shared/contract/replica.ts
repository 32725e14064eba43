import { z } from 'zod'
import { TxKind } from '../bank-api/domain'
import { TX_STATUSES } from './constants'
import { Text } from './text'

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

export const NONCE_BYTES = 12
export const TAG_BYTES = 16

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

export const TERM_KINDS = ['p', 'm', 'a'] as const
export type TermKind = (typeof TERM_KINDS)[number]

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

// ---------------------------------------------------------------------------------------------
// Associated data: each sealed value is bound to where it belongs.

/** Every clear field, tokens included: a row moved to another search or amount bucket does not open. */
export function txAad(t: Omit<SealedTx, 's'>): string {
  return `tx|${t.id}|${t.seq}|${t.occurredAt}|${t.type}|${t.status}|${t.p ?? ''}|${t.m ?? ''}|${t.a}`
}
export const balanceAad = (seq: number) => `bal|${seq}`
export const termAad = (token: string, kind: TermKind) => `term|${kind}|${token}`
export const statsAad = (month: string) => `stats|${month}`
export const inboxAad = (messageId: string) => `inbox|${messageId}`
export const CURSOR_AAD = 'cursor'

// ---------------------------------------------------------------------------------------------
// Tokens' inputs

/** What search compares: NFKC, lower case, trimmed, inner spaces collapsed. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ')
}

/**
 * Amount buckets: ten per decade (the R10 series: 1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8 × 10^k fen),
 * so a range reads whole buckets and opens only the rows of its two end buckets. Bucket 0 is 0 fen.
 */
const R10 = [100, 125, 160, 200, 250, 315, 400, 500, 630, 800]
export const BUCKET_BOUNDS: readonly number[] = (() => {
  const out = [0, 1]
  for (let e = -2; e <= 11; e++) {
    for (const m of R10) {
      const v = Math.round(m * 10 ** e)
      if (v > out[out.length - 1]!) out.push(v)
    }
  }
  return out
})()

/** The bucket of `fen`: the last bound ≤ fen. */
export function amountBucket(fen: number): number {
  let lo = 0
  let hi = BUCKET_BOUNDS.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (BUCKET_BOUNDS[mid]! <= fen) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** [lowest, highest] fen of a bucket (the last one is open-ended). */
export function bucketRange(bucket: number): [number, number] {
  const lo = BUCKET_BOUNDS[bucket] ?? Number.MAX_SAFE_INTEGER
  const next = BUCKET_BOUNDS[bucket + 1]
  return [lo, next === undefined ? Number.MAX_SAFE_INTEGER : next - 1]
}
