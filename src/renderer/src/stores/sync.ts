import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { OutboxView, SyncProgress, SyncStatus } from '@shared/contract'
import { call, onEvent } from '@renderer/api/client'
import { openReplica, readCursor, type WalletDb } from '@renderer/db/replica'
import { createPageApplier } from '@renderer/db/page-applier'

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
  if (open) await open.delete()
}

/**
 * The renderer's half of sync (see createPageApplier), its status and progress, and the outbox list.
 */
export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus>({ state: 'offline', lastSyncedAt: null, nextRetryAt: null, pending: 0, lastError: null })
  const progress = ref<SyncProgress | null>(null)
  const outbox = shallowRef<OutboxView[]>([])
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

  async function attach(): Promise<void> {
    listen()
    const [items, cursor] = await Promise.all([call('outbox.list'), readCursor(replica())])
    outbox.value = items
    // The answer to attach may arrive after a newer status event: the event wins.
    const before = statusEvents
    const attached = await call('sync.attach', { cursor })
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

  return { status, progress, outbox, revision, start, refresh }
})
