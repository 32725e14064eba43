import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedBank, type EmbeddedBank } from '../../../src/main/platform/bank/embedded'
import { createWalletCore } from '../../../src/main/ipc/wallet'
import { createMemorySecretStore } from '../../../src/main/platform/vault'
import { BANK_API, DEV_API, ENDPOINT_NAMES, pathOf, type EndpointSpec } from '../../../src/shared/bank-api'
import type { EventPayload } from '../../../src/shared/contract'
import { luhnCheckDigit, residentIdCheckChar } from '../../../src/shared/validators'
import { testRunClock } from '../../../scripts/lib/test-clock'
import { rawRequest, type RawReply } from '../../support/raw-http'
import { tmp } from '../../support/wallet'

/**
 * The embedded bank as the packaged app starts it (src/main/index.ts → startEmbeddedBank with no
 * options): no development routes, and only its own client (the right Host, the per-launch secret)
 * is answered. Real HTTP on loopback.
 */

const DEMO_PHONE = '13800138000'
const PARAMS = { id: 'X0000001', key: 'X0000001', merchantId: 'M0001', phone: DEMO_PHONE }

let dir: string
let bank: EmbeddedBank
let devDir: string
let devBank: EmbeddedBank
const printed: string[] = []

beforeAll(async () => {
  dir = tmp('embedded-')
  bank = await startEmbeddedBank(dir, { print: (line) => printed.push(line) })
  devDir = tmp('embedded-dev-')
  devBank = await startEmbeddedBank(devDir, { print: () => {}, devRoutes: true })
  // What the core does once its vault opens (tests/integration/bank/bank-storage-key.test.ts has it end to end).
  for (const b of [bank, devBank]) {
    b.provideStorageKey(randomBytes(32))
    await b.ready
  }
})
afterAll(async () => {
  await bank?.close()
  await devBank?.close()
  rmSync(dir, { recursive: true, force: true })
  rmSync(devDir, { recursive: true, force: true })
})

function hostOf(b: EmbeddedBank): string {
  return new URL(b.url).host
}

function codeOf(reply: RawReply): unknown {
  return (reply.json as { error?: { code?: unknown } } | undefined)?.error?.code
}

/** The answer of a path nothing serves (src/mock-bank's not-found handler), not a rule's own 404. */
function unserved(reply: RawReply): boolean {
  const error = (reply.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error
  return reply.status === 404 && error?.code === 'NOT_FOUND' && error.message === 'no such endpoint'
}

/** Every route a client could ask for: each endpoint of the table, with its path parameters filled. */
const TABLE: { name: string; method: string; path: string }[] = ENDPOINT_NAMES.map((name) => {
  const e: EndpointSpec = BANK_API[name]
  return { name, method: e.method, path: pathOf(e, PARAMS) }
})
const DEV: { name: string; method: string; path: string }[] = Object.entries(DEV_API).map(([name, r]) => ({
  name,
  method: r.method,
  path: r.path.replace(/:([A-Za-z]+)/g, (_, p: keyof typeof PARAMS) => PARAMS[p]),
}))

describe('the embedded bank as the packaged app starts it', () => {
  it('is started with a fresh secret of its own each launch, which it neither prints nor stores', async () => {
    expect(bank.clientSecret).toMatch(/^[A-Za-z0-9_-]{32,}$/)
    expect(devBank.clientSecret).not.toBe(bank.clientSecret)
    expect(printed).toEqual([`mock bank listening on ${bank.url}`])
    for (const file of readdirSync(join(dir, 'mock-bank')))
      expect(readFileSync(join(dir, 'mock-bank', file), 'utf8')).not.toContain(bank.clientSecret)
  })

  it('serves no development route: every /_dev path of DEV_API answers 404 to its own client', async () => {
    expect(bank.routes.filter((r) => r.url.startsWith('/_dev')).map((r) => r.url)).toEqual([])
    expect(DEV.length).toBeGreaterThanOrEqual(9)
    for (const route of DEV) {
      const reply = await rawRequest(bank.url, route.method, route.path, {
        secret: bank.clientSecret,
        ...(route.method === 'GET' ? {} : { json: { advanceMs: 86_400_000 } }),
      })
      expect(unserved(reply), `${route.method} ${route.path}: ${reply.status} ${reply.text}`).toBe(true)
    }
  })

  it('answers its own client (the right Host and secret) on every endpoint of the table', async () => {
    for (const host of [hostOf(bank), `localhost:${new URL(bank.url).port}`]) {
      for (const route of TABLE) {
        const reply = await rawRequest(bank.url, route.method, route.path, {
          host,
          secret: bank.clientSecret,
          ...(route.method === 'GET' ? {} : { json: {} }),
        })
        expect(codeOf(reply), `${route.name} via ${host}`).not.toBe('CLIENT_NOT_TRUSTED')
        expect(unserved(reply), `${route.name} via ${host}`).toBe(false)
      }
    }
  })

  it('refuses a foreign Host on every endpoint of the table, even with the right secret (DNS rebinding)', async () => {
    const port = new URL(bank.url).port
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `127.0.0.1:${Number(port) + 1}`,
      '127.0.0.1',
      `[::1]:${port}`,
      `localhost.evil.example:${port}`,
    ]) {
      for (const route of TABLE) {
        const reply = await rawRequest(bank.url, route.method, route.path, {
          host,
          secret: bank.clientSecret,
          ...(route.method === 'GET' ? {} : { json: {} }),
        })
        expect(reply.status, `${route.name} via ${JSON.stringify(host)}`).toBe(403)
        expect(codeOf(reply), `${route.name} via ${JSON.stringify(host)}`).toBe('CLIENT_NOT_TRUSTED')
      }
    }
  })

  it('refuses a missing or wrong client secret on every endpoint of the table', async () => {
    for (const secret of [undefined, '', 'wrong', `${bank.clientSecret}x`, bank.clientSecret.slice(1), devBank.clientSecret]) {
      for (const route of TABLE) {
        const reply = await rawRequest(bank.url, route.method, route.path, {
          ...(secret === undefined ? {} : { secret }),
          ...(route.method === 'GET' ? {} : { json: {} }),
        })
        expect(reply.status, `${route.name} with ${JSON.stringify(secret)}`).toBe(403)
        expect(codeOf(reply), `${route.name} with ${JSON.stringify(secret)}`).toBe('CLIENT_NOT_TRUSTED')
      }
    }
  })

  it('refuses a missing secret on the development paths too (before it looks for a route)', async () => {
    for (const route of DEV) {
      const reply = await rawRequest(bank.url, route.method, route.path, {})
      expect(reply.status, `${route.method} ${route.path}`).toBe(403)
      expect(codeOf(reply)).toBe('CLIENT_NOT_TRUSTED')
    }
  })
})

