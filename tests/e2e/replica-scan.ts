import { randomUUID } from 'node:crypto'
import type { Page } from '@playwright/test'
import type { BalanceSnapshot, ReplicaTransaction } from '../../src/shared/contract/sync'
import type { ChangesResponse } from '../../src/shared/bank-api'
import { toSyncPage } from '../../src/main/platform/sync/mapping'
import { bankFetch, devPost, type BankAddress } from '../support/bank-address'
import { luhnCheckDigit, residentIdCheckChar } from '../../src/shared/validators'

/** One transaction of the bank's feed, as the bank sends it (only what the scan looks for). */
export interface FeedTransaction {
  txId: string
  title: string
  counterparty: { name: string; account?: string | null }
  memo?: string | null
  amountFen: number
}

async function post<T>(bank: BankAddress, path: string, body: unknown, token?: string): Promise<T> {
  const res = await bankFetch(bank, path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/**
 * Everything the bank's feed holds for a customer, read straight from the bank on a device of the
 * test's own (so the app's replica is not involved): what the replica must never hold in the clear.
 */
async function signInAtBank(bank: BankAddress, phone: string, password: string): Promise<string> {
  type Login = { status: 'ok'; session: { token: string } } | { status: 'challenge'; challenge: { challengeId: string } }
  const seen = await latestCode(bank, phone)
  // A code was sent to this phone moments ago (the app's own sign-in): the bank sends another only a
  // minute later, so its clock moves on by that minute.
  await devPost(bank, '/_dev/clock', { advanceMs: 61_000 })
  let login = await post<Login>(bank, '/auth/login', { phone, password, deviceId: `dev-scan-${randomUUID()}` })
  if (login.status === 'challenge') {
    login = await post<Login>(bank, '/auth/challenge', {
      challengeId: login.challenge.challengeId,
      code: await freshSms(bank, phone, seen),
    })
  }
  if (login.status !== 'ok') throw new Error('bank sign-in for the scan failed')
  return login.session.token
}

export async function bankFeed(bank: BankAddress, phone: string, password: string): Promise<FeedTransaction[]> {
  const token = await signInAtBank(bank, phone, password)
  const out: FeedTransaction[] = []
  let cursor: string | undefined
  for (;;) {
    const query = new URLSearchParams({ limit: '2000', ...(cursor ? { cursor } : {}) })
    const res = await bankFetch(bank, `/changes?${query}`, { headers: { authorization: `Bearer ${token}` } })
    if (!res.ok) throw new Error(`changes: ${res.status}`)
    const page = (await res.json()) as {
      items: { type: string; transaction?: FeedTransaction }[]
      nextCursor: string
      hasMore: boolean
    }
    for (const item of page.items) if (item.type === 'transaction' && item.transaction) out.push(item.transaction)
    cursor = page.nextCursor
    if (!page.hasMore) return out
  }
}

async function latestCode(bank: BankAddress, phone: string): Promise<string | undefined> {
  const res = await bankFetch(bank, `/_dev/sms/${phone}`)
  return ((await res.json()) as { messages: { code: string }[] }).messages[0]?.code
}

/** The newest SMS code for `phone` once it differs from `seen` (the one before the request that sends it). */
export async function freshSms(bank: BankAddress, phone: string, seen?: string): Promise<string> {
  const until = Date.now() + 10_000
  for (;;) {
    const code = await latestCode(bank, phone)
    if (code && code !== seen) return code
    if (Date.now() > until) throw new Error(`no new SMS for ${phone}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Every record of every object store of the replica, read with the raw IndexedDB API (no Dexie, no key). */
export function rawReplica(page: Page, name = 'icbc-wallet-replica'): Promise<Record<string, unknown[]>> {
  return page.evaluate(async (dbName) => {
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const req = indexedDB.open(dbName)
      req.onsuccess = () => ok(req.result)
      req.onerror = () => ko(req.error)
    })
    const out: Record<string, unknown[]> = {}
    for (const store of [...db.objectStoreNames]) {
      out[store] = await new Promise<unknown[]>((ok, ko) => {
        const req = db.transaction(store).objectStore(store).getAll()
        req.onsuccess = () => ok(req.result as unknown[])
        req.onerror = () => ko(req.error)
      })
    }
    db.close()
    return out
  }, name)
}

/** The fields each store may hold in the clear (docs/architecture.md, "The sealed replica"). */
export const CLEAR_FIELDS: Record<string, readonly string[]> = {
  sealedTx: ['id', 'seq', 'occurredAt', 'type', 'status', 'p', 'm', 'a', 's'],
  sealedBalances: ['seq', 's'],
  terms: ['t', 'k', 's'],
  sealedStats: ['month', 's'],
  sealedInbox: ['messageId', 'createdAt', 's'],
  meta: ['key', 'value'],
}

/**
 * What of `feed` a raw dump shows in the clear: record fields outside CLEAR_FIELDS, rows in the old plain
 * stores, and any counterparty, account, memo, title or reference of the feed found anywhere in it.
 */
export function clearTextFindings(dump: Record<string, unknown[]>, feed: readonly FeedTransaction[]): string[] {
  const findings: string[] = []
  for (const [store, records] of Object.entries(dump)) {
    const allowed = CLEAR_FIELDS[store]
    if (!allowed) {
      if (records.length) findings.push(`${store}: ${records.length} records in a store that must be empty`)
      continue
    }
    for (const record of records) {
      for (const field of Object.keys(record as object)) if (!allowed.includes(field)) findings.push(`${store}.${field}`)
      if (store === 'meta') {
        const { key, value } = record as { key: string; value: unknown }
        if (!['cursor', 'lastSeq', 'lastSyncedAt', 'keyCheck', 'schemaNote'].includes(key)) findings.push(`meta.${key}`)
        if (key === 'cursor' && value !== null && !String(value).startsWith('c1.')) findings.push('meta.cursor in the clear')
      }
    }
  }
  const text = JSON.stringify(dump)
  const words = new Set<string>()
  for (const t of feed) {
    for (const w of [t.title, t.counterparty.name, t.counterparty.account ?? '', t.memo ?? '']) if (w.length >= 2) words.add(w)
  }
  for (const w of words) if (text.includes(JSON.stringify(w).slice(1, -1))) findings.push(`text in the clear: ${w}`)
  // References are the bank's ids, which are the rows' clear primary keys: a reference may appear only as an id.
  return findings
}

/**
 * A second customer, registered at the bank on a phone of its own, with a card, a payment password and
 * one top-up (so its feed is not empty). Returns what the app needs to sign it in.
 */
export async function registerCustomer(bank: BankAddress, seed: number): Promise<{ phone: string; password: string }> {
  const phone = `139${String(10_000_000 + seed).slice(-8)}`
  const password = 'Other2025x'
  const first17 = `11010519850115${String(seed % 1000).padStart(3, '0')}`
  const idNumber = first17 + residentIdCheckChar(first17)
  await post(bank, '/sms/send', { phone, purpose: 'register' })
  const reg = await post<{ session: { token: string } }>(bank, '/register', {
    phone,
    name: '李四',
    idNumber,
    password,
    smsCode: await freshSms(bank, phone),
    deviceId: `dev-reg-${randomUUID()}`,
  })
  const token = reg.session.token
  const partial = `62220299${String(seed).padStart(10, '0')}`.slice(0, 18)
  const pan = partial + luhnCheckDigit(partial)
  const bound = await post<{ card: { cardId: string } }>(bank, '/cards/bind', { pan, reservedPhone: phone }, token)
  await post(bank, '/paypw/set', { payPassword: '258036' }, token)
  await post(bank, '/topup', { cardId: bound.card.cardId, amountFen: 12_345, payPassword: '258036' }, token)
  return { phone, password }
}

/** The bank's whole feed for a customer in the replica's plain form, its newest balance and the cursor after it. */
export async function bankChanges(
  bank: BankAddress,
  phone: string,
  password: string,
): Promise<{ transactions: ReplicaTransaction[]; balance: BalanceSnapshot | null; cursor: string }> {
  const token = await signInAtBank(bank, phone, password)
  const transactions: ReplicaTransaction[] = []
  let balance: BalanceSnapshot | null = null
  let cursor: string | undefined
  for (;;) {
    const query = new URLSearchParams({ limit: '2000', ...(cursor ? { cursor } : {}) })
    const res = await bankFetch(bank, `/changes?${query}`, { headers: { authorization: `Bearer ${token}` } })
    if (!res.ok) throw new Error(`changes: ${res.status}`)
    const page = (await res.json()) as ChangesResponse
    const mapped = toSyncPage(cursor ?? null, page)
    transactions.push(...mapped.transactions)
    for (const b of mapped.balances) if (!balance || b.seq > balance.seq) balance = b
    cursor = page.nextCursor
    if (!page.hasMore) return { transactions, balance, cursor }
  }
}

/**
 * Writes a replica as the previous version (schema v4, Dexie's IndexedDB version 40) left it: the plain
 * rows with their derived fields, the newest balance and the bank's cursor in the clear.
 */
export function seedPlainReplica(
  page: Page,
  data: { transactions: ReplicaTransaction[]; balance: BalanceSnapshot | null; cursor: string },
): Promise<void> {
  const rows = data.transactions.map((t) => {
    const d = new Date(t.occurredAt)
    const month = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
    return { ...t, month, ...(t.memo ? { memoKey: t.memo } : {}) }
  })
  const lastSeq = Math.max(0, ...data.transactions.map((t) => t.seq), data.balance?.seq ?? 0)
  return page.evaluate(
    async ({ rows, balance, cursor, lastSeq }) => {
      const db = await new Promise<IDBDatabase>((ok, ko) => {
        const req = indexedDB.open('icbc-wallet-replica', 40)
        req.onupgradeneeded = () => {
          const d = req.result
          const tx = d.createObjectStore('transactions', { keyPath: 'id' })
          tx.createIndex('seq', 'seq')
          tx.createIndex('occurredAt', 'occurredAt')
          tx.createIndex('[type+occurredAt]', ['type', 'occurredAt'])
          tx.createIndex('[status+occurredAt]', ['status', 'occurredAt'])
          tx.createIndex('counterparty', 'counterparty')
          tx.createIndex('memoKey', 'memoKey')
          tx.createIndex('amountFen', 'amountFen')
          d.createObjectStore('balances', { keyPath: 'seq' })
          d.createObjectStore('meta', { keyPath: 'key' })
          d.createObjectStore('monthStats', { keyPath: 'month' })
          d.createObjectStore('inbox', { keyPath: 'messageId' }).createIndex('createdAt', 'createdAt')
        }
        req.onsuccess = () => ok(req.result)
        req.onerror = () => ko(req.error)
      })
      await new Promise<void>((ok, ko) => {
        const tx = db.transaction(['transactions', 'balances', 'meta'], 'readwrite')
        for (const row of rows) tx.objectStore('transactions').put(row)
        if (balance) tx.objectStore('balances').put(balance)
        tx.objectStore('meta').put({ key: 'cursor', value: cursor })
        tx.objectStore('meta').put({ key: 'lastSeq', value: lastSeq })
        tx.oncomplete = () => ok()
        tx.onerror = () => ko(tx.error)
      })
      db.close()
    },
    { rows, balance: data.balance, cursor: data.cursor, lastSeq },
  )
}
