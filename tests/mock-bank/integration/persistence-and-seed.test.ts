import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ChangesResponse, CustomerProfile, LoginResponse, type ChangeItem } from '../../../src/shared/bank-api'
import { BULK_CUSTOMER, createBankServer, DEMO_CUSTOMER, DEMO_PAYEE } from '../../../src/mock-bank'
import {
  activeCustomer,
  assessRisk,
  BankClient,
  ManualClock,
  newClientSecret,
  PAY_PASSWORD,
  removeDir,
  shape,
  startTestBank,
} from '../../support/bank-client'
import { startBankProcess } from '../../support/bank-process'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bank-persist-'))
  dirs.push(dir)
  return dir
}
afterAll(() => dirs.forEach(removeDir))

async function signInNewDevice(client: BankClient, phone: string, password: string): Promise<string> {
  const login = shape(
    LoginResponse,
    await client.post('/auth/login', { phone, password, deviceId: `dev-${Math.random().toString(36).slice(2)}` }),
  )
  if (login.status === 'ok') return login.session.token
  const answer = shape(
    LoginResponse,
    await client.post('/auth/challenge', {
      challengeId: login.challenge.challengeId,
      code: await client.latestSms(phone, 'login'),
    }),
  )
  if (answer.status !== 'ok') throw new Error('expected a session')
  return answer.session.token
}

