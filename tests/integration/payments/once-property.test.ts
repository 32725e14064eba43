import { cpSync } from 'node:fs'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BankServer } from '../../../src/mock-bank'
import { DEMO_CUSTOMER } from '../../../src/mock-bank'
import { namespacedSecrets } from '../../../src/main/core/vault-gate'
import type { OutboxItem } from '../../../src/main/platform/sync/outbox'
import { createMemorySecretStore, SECRET_ACCOUNTS } from '../../../src/main/platform/vault'
import type { CardsList, PaymentResult } from '../../../src/shared/contract'
import { startNetCut, type NetCut } from '../../support/net-cut'
import { newClientSecret } from '../../support/bank-client'
import { setFaults, signInDemo, startBank, startCore, tmp } from '../../support/wallet'
import { bankHistory, DAY_MS, HOUR_MS, LONG_SESSIONS, PAY_PASSWORD, QUIET_SYNC } from './helpers'

/*
 * Random histories of payments, outages, answers lost after the bank committed, jumps of the bank's
 * clock (an hour to 40 days: past the 24 h replay window and past the 30 day outcome retention) and
 * app restarts. Whatever happened, each payment is posted at the bank at most once, every payment the
 * app says succeeded is posted exactly once, and nothing the app calls refused or parked was posted
 * by a second send. Every run gets a fresh copy of one seeded bank; the wallet (signed in once) goes on.
 */
type Action =
  | { t: 'pay'; drop: boolean }
  | { t: 'outage' }
  | { t: 'restore' }
  | { t: 'jump'; hours: number }
  | { t: 'restart' }
  | { t: 'sync' }

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('pay' as const), drop: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constant({ t: 'outage' as const }) },
  { weight: 2, arbitrary: fc.constant({ t: 'restore' as const }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('jump' as const), hours: fc.integer({ min: 1, max: 40 * 24 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'restart' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'sync' as const }) },
)

const RETENTION_MS = 30 * DAY_MS
const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

// Every bank of this file is the same bank restarted, for the one wallet: one client secret.
const BANK_SECRET = newClientSecret()
let templateDir = ''
let current: BankServer | undefined
let net: NetCut
const secrets = createMemorySecretStore()
const coreDir = tmp('core-')
let app: Awaited<ReturnType<typeof startCore>>
let templateToken = ''
let cardId = ''
let nextAmount = 10_001

async function startApp(): Promise<void> {
  app = await startCore({ url: net.url, clientSecret: BANK_SECRET }, { dataDir: coreDir, vault: { secrets }, sync: QUIET_SYNC })
}

beforeAll(async () => {
  templateDir = tmp('bank-template-')
  current = await startBank({ dataDir: templateDir, seed: 'demo', config: LONG_SESSIONS, clientSecret: BANK_SECRET })
  net = await startNetCut(() => current!.url)
  cleanups.push(() => net.close())
  await startApp()
  await signInDemo(app, current)
  cardId = (await app.ok<CardsList>('cards.list')).cards[0]!.cardId
  templateToken = (await namespacedSecrets(secrets, coreDir).get(SECRET_ACCOUNTS.sessionToken))!
  await current.close()
  current = undefined
  cleanups.push(() => app.core.dispose())
}, 60_000)

interface Payment {
  amountFen: number
  /** What the pay call answered. */
  answer: { kind: 'done'; txId: string } | { kind: 'queued'; outboxId: string } | { kind: 'failed'; code: string }
}

