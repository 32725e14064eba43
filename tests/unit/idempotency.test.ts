import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { AppError } from '../../src/shared/errors'
import type { OperationStatusResponse } from '../../src/shared/bank-api'
import {
  requestFingerprint,
  verdictOf,
  withIdempotencyKey,
  type KeyLedger,
  type PendingKey,
} from '../../src/main/platform/bank/idempotency'
import { docKeyLedger } from '../../src/main/core/keys-doc'
import { createSealedStore } from '../../src/main/platform/vault/sealed-store'
import { allSealedPlaintexts } from '../support/sealed-files'

const MAC_KEY = randomBytes(32)
const fp = (body: unknown) => requestFingerprint(MAC_KEY, body)

function memoryLedger(): KeyLedger & { entries: Map<string, PendingKey> } {
  const entries = new Map<string, PendingKey>()
  return {
    entries,
    get: async (op) => entries.get(op),
    set: async (op, p) => void entries.set(op, p),
    clear: async (op) => void entries.delete(op),
    fingerprint: async (body) => fp(body),
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

describe('request fingerprints', () => {
  const sha256 = (text: string, encoding: 'hex' | 'base64url') => createHash('sha256').update(text).digest(encoding)

  it('leave out the secrets: the same payment with another password is the same request', () => {
    const a = { cardId: 'c1', amountFen: 100, payPassword: '135790' }
    expect(fp(a)).toBe(fp({ ...a, payPassword: '246802' }))
    expect(fp({ phone: '1', password: 'Secret1x', deviceId: 'd' })).toBe(fp({ phone: '1', password: 'Other2y', deviceId: 'd' }))
    expect(fp({ path: '/pay', body: { orderId: 'o', payPassword: '135790', smsCode: '123456' } })).toBe(
      fp({ path: '/pay', body: { orderId: 'o', payPassword: '000000', smsCode: '654321' } }),
    )
  })

  it('tell different requests apart, and depend on the installation’s key', () => {
    const a = { cardId: 'c1', amountFen: 100, payPassword: '135790' }
    expect(fp(a)).not.toBe(fp({ ...a, amountFen: 101 }))
    expect(fp({ b: 1, a: 2 })).toBe(fp({ a: 2, b: 1 }))
    expect(requestFingerprint(randomBytes(32), a)).not.toBe(fp(a))
  })

  it('are no plain hash of the body, with or without its secrets', () => {
    const body = { cardId: 'c1', amountFen: 100, payPassword: '135790' }
    const plain = [JSON.stringify(body), JSON.stringify({ cardId: 'c1', amountFen: 100 })]
    for (const text of plain) for (const enc of ['hex', 'base64url'] as const) expect(fp(body)).not.toBe(sha256(text, enc))
  })

  it('a key kept for a request is not reused when the bank says the request under it differed (only its secrets can have)', async () => {
    const ledger = memoryLedger()
    const keys: string[] = []
    await expect(
      withIdempotencyKey(ledger, 'auth.login', { phone: '1', password: 'first' }, async (k) => {
        keys.push(k)
        throw new AppError('TIMEOUT')
      }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' })
    const result = await withIdempotencyKey(ledger, 'auth.login', { phone: '1', password: 'second' }, async (k) => {
      keys.push(k)
      if (k === keys[0]) throw new AppError('IDEMPOTENCY_CONFLICT')
      return 'ok'
    })
    expect(result).toBe('ok')
    expect(keys).toHaveLength(3)
    expect(keys[2]).not.toBe(keys[0])
    expect(ledger.entries.size).toBe(0)
  })
})

describe('the pending-keys document', () => {
  const PASSWORD = 'Login2026pw'
  const body = { phone: '13800138000', password: PASSWORD, deviceId: 'dev-1' }

  async function sealed() {
    const dir = join(await mkdtemp(join(tmpdir(), 'keys-doc-')), 'state')
    const dataKey = randomBytes(32)
    return { dir, dataKey, store: createSealedStore({ dir, dataKey }) }
  }

  it('holds neither a secret nor a plain hash of a body with one, in any generation', async () => {
    const { dir, dataKey, store } = await sealed()
    const ledger = docKeyLedger(store)
    for (const password of [PASSWORD, 'Another1pw']) {
      await expect(
        withIdempotencyKey(ledger, 'auth.login', { ...body, password }, async () => {
          throw new AppError('TIMEOUT')
        }),
      ).rejects.toThrow()
    }
    const texts = [...(await allSealedPlaintexts(dir, dataKey)).values()]
    expect(texts.length).toBeGreaterThan(0)
    const json = JSON.stringify(body)
    const forbidden = [
      PASSWORD,
      Buffer.from(PASSWORD).toString('hex'),
      Buffer.from(PASSWORD).toString('base64'),
      createHash('sha256').update(PASSWORD).digest('hex'),
      createHash('sha256').update(json).digest('base64url'),
      createHash('sha256').update(json).digest('hex'),
    ]
    for (const text of texts) for (const f of forbidden) expect(text).not.toContain(f)
  })

  it('keeps its fingerprint key across restarts, so a kept key is found again', async () => {
    const { dir, dataKey, store } = await sealed()
    const keys: string[] = []
    await expect(
      withIdempotencyKey(docKeyLedger(store), 'auth.login', body, async (k) => {
        keys.push(k)
        throw new AppError('TIMEOUT')
      }),
    ).rejects.toThrow()
    const again = docKeyLedger(createSealedStore({ dir, dataKey }))
    await withIdempotencyKey(again, 'auth.login', body, async (k) => keys.push(k))
    expect(keys[1]).toBe(keys[0])
  })

  it('drops the plain hashes of a document written by an older version, from both generations', async () => {
    const { dir, dataKey, store } = await sealed()
    const legacyHash = createHash('sha256').update(JSON.stringify(body)).digest('base64url')
    await store.write('pending-keys', { 'auth.login': { hash: legacyHash, key: 'old-key-1' } })
    await store.write('pending-keys', { 'auth.login': { hash: legacyHash, key: 'old-key-2' } })
    await withIdempotencyKey(docKeyLedger(store), 'auth.login', body, async () => 'ok')
    expect(await readdir(dir)).toContain('pending-keys.sealed.prev')
    for (const text of (await allSealedPlaintexts(dir, dataKey)).values()) expect(text).not.toContain(legacyHash)
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
    ledger.entries.set(`pay#${fp({ n: 1 })}`, { hash: fp({ n: 1 }), key: 'key-1', firstAttemptAt: 5 })
    // A ledger that kept one slot per operation is read too.
    ledger.entries.set('refused', { hash: fp({ n: 2 }), key: 'key-2', firstAttemptAt: 5 })
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
    const slot = `pay#${fp({ n: 1 })}`
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
    ledger.entries.set('pay', { hash: fp({ n: 1 }), key: 'key-old', firstAttemptAt: BANK_NOW - RETENTION })
    // A ledger written before first-attempt times were kept: it may have been sent at any time.
    ledger.entries.set('legacy', { hash: fp({ n: 2 }), key: 'key-legacy' })
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
    expect(ledger.entries.get(`pay#${fp({ n: 1 })}`)).toMatchObject({ firstAttemptAt: null })
    await withIdempotencyKey(ledger, 'pay', { n: 1 }, async (k) => (keys.push(k), { ok: 'sent' }), b.settle)
    expect(b.lookups).toEqual([])
    expect(keys[1]).toBe(keys[0])
  })
})
