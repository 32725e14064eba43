import type { SyncAck, SyncPage, SyncStatus } from '../../../shared/contract/sync'
import { AppError, isErrorCode, outcomeOf } from '../../../shared/errors'
import type { BankClient } from '../bank/client'
import type { EventBus } from '../../base/events'
import type { Clock } from '../../base/ports'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../base/backoff'
import { incomingTransfers, toSyncPage, type IncomingTransfer } from './mapping'
import type { Outbox } from './outbox'
import type { ReplicaSealer } from '../replica/sealer'

export interface SyncEngineDeps {
  bank: BankClient
  /** The bank token; throws LOCKED / SESSION_EXPIRED when there is none to use. */
  token(): Promise<string>
  outbox: Outbox
  /** Seals each page for the replica (the signed-in customer's keys: src/main/core/replica.ts). */
  sealer(): Promise<ReplicaSealer>
  events: EventBus
  clock: Clock
  random?: () => number
  /**
   * Feed items per page (the bank's maximum, 2000: a transaction and its balance snapshot are two
   * items, so a page carries about 1000 transactions, one IndexedDB transaction in the renderer).
   */
  pageSize?: number
  /** How long to wait for the renderer to apply a page. */
  ackTimeoutMs?: number
  /** Time between syncs while online. */
  periodMs?: number
  backoff?: BackoffPolicy
  /**
   * Transfers into the wallet on a page the renderer has applied, each once (not on a replica's first
   * sync): for the shell's OS notification. The renderer gets them only sealed, in the page.
   */
  onIncoming?: (transfers: IncomingTransfer[]) => void
}

/**
 * How many pages may be handed to the renderer before the oldest is acknowledged. Four keep the
 * renderer's database busy: while it writes one page, the next ones are already queued behind it,
 * so a slow moment on the renderer's thread (a repaint, a long parse) does not leave it idle.
 */
const PAGES_IN_FLIGHT = 4

interface Fetched {
  page: SyncPage
  /** The bank's items on this page (snapshots included), for progress n/m. */
  items: number
  /** Its transfers into the wallet, announced once the renderer has applied the page. */
  incoming: IncomingTransfer[]
}

/** How many announced transfers are remembered, so a page pulled again (a gap, a reload) is not news twice. */
const ANNOUNCED_KEPT = 1000

/**
 * The connectivity state machine and the sync loop: push the outbox, then pull the change feed page
 * by page, handing each page to the renderer and waiting for its acknowledgement before the next —
 * so the replica's cursor and rows always move together and a page is never skipped. Failures back
 * off exponentially with full jitter; a run is never started twice at once.
 */
