import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import {
  amountBucket,
  balanceAad,
  CURSOR_AAD,
  NONCE_BYTES,
  normaliseText,
  TAG_BYTES,
  termAad,
  txAad,
  type ReplicaKey,
  type SealedBalance,
  type SealedTerm,
  type SealedTx,
  type TermKind,
} from '../../../shared/contract/replica'
import {
  packTxPart,
  SEALED_TX_FIELDS,
  unpackTxPart,
  type BalanceSnapshot,
  type PackedTxPart,
  type PlainSyncPage,
  type ReplicaTransaction,
  type SyncPage,
} from '../../../shared/contract/sync'

/**
 * The replica's keys, derived from the installation's data key (HKDF-SHA256) for one customer: `enc`
 * (AES-256-GCM, handed to the renderer at unlock) and `mac` (the tokens' and the cursor's HMAC key,
 * which never leaves main). Another customer, or a reset data key, gives other keys; the renderer
 * sees that in `check` and clears what it holds (src/renderer/src/db/seal.ts).
 */
export interface ReplicaKeys {
  enc: Buffer
  mac: Buffer
}

const SALT = Buffer.from('icbc-wallet replica v1')

export function deriveReplicaKeys(dataKey: Uint8Array, owner: string): ReplicaKeys {
  const derive = (use: string) => Buffer.from(hkdfSync('sha256', dataKey, SALT, `${use}|${owner}`, 32))
  return { enc: derive('enc'), mac: derive('mac') }
}

const utf8 = (s: string) => Buffer.from(s, 'utf8')

/**
 * The cryptography a sealer uses. Only the benchmark replaces it (bench/null-sealer.ts: the same
 * records without encryption, to measure what sealing adds to a sync).
 */
export interface SealPrimitives {
  seal(key: Buffer, plaintext: Buffer, aad: string, nonce?: Buffer): string
  open(key: Buffer, sealed: string, aad: string): Buffer | undefined
  /** HMAC-SHA256 of `input` under `key` (32 bytes). */
  mac(key: Buffer, input: string): Buffer
}

/**
 * Random nonces, drawn from the CSPRNG a few thousand at a time: one call per row cost more than the
 * row's encryption (about 10 µs each, a second per 100,000 rows of a restore). Each nonce is a slice of
 * a pool that is never written again, so no two rows share one.
 */
const NONCES_PER_POOL = 4096
let noncePool = Buffer.alloc(0)
let nonceAt = 0
function freshNonce(): Buffer {
  if (nonceAt + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * NONCES_PER_POOL)
    nonceAt = 0
  }
  const nonce = noncePool.subarray(nonceAt, nonceAt + NONCE_BYTES)
  nonceAt += NONCE_BYTES
  return nonce
}

function seal(key: Buffer, plaintext: Buffer, aad: string, nonce: Buffer = freshNonce()): string {
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES })
  cipher.setAAD(utf8(aad))
  return Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]).toString('base64')
}

function open(key: Buffer, sealed: string, aad: string): Buffer | undefined {
  const bytes = Buffer.from(sealed, 'base64')
  if (bytes.length < NONCE_BYTES + TAG_BYTES) return undefined
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES })
  decipher.setAAD(utf8(aad))
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
  try {
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()])
  } catch {
    return undefined
  }
}

export const AES_GCM: SealPrimitives = {
  seal,
  open,
  mac: (key, input) => createHmac('sha256', key).update(input, 'utf8').digest(),
}

/** A value that does not open: another key, or a changed byte. */
export class ReplicaSealError extends Error {
  constructor(what: string) {
    super(`replica: ${what} does not open under this key`)
  }
}

export interface ReplicaSealer {
  /** The key and check value for the renderer (`replica.key`). */
  rendererKey(): ReplicaKey
  /** A plain page (the feed as mapped, or rows of an older replica being upgraded) in its stored form. */
  sealPage(page: PlainSyncPage): SyncPage
  /** The replica's key of a bank transaction id (its row's primary key). */
  rowKey(txId: string): string
  sealTransaction(t: ReplicaTransaction): SealedTx
  openTransaction(record: SealedTx): ReplicaTransaction
  sealBalance(b: BalanceSnapshot): SealedBalance
  openBalance(record: SealedBalance): BalanceSnapshot
  /** The dictionary entries for these transactions' counterparties, memos and amount buckets (each once). */
  terms(transactions: readonly ReplicaTransaction[]): SealedTerm[]
  /** Deterministic: the same cursor always seals to the same string. */
  wrapCursor(cursor: string): string
  wrapCursor(cursor: string | null): string | null
  /** Undefined when the string was not made by wrapCursor under these keys. */
  unwrapCursor(wrapped: string): string | undefined
}

