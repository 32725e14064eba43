import { createHmac, randomUUID } from 'node:crypto'
import { AppError, isErrorCode, outcomeOf } from '../../../shared/errors'
import type { OperationStatusResponse } from '../../../shared/bank-api'
import { wasNeverSent } from './client'
import { withoutSecrets as canonical } from '../../../shared/bank-api/fingerprint'

export interface PendingKey {
  /** The request's fingerprint (requestFingerprint): which payment the key belongs to. */
  hash: string
  key: string
  /**
   * When an attempt under this key was first sent, on the bank's clock as well as the app could tell;
   * null while none has been. Missing in ledgers written before it was recorded: such a key may have
   * been sent at any time (see attemptedAt).
   */
  firstAttemptAt?: number | null
}

/** Where pending keys live between attempts (a sealed document), keyed by operation name. */
export interface KeyLedger {
  get(op: string): Promise<PendingKey | undefined>
  set(op: string, pending: PendingKey): Promise<void>
  clear(op: string): Promise<void>
  /** The fingerprint of a request under this installation's key (requestFingerprint). */
  fingerprint(body: unknown): Promise<string>
}

/**
 * What identifies a request in the pending-keys ledger: HMAC-SHA256 under a key of this installation
 * (src/main/core/keys-doc.ts) over the request without its secrets. A plain hash of a body that holds
 * a password could be tried against guesses offline (a 6-digit payment password in a million tries,
 * and a login password without the scrypt cost of the unlock verifier); this one holds no secret at
 * all, and without the key it does not even confirm a guess of the other fields. Two requests that
 * differ only in a secret (the same payment with a mistyped password) are the same request: the key
 * kept for one is used for the other.
 */
export function requestFingerprint(macKey: Uint8Array, body: unknown): string {
  return createHmac('sha256', macKey)
    .update(JSON.stringify(canonical(body)) ?? 'undefined')
    .digest('base64url')
}

/**
 * Where the pending key of one payment (operation and body) lives. Each payment has its own slot: a key
 * whose attempt may have reached the bank must not be replaced by the key of another payment of the
 * same kind, or pressing the first one again would send it under a new key. A key kept by an older
 * ledger (one slot per operation) is moved to its payment's slot when that payment comes again.
 */
export async function pendingSlot(ledger: KeyLedger, op: string, hash: string): Promise<{ slot: string; pending?: PendingKey }> {
  const slot = `${op}#${hash}`
  const pending = await ledger.get(slot)
  if (pending) return { slot, pending }
  const legacy = await ledger.get(op)
  if (legacy?.hash !== hash) return { slot }
  await ledger.set(slot, legacy)
  await ledger.clear(op)
  return { slot, pending: legacy }
}

/**
 * When a pending key was first sent (bank time), or null if it never was. A key from an older ledger
 * carries no time: it counts as sent long ago, so it is looked up and never resent on a guess.
 */
export function attemptedAt(pending: PendingKey): number | null {
  return pending.firstAttemptAt === undefined ? 0 : pending.firstAttemptAt
}

/**
 * Estimates of the bank's clock can be off (the skew is measured over a round trip, and the bank's
 * clock may move): an operation this close to the end of the bank's retention counts as forgotten.
 */
export const RETENTION_MARGIN_MS = 3_600_000

/** What the bank's record says about an operation sent before, and what may be done about it. */
export type Verdict =
  | { state: 'done'; status: number; body: unknown }
  | { state: 'in-flight' }
  /**
   * The bank has no record. `safe`: the first attempt is young enough that the bank would remember
   * it, so it never arrived and sending is safe. Otherwise the bank may have done it and forgotten.
   */
  | { state: 'unknown'; safe: boolean }

/** Reads the bank's answer to GET /operations/:key for an operation first sent at `firstAttemptAt` (bank time). */
export function verdictOf(answer: OperationStatusResponse, firstAttemptAt: number): Verdict {
  if (answer.state === 'done') return { state: 'done', status: answer.status, body: answer.body }
  if (answer.state === 'in-flight') return answer
  return { state: 'unknown', safe: answer.now - firstAttemptAt < answer.retentionMs - RETENTION_MARGIN_MS }
}