async function feed(client: BankClient, token: string): Promise<ChangeItem[]> {
  const items: ChangeItem[] = []
  let cursor = ''
  for (;;) {
    const page = shape(ChangesResponse, await client.get(`/changes?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, token))
    items.push(...page.items)
    cursor = page.nextCursor
    if (!page.hasMore) return items
  }
}

describe('persistence', () => {
  it('rebuilds exactly the same bank from its journal after a restart', async () => {
    let bank = await startTestBank({ dataDir: tempDir(), clock: new ManualClock(), seed: 'demo' })
    const c = await activeCustomer(bank.client, 100_000)
    await assessRisk(bank.client, c.token, 'C2')
    await bank.client.post('/coupons/claim', { campaignId: 'CP-MERCHANT-10' }, { token: c.token })
    await bank.client.post(
      '/wealth/buy',
      { productId: 'WP-BOND', amountFen: 20_000, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    await bank.client.post(
      '/transfers/wallet',
      { phone: DEMO_CUSTOMER.phone, amountFen: 1_234, payPassword: PAY_PASSWORD },
      { token: c.token },
    )
    await bank.client.post('/paycode/activate', {}, { token: c.token })
    bank.clock.advance(3 * 86_400_000)
    await bank.client.get('/wealth/holdings', c.token) // accrues three days
    const token = (await bank.client.post('/auth/login', { phone: c.phone, password: 'Secret2024x', deviceId: c.deviceId })).body
      .session.token
    const paths = ['/me', '/cards', '/coupons', '/wealth/holdings', '/messages', '/changes?limit=1000']
    const before = await Promise.all(paths.map((p) => bank.client.get(p, token)))
    const ledgerBefore = (await bank.client.get('/_dev/ledger')).body
    bank = await bank.restart()
    const after = await Promise.all(paths.map((p) => bank.client.get(p, token)))
    expect(after.map((r) => r.body)).toEqual(before.map((r) => r.body))
    expect((await bank.client.get('/_dev/ledger')).body).toEqual(ledgerBefore)
    await bank.stop()
  })

  it('refuses a second bank on the same data dir, and a non-loopback host', async () => {
    const dataDir = tempDir()
    const bank = await createBankServer({ dataDir, clientSecret: null })
    await expect(createBankServer({ dataDir, clientSecret: null })).rejects.toThrow(/already open/)
    await bank.close()
    await expect(createBankServer({ dataDir: tempDir(), host: '0.0.0.0', clientSecret: null })).rejects.toThrow(/loopback/)
  })
})

describe('seeding', () => {
  it('creates the documented demo customer: credentials, cards, pay password, months of varied history', async () => {
    const bank = await startTestBank({ dataDir: tempDir(), seed: 'demo' })
    try {
      expect(bank.server.seeded).toMatchObject({ phone: DEMO_CUSTOMER.phone, created: true })
      const token = await signInNewDevice(bank.client, DEMO_CUSTOMER.phone, DEMO_CUSTOMER.password)
      const me = shape(CustomerProfile, await bank.client.get('/me', token))
      expect(me).toMatchObject({ name: DEMO_CUSTOMER.name, tier: 2, payPasswordSet: true })
      expect(me.balanceFen).toBeGreaterThan(0)
      expect((await bank.client.get('/cards', token)).body.cards.map((c: { bank: { name: string } }) => c.bank.name)).toEqual([
        '工商银行',
        '建设银行',
      ])
      expect((await bank.client.post('/paypw/verify', { payPassword: DEMO_CUSTOMER.payPassword }, { token })).status).toBe(200)
      const txs = (await feed(bank.client, token)).flatMap((i) => (i.type === 'transaction' ? [i.transaction] : []))
      expect(txs.length).toBeGreaterThan(100)
      expect(new Set(txs.map((t) => t.category)).size).toBeGreaterThanOrEqual(6)
      expect(new Set(txs.map((t) => new Date(t.createdAt).toISOString().slice(0, 7))).size).toBeGreaterThanOrEqual(6)
      expect(new Set(txs.map((t) => t.kind))).toEqual(
        new Set(['topup', 'payment', 'bill', 'transfer_in', 'transfer_out', 'wealth_buy', 'withdraw']),
      )
      const payee = (await bank.client.get(`/payees/lookup?phone=${DEMO_PAYEE.phone}`, token)).body
      expect(payee.nameMasked).toBe('李*')
      expect((await bank.client.get('/_dev/ledger')).body.balanced).toBe(true)
    } finally {
      await bank.stop()
    }
    // Seeding twice changes nothing.
    const again = await bank.restart({ seed: 'demo' })
    expect(again.server.seeded).toMatchObject({ created: false })
    await again.stop()
  })

  it('seeds 100,000 transactions over three years in a few seconds, and the feed serves them all', async () => {
    const dataDir = tempDir()
    const started = Date.now()
    const bank = await createBankServer({ dataDir, seed: 100_000, devRoutes: true, clientSecret: newClientSecret() })
    const seedMs = Date.now() - started
    try {
      expect(seedMs).toBeLessThan(15_000)
      expect(bank.seeded).toEqual({ phone: BULK_CUSTOMER.phone, created: true, transactions: 100_000 })
      const client = new BankClient(bank.url, bank.clientSecret)
      const token = await signInNewDevice(client, BULK_CUSTOMER.phone, BULK_CUSTOMER.password)
      const items = await feed(client, token)
      expect(items).toHaveLength(200_000)
      const times = items.flatMap((i) => (i.type === 'transaction' ? [i.transaction.createdAt] : []))
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(2.9 * 365 * 86_400_000)
      expect((await client.get('/_dev/ledger')).body).toMatchObject({ balanced: true, negative: [] })
    } finally {
      await bank.close()
    }
  }, 60_000)
})

describe('standalone process', () => {
  it('prints nothing more once ready (the secret and the ready line come first), seeds on request, and keeps its state across a clean stop', async () => {
    const dataDir = tempDir()
    const first = await startBankProcess(dataDir, ['--seed', '50'])
    const lines: string[] = []
    first.child.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)))
    expect(first.stderr()).toMatch(/seed created: 13700137000, 50 transactions/)
    const client = new BankClient(first.url, first.clientSecret)
    expect((await client.get(`/_dev/customers/${BULK_CUSTOMER.phone}`)).body.transactions).toBe(50)
    await first.stop()
    expect(lines).toEqual([])
    const second = await startBankProcess(dataDir, ['--seed', '50'])
    expect(second.stderr()).toMatch(/already present/)
    expect(
      (await new BankClient(second.url, second.clientSecret).get(`/_dev/customers/${BULK_CUSTOMER.phone}`)).body.transactions,
    ).toBe(50)
    await second.stop()
  })
})
