import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { SyncAck, SyncPage } from '@shared/contract'
import { setBridge } from '@renderer/api/client'
import { applyPage, clearReplica, readCursor } from '@renderer/db/replica'
import { hasReplicaKey, openTxs } from '@renderer/db/seal'
import { replica, useSyncStore } from '@renderer/stores/sync'
import { createFakeBridge } from './fake-bridge'
import { at, tx } from './history/fixtures'
import { lockReplica, sealer, sealPage, testSealer } from './sealed-replica'

/** A page as main hands it over: sealed, its cursors too (`cursor('c1')` is the bank's 'c1' sealed). */
const page = (from: string | null, next: string, seqs: number[], which = sealer): SyncPage =>
  sealPage(
    {
      fromCursor: from,
      nextCursor: next,
      transactions: seqs.map((seq) => tx({ id: `T${seq}`, seq, occurredAt: at(2026, 10, 1, 12, seq) })),
      balances: [],
      hasMore: next !== 'c3',
      remaining: 0,
    },
    undefined,
    which,
  )
const cursor = (c: string) => sealer.wrapCursor(c)

/** main's answer to `replica.key` while unlocked: this customer's key. */
const replicaKey = () => ({ ok: true as const, value: sealer.rendererKey() })

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
      'replica.key': replicaKey,
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
    // Just unlocked: the store asks main for the key before it reads or writes anything.
    lockReplica()
    const store = useSyncStore()
    await store.start()
    expect(hasReplicaKey()).toBe(true)
    expect(fake.calls.filter((c) => c.channel === 'replica.key')).toHaveLength(1)
    expect((await replica().meta.get('keyCheck'))?.value).toBe(sealer.rendererKey().check)
    expect(fake.calls.find((c) => c.channel === 'sync.attach')?.input).toEqual({ cursor: null })

    fake.emit('sync.page', page(null, 'c1', [1, 2]))
    fake.emit('sync.page', page('c1', 'c2', [3, 4]))
    fake.emit('sync.page', page('c2', 'c3', [5]))
    // Page 2 and 3 land although page 1's acknowledgement has no answer yet…
    await until(async () => (await readCursor(replica())) === cursor('c3'))
    expect((await openTxs(await replica().sealedTx.toArray())).map((r) => r.id).sort()).toEqual(['T1', 'T2', 'T3', 'T4', 'T5'])
    expect(store.revision).toBe(3)
    // …and only one acknowledgement is out at a time, in page order.
    expect(acks.map((a) => a.cursor)).toEqual([cursor('c1')])
    answers.shift()!()
    await until(() => acks.length === 2)
    answers.shift()!()
    await until(() => acks.length === 3)
    answers.shift()!()
    expect(acks).toEqual([
      { cursor: cursor('c1'), outcome: 'applied', replicaCursor: cursor('c1') },
      { cursor: cursor('c2'), outcome: 'applied', replicaCursor: cursor('c2') },
      { cursor: cursor('c3'), outcome: 'applied', replicaCursor: cursor('c3') },
    ])

    // A page that does not start where the replica is: refused, and the replica's real place is told.
    fake.emit('sync.page', page('c1', 'c9', [9]))
    await until(() => acks.length === 4)
    answers.shift()!()
    expect(acks[3]).toEqual({ cursor: cursor('c9'), outcome: 'gap', replicaCursor: cursor('c3') })
    expect(await replica().sealedTx.count()).toBe(5)
  })

  it('attaches once however often it is started, and can start again after main refused', async () => {
    let vaultOpen = false
    const fake = createFakeBridge({
      'replica.key': replicaKey,
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

  it('does not attach while main refuses the key (locked), and attaches once it gives it', async () => {
    let locked = true
    const fake = createFakeBridge({
      'replica.key': () => (locked ? { ok: false, error: { code: 'LOCKED', message: 'locked' } } : replicaKey()),
      'outbox.list': () => ({ ok: true, value: [] }),
      'sync.attach': () => ({
        ok: true,
        value: { state: 'online', lastSyncedAt: 1, nextRetryAt: null, pending: 0, lastError: null },
      }),
    })
    setBridge(fake.bridge)
    setActivePinia(createPinia())
    await clearReplica(replica())
    lockReplica()
    const store = useSyncStore()
    await expect(store.start()).rejects.toMatchObject({ code: 'LOCKED' })
    expect(fake.calls.filter((c) => c.channel === 'sync.attach')).toHaveLength(0)
    locked = false
    await store.start()
    expect(fake.calls.filter((c) => c.channel === 'sync.attach')).toHaveLength(1)
  })

  it('clears a replica sealed under another key before it attaches, and attaches from the beginning', async () => {
    const other = testSealer('W-OTHER')
    await clearReplica(replica())
    await replica().meta.put({ key: 'keyCheck', value: other.rendererKey().check })
    await applyPage(replica(), page(null, 'c1', [1, 2], other))
    const fake = createFakeBridge({
      'replica.key': replicaKey,
      'outbox.list': () => ({ ok: true, value: [] }),
      'sync.attach': () => ({
        ok: true,
        value: { state: 'online', lastSyncedAt: 1, nextRetryAt: null, pending: 0, lastError: null },
      }),
    })
    setBridge(fake.bridge)
    setActivePinia(createPinia())
    lockReplica()
    await useSyncStore().start()
    expect(fake.calls.filter((c) => c.channel === 'sync.attach').map((c) => c.input)).toEqual([{ cursor: null }])
    expect(await replica().sealedTx.count()).toBe(0)
    expect(await replica().terms.count()).toBe(0)
    expect((await replica().meta.get('keyCheck'))?.value).toBe(sealer.rendererKey().check)
  })

  it('starts afresh when main says the replica’s cursor was sealed under other keys', async () => {
    await clearReplica(replica())
    await applyPage(replica(), page(null, 'c1', [1, 2]))
    // The rows and the check value say this key, but main cannot open the cursor (REPLICA_KEY_MISMATCH).
    await replica().meta.put({ key: 'keyCheck', value: sealer.rendererKey().check })
    const fake = createFakeBridge({
      'replica.key': replicaKey,
      'outbox.list': () => ({ ok: true, value: [] }),
      'sync.attach': (input) =>
        (input as { cursor: string | null }).cursor === null
          ? { ok: true, value: { state: 'online', lastSyncedAt: 1, nextRetryAt: null, pending: 0, lastError: null } }
          : { ok: false, error: { code: 'REPLICA_KEY_MISMATCH', message: 'other keys' } },
    })
    setBridge(fake.bridge)
    setActivePinia(createPinia())
    const store = useSyncStore()
    await store.start()
    expect(fake.calls.filter((c) => c.channel === 'sync.attach').map((c) => c.input)).toEqual([
      { cursor: cursor('c1') },
      { cursor: null },
    ])
    expect(store.status.state).toBe('online')
    expect(await replica().sealedTx.count()).toBe(0)
    expect(await readCursor(replica())).toBeNull()
    expect((await replica().meta.get('keyCheck'))?.value).toBe(sealer.rendererKey().check)
  })
})