/** The stored refusal in a `done` verdict whose status is not a success, as the error the first answer was. */
export function storedError(body: unknown): AppError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error
  const code = isErrorCode(error?.code) ? error.code : 'BANK_ERROR'
  const message = typeof error?.message === 'string' ? error.message : 'refused'
  const details =
    error?.details && typeof error.details === 'object' ? (error.details as Record<string, string | number | boolean | null>) : undefined
  return new AppError(code, message, details)
}

async function sameOperation(ledger: KeyLedger, op: string, hash: string): Promise<{ slot: string; pending?: PendingKey }> {
  const pending = await ledger.get(op)
  return pending?.hash === hash ? { slot: op, pending } : { slot: op }
}

export interface SettleOptions<T> {
  /** Asks the bank about a key first sent at `firstAttemptAt` (bank time). */
  lookup(key: string, firstAttemptAt: number): Promise<Verdict>
  /** Now on the bank's clock, recorded as the first attempt's time. */
  bankNow(): number
  /** The stored success body as the caller's result (validated by the caller's schema). */
  accept(body: unknown): T
}

/**
 * Runs one bank operation under an idempotency key chosen (and stored) before the first attempt.
 * A retry of the same operation with the same body reuses the key, so the bank answers it from its
 * idempotency store instead of doing it twice; the key is dropped once the outcome is known.
 *
 * With `settle`, a key that was already sent is first looked up at the bank, which remembers
 * outcomes far longer than it replays them: a known outcome is the answer (nothing is sent), an
 * attempt still in flight stays pending (IDEMPOTENCY_IN_FLIGHT), a key the bank never received is sent
 * again, and one the bank may have done and forgotten is not sent at all (NEEDS_CONFIRMATION; the
 * key is dropped, so pressing again is the user's own decision to pay again).
 */
export async function withIdempotencyKey<T>(
  ledger: KeyLedger,
  op: string,
  body: unknown,
  run: (key: string) => Promise<T>,
  settle?: SettleOptions<T>,
): Promise<T> {
  const hash = await ledger.fingerprint(body)
  // Without a way to ask the bank (sign-in, registration), one key per operation, as before.
  const { slot, pending } = settle ? await pendingSlot(ledger, op, hash) : await sameOperation(ledger, op, hash)
  const sentAt = pending ? attemptedAt(pending) : null
  if (pending && settle && sentAt !== null) {
    const verdict = await settle.lookup(pending.key, sentAt)
    if (verdict.state === 'done') {
      await ledger.clear(slot)
      if (verdict.status >= 200 && verdict.status < 300) return settle.accept(verdict.body)
      throw storedError(verdict.body)
    }
    if (verdict.state === 'in-flight')
      throw new AppError('IDEMPOTENCY_IN_FLIGHT', `${op}: the first attempt is still being processed by the bank`)
    if (!verdict.safe) {
      await ledger.clear(slot)
      throw new AppError('NEEDS_CONFIRMATION', `${op}: the bank no longer remembers the first attempt; it may have been done`, {
        firstAttemptAt: sentAt,
      })
    }
  }
  const key = pending?.key ?? randomUUID()
  // Written before the request leaves, so a crash between sending and the answer leaves the key, and
  // when it went out, behind.
  await ledger.set(slot, settle ? { hash, key, firstAttemptAt: sentAt ?? settle.bankNow() } : { hash, key })
  try {
    const result = await run(key)
    await ledger.clear(slot)
    return result
  } catch (error) {
    if (!settle && pending && error instanceof AppError && error.code === 'IDEMPOTENCY_CONFLICT') {
      // The bank will not answer this request again under the kept key: either only a secret differed
      // (the fingerprint matched: another password, a new SMS code), or the first answer carried a
      // credential the bank never replays (a session token, a device secret: CREDENTIAL_NOT_REPLAYED in
      // src/mock-bank/README.md). Nothing that moves money takes this path (those ask the bank first):
      // this request is simply a new one, under a new key.
      await ledger.clear(slot)
      return withIdempotencyKey(ledger, op, body, run)
    }
    const outcome = outcomeOf(error)
    if (outcome === 'final') await ledger.clear(slot)
    // Refused before anything was done, or never sent: the same key next time, but this attempt does not count.
    else if ((outcome === 'retry' || wasNeverSent(error)) && settle) await ledger.set(slot, { hash, key, firstAttemptAt: sentAt })
    throw error
  }
}
