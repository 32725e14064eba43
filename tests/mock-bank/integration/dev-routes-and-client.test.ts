import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createBankServer, DEMO_CUSTOMER, type BankServer } from '../../../src/mock-bank'
import { DEV_API, type SmsMessage } from '../../../src/shared/bank-api'
import { startBankProcess } from '../../support/bank-process'
import { rawRequest } from '../../support/raw-http'
import { FAST_CONFIG, newPhone, removeDir, startTestBank, type TestBank } from '../../support/bank-client'
import { tmp } from '../../support/wallet'

/** The development routes exist only behind the bank's `devRoutes` option; every request needs the client secret. */

const devKeys = (routes: readonly { method: string; url: string }[]) =>
  routes
    .filter((r) => r.url.startsWith('/_dev'))
    .map((r) => `${r.method} ${r.url}`)
    .sort()
const DEV_TABLE = Object.values(DEV_API)
  .map((r) => `${r.method} ${r.path}`)
  .sort()
const fill = (path: string) => path.replace(':phone', DEMO_CUSTOMER.phone)

let dev: TestBank
const cleanups: (() => Promise<void>)[] = []
beforeAll(async () => {
  dev = await startTestBank({ seed: 'demo' })
})
afterAll(async () => {
  await dev.stop()
})
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function plainBank(options: Partial<Parameters<typeof createBankServer>[0]> = {}): Promise<BankServer> {
  const dataDir = tmp('bank-plain-')
  const bank = await createBankServer({ dataDir, config: FAST_CONFIG, clientSecret: 'secret-of-this-test', ...options })
  cleanups.push(async () => {
    await bank.close()
    removeDir(dataDir)
  })
  return bank
}

describe('development routes', () => {
  it('a bank started with devRoutes serves exactly DEV_API under /_dev', () => {
    expect(devKeys(dev.server.routes)).toEqual(DEV_TABLE)
    expect(dev.server.devRoutes).toBe(true)
  })

  it('a bank started without the option serves none of them: 404 on each, to its own client', async () => {
    const bank = await plainBank({ seed: 'demo' })
    expect(bank.devRoutes).toBe(false)
    expect(devKeys(bank.routes)).toEqual([])
    for (const route of Object.values(DEV_API)) {
      const reply = await rawRequest(bank.url, route.method, fill(route.path), {
        secret: 'secret-of-this-test',
        ...(route.method === 'GET' ? {} : { json: {} }),
      })
      expect(reply.status, `${route.method} ${route.path}`).toBe(404)
      // and with the option, the same request is served
      const served = await dev.client.call(route.method, fill(route.path), route.method === 'GET' ? {} : { body: {}, key: null })
      expect(served.status, `${route.method} ${route.path} on the dev bank`).not.toBe(404)
    }
  })
})

describe('the SMS outlet (in-process, as a phone receives it)', () => {
  it('hands every SMS the bank sends to each listener until it unsubscribes', async () => {
    const bank = await plainBank()
    const got: SmsMessage[] = []
    const stop = bank.onSms((m) => got.push(m))
    const phone = newPhone()
    const sent = await rawRequest(bank.url, 'POST', '/sms/send', {
      secret: 'secret-of-this-test',
      headers: { 'idempotency-key': `k-${phone}` },
      json: { phone, purpose: 'register' },
    })
    expect(sent.status).toBe(200)
    expect(got).toHaveLength(1)
    expect(got[0]).toMatchObject({ phone, purpose: 'register', code: expect.stringMatching(/^\d{6}$/) })
    expect(got[0]!.text).toContain('模拟短信')
    stop()
    const other = newPhone()
    await rawRequest(bank.url, 'POST', '/sms/send', {
      secret: 'secret-of-this-test',
      headers: { 'idempotency-key': `k-${other}` },
      json: { phone: other, purpose: 'register' },
    })
    expect(got).toHaveLength(1)
  })

  it('the dev inbox holds the same code the outlet delivered', async () => {
    const got: SmsMessage[] = []
    const stop = dev.server.onSms((m) => got.push(m))
    const phone = newPhone()
    await dev.client.post('/sms/send', { phone, purpose: 'register' })
    stop()
    expect(got.map((m) => m.code)).toEqual([await dev.client.latestSms(phone)])
  })
})

describe('the client secret and the Host', () => {
  it('a bank whose secret is turned off (null) still answers only its own Host', async () => {
    const bank = await plainBank({ clientSecret: null })
    expect(bank.clientSecret).toBeNull()
    expect((await rawRequest(bank.url, 'GET', '/health')).status).toBe(200)
    const foreign = await rawRequest(bank.url, 'GET', '/health', { host: 'evil.example' })
    expect(foreign.status).toBe(403)
    expect((foreign.json as { error: { code: string } }).error.code).toBe('CLIENT_NOT_TRUSTED')
  })

  it('refuses to start with an empty or short secret', async () => {
    await expect(plainBank({ clientSecret: '' })).rejects.toThrow(/secret/)
    await expect(plainBank({ clientSecret: 'short' })).rejects.toThrow(/secret/)
  })
})

describe('npm run bank (cli.ts)', () => {
  it('prints a fresh client secret before its ready line and serves no /_dev route without --dev-routes', async () => {
    const dir = tmp('bank-cli-')
    const bank = await startBankProcess(dir, [], { devRoutes: false })
    try {
      expect(bank.clientSecret).toMatch(/^[A-Za-z0-9_-]{32,}$/)
      expect((await rawRequest(bank.url, 'GET', '/health')).status).toBe(403)
      expect((await rawRequest(bank.url, 'GET', '/health', { secret: bank.clientSecret! })).status).toBe(200)
      expect((await rawRequest(bank.url, 'GET', '/_dev/clock', { secret: bank.clientSecret! })).status).toBe(404)
    } finally {
      await bank.stop()
      removeDir(dir)
    }
  })

  it('takes the secret from ICBC_WALLET_BANK_SECRET, or runs without one only with --no-client-secret', async () => {
    const dir = tmp('bank-cli-')
    const given = await startBankProcess(dir, [], { env: { ICBC_WALLET_BANK_SECRET: 'a-secret-the-caller-chose-0123456789' } })
    try {
      expect(given.clientSecret).toBe('a-secret-the-caller-chose-0123456789')
      expect((await rawRequest(given.url, 'GET', '/_dev/clock', { secret: 'a-secret-the-caller-chose-0123456789' })).status).toBe(
        200,
      )
      expect((await rawRequest(given.url, 'GET', '/_dev/clock')).status).toBe(403)
    } finally {
      await given.stop()
    }
    const open = await startBankProcess(dir, ['--no-client-secret'])
    try {
      expect(open.clientSecret).toBeNull()
      expect((await rawRequest(open.url, 'GET', '/health')).status).toBe(200)
      expect((await rawRequest(open.url, 'GET', '/health', { host: 'evil.example' })).status).toBe(403)
    } finally {
      await open.stop()
      removeDir(dir)
    }
  })
})
