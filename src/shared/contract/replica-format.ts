import type { DIRECTIONS } from '../bank-api/kinds'

/**
 * The sealed replica's formats that need no schema (src/shared/contract/replica.ts has the schemas and
 * re-exports all of this): nonce and tag sizes, the associated data each sealed value is bound to, the
 * normalised text and amount buckets the keyed tokens are made of, and a transaction's sealed part as it
 * is packed. No zod and no Node modules here: the renderer opens rows with these at its very start
 * (src/renderer/src/db/seal.ts, src/renderer/src/db/queries.ts), before any schema is needed.
 */

export const NONCE_BYTES = 12
export const TAG_BYTES = 16

export const TERM_KINDS = ['p', 'm', 'a'] as const
export type TermKind = (typeof TERM_KINDS)[number]

// ---------------------------------------------------------------------------------------------
// Associated data: each sealed value is bound to where it belongs.

/** A sealed transaction's clear fields (replica.ts's SealedTx without `s`). */
export interface TxClearFields {
  id: string
  seq: number
  occurredAt: number
  type: string
  status: string
  p?: string | undefined
  m?: string | undefined
  a: string
}

/** Every clear field, tokens included: a row moved to another search or amount bucket does not open. */
export function txAad(t: TxClearFields): string {
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

// ---------------------------------------------------------------------------------------------
// A transaction's sealed part

/**
 * The sealed part of a transaction: the fields stored only sealed, and the bank's transaction id. They
 * are sync.ts's ReplicaTransaction's fields of the same names (main packs a ReplicaTransaction).
 */
export interface SealedTxPart {
  txId: string
  direction: (typeof DIRECTIONS)[number]
  amountFen: number
  discountFen: number
  title: string
  counterparty: string
  counterpartyAccount: string
  memo: string
  category: string
  channel: string
  reference: string
  balanceAfterFen: number | null
}

/** The fields of a transaction that are stored only sealed. */
export const SEALED_TX_FIELDS = [
  'direction',
  'amountFen',
  'discountFen',
  'title',
  'counterparty',
  'counterpartyAccount',
  'memo',
  'category',
  'channel',
  'reference',
  'balanceAfterFen',
] as const satisfies readonly Exclude<keyof SealedTxPart, 'txId'>[]

/**
 * The sealed part as it is encrypted: an array in a fixed order rather than an object (no field names:
 * a smaller record for every transaction), the reference null when it is the bank's id, as it usually is.
 */
export type PackedTxPart = [
  txId: string,
  direction: SealedTxPart['direction'],
  amountFen: number,
  discountFen: number,
  title: string,
  counterparty: string,
  counterpartyAccount: string,
  memo: string,
  category: string,
  channel: string,
  reference: string | null,
  balanceAfterFen: number | null,
]

export function packTxPart(t: Omit<SealedTxPart, 'txId'> & { id: string }): PackedTxPart {
  return [
    t.id,
    t.direction,
    t.amountFen,
    t.discountFen,
    t.title,
    t.counterparty,
    t.counterpartyAccount,
    t.memo,
    t.category,
    t.channel,
    t.reference === t.id ? null : t.reference,
    t.balanceAfterFen,
  ]
}

export function unpackTxPart(p: PackedTxPart): SealedTxPart {
  const [txId, direction, amountFen, discountFen, title, counterparty, counterpartyAccount, memo, category, channel, reference, balanceAfterFen] = p
  return {
    txId,
    direction,
    amountFen,
    discountFen,
    title,
    counterparty,
    counterpartyAccount,
    memo,
    category,
    channel,
    reference: reference ?? txId,
    balanceAfterFen,
  }
}
