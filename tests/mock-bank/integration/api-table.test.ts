import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BANK_API, ENDPOINT_NAMES, MERCHANT_KEY_HEADER, pathOf } from '../../../src/shared/bank-api'
import { DEMO_MERCHANT_KEY } from '../../../src/mock-bank'
import { signIn, signUp, startTestBank, type Customer, type Reply, type TestBank } from '../../support/bank-client'

let bank: TestBank
let customer: Customer

beforeAll(async () => {
  bank = await startTestBank()
  customer = await signUp(bank.client)
})
afterAll(async () => {
  await bank.stop()
})

/** Fills every path parameter: an id the bank does not know, or the demo merchant for a merchant's own path. */
const PARAMS = { id: 'X0000001', key: 'X0000001', merchantId: 'M0001' }

/** The answer of a path nothing serves (src/mock-bank's not-found handler). */
function unserved(reply: Reply): boolean {
  const error = (reply.body as { error?: { code?: string; message?: string } } | null)?.error
  return reply.status === 404 && error?.code === 'NOT_FOUND' && error.message === 'no such endpoint'
}

function codeOf(reply: Reply): string | undefined {
  return (reply.body as { error?: { code?: string } } | null)?.error?.code
}

describe('the endpoint table (src/shared/bank-api/endpoints.ts) and the mock bank', () => {
  it('the bank serves every endpoint of the table and no other route besides its /_dev ones', () => {
    const served = bank.server.routes
      .filter((r) => !r.url.startsWith('/_dev/'))
      .map((r) => `${r.method} ${r.url}`)
      .sort()
    const table = Object.values(BANK_API)
      .map((e) => `${e.method} ${e.path}`)
      .sort()
    expect(served).toEqual(table)
    expect(new Set(table).size).toBe(ENDPOINT_NAMES.length)
  })

  it('each endpoint answers at its method and path, and asks for a key and a caller exactly as the table says', async () => {
    for (const name of ENDPOINT_NAMES) {
      const e = BANK_API[name]
      const path = pathOf(e, PARAMS)
      // A merchant names itself in the body (a charge) or in the path.
      const body = e.method === 'GET' ? undefined : e.auth === 'merchant' ? { merchantId: PARAMS.merchantId } : {}

      // Nobody, no key.
      const bare = await bank.client.call(e.method, path, { key: null, ...(body ? { body } : {}) })
      expect(unserved(bare), name).toBe(false)
      if (e.idempotent) expect(codeOf(bare), name).toBe('IDEMPOTENCY_KEY_REQUIRED')
      else {
        expect(codeOf(bare), name).not.toBe('IDEMPOTENCY_KEY_REQUIRED')
        if (e.auth === 'customer') expect(codeOf(bare), name).toBe('UNAUTHORIZED')
        if (e.auth === 'merchant') expect(codeOf(bare), name).toBe('FORBIDDEN')
      }

      // A key, but nobody: refused for who is asking.
      if (e.idempotent && e.auth !== 'none') {
        const anonymous = await bank.client.call(e.method, path, { ...(body ? { body } : {}) })
        expect(codeOf(anonymous), name).toBe(e.auth === 'customer' ? 'UNAUTHORIZED' : 'FORBIDDEN')
      }

      // The right caller and a key where one is needed: past both checks (the rule itself may still refuse).
      if (e.auth === 'customer') await signIn(bank.client, customer)
      const called = await bank.client.call(e.method, path, {
        ...(body ? { body } : {}),
        ...(e.auth === 'customer' ? { token: customer.token } : {}),
        ...(e.auth === 'merchant' ? { headers: { [MERCHANT_KEY_HEADER]: DEMO_MERCHANT_KEY } } : {}),
        ...(e.idempotent ? {} : { key: null }),
      })
      expect(unserved(called), name).toBe(false)
      expect(called.status, name).toBeLessThan(500)
      expect(['UNAUTHORIZED', 'FORBIDDEN', 'IDEMPOTENCY_KEY_REQUIRED'], `${name}: ${JSON.stringify(called.body)}`).not.toContain(
        codeOf(called),
      )
    }
  })
})
