import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { DEMO_CUSTOMER, DEMO_PAYEE, type BankServer } from '../../../src/mock-bank'
import { createBankClient } from '../../../src/main/platform/bank/client'
import type { ChangeItem } from '../../../src/shared/bank-api'
import type { SyncPage, SyncStatus } from '../../../src/shared/contract/sync'
import type { ReplicaKey } from '../../../src/shared/contract/replica'
import { openReplica, readCursor, type WalletDb } from '../../../src/renderer/src/db/replica'
import { dropReplicaKey, openTxs, setReplicaKey } from '../../../src/renderer/src/db/seal'
import { createReplicaSealer, deriveReplicaKeys } from '../../../src/main/platform/replica/sealer'
import { createPageApplier } from '../../../src/renderer/src/db/page-applier'
import { setFaults, signInDemo, startBank, startCore, tmp } from '../../support/wallet'
import { bankFetch } from '../../support/bank-client'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
  dropReplicaKey()
})

const FAST = { backoff: { baseMs: 20, capMs: 200 }, ackTimeoutMs: 10_000, periodMs: 3_600_000 }
let dbSeq = 0

async function wallet(bank: BankServer, pageSize = 1000, ackTimeoutMs = FAST.ackTimeoutMs) {
  const app = await startCore(bank, { sync: { ...FAST, pageSize, ackTimeoutMs } })
  cleanups.push(() => app.core.dispose())
  await signInDemo(app, bank)
  let pages = 0
  /** A window: its own replica, whose page applier (the renderer's own code) applies and acknowledges each page. */
  const openWindow = () => {
    const replica = openReplica(`engine-${++dbSeq}`)
    cleanups.push(async () => {
      replica.close()
      await Dexie.delete(replica.name)
    })
    current = createPageApplier(replica, {
      ack: (ack) => app.call('sync.ack', ack),
      applied: () => pages++,
      failed: (error) => console.error(error),
    })
    return replica
  }
  let current: ((page: SyncPage) => void) | undefined
  const db = openWindow()
  app.core.events.subscribe((name, payload) => {
    if (name === 'sync.page') current?.(payload as SyncPage)
  })
  /** The window is gone (closed, reloading): pages go nowhere until another opens. */
  const closeWindow = () => void (current = undefined)
  const statuses: SyncStatus[] = []
  app.core.events.subscribe((name, payload) => {
    if (name === 'sync.status') statuses.push(payload as SyncStatus)
  })
  const token = async () => (await app.core.services()).session.token()
  // Signing in syncs once with no replica attached: let that round end, so the rounds the tests wait
  // for are the ones after they attach.
  await untilOnline(statuses)
  // The renderer's key, as it asks for it at unlock: the rows main seals open under it.
  await setReplicaKey(await app.ok<ReplicaKey>('replica.key'))
  /** Attaches the replica and waits for the round that follows. */
  async function attachAndSync(cursor: string | null = null): Promise<SyncStatus> {
    const from = statuses.length
    await app.ok('sync.attach', { cursor })
    return untilOnline(statuses, from)
  }
  return { app, db, statuses, pages: () => pages, token, attachAndSync, openWindow, closeWindow }
}

