import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPLAYED_HEADER } from '../../../src/shared/bank-api'
import { activeCustomer, errorOf, PAY_PASSWORD, startTestBank, type TestBank } from '../../support/bank-client'

let bank: TestBank

beforeAll(async () => {
  bank = await startTestBank()
})
afterAll(async () => {
  await bank.stop()
})

describe('idempotency', () => {
  it('requires an Idempotency-Key on every change', async () => {
    const c = await activeCustomer(bank.client, 1_000)
    const reply = await bank.client.post(
      '/withdraw',
      { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
      { token: c.token, key: null },
    )
    expect(reply.status).toBe(400)
    expect(errorOf(reply).code).toBe('IDEMPOTENCY_KEY_REQUIRED')
    expect(
      errorOf(await bank.client.post('/sms/send', { phone: '13800000000', purpose: 'register' }, { key: 'short' })).code,
    ).toBe('IDEMPOTENCY_KEY_REQUIRED')
  })

  it('answers a repeated request with the stored first response and moves money once', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    const body = { cardId: c.cardId, amountFen: 1_000, payPassword: PAY_PASSWORD }
    const first = await bank.client.post('/withdraw', body, { token: c.token, key: 'withdraw-once-1' })
    const second = await bank.client.post('/withdraw', body, { token: c.token, key: 'withdraw-once-1' })
    expect(first.status).toBe(200)
    expect(second.status).toBe(200)
    expect(second.body).toEqual(first.body)
    expect(second.headers.get(REPLAYED_HEADER)).toBe('true')
    expect(first.headers.get(REPLAYED_HEADER)).toBeNull()
    expect((await bank.client.get('/me', c.token)).body.balanceFen).toBe(9_000)
  })

  it('stores errors too: the same key gets the same refusal even after the cause is gone', async () => {
    const c = await activeCustomer(bank.client, 500)
    const body = { cardId: c.cardId, amountFen: 1_000, payPassword: PAY_PASSWORD }
    const first = await bank.client.post('/withdraw', body, { token: c.token, key: 'withdraw-err-1' })
    expect(errorOf(first).code).toBe('INSUFFICIENT_FUNDS')
    await bank.client.post('/topup', { cardId: c.cardId, amountFen: 5_000, payPassword: PAY_PASSWORD }, { token: c.token })
    const second = await bank.client.post('/withdraw', body, { token: c.token, key: 'withdraw-err-1' })
    expect(second.status).toBe(first.status)
    expect(second.body).toEqual(first.body)
    expect((await bank.client.post('/withdraw', body, { token: c.token, key: 'withdraw-err-2' })).status).toBe(200)
  })

  it('answers 422 to the same key with a different body', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    await bank.client.post(
      '/withdraw',
      { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
      { token: c.token, key: 'withdraw-conflict' },
    )
    const other = await bank.client.post(
      '/withdraw',
      { cardId: c.cardId, amountFen: 200, payPassword: PAY_PASSWORD },
      { token: c.token, key: 'withdraw-conflict' },
    )
    expect(other.status).toBe(422)
    expect(errorOf(other).code).toBe('IDEMPOTENCY_CONFLICT')
    const otherPath = await bank.client.post(
      '/topup',
      { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
      { token: c.token, key: 'withdraw-conflict' },
    )
    expect(errorOf(otherPath).code).toBe('IDEMPOTENCY_CONFLICT')
  })

  it('answers 409 while the first request with the key is still being processed', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    await bank.client.post('/_dev/faults', { latencyMs: 300, paths: ['/withdraw'] })
    try {
      const body = { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD }
      const first = bank.client.post('/withdraw', body, { token: c.token, key: 'withdraw-in-flight' })
      await new Promise((resolve) => setTimeout(resolve, 100))
      const second = await bank.client.post('/withdraw', body, { token: c.token, key: 'withdraw-in-flight' })
      expect(second.status).toBe(409)
      expect(errorOf(second).code).toBe('IDEMPOTENCY_IN_FLIGHT')
      expect((await first).status).toBe(200)
    } finally {
      await bank.client.call('DELETE', '/_dev/faults')
    }
  })

  it('scopes keys to the customer', async () => {
    const a = await activeCustomer(bank.client, 10_000)
    const b = await activeCustomer(bank.client, 10_000)
    expect(
      (
        await bank.client.post(
          '/withdraw',
          { cardId: a.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
          { token: a.token, key: 'shared-key-1' },
        )
      ).status,
    ).toBe(200)
    expect(
      (
        await bank.client.post(
          '/withdraw',
          { cardId: b.cardId, amountFen: 100, payPassword: PAY_PASSWORD },
          { token: b.token, key: 'shared-key-1' },
        )
      ).status,
    ).toBe(200)
  })

  it('keeps keys for 24 hours', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    const body = { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD }
    await bank.client.post('/withdraw', body, { token: c.token, key: 'withdraw-ttl' })
    bank.clock.advance(23 * 3600_000)
    const login = await bank.client.post('/auth/login', { phone: c.phone, password: 'Secret2024x', deviceId: c.deviceId })
    const token = login.body.session.token
    expect((await bank.client.post('/withdraw', body, { token, key: 'withdraw-ttl' })).headers.get(REPLAYED_HEADER)).toBe('true')
    bank.clock.advance(3600_000)
    const after = await bank.client.post('/withdraw', body, { token, key: 'withdraw-ttl' })
    expect(after.status).toBe(200)
    expect(after.headers.get(REPLAYED_HEADER)).toBeNull()
    expect((await bank.client.get('/me', token)).body.balanceFen).toBe(9_800)
  })

  it('survives a restart: a key answered before it is still answered after', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    const body = { cardId: c.cardId, amountFen: 700, payPassword: PAY_PASSWORD }
    const first = await bank.client.post('/withdraw', body, { token: c.token, key: 'withdraw-restart' })
    bank = await bank.restart()
    const again = await bank.client.post('/withdraw', body, { token: c.token, key: 'withdraw-restart' })
    expect(again.body).toEqual(first.body)
    expect((await bank.client.get('/me', c.token)).body.balanceFen).toBe(9_300)
  })
})

