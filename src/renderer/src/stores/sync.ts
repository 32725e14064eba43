import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { OutboxView, SyncProgress, SyncStatus } from '@shared/contract'
import { ApiError, call, onEvent } from '@renderer/api/client'
import { clearReplica, openReplica, readCursor, type WalletDb } from '@renderer/db/replica'
import { createPageApplier } from '@renderer/db/page-applier'
import { dropReplicaKey, loadReplicaKey, replicaKeyCheck } from '@renderer/db/seal'
import { forgetDictionary } from '@renderer/db/queries'
import { prepareReplica } from '@renderer/db/upgrade'

let db: WalletDb | undefined
/** The one replica of this renderer. */
export function replica(): WalletDb {
  db ??= openReplica()
  return db
}

/** The replica's IndexedDB name (openReplica's default). */
export const REPLICA_NAME = 'icbc-wallet-replica'

/** 注销 (src/renderer/src/features/account/deregister.ts): the replica is deleted, its connection first closed. */
export async function forgetReplica(): Promise<void> {
  const open = db
  db = undefined
  forgetReplicaKey()
  if (open) await open.delete()
}

/** Asks main for this customer's replica key (refused while locked); reads wait for it meanwhile. */
export function fetchReplicaKey(): Promise<boolean> {
  return loadReplicaKey(() => call('replica.key'))
}

/** The wallet locked (or signed out): the key and everything opened with it go. */
export function forgetReplicaKey(): void {
  dropReplicaKey()
  forgetDictionary()
}

/**
 * The renderer's half of sync (see createPageApplier), its status and progress, and the outbox list.
 */
export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus>({ state: 'offline', lastSyncedAt: null, nextRetryAt: null, pending: 0, lastError: null })
  const progress = ref<SyncProgress | null>(null)
  const outbox = shallowRef<OutboxView[]>([])
  /** Sealing an older, plain replica in place (first start after the upgrade): rows done of total. */
  const sealing = ref<SyncProgress | null>(null)
  /** Bumped after every applied page, so views re-query the replica. */
  const revision = ref(0)
  let listening = false
  let starting: Promise<void> | undefined
  let statusEvents = 0

  function listen(): void {
    if (listening) return
    listening = true
    onEvent('sync.status', (s) => {
      statusEvents++
      status.value = s
      if (s.state !== 'syncing') progress.value = null
    })
    onEvent('sync.progress', (p) => (progress.value = p))
    onEvent('outbox.changed', (items) => (outbox.value = items))
    onEvent(
      'sync.page',
      createPageApplier(replica(), {
        ack: (ack) => call('sync.ack', ack),
        applied: () => revision.value++,
        failed: (error) => console.error('[sync] page failed', error),
      }),
    )
  }

  /** The key, then the replica checked against it and, the first time, sealed in place (src/renderer/src/db/upgrade.ts). */
  async function prepare(): Promise<void> {
    if (!(await fetchReplicaKey())) throw new ApiError({ code: 'LOCKED', message: 'no replica key' })
    try {
      await prepareReplica(replica(), {
        seal: (page) => call('replica.seal', page),
        progress: (done, total) => (sealing.value = { done, total }),
      })
    } finally {
      sealing.value = null
    }
  }

  async function attach(): Promise<void> {
    listen()
    const [items] = await Promise.all([call('outbox.list'), prepare()])
    outbox.value = items
    // The answer to attach may arrive after a newer status event: the event wins.
    const before = statusEvents
    let attached: SyncStatus
    try {
      attached = await call('sync.attach', { cursor: await readCursor(replica()) })
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'REPLICA_KEY_MISMATCH')) throw error
      // A position main's keys did not seal: what is here cannot be this customer's. Start afresh.
      await clearReplica(replica())
      await replica().meta.put({ key: 'keyCheck', value: await replicaKeyCheck() })
      attached = await call('sync.attach', { cursor: null })
    }
    if (statusEvents === before) status.value = attached
  }

  /**
   * Tells main where the replica is, so that it syncs from there; once. A start that main refused
   * (its vault not open yet) can be made again.
   */
  function start(): Promise<void> {
    starting ??= attach().catch((error: unknown) => {
      starting = undefined
      throw error
    })
    return starting
  }

  async function refresh(): Promise<void> {
    status.value = await call('sync.now')
  }

  /** Locked or signed out: the next unlock fetches the key and attaches again. */
  function pause(): void {
    forgetReplicaKey()
    starting = undefined
  }

  return { status, progress, sealing, outbox, revision, start, refresh, pause }
})
