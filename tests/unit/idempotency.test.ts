import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/shared/errors'
import { withIdempotencyKey, type KeyLedger, type PendingKey } from '../../src/main/core/idempotency'

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