async function untilOnline(statuses: SyncStatus[], after = 0, timeoutMs = 30_000): Promise<SyncStatus> {
  const start = Date.now()
  for (;;) {
    const done = statuses.slice(after).find((s) => s.state === 'online')
    if (done) return done
    if (Date.now() - start > timeoutMs) throw new Error(`not online: ${JSON.stringify(statuses.at(-1))}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The bank's own view of the customer's history: every transaction's latest entry. */
async function bankHistory(bank: BankServer, token: string): Promise<Map<string, { status: string; amountFen: number }>> {
  const client = createBankClient({ baseUrl: bank.url, clientSecret: bank.clientSecret ?? undefined })
  const items: ChangeItem[] = []
  let cursor: string | undefined
  for (;;) {
    const page = await client.call('changes', { token, query: { cursor, limit: 1000 } })
    items.push(...page.items)
    cursor = page.nextCursor
    if (!page.hasMore) break
  }
  const latest = new Map<string, { seq: number; status: string; amountFen: number }>()
  for (const item of items) {
    if (item.type !== 'transaction') continue
    const prev = latest.get(item.transaction.txId)
    if (!prev || prev.seq < item.seq) {
      latest.set(item.transaction.txId, {
        seq: item.seq,
        status: item.transaction.status,
        amountFen: item.transaction.amountFen - item.transaction.discountFen,
      })
    }
  }
  return new Map([...latest].map(([id, v]) => [id, { status: v.status, amountFen: v.amountFen }]))
}

async function replicaHistory(db: WalletDb) {
  const rows = await openTxs(await db.sealedTx.toArray())
  return new Map(rows.map((t) => [t.id, { status: t.status, amountFen: t.amountFen }]))
}

describe('sync engine against the mock bank over loopback', () => {
  it('pulls the whole history into the replica, page by page with its cursor', async () => {
    const bank = await startBank({ seed: 'demo' })
    cleanups.push(() => bank.close())
    const w = await wallet(bank, 7)
    const status = await w.attachAndSync()
    expect(status.lastSyncedAt).not.toBeNull()
    const expected = await bankHistory(bank, await w.token())
    expect(expected.size).toBeGreaterThan(10)
    expect(await replicaHistory(w.db)).toEqual(expected)
    expect(w.pages()).toBeGreaterThan(2)
    // The replica holds main's sealed cursor, never the bank's.
    const cursor = await readCursor(w.db)
    expect(cursor).toMatch(/^c1\./)
    const records = JSON.stringify(await w.db.sealedTx.toArray())
    expect(records).not.toContain('amountFen')
    // Attached again at that cursor, it resumes there: no row comes twice, at most one empty page.
    const rowsBefore = await w.db.sealedTx.count()
    const pagesBefore = w.pages()
    await w.attachAndSync(cursor)
    expect(w.pages() - pagesBefore).toBeLessThanOrEqual(1)
    expect(await w.db.sealedTx.count()).toBe(rowsBefore)
    expect(await readCursor(w.db)).toBe(cursor)
  })

  it('syncs a window that attaches while a round waits for the acknowledgement of a window that is gone', async () => {
    const bank = await startBank({ seed: 'demo' })
    cleanups.push(() => bank.close())
    const w = await wallet(bank, 7, 1500)
    await w.attachAndSync()
    const { sync } = await w.app.core.services()
    // The window reloads: a round (the periodic one, say) hands its page to nobody and waits for an answer…
    w.closeWindow()
    const round = sync.syncNow()
    await new Promise((resolve) => setTimeout(resolve, 200))
    // …when the new page, with an empty replica, says where it is.
    const replica = w.openWindow()
    const pagesBefore = w.pages()
    const from = w.statuses.length
    await w.app.ok('sync.attach', { cursor: null })
    await round
    await untilOnline(w.statuses, from)
    // The new window gets the whole history, not nothing until the app is started again.
    await new Promise((resolve) => setTimeout(resolve, 2500))
    expect(w.pages()).toBeGreaterThan(pagesBefore)
    expect(await replicaHistory(replica)).toEqual(await bankHistory(bank, await w.token()))
  })

  it('refuses to attach at a cursor its keys did not seal (a forged one, or another customer’s)', async () => {
    const bank = await startBank({ seed: 'demo' })
    cleanups.push(() => bank.close())
    const w = await wallet(bank)
    // Sealed under another installation's key (a reset data key, another customer): main cannot open it.
    const foreign = createReplicaSealer(deriveReplicaKeys(Buffer.alloc(32, 9), 'W-OTHER')).wrapCursor('1')
    for (const cursor of [foreign, 'c1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'some-bank-cursor']) {
      const r = await w.app.call('sync.attach', { cursor })
      expect(r).toMatchObject({ ok: false, error: { code: 'REPLICA_KEY_MISMATCH' } })
    }
  })

  it('ends with exactly the bank’s history when pages come duplicated and reordered', async () => {
    const bank = await startBank({ seed: 'demo' })
    cleanups.push(() => bank.close())
    await setFaults(bank, { duplicateRate: 0.6, reorderRate: 0.6, paths: ['/changes'], seed: 11 })
    const w = await wallet(bank, 5)
    await w.attachAndSync()
    await setFaults(bank, {})
    expect(await replicaHistory(w.db)).toEqual(await bankHistory(bank, await w.token()))
  })

  it('queues while the bank is down and drains the outbox exactly once when it returns', async () => {
    const dataDir = tmp('bank-')
    let bank = await startBank({ dataDir, seed: 'demo' })
    const port = bank.port
    const w = await wallet(bank)
    await w.attachAndSync()
    const { outbox, sync } = await w.app.core.services()

    await bank.close()
    const item = await outbox.enqueue('transfer.wallet', {
      phone: DEMO_PAYEE.phone,
      amountFen: 12_345,
      payPassword: DEMO_CUSTOMER.payPassword,
      memo: '离线转账',
    })
    const before = w.statuses.length
    const offline = await sync.syncNow()
    expect(offline).toMatchObject({ state: 'offline', lastError: 'NETWORK', pending: 1 })
    expect(offline.nextRetryAt).not.toBeNull()
    // The connection was refused: that attempt never left the computer and does not count.
    expect((await outbox.list())[0]).toMatchObject({ state: 'queued', attempts: 0 })

    bank = await startBank({ dataDir, port, clientSecret: bank.clientSecret })
    cleanups.push(() => bank.close())
    await untilOnline(w.statuses, before + 1)
    const sent = (await outbox.list())[0]!
    expect(sent).toMatchObject({ id: item.id, state: 'succeeded' })
    expect(sent.payload.payPassword).toBeUndefined()

    const history = [...(await bankHistory(bank, await w.token())).values()].filter((t) => t.amountFen === 12_345)
    expect(history).toHaveLength(1)
    const ledger = (await (await bankFetch(bank, '/_dev/ledger')).json()) as { balanced: boolean }
    expect(ledger.balanced).toBe(true)
    // …and the replica has it too, from the pull that followed the push.
    expect([...(await replicaHistory(w.db)).values()].filter((t) => t.amountFen === 12_345)).toHaveLength(1)
  })

  it('never charges twice when the bank commits and the answer is lost', async () => {
    const bank = await startBank({ seed: 'demo' })
    cleanups.push(() => bank.close())
    const w = await wallet(bank)
    await w.attachAndSync()
    const { outbox, sync } = await w.app.core.services()
    await setFaults(bank, { dropAfterCommitRate: 1, paths: ['/transfers/wallet'] })
    await outbox.enqueue('transfer.wallet', { phone: DEMO_PAYEE.phone, amountFen: 777, payPassword: DEMO_CUSTOMER.payPassword })
    expect(await sync.syncNow()).toMatchObject({ state: 'offline', pending: 1 })
    await setFaults(bank, {})
    expect(await sync.syncNow()).toMatchObject({ state: 'online', pending: 0 })
    // Settled from the bank's record of the first attempt: it was not sent a second time.
    expect((await outbox.list())[0]).toMatchObject({ state: 'succeeded', attempts: 1 })
    expect([...(await bankHistory(bank, await w.token())).values()].filter((t) => t.amountFen === 777)).toHaveLength(1)
  })

  it('records the bank’s reason when a queued payment is refused', async () => {
    const bank = await startBank({ seed: 'demo' })
    cleanups.push(() => bank.close())
    const w = await wallet(bank)
    const { outbox, sync } = await w.app.core.services()
    await outbox.enqueue('transfer.wallet', {
      phone: DEMO_PAYEE.phone,
      amountFen: 50_000_000_00,
      payPassword: DEMO_CUSTOMER.payPassword,
    })
    await sync.syncNow()
    const [item] = await outbox.list()
    expect(item!.state).toBe('rejected')
    expect(['INSUFFICIENT_FUNDS', 'LIMIT_EXCEEDED']).toContain(item!.error?.code)
  })
})