export function createSyncEngine(deps: SyncEngineDeps) {
  const { bank, outbox, events, clock } = deps
  const pageSize = deps.pageSize ?? 2000
  const ackTimeoutMs = deps.ackTimeoutMs ?? 30_000
  const periodMs = deps.periodMs ?? 60_000
  const policy = deps.backoff ?? DEFAULT_BACKOFF
  const random = deps.random ?? Math.random

  let status: SyncStatus = { state: 'offline', lastSyncedAt: null, nextRetryAt: null, pending: 0, lastError: null }
  /** Where the attached renderer's replica is; undefined while no renderer is attached. */
  let replicaCursor: string | null | undefined
  let running: Promise<SyncStatus> | undefined
  let failures = 0
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  let waiting: { cursor: string; resolve(ack: SyncAck): void; timer: NodeJS.Timeout } | undefined

  function setStatus(patch: Partial<SyncStatus>): void {
    status = { ...status, ...patch }
    events.emit('sync.status', status)
  }

  function schedule(ms: number): void {
    clearTimeout(timer)
    if (stopped) return
    timer = setTimeout(() => void syncNow(), ms)
    timer.unref?.()
  }

  /** Pages handed to the renderer and not yet acknowledged, oldest first (at most PAGES_IN_FLIGHT). */
  const inFlight: Fetched[] = []
  /** Acknowledgements that came before anyone waited for them. */
  const early = new Map<string, SyncAck>()

  function waitForAck(cursor: string): Promise<SyncAck | undefined> {
    const arrived = early.get(cursor)
    if (arrived) {
      early.delete(cursor)
      return Promise.resolve(arrived)
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        waiting = undefined
        resolve(undefined)
      }, ackTimeoutMs)
      waiting = { cursor, resolve, timer: t }
    })
  }

  /** Ends the wait for an acknowledgement with this answer. */
  function answer(a: SyncAck): void {
    if (!waiting) return
    clearTimeout(waiting.timer)
    const w = waiting
    waiting = undefined
    w.resolve(a)
  }

  function ack(a: SyncAck): void {
    if (waiting && waiting.cursor === a.cursor) answer(a)
    else if (inFlight.some((f) => f.page.nextCursor === a.cursor)) {
      early.set(a.cursor, a)
    }
  }

  /**
   * One page from the replica's cursor. Cursors here are the replica's (sealed deterministically, so
   * equal positions compare equal); the bank is asked with the cursor inside, and the page goes out sealed.
   */
  async function fetchPage(token: string, cursor: string | null): Promise<Fetched> {
    const sealer = await deps.sealer()
    const plain = cursor === null ? null : sealer.unwrapCursor(cursor)
    if (plain === undefined) throw new AppError('REPLICA_KEY_MISMATCH', 'the replica was sealed under other keys')
    const raw = await bank.call('changes', { token, query: { cursor: plain ?? undefined, limit: pageSize } })
    const page = toSyncPage(plain, raw)
    return { page: sealer.sealPage(page), items: raw.items.length, incoming: deps.onIncoming ? incomingTransfers(page) : [] }
  }

  const announced = new Set<string>()
  function announce(transfers: IncomingTransfer[]): void {
    const fresh = transfers.filter((t) => !announced.has(t.txId))
    if (fresh.length === 0 || !deps.onIncoming) return
    for (const t of fresh) announced.add(t.txId)
    for (const old of announced) {
      if (announced.size <= ANNOUNCED_KEPT) break
      announced.delete(old)
    }
    try {
      deps.onIncoming(fresh)
    } catch (error) {
      console.error('[sync] onIncoming failed:', error)
    }
  }

  /**
   * Pulls the change feed from the replica's cursor. PAGES_IN_FLIGHT pages are in flight at most:
   * while the renderer writes one, the next are already on their way (and the one after is being
   * fetched), so the round trips overlap the writes. Each page still applies only on top of its
   * predecessor, and the cursor advances only with an acknowledgement.
   */
  async function pull(token: string): Promise<void> {
    let done = 0
    inFlight.length = 0
    early.clear()
    let next: Promise<Fetched> | undefined = fetchPage(token, replicaCursor ?? null)
    for (;;) {
      if (next && inFlight.length < PAGES_IN_FLIGHT) {
        const fetched: Fetched = await next
        next = fetched.page.hasMore ? fetchPage(token, fetched.page.nextCursor) : undefined
        next?.catch(() => {})
        inFlight.push(fetched)
        events.emit('sync.page', fetched.page)
        continue
      }
      const oldest = inFlight.shift()
      if (!oldest) return
      const answer = await waitForAck(oldest.page.nextCursor)
      if (stopped) return
      if (!answer) {
        // Nobody applied it (no window, or a reload): stop pulling until a renderer attaches again.
        replicaCursor = undefined
        return
      }
      if (answer.outcome === 'gap') {
        // The replica is elsewhere: drop what is in flight and continue from where it really is.
        inFlight.length = 0
        early.clear()
        replicaCursor = answer.replicaCursor
        next = fetchPage(token, replicaCursor)
        continue
      }
      replicaCursor = oldest.page.nextCursor
      announce(oldest.incoming)
      done += oldest.items
      events.emit('sync.progress', { done, total: done + oldest.page.remaining })
    }
  }

  async function run(): Promise<SyncStatus> {
    clearTimeout(timer)
    setStatus({ state: 'syncing', pending: await outbox.pendingCount() })
    try {
      const token = await deps.token()
      const report = await outbox.drain()
      setStatus({ pending: await outbox.pendingCount() })
      if (report.stoppedOn) {
        const code = report.stoppedOn.code
        throw new AppError(isErrorCode(code) ? code : 'NETWORK', report.stoppedOn.message)
      }
      if (replicaCursor !== undefined) await pull(token)
      failures = 0
      setStatus({ state: 'online', lastSyncedAt: clock.now(), nextRetryAt: null, lastError: null })
      schedule(periodMs)
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'INTERNAL'
      // Refused before anything was done, until the user unlocks or signs in (ERROR_OUTCOMES 'retry'):
      // wait for them. Anything else is retried with back-off: the bank being down, slow, or answering oddly.
      if (outcomeOf(code) === 'retry') {
        setStatus({ state: 'offline', nextRetryAt: null, lastError: code })
      } else {
        const delay = backoffDelay(failures++, policy, random)
        setStatus({
          state: code === 'NETWORK' || code === 'TIMEOUT' ? 'offline' : 'backoff',
          nextRetryAt: clock.now() + delay,
          lastError: code,
        })
        schedule(delay)
      }
    }
    return status
  }

  /** The round asked for while another was running: it starts when that one ends. */
  let following: Promise<SyncStatus> | undefined

  /**
   * A round that starts now, or, while one is running, the round right after it: a round already under
   * way may have begun before whatever made the caller ask (the network came back, a payment was queued,
   * the replica attached), so joining it could answer with what it saw before. Asks made during one
   * round share the next.
   */
  function syncNow(): Promise<SyncStatus> {
    if (stopped) return Promise.resolve(status)
    if (!running) {
      running = run().finally(() => (running = undefined))
      return running
    }
    following ??= running.then(() => {
      following = undefined
      return syncNow()
    })
    return following
  }

  return {
    status: () => status,
    /** The renderer's replica is at `cursor`: sync from there. */
    attach(cursor: string | null): SyncStatus {
      replicaCursor = cursor
      // A page handed to the window before this one (closed, reloaded) will not be answered: the round
      // waiting for it goes on at once from where this replica is, as for any replica found elsewhere.
      if (waiting) answer({ cursor: waiting.cursor, outcome: 'gap', replicaCursor: cursor })
      void syncNow()
      return status
    },
    ack,
    syncNow,
    /** Something changed that may let a stalled sync go on (unlock, a new payment). */
    nudge(): void {
      failures = 0
      void syncNow()
    },
    stop(): void {
      stopped = true
      clearTimeout(timer)
      if (waiting) answer({ cursor: waiting.cursor, outcome: 'gap', replicaCursor: replicaCursor ?? null })
    },
  }
}

export type SyncEngine = ReturnType<typeof createSyncEngine>
