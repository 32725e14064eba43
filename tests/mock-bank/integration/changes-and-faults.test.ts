import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChangesResponse, type ChangeItem } from '../../../src/shared/bank-api'
import {
  activeCustomer,
  errorOf,
  PAY_PASSWORD,
  shape,
  startTestBank,
  type BankClient,
  type TestBank,
} from '../../support/bank-client'

let bank: TestBank

beforeAll(async () => {
  bank = await startTestBank()
})
afterAll(async () => {
  await bank.stop()
})

async function readAll(
  client: BankClient,
  token: string,
  limit: number,
  cursor?: string,
): Promise<{ items: ChangeItem[]; cursor: string; pages: number[] }> {
  const items: ChangeItem[] = []
  const pages: number[] = []
  for (;;) {
    const q = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) })
    const page = shape(ChangesResponse, await client.get(`/changes?${q}`, token))
    items.push(...page.items)
    pages.push(page.remaining)
    cursor = page.nextCursor
    if (!page.hasMore) return { items, cursor, pages }
  }
}

describe('changes feed', () => {
  it('returns transactions and balance snapshots in one strict order, page by page, with what remains', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    for (let i = 0; i < 6; i++)
      await bank.client.post(
        '/payments/merchant',
        { merchantId: 'M0002', amountFen: 100 + i, payPassword: PAY_PASSWORD },
        { token: c.token },
      )
    const { items, cursor, pages } = await readAll(bank.client, c.token, 5)
    expect(items).toHaveLength(14) // 7 transactions, each followed by the balance it left
    expect(pages).toEqual([9, 4, 0])
    const seqs = items.map((i) => i.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect(new Set(seqs).size).toBe(seqs.length)
    expect(items.map((i) => i.type)).toEqual(Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? 'transaction' : 'balance')))
    const last = items.at(-1)!
    expect(last.type === 'balance' && last.balanceFen).toBe(10_000 - (100 + 101 + 102 + 103 + 104 + 105))

    // Nothing new: an empty page and the same cursor.
    const idle = shape(ChangesResponse, await bank.client.get(`/changes?cursor=${cursor}`, c.token))
    expect(idle).toEqual({ items: [], nextCursor: cursor, hasMore: false, remaining: 0 })
    // Something new: only that.
    await bank.client.post('/withdraw', { cardId: c.cardId, amountFen: 1, payPassword: PAY_PASSWORD }, { token: c.token })
    const next = shape(ChangesResponse, await bank.client.get(`/changes?cursor=${cursor}`, c.token))
    expect(next.items.map((i) => i.type)).toEqual(['transaction', 'balance'])
    expect(next.items[0]!.seq).toBeGreaterThan(last.seq)
  })

  it('shows a customer only their own changes, including money they received', async () => {
    const a = await activeCustomer(bank.client, 10_000)
    const b = await activeCustomer(bank.client, 0)
    await bank.client.post(
      '/transfers/wallet',
      { phone: b.phone, amountFen: 2_500, payPassword: PAY_PASSWORD },
      { token: a.token },
    )
    const { items } = await readAll(bank.client, b.token, 1000)
    expect(items).toHaveLength(2)
    expect(items[0]).toMatchObject({
      type: 'transaction',
      transaction: { kind: 'transfer_in', amountFen: 2_500, balanceAfterFen: 2_500 },
    })
  })

  it('limits pages to 2000 and refuses foreign or future cursors', async () => {
    const c = await activeCustomer(bank.client)
    expect(errorOf(await bank.client.get('/changes?limit=2001', c.token)).code).toBe('INVALID_INPUT')
    expect(errorOf(await bank.client.get('/changes?cursor=bm9uc2Vuc2U', c.token)).code).toBe('CURSOR_INVALID')
    const { cursor } = await readAll(bank.client, c.token, 10)
    const [, bankId] = Buffer.from(cursor, 'base64url').toString().split('|')
    const future = Buffer.from(`v1|${bankId}|999999999`).toString('base64url')
    expect(errorOf(await bank.client.get(`/changes?cursor=${future}`, c.token)).details).toMatchObject({ reason: 'AHEAD' })
    const foreign = Buffer.from('v1|bank_other|1').toString('base64url')
    expect(errorOf(await bank.client.get(`/changes?cursor=${foreign}`, c.token)).details).toMatchObject({
      reason: 'BANK_CHANGED',
    })
  })
})

