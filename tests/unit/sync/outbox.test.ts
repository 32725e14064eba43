import { describe, expect, it, vi } from 'vitest'
import { createMemoryDocStore } from '../../../src/main/core/ports'
import { createOutbox, type OutboxItem, type SendOutcome } from '../../../src/main/sync/outbox'

function setup(send: (item: OutboxItem) => Promise<SendOutcome>, store = createMemoryDocStore()) {
  let t = 1_000
  let id = 0
  const clock = { now: () => (t += 1) }
  const outbox = createOutbox({ store, clock, send, newId: () => `id-${++id}` })
  return { outbox, store }
}

describe('outbox', () => {
  it('chooses the idempotency key when queuing and sends in order', async () => {
    const seen: string[] = []
    const { outbox } = setup(async (item) => {
      seen.push(`${item.payload.n}:${item.idempotencyKey}`)
      return { kind: 'succeeded', result: { ok: item.payload.n } }
    })
    const a = await outbox.enqueue('topup', { n: 1 })
    const b = await outbox.enqueue('transfer.wallet', { n: 2 })
    expect(a.idempotencyKey).toBeTruthy()
    expect(a.idempotencyKey).not.toBe(b.idempotencyKey)
    await expect(outbox.drain()).resolves.toEqual({ succeeded: 2, rejected: 0, stoppedOn: null })
    expect(seen).toEqual([`1:${a.idempotencyKey}`, `2:${b.idempotencyKey}`])
    expect((await outbox.list()).map((i) => i.state)).toEqual(['succeeded', 'succeeded'])
  })

  it('keeps the same key across retries and stops at the first temporary failure, keeping order', async () => {
    const keys: string[] = []
    let fail = 2
    const { outbox } = setup(async (item) => {
      keys.push(item.idempotencyKey)
      if (item.payload.n === 1 && fail-- > 0) return { kind: 'retry', error: { code: 'NETWORK', message: 'down' } }
      return { kind: 'succeeded', result: null }
    })
    const first = await outbox.enqueue('withdraw', { n: 1 })
    await outbox.enqueue('withdraw', { n: 2 })
    expect((await outbox.drain()).stoppedOn).toMatchObject({ code: 'NETWORK' })
    expect(await outbox.pendingCount()).toBe(2)
    await outbox.drain()
    await outbox.drain()
    expect(keys.slice(0, 3)).toEqual([first.idempotencyKey, first.idempotencyKey, first.idempotencyKey])
    expect(await outbox.pendingCount()).toBe(0)
    expect((await outbox.list())[0]!.attempts).toBe(3)
  })

  it('records the bank’s reason for a rejection and goes on with the next item', async () => {
    const { outbox } = setup(async (item) =>
      item.payload.n === 1 ? { kind: 'rejected', error: { code: 'INSUFFICIENT_FUNDS', message: '余额不足' } } : { kind: 'succeeded', result: null },
    )
    await outbox.enqueue('transfer.card', { n: 1 })
    await outbox.enqueue('transfer.card', { n: 2 })
    await expect(outbox.drain()).resolves.toEqual({ succeeded: 1, rejected: 1, stoppedOn: null })
    const [a, b] = await outbox.list()
    expect(a).toMatchObject({ state: 'rejected', error: { code: 'INSUFFICIENT_FUNDS' } })
    expect(b!.state).toBe('succeeded')
  })

  it('lets an unsent item be cancelled, but never one that was handed to the bank', async () => {
    const { outbox } = setup(async () => ({ kind: 'retry', error: { code: 'TIMEOUT', message: 'no answer' } }))
    const sent = await outbox.enqueue('bill.pay', { n: 1 })
    await outbox.drain()
    const unsent = await outbox.enqueue('bill.pay', { n: 2 })
    await expect(outbox.cancel(sent.id)).rejects.toMatchObject({ code: 'OUTBOX_NOT_CANCELLABLE' })
    await expect(outbox.cancel(unsent.id)).resolves.toMatchObject({ state: 'cancelled' })
    await expect(outbox.cancel('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('queues a payment whose first attempt went out under that attempt’s key, and never lets it be cancelled', async () => {
    const keys: string[] = []
    const { outbox } = setup(async (item) => {
      keys.push(item.idempotencyKey)
      return { kind: 'succeeded', result: null }
    })
    const item = await outbox.enqueue('topup', { n: 1 }, { idempotencyKey: 'key-of-the-first-attempt', attempted: true })
    expect(item).toMatchObject({ idempotencyKey: 'key-of-the-first-attempt', attempts: 1 })
    await expect(outbox.cancel(item.id)).rejects.toMatchObject({ code: 'OUTBOX_NOT_CANCELLABLE' })
    await outbox.drain()
    expect(keys).toEqual(['key-of-the-first-attempt'])
  })

  it('survives a restart mid-send and resends under the same key', async () => {
    const store = createMemoryDocStore()
    const crashed = setup(() => new Promise<SendOutcome>(() => {}), store) // never answers: the app dies here
    const item = await crashed.outbox.enqueue('topup', { n: 1 })
    void crashed.outbox.drain()
    await vi.waitFor(async () => expect((await crashed.outbox.list())[0]!.state).toBe('sending'))

    const send = vi.fn(async (_item: OutboxItem): Promise<SendOutcome> => ({ kind: 'succeeded', result: null }))
    const restarted = setup(send, store)
    await restarted.outbox.drain()
    expect(send).toHaveBeenCalledOnce()
    expect(send.mock.calls[0]![0]).toMatchObject({ idempotencyKey: item.idempotencyKey })
  })

  it('shares one pass between concurrent drains (never sends an item twice at once)', async () => {
    let inFlight = 0
    let maxInFlight = 0
    const { outbox } = setup(async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight)
      await new Promise((r) => setTimeout(r, 5))
      inFlight--
      return { kind: 'succeeded', result: null }
    })
    await outbox.enqueue('topup', { n: 1 })
    await outbox.enqueue('topup', { n: 2 })
    const [a, b] = await Promise.all([outbox.drain(), outbox.drain()])
    expect(a).toBe(b)
    expect(maxInFlight).toBe(1)
  })
})