export function createReplicaSealer(keys: ReplicaKeys, primitives: SealPrimitives = AES_GCM): ReplicaSealer {
  const { enc, mac } = keys
  const { seal, open } = primitives
  const hmac = (input: string) => primitives.mac(mac, input)
  const token = (kind: TermKind, value: string) => hmac(`${kind}|${value}`).subarray(0, 16).toString('base64url')
  const check = token('a', 'check-value')
  /** Tokens of a row's texts, memoised: a page repeats a few dozen counterparties many times. */
  const textTokens = new Map<string, string>()
  function textToken(kind: 'p' | 'm', text: string): string | undefined {
    if (text === '') return undefined
    const cacheKey = `${kind}\u0000${text}`
    let t = textTokens.get(cacheKey)
    if (t === undefined) {
      t = token(kind, normaliseText(text))
      if (textTokens.size > 50_000) textTokens.clear()
      textTokens.set(cacheKey, t)
    }
    return t
  }
  const bucketTokens = new Map<number, string>()
  function bucketToken(bucket: number): string {
    let t = bucketTokens.get(bucket)
    if (t === undefined) bucketTokens.set(bucket, (t = token('a', String(bucket))))
    return t
  }

  const rowKey = (txId: string) => hmac(`i|${txId}`).subarray(0, 16).toString('base64url')

  function sealTransaction(t: ReplicaTransaction): SealedTx {
    const record: SealedTx = {
      id: rowKey(t.id),
      seq: t.seq,
      occurredAt: t.occurredAt,
      type: t.type,
      status: t.status,
      a: bucketToken(amountBucket(t.amountFen)),
      s: '',
    }
    const p = textToken('p', t.counterparty)
    if (p) record.p = p
    const m = textToken('m', t.memo)
    if (m) record.m = m
    record.s = seal(enc, utf8(JSON.stringify(packTxPart(t))), txAad(record))
    return record
  }

  function openTransaction(record: SealedTx): ReplicaTransaction {
    const bytes = open(enc, record.s, txAad(record))
    if (!bytes) throw new ReplicaSealError(`transaction ${record.id}`)
    const part = unpackTxPart(JSON.parse(bytes.toString('utf8')) as PackedTxPart)
    const out = {
      id: part.txId,
      seq: record.seq,
      occurredAt: record.occurredAt,
      type: record.type,
      status: record.status,
    } as ReplicaTransaction
    for (const field of SEALED_TX_FIELDS) (out as Record<string, unknown>)[field] = part[field]
    return out
  }

  function terms(transactions: readonly ReplicaTransaction[]): SealedTerm[] {
    const out = new Map<string, SealedTerm>()
    const add = (kind: TermKind, t: string | undefined, value: string) => {
      if (t === undefined || out.has(t)) return
      out.set(t, { t, k: kind, s: seal(enc, utf8(value), termAad(t, kind)) })
    }
    for (const tx of transactions) {
      add('p', textToken('p', tx.counterparty), tx.counterparty)
      add('m', textToken('m', tx.memo), tx.memo)
      const bucket = amountBucket(tx.amountFen)
      add('a', bucketToken(bucket), String(bucket))
    }
    return [...out.values()]
  }

  function wrapCursor(cursor: string): string
  function wrapCursor(cursor: string | null): string | null
  function wrapCursor(cursor: string | null): string | null {
    if (cursor === null) return null
    // SIV-style: the nonce is an HMAC of the cursor, so equal cursors give equal strings.
    const nonce = hmac(`cursor|${cursor}`).subarray(0, NONCE_BYTES)
    return `c1.${seal(enc, utf8(cursor), CURSOR_AAD, nonce)}`
  }

  const sealBalance = (b: BalanceSnapshot): SealedBalance => ({
    seq: b.seq,
    s: seal(enc, utf8(JSON.stringify({ at: b.at, balanceFen: b.balanceFen })), balanceAad(b.seq)),
  })

  return {
    rendererKey: () => ({ key: enc.toString('base64'), check }),
    rowKey,
    sealTransaction,
    openTransaction,
    sealBalance,
    openBalance(record) {
      const bytes = open(enc, record.s, balanceAad(record.seq))
      if (!bytes) throw new ReplicaSealError(`balance ${record.seq}`)
      const { at, balanceFen } = JSON.parse(bytes.toString('utf8')) as { at: number; balanceFen: number }
      return { seq: record.seq, at, balanceFen }
    },
    terms,
    sealPage: (page) => ({
      fromCursor: wrapCursor(page.fromCursor),
      nextCursor: wrapCursor(page.nextCursor),
      transactions: page.transactions.map(sealTransaction),
      balances: page.balances.map(sealBalance),
      terms: terms(page.transactions),
      hasMore: page.hasMore,
      remaining: page.remaining,
    }),
    wrapCursor,
    unwrapCursor(wrapped) {
      if (!wrapped.startsWith('c1.')) return undefined
      const bytes = open(enc, wrapped.slice(3), CURSOR_AAD)
      if (!bytes) return undefined
      const cursor = bytes.toString('utf8')
      // Only what wrapCursor made: its nonce is the cursor's own HMAC.
      return wrapCursor(cursor) === wrapped ? cursor : undefined
    },
  }
}
