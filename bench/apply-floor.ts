/**
 * Browser entry of the benchmark's sync breakdown (bundled by bench/run.ts, served on its own origin):
 * the replica's applyPage without any network, next to bare IndexedDB puts with the same indexes, on
 * synthetic rows shaped like the mock bank's. It tells what the first sync costs in the replica itself,
 * what the balance snapshots add, and (by difference with the real sync) what the page protocol adds.
 */
import { applyPage, openReplica, toTxRow } from '../src/renderer/src/db/replica'
import type { BalanceSnapshot, ReplicaTransaction } from '../src/shared/contract/sync'

const MERCHANTS = [
  '瑞幸咖啡(国贸店)',
  '全家便利店',
  '北京地铁',
  '工银融e购(演示商城)',
  '华联超市',
  '万达影城',
  '同仁堂药店',
  '海底捞火锅',
]

function rows(n: number): { tx: ReplicaTransaction[]; balances: BalanceSnapshot[] } {
  const start = Date.now() - 3 * 365 * 86_400_000
  const tx: ReplicaTransaction[] = []
  const balances: BalanceSnapshot[] = []
  for (let i = 0; i < n; i++) {
    const at = start + i * 900_000
    const name = MERCHANTS[i % MERCHANTS.length]!
    tx.push({
      id: `tx_${(1e11 + i * 7919).toString(36)}`,
      seq: i * 2 + 1,
      occurredAt: at,
      type: 'payment',
      direction: 'out',
      amountFen: 100 + ((i * 7919) % 30_000),
      discountFen: 0,
      status: 'succeeded',
      title: name,
      counterparty: name,
      counterpartyAccount: '',
      memo: '',
      category: 'dining',
      channel: 'paycode',
      reference: `tx_${(1e11 + i * 7919).toString(36)}`,
      balanceAfterFen: 100_000 + i,
    })
    balances.push({ seq: i * 2 + 2, at, balanceFen: 100_000 + i })
  }
  return { tx, balances }
}

async function deleteDb(name: string): Promise<void> {
  await new Promise((ok) => {
    const r = indexedDB.deleteDatabase(name)
    r.onsuccess = r.onerror = r.onblocked = ok
  })
}

/** applyPage over pages of 1000 feed items (500 transactions with their 500 snapshots, or only the newest). */
async function viaApplyPage(n: number, snapshots: 'all' | 'newest'): Promise<number> {
  const name = `floor-${snapshots}`
  await deleteDb(name)
  const db = openReplica(name)
  await db.open()
  const { tx, balances } = rows(n)
  let cursor: string | null = null
  const started = performance.now()
  for (let i = 0; i < n; i += 500) {
    const pageBalances = balances.slice(i, i + 500)
    const next = `c${i}`
    await applyPage(db, {
      fromCursor: cursor,
      nextCursor: next,
      transactions: tx.slice(i, i + 500),
      balances: snapshots === 'all' ? pageBalances : pageBalances.slice(-1),
      hasMore: i + 500 < n,
      remaining: 0,
    })
    cursor = next
  }
  const ms = performance.now() - started
  db.close()
  await deleteDb(name)
  return ms
}

/** Bare puts of the same rows into a store with the replica's transaction indexes, 1000 per transaction. */
async function viaRawPuts(n: number): Promise<number> {
  const probe = openReplica('floor-schema')
  await probe.open()
  const indexes = probe.transactions.schema.indexes.map((i) => ({
    name: i.name,
    keyPath: i.keyPath!,
    multi: !!i.multi,
    unique: !!i.unique,
  }))
  probe.close()
  await deleteDb('floor-schema')
  await deleteDb('floor-raw')
  const raw = await new Promise<IDBDatabase>((ok) => {
    const r = indexedDB.open('floor-raw', 1)
    r.onupgradeneeded = () => {
      const store = r.result.createObjectStore('transactions', { keyPath: 'id' })
      for (const i of indexes) store.createIndex(i.name, i.keyPath, { multiEntry: i.multi, unique: i.unique })
    }
    r.onsuccess = () => ok(r.result)
  })
  const all = rows(n).tx.map(toTxRow)
  const started = performance.now()
  for (let i = 0; i < n; i += 1000) {
    const t = raw.transaction('transactions', 'readwrite', { durability: 'relaxed' })
    const store = t.objectStore('transactions')
    for (const row of all.slice(i, i + 1000)) store.put(row)
    await new Promise((ok) => (t.oncomplete = ok))
  }
  const ms = performance.now() - started
  raw.close()
  await deleteDb('floor-raw')
  return ms
}

declare global {
  interface Window {
    __applyFloor(n: number): Promise<{ raw: number; applyAll: number; applyNewest: number }>
  }
}

window.__applyFloor = async (n) => ({
  raw: await viaRawPuts(n),
  applyAll: await viaApplyPage(n, 'all'),
  applyNewest: await viaApplyPage(n, 'newest'),
})
