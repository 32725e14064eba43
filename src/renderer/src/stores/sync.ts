import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { OutboxView, SyncPage, SyncProgress, SyncStatus } from '@shared/contract'
import { call, onEvent } from '@renderer/api/client'
import { applyPage, openReplica, readCursor, ReplicaError, type WalletDb } from '@renderer/db/replica'

let db: WalletDb | undefined
/** The one replica of this renderer. */
export function replica(): WalletDb {
  db ??= openReplica()
  return db
}

/**
 * The renderer's half of sync: applies each page main hands over, with its cursor, in one Dexie
 * transaction, then acknowledges it — pages are applied one at a time, in the order they come.
 */
export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus>({ state: 'offline', lastSyncedAt: null, nextRetryAt: null, pending: 0, lastError: null })
  const progress = ref<SyncProgress | null>(null)
  const outbox = shallowRef<OutboxView[]>([])
  /** Bumped after every applied page, so views re-query the replica. */
  const revision = ref(0)
  let started = false
  let statusEvents = 0
  let queue: Promise<void> = Promise.resolve()
  let acks: Promise<void> = Promise.resolve()

  async function handlePage(page: SyncPage): Promise<void> {
    const database = replica()
    let outcome: 'applied' | 'duplicate' | 'gap'
    try {
      outcome = await applyPage(database, page)
    } catch (error) {
      if (!(error instanceof ReplicaError)) throw error
      outcome = 'gap'
    }
    if (outcome === 'applied') revision.value++
    const replicaCursor = outcome === 'applied' ? page.nextCursor : await readCursor(database)
    // The next page is applied while this acknowledgement travels: waiting for its answer here would
    // leave the database idle for a round trip on every page. Acknowledgements still go in order.
    acks = acks
      .then(() => call('sync.ack', { cursor: page.nextCursor, outcome, replicaCursor }))
      .then(
        () => undefined,
        (error: unknown) => console.error('[sync] acknowledgement failed', error),
      )
  }

  async function start(): Promise<void> {
    if (started) return
    started = true
    onEvent('sync.status', (s) => {
      statusEvents++
      status.value = s
      if (s.state !== 'syncing') progress.value = null
    })
    onEvent('sync.progress', (p) => (progress.value = p))
    onEvent('outbox.changed', (items) => (outbox.value = items))
    onEvent('sync.page', (page) => {
      queue = queue.then(() => handlePage(page)).catch((error: unknown) => console.error('[sync] page failed', error))
    })
    outbox.value = await call('outbox.list')
    // The answer to attach may arrive after a newer status event: the event wins.
    const before = statusEvents
    const attached = await call('sync.attach', { cursor: await readCursor(replica()) })
    if (statusEvents === before) status.value = attached
  }

  async function refresh(): Promise<void> {
    status.value = await call('sync.now')
  }

  return { status, progress, outbox, revision, start, refresh }
})
