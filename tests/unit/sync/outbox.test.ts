import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { createMemoryDocStore, type DocStore } from '../../../src/main/base/ports'
import { createOutbox, type CheckOutcome, type OutboxItem, type SendOutcome } from '../../../src/main/platform/sync/outbox'
import { createSealedStore } from '../../../src/main/platform/vault/sealed-store'
import { allSealedPlaintexts } from '../../support/sealed-files'

const PAY_PASSWORD = '135790'
const sent = (): SendOutcome => ({ kind: 'succeeded', result: null })
/** The document as it is stored, as text. */
const stored = async (store: DocStore) => JSON.stringify(await store.read('outbox', z.unknown()))

/** The bank's clock runs a day ahead of the app's. */
const BANK_AHEAD_MS = 86_400_000

function setup(
  send: (item: OutboxItem) => Promise<SendOutcome>,
  store = createMemoryDocStore(),
  check: (item: OutboxItem) => Promise<CheckOutcome> = async () => ({ kind: 'send' }),
) {
  let t = 1_000
  let id = 0
  const clock = { now: () => (t += 1) }
  const checked: string[] = []
  const outbox = createOutbox({
    store,
    clock,
    send,
    check: async (item) => {
      checked.push(item.idempotencyKey)
      return check(item)
    },
    bankNow: () => t + BANK_AHEAD_MS,
    newId: () => `id-${++id}`,
  })
  return { outbox, store, checked }
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
    await expect(outbox.drain()).resolves.toEqual({ succeeded: 2, rejected: 0, parked: 0, stoppedOn: null })
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
      item.payload.n === 1
        ? { kind: 'rejected', error: { code: 'INSUFFICIENT_FUNDS', message: '余额不足' } }
        : { kind: 'succeeded', result: null },
    )
    await outbox.enqueue('transfer.card', { n: 1 })
    await outbox.enqueue('transfer.card', { n: 2 })
    await expect(outbox.drain()).resolves.toEqual({ succeeded: 1, rejected: 1, parked: 0, stoppedOn: null })
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

  it('survives a restart mid-send: asks the bank first, and resends under the same key only what it never received', async () => {
    const store = createMemoryDocStore()
    const crashed = setup(() => new Promise<SendOutcome>(() => {}), store) // never answers: the app dies here
    const item = await crashed.outbox.enqueue('topup', { n: 1 })
    void crashed.outbox.drain()
    await vi.waitFor(async () => expect((await crashed.outbox.list())[0]!.state).toBe('sending'))

    const send = vi.fn(async (_item: OutboxItem): Promise<SendOutcome> => ({ kind: 'succeeded', result: null }))
    const restarted = setup(send, store)
    await restarted.outbox.drain()
    expect(restarted.checked).toEqual([item.idempotencyKey])
    expect(send).toHaveBeenCalledOnce()
    expect(send.mock.calls[0]![0]).toMatchObject({ idempotencyKey: item.idempotencyKey })
  })

  it('does not count an attempt that could not even connect: the item stays unsent and cancellable', async () => {
    const { outbox, checked } = setup(async () => ({
      kind: 'retry',
      error: { code: 'NETWORK', message: 'ECONNREFUSED' },
      notSent: true,
    }))
    const item = await outbox.enqueue('transfer.wallet', { n: 1 })
    expect((await outbox.drain()).stoppedOn).toMatchObject({ code: 'NETWORK' })
    await outbox.drain()
    expect((await outbox.list())[0]).toMatchObject({ state: 'queued', attempts: 0, firstAttemptAt: null })
    expect(checked).toEqual([])
    await expect(outbox.cancel(item.id)).resolves.toMatchObject({ state: 'cancelled' })
  })

  it('settles an attempted item from the bank’s record (success or stored refusal) without sending it again', async () => {
    const send = vi.fn(async (): Promise<SendOutcome> => ({ kind: 'succeeded', result: 'sent again' }))
    const records: Record<number, CheckOutcome> = {
      1: { kind: 'succeeded', result: { txId: 'T1' } },
      2: { kind: 'rejected', error: { code: 'INSUFFICIENT_FUNDS', message: '余额不足' } },
    }
    const { outbox, checked } = setup(send, undefined, async (item) => records[item.payload.n as number]!)
    const a = await outbox.enqueue('topup', { n: 1 }, { idempotencyKey: 'key-a', attempted: true })
    await outbox.enqueue('withdraw', { n: 2 }, { idempotencyKey: 'key-b', attempted: true })
    await expect(outbox.drain()).resolves.toEqual({ succeeded: 1, rejected: 1, parked: 0, stoppedOn: null })
    expect(checked).toEqual(['key-a', 'key-b'])
    expect(send).not.toHaveBeenCalled()
    const [x, y] = await outbox.list()
    expect(x).toMatchObject({ id: a.id, state: 'succeeded', result: { txId: 'T1' } })
    expect(y).toMatchObject({ state: 'rejected', error: { code: 'INSUFFICIENT_FUNDS' } })
  })

  it('keeps an item queued (处理中) while the bank is still processing its first attempt, and the rest behind it', async () => {
    const send = vi.fn(async (): Promise<SendOutcome> => ({ kind: 'succeeded', result: null }))
    let inFlight = true
    const { outbox } = setup(send, undefined, async () =>
      inFlight
        ? { kind: 'retry', error: { code: 'IDEMPOTENCY_IN_FLIGHT', message: 'still processing' } }
        : { kind: 'succeeded', result: null },
    )
    await outbox.enqueue('topup', { n: 1 }, { idempotencyKey: 'key-a', attempted: true })
    await outbox.enqueue('topup', { n: 2 })
    expect((await outbox.drain()).stoppedOn).toMatchObject({ code: 'IDEMPOTENCY_IN_FLIGHT' })
    expect((await outbox.list()).map((i) => i.state)).toEqual(['queued', 'queued'])
    expect(send).not.toHaveBeenCalled()
    inFlight = false
    await outbox.drain()
    expect((await outbox.list()).map((i) => i.state)).toEqual(['succeeded', 'succeeded'])
    expect(send).toHaveBeenCalledOnce()
  })

  it('parks an item the bank may have done and forgotten; only the user sends it again (same key) or cancels it', async () => {
    const keys: string[] = []
    const sent: OutboxItem[] = []
    const { outbox } = setup(
      async (item) => {
        keys.push(item.idempotencyKey)
        sent.push(structuredClone(item))
        return { kind: 'succeeded', result: null }
      },
      undefined,
      async () => ({ kind: 'park' }),
    )
    const a = await outbox.enqueue(
      'topup',
      { n: 1, payPassword: '135790' },
      { idempotencyKey: 'key-a', attempted: true, firstAttemptAt: 5 },
    )
    const b = await outbox.enqueue(
      'topup',
      { n: 2, payPassword: '135790' },
      { idempotencyKey: 'key-b', attempted: true, firstAttemptAt: 5 },
    )
    await expect(outbox.drain()).resolves.toEqual({ succeeded: 0, rejected: 0, parked: 2, stoppedOn: null })
    await outbox.drain()
    expect(keys).toEqual([])
    expect(await outbox.pendingCount()).toBe(0)
    expect((await outbox.list())[0]).toMatchObject({ state: 'needs-confirmation', error: { code: 'NEEDS_CONFIRMATION' } })
    // A parked item may wait for the user a long time: it keeps no payment password meanwhile.
    for (const item of await outbox.list()) expect(item.payload.payPassword).toBeUndefined()
    // It is still the same payment for a second press (the password aside).
    expect(await outbox.findUnsettled('topup', { n: 2, payPassword: '135790' })).toMatchObject({ id: b.id })

    // The user's decision brings the password again.
    await expect(outbox.resend(b.id, { payPassword: '135790' })).resolves.toMatchObject({ state: 'queued' })
    await expect(outbox.cancel(a.id)).resolves.toMatchObject({ state: 'cancelled' })
    await outbox.drain()
    expect(keys).toEqual(['key-b'])
    expect(sent[0]!.payload.payPassword).toBe('135790')
    const done = (await outbox.list())[1]!
    expect(done.state).toBe('succeeded')
    expect(done.resendConfirmed).toBeUndefined()
    expect(done.payload.payPassword).toBeUndefined()
    // The confirmed attempt is the first one the bank will remember.
    expect(done.firstAttemptAt).toBeGreaterThan(BANK_AHEAD_MS)
    await expect(outbox.resend(b.id, { payPassword: '135790' })).rejects.toMatchObject({ code: 'OUTBOX_NOT_RESENDABLE' })
    await expect(outbox.cancel(b.id)).rejects.toMatchObject({ code: 'OUTBOX_NOT_CANCELLABLE' })
  })

  it('records the first attempt in the bank’s time and keeps it across later attempts', async () => {
    let fail = true
    const { outbox } = setup(async () =>
      fail ? { kind: 'retry', error: { code: 'TIMEOUT', message: '' } } : { kind: 'succeeded', result: null },
    )
    await outbox.enqueue('topup', { n: 1 })
    await outbox.drain()
    const first = (await outbox.list())[0]!.firstAttemptAt
    expect(first).toBeGreaterThan(BANK_AHEAD_MS)
    fail = false
    await outbox.drain()
    expect((await outbox.list())[0]).toMatchObject({ state: 'succeeded', firstAttemptAt: first, attempts: 2 })
  })

  it('reads an outbox written before outcomes were looked up, and treats its attempted items as old as they can be', async () => {
    const store = createMemoryDocStore()
    const old = {
      id: 'old-1',
      kind: 'topup',
      payload: { n: 1 },
      idempotencyKey: 'key-old',
      createdAt: 500,
      state: 'sending',
      attempts: 1,
      lastAttemptAt: 600,
      finishedAt: null,
      error: null,
    }
    await store.write('outbox', { version: 1, items: [old] })
    const seen: number[] = []
    const { outbox } = setup(
      async () => ({ kind: 'succeeded', result: null }),
      store,
      async (item) => {
        seen.push(item.firstAttemptAt ?? item.createdAt)
        return { kind: 'send' }
      },
    )
    expect(await outbox.list()).toMatchObject([{ id: 'old-1', state: 'sending' }])
    await outbox.drain()
    expect(seen).toEqual([500])
    expect((await outbox.list())[0]).toMatchObject({ state: 'succeeded', firstAttemptAt: 500 })
  })

  it('finds the unsettled item a second press of the same payment joins', async () => {
    const { outbox } = setup(async () => ({ kind: 'retry', error: { code: 'NETWORK', message: '' } }))
    const a = await outbox.enqueue('topup', { cardId: 'c1', amountFen: 100, cardLabel: '工商银行(4562)' })
    expect(await outbox.findUnsettled('topup', { cardId: 'c1', amountFen: 100 })).toMatchObject({ id: a.id })
    expect(await outbox.findUnsettled('topup', { cardId: 'c1', amountFen: 101 })).toBeUndefined()
    expect(await outbox.findUnsettled('withdraw', { cardId: 'c1', amountFen: 100 })).toBeUndefined()
    await outbox.cancel(a.id)
    expect(await outbox.findUnsettled('topup', { cardId: 'c1', amountFen: 100 })).toBeUndefined()
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

  it('keeps the payment password in memory only: never in the document, yet sent with the item', async () => {
    const seen: OutboxItem[] = []
    const { outbox, store } = setup(async (item) => (seen.push(structuredClone(item)), sent()))
    const item = await outbox.enqueue('topup', { cardId: 'c1', amountFen: 100, payPassword: PAY_PASSWORD })
    expect(item.payload.payPassword).toBeUndefined()
    expect(await stored(store)).not.toContain(PAY_PASSWORD)
    expect(outbox.holdsSecretsOf(item.id)).toBe(true)
    await outbox.drain()
    expect(seen[0]!.payload).toMatchObject({ cardId: 'c1', amountFen: 100, payPassword: PAY_PASSWORD })
    expect(await stored(store)).not.toContain(PAY_PASSWORD)
    // Sent and finished: nothing of it is kept, not even in memory.
    expect(outbox.holdsSecretsOf(item.id)).toBe(false)
  })

  it('forgets the password of an item that is cancelled or rejected', async () => {
    const { outbox } = setup(async () => ({ kind: 'rejected', error: { code: 'PAY_PASSWORD_WRONG', message: '' } }))
    const a = await outbox.enqueue('topup', { n: 1, payPassword: PAY_PASSWORD })
    const b = await outbox.enqueue('topup', { n: 2, payPassword: PAY_PASSWORD })
    await outbox.cancel(a.id)
    await outbox.drain()
    expect(outbox.holdsSecretsOf(a.id)).toBe(false)
    expect(outbox.holdsSecretsOf(b.id)).toBe(false)
    expect((await outbox.list()).map((i) => i.state)).toEqual(['cancelled', 'rejected'])
  })

  it('after a restart, an unsent item waits for the payment password (待输入支付密码), then goes under its own key', async () => {
    const store = createMemoryDocStore()
    const before = setup(async () => ({ kind: 'retry', error: { code: 'NETWORK', message: '' }, notSent: true }), store)
    const item = await before.outbox.enqueue('topup', { n: 1, payPassword: PAY_PASSWORD })
    await before.outbox.drain()

    const seen: OutboxItem[] = []
    const after = setup(async (i) => (seen.push(structuredClone(i)), sent()), store)
    expect((await after.outbox.list())[0]).toMatchObject({ id: item.id, state: 'awaiting-password', attempts: 0 })
    expect(await after.outbox.pendingCount()).toBe(0)
    await after.outbox.drain()
    expect(seen).toEqual([])
    // It is still the same payment for a second press, and can be taken back: it never left.
    expect(await after.outbox.findUnsettled('topup', { n: 1, payPassword: PAY_PASSWORD })).toMatchObject({ id: item.id })

    await expect(after.outbox.resend(item.id, { payPassword: PAY_PASSWORD })).resolves.toMatchObject({ state: 'queued' })
    expect(await after.outbox.pendingCount()).toBe(1)
    expect(await stored(store)).not.toContain(PAY_PASSWORD)
    await after.outbox.drain()
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ idempotencyKey: item.idempotencyKey, payload: { n: 1, payPassword: PAY_PASSWORD } })
    const done = (await after.outbox.list())[0]!
    expect(done.state).toBe('succeeded')
    // Waiting for the password is not the user's decision to pay twice: it was never confirmed as such.
    expect(done.resendConfirmed).toBeUndefined()
  })

  it('after a restart, an attempted item is settled from the bank’s record without the password, or waits for it when the bank never got it', async () => {
    const store = createMemoryDocStore()
    const before = setup(async () => ({ kind: 'retry', error: { code: 'TIMEOUT', message: '' } }), store)
    const done = await before.outbox.enqueue('topup', { n: 1, payPassword: PAY_PASSWORD })
    const lost = await before.outbox.enqueue('topup', { n: 2, payPassword: PAY_PASSWORD })
    await before.outbox.drain() // n=1 times out, n=2 waits behind it
    const first = (await before.outbox.list())[0]!
    expect(first.attempts).toBe(1)

    const seen: OutboxItem[] = []
    const records: Record<number, CheckOutcome> = { 1: { kind: 'succeeded', result: { txId: 'T1' } } }
    const after = setup(async (i) => (seen.push(structuredClone(i)), sent()), store, async (i) => records[i.payload.n as number] ?? { kind: 'send' })
    // 处理中, not 待输入支付密码: the bank may have it, and its record may settle it.
    expect((await after.outbox.list()).map((i) => i.state)).toEqual(['queued', 'awaiting-password'])
    await after.outbox.drain()
    expect((await after.outbox.list()).map((i) => i.state)).toEqual(['succeeded', 'awaiting-password'])
    expect(seen).toEqual([])

    const third = setup(async (i) => (seen.push(structuredClone(i)), sent()), store, async (i) => records[i.payload.n as number] ?? { kind: 'send' })
    await third.outbox.resend(lost.id, { payPassword: PAY_PASSWORD })
    await third.outbox.drain()
    expect(seen.map((i) => i.idempotencyKey)).toEqual([lost.idempotencyKey])
    expect(done.id).not.toBe(lost.id)
  })

  it('an attempted item whose bank never got it keeps its key and first-attempt time when the password comes again', async () => {
    const store = createMemoryDocStore()
    const before = setup(async () => ({ kind: 'retry', error: { code: 'TIMEOUT', message: '' } }), store)
    const item = await before.outbox.enqueue('topup', { n: 1, payPassword: PAY_PASSWORD })
    await before.outbox.drain()
    const { firstAttemptAt } = (await before.outbox.list())[0]!

    const seen: OutboxItem[] = []
    const after = setup(async (i) => (seen.push(structuredClone(i)), sent()), store)
    await after.outbox.drain()
    expect((await after.outbox.list())[0]).toMatchObject({ state: 'awaiting-password', attempts: 1 })
    expect(after.checked).toEqual([item.idempotencyKey])
    // It may have reached the bank: only its outcome or the password settles it, not 取消.
    await expect(after.outbox.cancel(item.id)).rejects.toMatchObject({ code: 'OUTBOX_NOT_CANCELLABLE' })
    await after.outbox.resend(item.id, { payPassword: PAY_PASSWORD })
    await after.outbox.drain()
    // Asked again before sending (the decision is the bank's record, not the password).
    expect(after.checked).toEqual([item.idempotencyKey, item.idempotencyKey])
    expect(seen[0]).toMatchObject({ idempotencyKey: item.idempotencyKey, firstAttemptAt })
    expect((await after.outbox.list())[0]).toMatchObject({ state: 'succeeded', firstAttemptAt })
  })

  it('takes the password of an outbox written by an older version out of the document and every older generation', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'outbox-')), 'state')
    const dataKey = randomBytes(32)
    const store = createSealedStore({ dir, dataKey })
    const old = (id: string, n: number) => ({
      id,
      kind: 'topup',
      payload: { n, payPassword: PAY_PASSWORD },
      idempotencyKey: `key-${id}`,
      createdAt: 500,
      state: 'queued',
      attempts: 0,
      lastAttemptAt: null,
      firstAttemptAt: null,
      finishedAt: null,
      error: null,
    })
    await store.write('outbox', { version: 1, items: [old('a', 1)] })
    await store.write('outbox', { version: 1, items: [old('a', 1), old('b', 2)] })

    const seen: OutboxItem[] = []
    const { outbox } = setup(async (i) => (seen.push(structuredClone(i)), sent()), store)
    // This run read the password from disk: it may still send with it, from memory.
    expect((await outbox.list()).map((i) => i.state)).toEqual(['queued', 'queued'])
    for (const text of (await allSealedPlaintexts(dir, dataKey)).values()) expect(text).not.toContain(PAY_PASSWORD)
    await outbox.drain()
    expect(seen.map((i) => i.payload.payPassword)).toEqual([PAY_PASSWORD, PAY_PASSWORD])
  })

  it('clears the previous generation an older version left with a password, although the current one no longer has it', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'outbox-')), 'state')
    const dataKey = randomBytes(32)
    const store = createSealedStore({ dir, dataKey })
    const item = {
      id: 'a',
      kind: 'topup',
      payload: { n: 1, payPassword: PAY_PASSWORD },
      idempotencyKey: 'key-a',
      createdAt: 500,
      state: 'sending',
      attempts: 1,
      lastAttemptAt: 600,
      firstAttemptAt: 600,
      finishedAt: null,
      error: null,
    }
    // The older version removed the password when the item finished: from the current generation only.
    await store.write('outbox', { version: 1, items: [item] })
    await store.write('outbox', { version: 1, items: [{ ...item, state: 'succeeded', finishedAt: 900, payload: { n: 1 } }] })
    const { outbox } = setup(async () => sent(), store)
    expect((await outbox.list())[0]).toMatchObject({ state: 'succeeded' })
    for (const text of (await allSealedPlaintexts(dir, dataKey)).values()) expect(text).not.toContain(PAY_PASSWORD)
  })

  it('never writes a password into the document, whatever the payload held', async () => {
    const { outbox, store } = setup(async () => ({ kind: 'retry', error: { code: 'NETWORK', message: '' }, notSent: true }))
    const item = await outbox.enqueue('bill.pay', { billerId: 'b', payPassword: PAY_PASSWORD })
    await outbox.drain()
    await outbox.resend(item.id, { payPassword: PAY_PASSWORD }).catch(() => undefined)
    expect(await stored(store)).not.toContain(PAY_PASSWORD)
  })
})
