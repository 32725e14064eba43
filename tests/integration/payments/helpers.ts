import { createBankClient } from '../../../src/main/platform/bank/client'
import type { BankServer } from '../../../src/mock-bank'
import type { ChangeItem, Transaction } from '../../../src/shared/bank-api'
import type { EventName } from '../../../src/shared/contract'
import type { WireError } from '../../../src/shared/errors'
import { bankFetch, type BankAddress } from '../../support/bank-client'
import { signInDemo, startBank, startCore } from '../../support/wallet'

export const FAST_SYNC = { backoff: { baseMs: 20, capMs: 200 }, ackTimeoutMs: 10_000, periodMs: 3_600_000 }
/** The app sends only when told to (a payment, sync.syncNow): the test decides when the bank is asked. */
export const QUIET_SYNC = { backoff: { baseMs: 3_600_000, capMs: 3_600_000 }, ackTimeoutMs: 10_000, periodMs: 3_600_000 }
export const PAY_PASSWORD = '135790'
export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS
/**
 * A bank whose sessions outlive the clock jumps of these tests (what is tested is the idempotency of
 * payments, not signing in again), with cheap password hashing.
 */
export const LONG_SESSIONS = {
  session: { ttlMs: 400 * DAY_MS },
  login: { scryptCost: 1024 },
  payPassword: { scryptCost: 1024 },
} as const

export type Cleanup = () => Promise<void> | void

export async function demoBank(cleanups: Cleanup[], options: Parameters<typeof startBank>[0] = {}): Promise<BankServer> {
  const bank = await startBank({ seed: 'demo', ...options })
  cleanups.push(() => bank.close())
  return bank
}

export interface Seen {
  name: EventName
  payload: unknown
}

/** The demo customer signed in on a fresh wallet core, with every event it emits recorded. */
export async function demoWallet(
  bank: BankServer,
  cleanups: Cleanup[],
  extra: Parameters<typeof startCore>[1] & { via?: string } = {},
) {
  const { via, ...deps } = extra
  const app = await startCore(via ? { url: via, clientSecret: bank.clientSecret } : bank, { sync: FAST_SYNC, ...deps })
  cleanups.push(() => app.core.dispose())
  await signInDemo(app, bank)
  const events: Seen[] = []
  app.core.events.subscribe((name, payload) => events.push({ name, payload }))
  const services = () => app.core.services()
  const token = async () => (await services()).session.token()

  /** The failed call's wire error. */
  async function fails(channel: string, input?: unknown): Promise<WireError> {
    const r = await app.call(channel, input)
    if (r.ok) throw new Error(`${channel} succeeded: ${JSON.stringify(r.value)}`)
    return r.error
  }

  async function until<T>(name: EventName, match: (payload: T) => boolean = () => true, timeoutMs = 15_000): Promise<T> {
    const start = Date.now()
    for (;;) {
      const hit = events.find((e) => e.name === name && match(e.payload as T))
      if (hit) return hit.payload as T
      if (Date.now() - start > timeoutMs) throw new Error(`no ${name} event; saw ${events.map((e) => e.name).join(', ')}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  return { app, ok: app.ok, call: app.call, fails, events, until, services, token }
}

/** The bank's own view of the customer's history: every transaction's latest entry. */
export async function bankHistory(bank: BankAddress, token: string): Promise<Transaction[]> {
  const client = createBankClient({ baseUrl: bank.url, ...(bank.clientSecret === null ? {} : { clientSecret: bank.clientSecret }) })
  const items: ChangeItem[] = []
  let cursor: string | undefined
  for (;;) {
    const page = await client.call('changes', { token, query: { cursor, limit: 1000 } })
    items.push(...page.items)
    cursor = page.nextCursor
    if (!page.hasMore) break
  }
  const latest = new Map<string, { seq: number; tx: Transaction }>()
  for (const item of items) {
    if (item.type !== 'transaction') continue
    const prev = latest.get(item.transaction.txId)
    if (!prev || prev.seq < item.seq) latest.set(item.transaction.txId, { seq: item.seq, tx: item.transaction })
  }
  return [...latest.values()].map((v) => v.tx)
}

/** How many transactions of this kind and amount the bank made for the customer (its postings, not the app's view). */
export async function postings(bank: BankAddress, token: string, amountFen: number, kind: Transaction['kind'] = 'topup'): Promise<number> {
  return (await bankHistory(bank, token)).filter((t) => t.kind === kind && t.amountFen === amountFen).length
}

export async function ledgerBalanced(bank: BankAddress): Promise<boolean> {
  const report = (await (await bankFetch(bank, '/_dev/ledger')).json()) as { balanced: boolean }
  return report.balanced
}
