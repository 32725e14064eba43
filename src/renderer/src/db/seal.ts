// The zod-free formats (replica-format.ts), not the contract's schemas: this module is on the start's path.
import {
  balanceAad,
  inboxAad,
  NONCE_BYTES,
  SEALED_TX_FIELDS,
  statsAad,
  termAad,
  txAad,
  unpackTxPart,
  type PackedTxPart,
} from '../../../shared/contract/replica-format'
import type { ReplicaKey, SealedBalance, SealedTerm, SealedTx } from '../../../shared/contract/replica'
import type { BalanceSnapshot } from '../../../shared/contract/sync'
import type { InboxMessage } from '../../../shared/contract/account'
import type { SealedInboxRow, SealedStatsRow, StatCell, TxRow } from './replica'
import { monthOf } from './replica'

/**
 * The renderer's half of the sealed replica (docs/architecture.md, "The sealed replica"): the AES key
 * main hands over at unlock (`replica.key`), imported non-extractable, and the only code that opens
 * (and, for what the renderer derives itself: month totals and the inbox, seals) replica records.
 * Locking drops the key (src/renderer/src/App.vue follows the session); without it every read fails
 * with ReplicaLockedError and the rows stay unreadable in IndexedDB.
 */

export class ReplicaLockedError extends Error {
  readonly code = 'LOCKED'
  constructor() {
    super('the replica is locked: no key')
  }
}

/** A record that does not open under the key held: changed on disk, or sealed under another key. */
export class ReplicaUnreadableError extends Error {
  readonly code = 'REPLICA_KEY_MISMATCH'
}

interface Held {
  key: CryptoKey
  check: string
}
let held: Held | undefined
/** A key being fetched and imported: reads wait for it rather than fail (start-up, unlock). */
let pending: Promise<void> | undefined
/** Bumped whenever the key changes or goes, so work begun under an older key can tell. */
let generation = 0

const encoder = new TextEncoder()
const decoder = new TextDecoder()

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

function toBase64(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

async function importKey(given: ReplicaKey): Promise<CryptoKey> {
  const raw = fromBase64(given.key)
  try {
    return await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt'])
  } finally {
    raw.fill(0)
  }
}

/**
 * Fetches the key from main (`replica.key`, refused while locked) and imports it non-extractable: the
 * page can use it, never read it back. Reads made meanwhile wait for it. Once per unlock: a key held or
 * on its way is kept. Resolves false when main refused (locked) or the key was dropped before it arrived.
 */
export async function loadReplicaKey(fetch: () => Promise<ReplicaKey>): Promise<boolean> {
  if (held) return true
  if (pending) {
    await pending
    return held !== undefined
  }
  const at = ++generation
  const loading = (async () => {
    const given = await fetch()
    const key = await importKey(given)
    if (at !== generation) return false
    held = { key, check: given.check }
    return true
  })().catch(() => false)
  const settled = loading.then(() => {
    if (pending === settled) pending = undefined
  })
  pending = settled
  return loading
}

/** Imports a key given directly (tests, tools). */
export async function setReplicaKey(given: ReplicaKey): Promise<void> {
  const at = ++generation
  const key = await importKey(given)
  if (at === generation) held = { key, check: given.check }
}

/** Lock, sign-out, 注销: the key goes; what the views opened is theirs to drop (they unmount at the lock screen). */
export function dropReplicaKey(): void {
  held = undefined
  pending = undefined
  generation++
}

export function hasReplicaKey(): boolean {
  return held !== undefined
}

/** The check value of the key held (stored in the replica's meta as `keyCheck`). */
export async function replicaKeyCheck(): Promise<string> {
  return (await currentHeld()).check
}

export function keyGeneration(): number {
  return generation
}

async function currentHeld(): Promise<Held> {
  if (!held && pending) await pending
  if (!held) throw new ReplicaLockedError()
  return held
}

async function openBytes(sealed: string, aad: string): Promise<string> {
  const { key } = await currentHeld()
  const bytes = fromBase64(sealed)
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, NONCE_BYTES), additionalData: encoder.encode(aad) },
      key,
      bytes.subarray(NONCE_BYTES),
    )
    return decoder.decode(plain)
  } catch {
    throw new ReplicaUnreadableError(`replica: a record does not open (${aad.split('|')[0]})`)
  }
}

async function sealBytes(text: string, aad: string): Promise<string> {
  const { key } = await currentHeld()
  const iv = crypto.getRandomValues(new Uint8Array(NONCE_BYTES))
  const body = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(aad) }, key, encoder.encode(text)),
  )
  const out = new Uint8Array(iv.length + body.length)
  out.set(iv)
  out.set(body, iv.length)
  return toBase64(out)
}

export async function openTx(record: SealedTx): Promise<TxRow> {
  const part = unpackTxPart(JSON.parse(await openBytes(record.s, txAad(record))) as PackedTxPart)
  const row = {
    id: part.txId,
    key: record.id,
    seq: record.seq,
    occurredAt: record.occurredAt,
    type: record.type,
    status: record.status,
    month: monthOf(record.occurredAt),
  } as TxRow
  for (const field of SEALED_TX_FIELDS) (row as unknown as Record<string, unknown>)[field] = part[field]
  return row
}

/** Opens records in order (WebCrypto runs them off this thread; only the JSON is parsed here). */
export function openTxs(records: readonly (SealedTx | undefined)[]): Promise<TxRow[]> {
  return Promise.all(records.filter((r): r is SealedTx => r !== undefined).map(openTx))
}

export async function openBalance(record: SealedBalance): Promise<BalanceSnapshot> {
  const { at, balanceFen } = JSON.parse(await openBytes(record.s, balanceAad(record.seq))) as Omit<BalanceSnapshot, 'seq'>
  return { seq: record.seq, at, balanceFen }
}

export function openTerm(term: SealedTerm): Promise<string> {
  return openBytes(term.s, termAad(term.t, term.k))
}

export async function sealStats(month: string, cells: StatCell[]): Promise<SealedStatsRow> {
  return { month, s: await sealBytes(JSON.stringify(cells), statsAad(month)) }
}

export async function openStats(row: SealedStatsRow): Promise<StatCell[]> {
  return JSON.parse(await openBytes(row.s, statsAad(row.month))) as StatCell[]
}

export async function sealInbox(message: InboxMessage): Promise<SealedInboxRow> {
  return {
    messageId: message.messageId,
    createdAt: message.createdAt,
    s: await sealBytes(JSON.stringify(message), inboxAad(message.messageId)),
  }
}

export async function openInbox(row: SealedInboxRow): Promise<InboxMessage> {
  return JSON.parse(await openBytes(row.s, inboxAad(row.messageId))) as InboxMessage
}
