import { describe, expect, it, vi } from 'vitest'
import { AppError } from '../../src/shared/errors'
import type { OperationStatusResponse } from '../../src/shared/bank-api'
import { bodyHash, verdictOf, withIdempotencyKey, type KeyLedger, type PendingKey } from '../../src/main/platform/bank/idempotency'

function memoryLedger(): KeyLedger & { entries: Map<string, PendingKey> } {
  const entries = new Map<string, PendingKey>()
  return {
    entries,
    get: async (op) => entries.get(op),
    set: async (op, p) => void entries.set(op, p),
    clear: async (op) => void entries.delete(op),
  }
}

describe('withIdempotencyKey', () => {
  it('reuses the key after an uncertain failure and drops it after success', async () => {
    const ledger = memoryLedger()
    const keys: string[] = []
    await expect(
      withIdempotencyKey(ledger, 'bind', { pan: '1' }, async (k) => {
        keys.push(k)
        throw new AppError('TIMEOUT')
      }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' })
    await withIdempotencyKey(ledger, 'bind', { pan: '1' }, async (k) => keys.push(k))
    expect(keys[0]).toBe(keys[1])
    expect(ledger.entries.size).toBe(0)
    await withIdempotencyKey(ledger, 'bind', { pan: '1' }, async (k) => keys.push(k))
    expect(keys[2]).not.toBe(keys[0])
  })

  it('takes a new key when the body changes, and after a definite refusal', async () => {
    const ledger = memoryLedger()
    const keys: string[] = []
    const fail = (code: 'NETWORK' | 'CARD_FROZEN') => async (k: string) => {
      keys.push(k)
      throw new AppError(code)
    }
    await expect(withIdempotencyKey(ledger, 'bind', { pan: '1' }, fail('NETWORK'))).rejects.toThrow()
    await expect(withIdempotencyKey(ledger, 'bind', { pan: '2' }, fail('CARD_FROZEN'))).rejects.toThrow()
    await expect(withIdempotencyKey(ledger, 'bind', { pan: '2' }, fail('NETWORK'))).rejects.toThrow()
    expect(new Set(keys).size).toBe(3)
  })
})

describe('withIdempotencyKey with the bank’s record of outcomes', () => {
  const BANK_NOW = Date.UTC(2026, 0, 15, 2)
  const RETENTION = 30 * 86_400_000

  function bank(records: Record<string, OperationStatusResponse>) {
    const lookups: string[] = []
    return {
      lookups,
      settle: {
        lookup: async (key: string, firstAttemptAt: number) => {
          lookups.push(key)
          return verdictOf(records[key] ?? { state: 'unknown', retentionMs: RETENTION, now: BANK_NOW }, firstAttemptAt)
        },
        bankNow: () => BANK_NOW,
        accept: (body: unknown) => body as { ok: string },
      },
    }
  }

  it('keeps the key and the first attempt’s time when the outcome is unknown, then asks before sending again', async () => {
    const ledger = memoryLedger()
    const b = bank({})
    const keys: string[] = []
    await expect(
      withIdempotencyKey(ledger, 'pay', { n: 1 }, async (k) => {
        keys.push(k)
        throw new AppError('TIMEOUT')
      }, b.settle),
    ).rejects.toMatchObject({ code: 'TIMEOUT' })
    expect([...ledger.entries.values()][0]).toMatchObject({ firstAttemptAt: BANK_NOW })
    // Never received (young enough that the bank would remember it): sent again under the same key.
    const result = await withIdempotencyKey(ledger, 'pay', { n: 1 }, async (k) => (keys.push(k), { ok: 'sent' }), b.settle)
    expect(result).toEqual({ ok: 'sent' })
    expect(b.lookups).toEqual([keys[0]])
    expect(keys).toEqual([keys[0], keys[0]])
    expect(ledger.entries.size).toBe(0)
  })

  it('answers from the bank’s record instead of sending again: the stored success, or the stored refusal', async () => {
    const ledger = memoryLedger()
    ledger.entries.set(`pay#${bodyHash({ n: 1 })}`, { hash: bodyHash({ n: 1 }), key: 'key-1', firstAttemptAt: 5 })
    // A ledger that kept one slot per operation is read too.
    ledger.entries.set('refused', { hash: bodyHash({ n: 2 }), key: 'key-2', firstAttemptAt: 5 })
    const b = bank({
      'key-1': { state: 'done', status: 200, body: { ok: 'stored' } },
      'key-2': { state: 'done', status: 422, body: { error: { code: 'INSUFFICIENT_FUNDS', message: '余额不足' } } },
    })
    const run = vi.fn(async () => ({ ok: 'sent again' }))
    await expect(withIdempotencyKey(ledger, 'pay', { n: 1 }, run, b.settle)).resolves.toEqual({ ok: 'stored' })
    await expect(withIdempotencyKey(ledger, 'refused', { n: 2 }, run, b.settle)).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' })
    expect(run).not.toHaveBeenCalled()
    expect(ledger.entries.size).toBe(0)
  })

  it('treats IDEMPOTENCY_IN_FLIGHT as not known yet: the key stays and nothing new is sent', async () => {
    const ledger = memoryLedger()
    const b = bank({ 'key-1': { state: 'in-flight' } })
    await expect(
      withIdempotencyKey(ledger, 'pay', { n: 1 }, async () => {
        throw new AppError('IDEMPOTENCY_IN_FLIGHT')
      }, b.settle),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_FLIGHT' })
    const slot = `pay#${bodyHash({ n: 1 })}`
    const kept = ledger.entries.get(slot)!
    expect(kept.firstAttemptAt).toBe(BANK_NOW)
    ledger.entries.set(slot, { ...kept, key: 'key-1' })
    const run = vi.fn(async () => ({ ok: 'second' }))
    await expect(withIdempotencyKey(ledger, 'pay', { n: 1 }, run, b.settle)).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_FLIGHT' })
    expect(run).not.toHaveBeenCalled()
    expect(ledger.entries.get(slot)).toMatchObject({ key: 'key-1' })
  })

  it('does not send a payment the bank may have done and forgotten; pressing again is a new payment', async () => {
    const ledger = memoryLedger()
    ledger.entries.set('pay', { hash: bodyHash({ n: 1 }), key: 'key-old', firstAttemptAt: BANK_NOW - RETENTION })
    // A ledger written before first-attempt times were kept: it may have been sent at any time.
    ledger.entries.set('legacy', { hash: bodyHash({ n: 2 }), key: 'key-legacy' })
    const b = bank({})
    const run = vi.fn(async () => ({ ok: 'sent' }))
    await expect(withIdempotencyKey(ledger, 'pay', { n: 1 }, run, b.settle)).rejects.toMatchObject({ code: 'NEEDS_CONFIRMATION' })
    await expect(withIdempotencyKey(ledger, 'legacy', { n: 2 }, run, b.settle)).rejects.toMatchObject({ code: 'NEEDS_CONFIRMATION' })
    expect(run).not.toHaveBeenCalled()
    await withIdempotencyKey(ledger, 'pay', { n: 1 }, run, b.settle)
    expect(run).toHaveBeenCalledOnce()
    expect(run.mock.calls[0]).not.toContain('key-old')
  })

  it('keeps the key of a payment that may have reached the bank while another payment of the same kind is made', async () => {
    const ledger = memoryLedger()
    const b = bank({})
    const keys: string[] = []
    const lost = async (k: string) => {
      keys.push(k)
      throw new AppError('NETWORK')
    }
    await expect(withIdempotencyKey(ledger, 'pay', { n: 1 }, lost, b.settle)).rejects.toThrow()
    await withIdempotencyKey(ledger, 'pay', { n: 2 }, async (k) => (keys.push(k), { ok: 'other' }), b.settle)
    await withIdempotencyKey(ledger, 'pay', { n: 1 }, async (k) => (keys.push(k), { ok: 'first' }), b.settle)
    expect(keys[2]).toBe(keys[0])
    expect(b.lookups).toEqual([keys[0]])
  })

  it('keeps the key without counting the attempt when the bank refused before doing anything (sign in again)', async () => {
    const ledger = memoryLedger()
    const b = bank({})
    const keys: string[] = []
    await expect(
      withIdempotencyKey(ledger, 'pay', { n: 1 }, async (k) => {
        keys.push(k)
        throw new AppError('SESSION_EXPIRED')
      }, b.settle),
    ).rejects.toMatchObject({ code: 'SESSION_EXPIRED' })
    expect(ledger.entries.get(`pay#${bodyHash({ n: 1 })}`)).toMatchObject({ firstAttemptAt: null })
    await withIdempotencyKey(ledger, 'pay', { n: 1 }, async (k) => (keys.push(k), { ok: 'sent' }), b.settle)
    expect(b.lookups).toEqual([])
    expect(keys[1]).toBe(keys[0])
  })
})
