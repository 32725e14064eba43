import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { SyncAck, SyncPage } from '@shared/contract'
import { setBridge } from '@renderer/api/client'
import { clearReplica, readCursor } from '@renderer/db/replica'
import { replica, useSyncStore } from '@renderer/stores/sync'
import { createFakeBridge } from './fake-bridge'
import { at, tx } from './history/fixtures'

const page = (from: string | null, next: string, seqs: number[]): SyncPage => ({
  fromCursor: from,
  nextCursor: next,
  transactions: seqs.map((seq) => tx({ id: `T${seq}`, seq, occurredAt: at(2026, 10, 1, 12, seq) })),
  balances: [],
  hasMore: next !== 'c3',
  remaining: 0,
})

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error('timed out')
}

describe('the sync store', () => {
  it('applies the next page while an acknowledgement is on its way, and acknowledges in order', async () => {
    const acks: SyncAck[] = []
    const answers: (() => void)[] = []
    const fake = createFakeBridge({
      'outbox.list': () => ({ ok: true, value: [] }),
      'sync.attach': () => ({
        ok: true,
        value: { state: 'syncing', lastSyncedAt: null, nextRetryAt: null, pending: 0, lastError: null },
      }),
      // The first acknowledgement is answered only when the test says so.
      'sync.ack': (input) =>
        new Promise((resolve) => {
          acks.push(input as SyncAck)
          answers.push(() => resolve({ ok: true, value: null }))
        }),
    })
    setBridge(fake.bridge)
    setActivePinia(createPinia())
    await clearReplica(replica())
    const store = useSyncStore()
    await store.start()

    fake.emit('sync.page', page(null, 'c1', [1, 2]))
    fake.emit('sync.page', page('c1', 'c2', [3, 4]))
    fake.emit('sync.page', page('c2', 'c3', [5]))
    // Page 2 and 3 land although page 1's acknowledgement has no answer yet…
    await until(async () => (await readCursor(replica())) === 'c3')
    expect(await replica().transactions.count()).toBe(5)
    expect(store.revision).toBe(3)
    // …and only one acknowledgement is out at a time, in page order.
    expect(acks.map((a) => a.cursor)).toEqual(['c1'])
    answers.shift()!()
    await until(() => acks.length === 2)
    answers.shift()!()
    await until(() => acks.length === 3)
    answers.shift()!()
    expect(acks).toEqual([
      { cursor: 'c1', outcome: 'applied', replicaCursor: 'c1' },
      { cursor: 'c2', outcome: 'applied', replicaCursor: 'c2' },
      { cursor: 'c3', outcome: 'applied', replicaCursor: 'c3' },
    ])

    // A page that does not start where the replica is: refused, and the replica's real place is told.
    fake.emit('sync.page', page('c1', 'c9', [9]))
    await until(() => acks.length === 4)
    answers.shift()!()
    expect(acks[3]).toEqual({ cursor: 'c9', outcome: 'gap', replicaCursor: 'c3' })
    expect(await replica().transactions.count()).toBe(5)
  })

  it('attaches once however often it is started, and can start again after main refused', async () => {
    let vaultOpen = false
    const fake = createFakeBridge({
      'outbox.list': () =>
        vaultOpen ? { ok: true, value: [] } : { ok: false, error: { code: 'VAULT_LOCKED', message: 'locked' } },
      'sync.attach': () => ({
        ok: true,
        value: { state: 'online', lastSyncedAt: 1, nextRetryAt: null, pending: 0, lastError: null },
      }),
    })
    setBridge(fake.bridge)
    setActivePinia(createPinia())
    await clearReplica(replica())
    const store = useSyncStore()
    // Refused while the vault is shut: nothing attached, and the next start tries again.
    await expect(store.start()).rejects.toMatchObject({ code: 'VAULT_LOCKED' })
    vaultOpen = true
    await Promise.all([store.start(), store.start()])
    await store.start()
    expect(fake.calls.filter((c) => c.channel === 'sync.attach')).toHaveLength(1)
    expect(store.status.state).toBe('online')
    // The events are listened to once, not once per start: status, progress, outbox, pages.
    expect(fake.listenerCount()).toBe(4)
  })
})