async function run(actions: Action[]): Promise<void> {
  // A fresh copy of the seeded bank, on which the wallet's session is valid.
  const dataDir = tmp('bank-')
  cpSync(templateDir, dataDir, { recursive: true })
  const bank = await startBank({ dataDir, config: LONG_SESSIONS, clientSecret: BANK_SECRET })
  current = bank
  try {
    net.restore()
    await namespacedSecrets(secrets, coreDir).set(SECRET_ACCOUNTS.sessionToken, templateToken)
    // The app hears from this bank before anything else happens, and so learns its clock: every run
    // starts a new bank at today's date, which for the app is a clock going back (a real one never does).
    await app.ok('wallet.summary')
    const payments: Payment[] = []

    for (const a of actions) {
      const { sync } = await app.core.services()
      switch (a.t) {
        case 'pay': {
          const amountFen = nextAmount++
          const drop = a.drop && !net.isCut
          if (drop) {
            await setFaults(bank, { dropAfterCommitRate: 1, paths: ['/topup'] })
            net.cutAfter((method, path) => method === 'POST' && path === '/topup')
          }
          const r = await app.call('pay.topup', { cardId, amountFen, payPassword: PAY_PASSWORD })
          if (drop) {
            net.disarm()
            await setFaults(bank, {})
          }
          const value = r.ok ? (r.value as PaymentResult) : undefined
          payments.push({
            amountFen,
            answer: !r.ok
              ? { kind: 'failed', code: r.error.code }
              : value!.queued
                ? { kind: 'queued', outboxId: value!.outboxId }
                : { kind: 'done', txId: value!.transaction.txId },
          })
          break
        }
        case 'outage':
          net.cut()
          break
        case 'restore':
          net.restore()
          await sync.syncNow()
          break
        case 'jump':
          await bank.clock.advance(a.hours * HOUR_MS)
          break
        case 'restart':
          await app.core.dispose()
          await startApp()
          await app.ok('session.unlock', { password: DEMO_CUSTOMER.password })
          break
        case 'sync':
          await sync.syncNow()
          break
      }
    }

    // The network comes back for good and the app settles what it can.
    net.restore()
    await setFaults(bank, {})
    const { sync, outbox } = await app.core.services()
    for (let i = 0; i < 10; i++) {
      // A payment not yet sent when the app restarted waits for its password, which is never stored:
      // the user types it again, and it goes under its own key.
      for (const item of await outbox.list())
        if (item.state === 'awaiting-password') await app.ok('outbox.resend', { id: item.id, confirm: true, payPassword: PAY_PASSWORD })
      if ((await outbox.pendingCount()) === 0) break
      await sync.syncNow()
    }
    expect(await outbox.pendingCount()).toBe(0)

    const items = new Map<string, OutboxItem>((await outbox.list()).map((item) => [item.id, item]))
    const posted = new Map<number, string[]>()
    for (const tx of await bankHistory(bank, await (await app.core.services()).session.token())) {
      if (tx.kind !== 'topup') continue
      posted.set(tx.amountFen, [...(posted.get(tx.amountFen) ?? []), tx.txId])
    }
    let succeeded = 0
    let parkedAndPosted = 0
    for (const p of payments) {
      const txIds = posted.get(p.amountFen) ?? []
      const where = `${p.amountFen} ${JSON.stringify(p.answer)} in ${JSON.stringify(actions)}`
      // Never twice.
      expect(txIds.length, where).toBeLessThanOrEqual(1)
      if (p.answer.kind === 'failed') {
        expect(txIds, where).toEqual([])
        continue
      }
      if (p.answer.kind === 'done') {
        expect(txIds, where).toEqual([p.answer.txId])
        succeeded++
        continue
      }
      const item = items.get(p.answer.outboxId)!
      switch (item.state) {
        case 'succeeded':
          expect(txIds, where).toEqual([(item.result as { txId: string }).txId])
          succeeded++
          break
        case 'rejected':
          expect(txIds, where).toEqual([])
          break
        case 'needs-confirmation':
          // Parked only when the bank may have forgotten it: its first attempt is past the retention.
          expect(bank.clock.now() - item.firstAttemptAt!, where).toBeGreaterThan(RETENTION_MS - 2 * HOUR_MS)
          parkedAndPosted += txIds.length
          break
        default:
          throw new Error(`unexpected state ${item.state}: ${where}`)
      }
    }
    const total = [...posted.entries()].filter(([amount]) => payments.some((p) => p.amountFen === amount)).length
    expect(total).toBe(succeeded + parkedAndPosted)
    expect(total).toBeLessThanOrEqual(payments.length)
  } finally {
    net.restore()
    current = undefined
    await bank.close()
  }
}

describe('a payment happens once, whatever happens in between', () => {
  it('posts every payment at most once, and exactly once when the app says it succeeded', async () => {
    const histories = fc.array(action, { minLength: 1, maxLength: 8 }).filter((actions) => actions.some((a) => a.t === 'pay'))
    await fc.assert(fc.asyncProperty(histories, run), { numRuns: 24 })
  }, 240_000)
})