describe('a cross-site text/plain POST (what a web page in a browser can send without a preflight)', () => {
  const crossSite = { origin: 'https://evil.example', 'content-type': 'text/plain;charset=UTF-8' }

  for (const which of ['packaged', 'dev'] as const) {
    it(`is refused on every POST route of the ${which} bank and changes nothing`, async () => {
      const b = which === 'packaged' ? bank : devBank
      const before = await b.clock.now()
      const posts = [...TABLE, ...DEV].filter((r) => r.method === 'POST' || r.method === 'DELETE')
      expect(posts.length).toBeGreaterThan(10)
      for (const route of posts) {
        const reply = await rawRequest(b.url, route.method, route.path, {
          headers: crossSite,
          body: JSON.stringify({ advanceMs: 86_400_000, phone: DEMO_PHONE, purpose: 'login' }),
        })
        expect(reply.status, `${route.method} ${route.path}`).toBe(403)
        expect(codeOf(reply), `${route.method} ${route.path}`).toBe('CLIENT_NOT_TRUSTED')
        // No CORS grant that would let the page read the answer.
        expect(reply.headers['access-control-allow-origin']).toBeUndefined()
      }
      // The bank's clock did not move (it would end a 24 h payment-password lock early).
      expect(Math.abs(b.clock.now() - before)).toBeLessThan(60_000)
      if (which === 'dev') {
        const customer = await rawRequest(b.url, 'GET', `/_dev/customers/${DEMO_PHONE}`, { secret: b.clientSecret })
        expect(customer.status).toBe(200)
        expect((customer.json as { customer: { tier: number } }).customer.tier).not.toBe(1)
        const sms = await rawRequest(b.url, 'GET', `/_dev/sms/${DEMO_PHONE}`, { secret: b.clientSecret })
        expect((sms.json as { messages: unknown[] }).messages).toEqual([])
      }
    })
  }
})

describe('模拟短信 reaches a new user of the packaged app in-process, never over HTTP', () => {
  it('the code the bank sends arrives as sms.received, and it completes the SMS step', async () => {
    const core = await createWalletCore({
      shell: 'harness',
      version: 'test',
      platform: process.platform,
      dataDir: tmp('core-'),
      bankUrl: bank.url,
      bankClientSecret: bank.clientSecret,
      simulatedSms: bank.onSms,
      vault: { secrets: createMemorySecretStore() },
      files: { save: async () => ({ kind: 'cancelled' as const }) },
      clock: testRunClock(),
    })
    try {
      const received: EventPayload<'sms.received'>[] = []
      core.events.subscribe((name, payload) => {
        if (name === 'sms.received') received.push(payload as EventPayload<'sms.received'>)
      })
      const call = async (channel: string, input?: unknown) => {
        const r = await core.router.call(channel, input, { transport: 'test' })
        if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
        return r.value as { step?: string }
      }
      const first17 = '11010519900307002'
      await call('activation.register', {
        phone: '13912345678',
        name: '李明',
        idNumber: first17 + residentIdCheckChar(first17),
        password: 'Secure2026x',
        agreed: true,
      })
      await call('activation.sendSms')
      for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
      expect(received).toHaveLength(1)
      expect(received[0]).toMatchObject({
        phoneMasked: '139****5678',
        purpose: 'register',
        code: expect.stringMatching(/^\d{6}$/),
      })
      expect((await call('activation.verify', { code: received[0]!.code })).step).toBe('card')
      const partial = '622202100012345678'
      expect(
        (await call('activation.bindCard', { pan: partial + luhnCheckDigit(partial), reservedPhone: '13912345678' })).step,
      ).toBe('payPassword')
    } finally {
      await core.dispose()
    }
  })
})