describe('fault injection', () => {
  it('answers 503 at the error rate and resets connections at the reset rate, changing nothing', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    await bank.client.post('/_dev/faults', { errorRate: 1, paths: ['/withdraw'] })
    const refused = await bank.client.post(
      '/withdraw',
      { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
      { token: c.token, key: 'fault-error-1' },
    )
    expect(refused.status).toBe(503)
    expect(errorOf(refused).code).toBe('BANK_UNAVAILABLE')
    await bank.client.post('/_dev/faults', { resetRate: 1, paths: ['/withdraw'] })
    await expect(
      bank.client.post(
        '/withdraw',
        { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
        { token: c.token, key: 'fault-error-1' },
      ),
    ).rejects.toThrow()
    await bank.client.call('DELETE', '/_dev/faults')
    expect((await bank.client.get('/me', c.token)).body.balanceFen).toBe(10_000)
    // The key was never used: the retry is the first real attempt.
    const retried = await bank.client.post(
      '/withdraw',
      { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
      { token: c.token, key: 'fault-error-1' },
    )
    expect(retried.headers.get('idempotent-replayed')).toBeNull()
    expect(retried.body.balanceFen).toBe(9_900)
  })

  it('commits and then drops the response; the retry with the same key gets the stored answer', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    const body = { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD }
    await bank.client.post('/_dev/faults', { dropAfterCommitRate: 1, paths: ['/withdraw'] })
    await expect(bank.client.post('/withdraw', body, { token: c.token, key: 'fault-drop-1' })).rejects.toThrow()
    await bank.client.call('DELETE', '/_dev/faults')
    const retried = await bank.client.post('/withdraw', body, { token: c.token, key: 'fault-drop-1' })
    expect(retried.headers.get('idempotent-replayed')).toBe('true')
    expect(retried.body.balanceFen).toBe(9_900)
    expect((await bank.client.get('/me', c.token)).body.balanceFen).toBe(9_900)
  })

  it('delivers a change twice without doing it twice', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    await bank.client.post('/_dev/faults', { duplicateRate: 1, paths: ['/withdraw'] })
    const reply = await bank.client.post(
      '/withdraw',
      { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    await bank.client.call('DELETE', '/_dev/faults')
    expect(reply.headers.get('x-mock-duplicate')).toBe('1')
    expect((await bank.client.get('/me', c.token)).body.balanceFen).toBe(9_900)
  })

  it('repeats and shuffles feed pages when asked, without losing the order (each item keeps its seq)', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    for (let i = 0; i < 9; i++)
      await bank.client.post('/withdraw', { cardId: c.cardId, amountFen: 1, payPassword: PAY_PASSWORD }, { token: c.token })
    const clean = await readAll(bank.client, c.token, 4)
    await bank.client.post('/_dev/faults', { duplicateRate: 1, reorderRate: 1, paths: ['/changes'], seed: 7 })
    const faulty = await readAll(bank.client, c.token, 4)
    await bank.client.call('DELETE', '/_dev/faults')
    expect(faulty.items.length).toBeGreaterThan(clean.items.length)
    const bySeq = new Map(faulty.items.map((i) => [i.seq, i]))
    expect([...bySeq.values()].sort((a, b) => a.seq - b.seq)).toEqual(clean.items)
    expect(faulty.items.map((i) => i.seq)).not.toEqual([...faulty.items.map((i) => i.seq)].sort((a, b) => a - b))
  })

  it('adds latency', async () => {
    await bank.client.post('/_dev/faults', { latencyMs: { min: 150, max: 200 }, paths: ['/health'] })
    const started = Date.now()
    await bank.client.get('/health')
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    await bank.client.call('DELETE', '/_dev/faults')
  })

  it('never injects faults into the development endpoints', async () => {
    await bank.client.post('/_dev/faults', { errorRate: 1 })
    expect((await bank.client.get('/_dev/ledger')).status).toBe(200)
    expect((await bank.client.get('/_dev/faults')).body.faults).toEqual({ errorRate: 1 })
    await bank.client.call('DELETE', '/_dev/faults')
  })
})

describe('development clock', () => {
  it('moves the bank clock forward and reports it', async () => {
    const before = (await bank.client.get('/_dev/clock')).body.now
    const moved = await bank.client.post('/_dev/clock', { advanceMs: 3_600_000 }, { key: null })
    expect(moved.body.now).toBe(before + 3_600_000)
    expect((await bank.client.get('/health')).body.now).toBe(before + 3_600_000)
    const set = await bank.client.post('/_dev/clock', { setMs: before + 7_200_000 }, { key: null })
    expect(set.body.now).toBe(before + 7_200_000)
  })
})
