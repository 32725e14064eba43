/**
 * Sealed records for the renderer's backup tests, made the way main's sealer makes them
 * (src/main/platform/replica/sealer.ts: AES-256-GCM, nonce ‖ ciphertext ‖ tag in base64, the clear fields
 * as associated data) with WebCrypto, under a key the renderer is handed as at unlock. Tokens and the
 * cursor are opaque to the renderer: any well-formed value does.
 */
import {
  balanceAad,
  SEALED_TX_FIELDS,
  txAad,
  type ReplicaKey,
  type SealedBalance,
  type SealedTerm,
  type SealedTx,
} from '@shared/contract/replica'
import type { BalanceSnapshot, ReplicaTransaction } from '@shared/contract/sync'

const raw = crypto.getRandomValues(new Uint8Array(32))
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
export const KEY: ReplicaKey = { key: b64(raw), check: 'CHECKCHECKCHECKCHECK00' }
const aesKey = crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt'])

async function seal(text: string, aad: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const enc = new TextEncoder()
  const body = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(aad) }, await aesKey, enc.encode(text)),
  )
  const out = new Uint8Array(iv.length + body.length)
  out.set(iv)
  out.set(body, iv.length)
  let bin = ''
  for (const b of out) bin += String.fromCharCode(b)
  return btoa(bin)
}

/** A well-formed token (22 base64url characters) standing for `what`. */
export const token = (what: string) => `${what.replace(/[^A-Za-z0-9_-]/g, '_')}${'_'.repeat(22)}`.slice(0, 22)

export async function sealTx(t: ReplicaTransaction): Promise<SealedTx> {
  const part = Object.fromEntries(SEALED_TX_FIELDS.map((f) => [f, t[f]]))
  const record: SealedTx = {
    id: t.id,
    seq: t.seq,
    occurredAt: t.occurredAt,
    type: t.type,
    status: t.status,
    a: token(`a${t.amountFen}`),
    s: '',
  }
  if (t.counterparty) record.p = token(`p${t.counterparty.length}`)
  if (t.memo) record.m = token(`m${t.memo.length}`)
  record.s = await seal(JSON.stringify(part), txAad(record))
  return record
}

export const sealTxs = (rows: ReplicaTransaction[]) => Promise.all(rows.map(sealTx))

export async function sealBalance(b: BalanceSnapshot): Promise<SealedBalance> {
  return { seq: b.seq, s: await seal(JSON.stringify({ at: b.at, balanceFen: b.balanceFen }), balanceAad(b.seq)) }
}

/** Dictionary entries (the renderer stores them as they come; what they hold does not matter here). */
export async function terms(rows: ReplicaTransaction[]): Promise<SealedTerm[]> {
  const names = [...new Set(rows.map((r) => r.counterparty))]
  return Promise.all(
    names.map(async (name) => ({
      t: token(`p${name.length}`),
      k: 'p' as const,
      s: await seal(name, `term|p|${token(`p${name.length}`)}`),
    })),
  )
}

/** A sealed cursor as main hands it over: opaque to the renderer. */
export const cursor = (c: string) => `c1.${btoa(`cursor ${c}`)}`
