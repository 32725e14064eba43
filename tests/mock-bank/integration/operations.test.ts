import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BANK_TIME_HEADER, OperationStatusResponse, REPLAYED_HEADER } from '../../../src/shared/bank-api'
import { createBankClient, wasNeverSent } from '../../../src/main/platform/bank/client'
import { startNetCut } from '../../support/net-cut'
import { activeCustomer, PAY_PASSWORD, shape, signIn, startTestBank, type TestBank } from '../../support/bank-client'

const HOUR = 3_600_000
const DAY = 24 * HOUR
let bank: TestBank

beforeAll(async () => {
  bank = await startTestBank()
})
afterAll(async () => {
  await bank.stop()
})

const status = async (token: string, key: string) =>
  shape(OperationStatusResponse, await bank.client.get(`/operations/${key}`, token))

describe('GET /operations/:key: the outcome of an operation, by its idempotency key', () => {
  it('answers done with the stored answer (a success or a refusal), unknown for a key never sent', async () => {
    const c = await activeCustomer(bank.client, 1_000)
    const ok = await bank.client.post(
      '/withdraw',
      { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
      { token: c.token, key: 'op-done-1' },
    )
    const refused = await bank.client.post(
      '/withdraw',
      { cardId: c.cardId, amountFen: 99_999, payPassword: PAY_PASSWORD },
      { token: c.token, key: 'op-refused-1' },
    )
    expect(refused.status).toBe(422)
    expect(await status(c.token, 'op-done-1')).toEqual({ state: 'done', status: 200, body: ok.body })
    expect(await status(c.token, 'op-refused-1')).toEqual({ state: 'done', status: 422, body: refused.body })
    expect(await status(c.token, 'op-never-sent')).toEqual({
      state: 'unknown',
      retentionMs: 30 * DAY,
      now: bank.server.clock.now(),
    })
  })

  it('scopes keys to the customer, and wants a signed-in customer', async () => {
    const a = await activeCustomer(bank.client, 1_000)
    const b = await activeCustomer(bank.client, 1_000)
    await bank.client.post(
      '/withdraw',
      { cardId: a.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
      { token: a.token, key: 'op-scoped-1' },
    )
    expect((await status(a.token, 'op-scoped-1')).state).toBe('done')
    expect((await status(b.token, 'op-scoped-1')).state).toBe('unknown')
    expect((await bank.client.get('/operations/op-scoped-1')).status).toBe(401)
    expect((await bank.client.get('/operations/short', a.token)).status).toBe(400)
  })

  it('answers in-flight while the first request with the key is still being processed', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    await bank.client.post('/_dev/faults', { latencyMs: 400, paths: ['/withdraw'] })
    try {
      const first = bank.client.post(
        '/withdraw',
        { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
        { token: c.token, key: 'op-in-flight' },
      )
      await new Promise((resolve) => setTimeout(resolve, 150))
      expect(await status(c.token, 'op-in-flight')).toEqual({ state: 'in-flight' })
      expect((await first).status).toBe(200)
      expect((await status(c.token, 'op-in-flight')).state).toBe('done')
    } finally {
      await bank.client.call('DELETE', '/_dev/faults')
    }
  })

  it('keeps outcomes 30 days, long after the 24 h replay window, and across a restart', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    const body = { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD }
    const first = await bank.client.post('/withdraw', body, { token: c.token, key: 'op-retained' })
    bank.clock.advance(25 * HOUR)
    bank = await bank.restart()
    await signIn(bank.client, c)
    expect(await status(c.token, 'op-retained')).toEqual({ state: 'done', status: 200, body: first.body })
    bank.clock.advance(28 * DAY)
    await signIn(bank.client, c)
    expect((await status(c.token, 'op-retained')).state).toBe('done')
    bank.clock.advance(2 * DAY)
    await signIn(bank.client, c)
    expect(await status(c.token, 'op-retained')).toMatchObject({ state: 'unknown', now: bank.server.clock.now() })
    // The replay window itself is still 24 h: the same key a day later is a new request.
    const again = await bank.client.post('/withdraw', body, { token: c.token, key: 'op-retained' })
    expect(again.headers.get(REPLAYED_HEADER)).toBeNull()
  })

  it('stores nothing beyond the answer the replay store already keeps', async () => {
    const c = await activeCustomer(bank.client, 1_000)
    await bank.client.post(
      '/withdraw',
      { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
      { token: c.token, key: 'op-journal' },
    )
    const journal = readFileSync(join(bank.dataDir, 'journal.log'), 'utf8')
    expect(journal).not.toContain(PAY_PASSWORD)
    const records = journal.split('\n').filter((line) => line.includes('op-journal'))
    expect(records).toHaveLength(1)
  })
})

describe('the bank’s clock on every answer', () => {
  it('carries x-bank-time on successes, refusals and unknown paths, and the client records the skew', async () => {
    const at = bank.server.clock.now()
    for (const reply of [await bank.client.get('/health'), await bank.client.get('/me'), await bank.client.get('/no-such-path')])
      expect(Number(reply.headers.get(BANK_TIME_HEADER))).toBe(at)
    const client = createBankClient({
      baseUrl: bank.server.url,
      clientSecret: bank.client.clientSecret ?? undefined,
      now: () => at - 5 * HOUR,
    })
    expect(client.clockSkew()).toBeUndefined()
    await client.call('health')
    expect(client.clockSkew()).toBe(5 * HOUR)
    expect(client.bankNow()).toBe(at)
  })
})

describe('the client’s word for a lost answer', () => {
  it('tells a connection that could not be opened (never sent) from one cut after the request went out', async () => {
    // A port nobody listens on any more: the connection is refused.
    const gone = await startNetCut(() => bank.server.url)
    await gone.close()
    const refused = await createBankClient({ baseUrl: gone.url, clientSecret: bank.client.clientSecret ?? undefined })
      .call('health')
      .catch((e: unknown) => e)
    expect(refused).toMatchObject({ code: 'NETWORK', details: { notSent: true } })
    expect(wasNeverSent(refused)).toBe(true)
    const cut = await startNetCut(() => bank.server.url)
    try {
      cut.cut()
      const lost = await createBankClient({ baseUrl: cut.url, clientSecret: bank.client.clientSecret ?? undefined })
        .call('health')
        .catch((e: unknown) => e)
      expect(lost).toMatchObject({ code: 'NETWORK' })
      expect(wasNeverSent(lost)).toBe(false)
    } finally {
      await cut.close()
    }
  })
})
