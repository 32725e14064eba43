import { createHash, randomUUID } from 'node:crypto'
import { AppError } from '../../shared/errors'

/** Failures after which the bank's answer is unknown: the next attempt must reuse the same key. */
export function isUncertain(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'NETWORK' || error.code === 'TIMEOUT' || error.code === 'BANK_UNAVAILABLE')
}

export interface PendingKey {
  hash: string
  key: string
}

/** Where pending keys live between attempts (a sealed document), keyed by operation name. */
export interface KeyLedger {
  get(op: string): Promise<PendingKey | undefined>
  set(op: string, pending: PendingKey): Promise<void>
  clear(op: string): Promise<void>
}

export function bodyHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('base64url')
}

/**
 * Runs one bank operation under an idempotency key chosen (and stored) before the first attempt.
 * A retry of the same operation with the same body reuses the key, so the bank answers it from its
 * idempotency store instead of doing it twice; the key is dropped once the outcome is known.
 */
export async function withIdempotencyKey<T>(ledger: KeyLedger, op: string, body: unknown, run: (key: string) => Promise<T>): Promise<T> {
  const hash = bodyHash(body)
  let pending = await ledger.get(op)
  if (!pending || pending.hash !== hash) {
    pending = { hash, key: randomUUID() }
    await ledger.set(op, pending)
  }
  try {
    const result = await run(pending.key)
    await ledger.clear(op)
    return result
  } catch (error) {
    if (!isUncertain(error)) await ledger.clear(op)
    throw error
  }
}