describe('replays hand back no credential', () => {
  it('answers a repeated sign-in, registration or refresh without a session token, as done already', async () => {
    const c = await activeCustomer(bank.client)
    const body = { phone: c.phone, password: 'Secret2024x', deviceId: c.deviceId }
    const first = await bank.client.post('/auth/login', body, { key: 'login-replay-1' })
    expect(first.body.session.token).toEqual(expect.any(String))
    const again = await bank.client.post('/auth/login', body, { key: 'login-replay-1' })
    expect(again.headers.get(REPLAYED_HEADER)).toBe('true')
    expect(again.status).toBe(422)
    expect(errorOf(again)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', details: { reason: 'CREDENTIAL_NOT_REPLAYED' } })
    expect(JSON.stringify(again.body)).not.toContain(first.body.session.token)
    // The first session is live, and a new key signs in afresh.
    expect((await bank.client.get('/me', first.body.session.token)).status).toBe(200)
    expect((await bank.client.post('/auth/login', body, { key: 'login-replay-2' })).body.status).toBe('ok')

    const token = first.body.session.token as string
    const refreshed = await bank.client.post('/auth/refresh', {}, { token, key: 'refresh-replay-1' })
    expect(refreshed.status).toBe(200)
    const refreshAgain = await bank.client.post(
      '/auth/refresh',
      {},
      { token: refreshed.body.session.token, key: 'refresh-replay-1' },
    )
    expect(JSON.stringify(refreshAgain.body)).not.toContain(refreshed.body.session.token)
  })

  it('answers a repeated pay-code activation without the device secret, even after a restart', async () => {
    const c = await activeCustomer(bank.client)
    const first = await bank.client.post('/paycode/activate', {}, { token: c.token, key: 'paycode-replay-1' })
    expect(first.body.secret).toEqual(expect.any(String))
    bank = await bank.restart()
    const again = await bank.client.post('/paycode/activate', {}, { token: c.token, key: 'paycode-replay-1' })
    expect(again.headers.get(REPLAYED_HEADER)).toBe('true')
    expect(errorOf(again).code).toBe('IDEMPOTENCY_CONFLICT')
    expect(JSON.stringify(again.body)).not.toContain(first.body.secret)
  })

  it('treats requests that differ only in a secret as the same request (the fingerprint holds no secret)', async () => {
    const c = await activeCustomer(bank.client, 10_000)
    const body = { cardId: c.cardId, amountFen: 100, payPassword: PAY_PASSWORD }
    const first = await bank.client.post('/withdraw', body, { token: c.token, key: 'withdraw-secretless' })
    const again = await bank.client.post(
      '/withdraw',
      { ...body, payPassword: '000000' },
      { token: c.token, key: 'withdraw-secretless' },
    )
    expect(again.headers.get(REPLAYED_HEADER)).toBe('true')
    expect(again.body).toEqual(first.body)
    expect((await bank.client.get('/me', c.token)).body.balanceFen).toBe(9_900)
  })
})
