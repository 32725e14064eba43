import type { SyncAck, SyncPage } from '../../../shared/contract/sync'
import {
  applyPageAt,
  positionAfter,
  readCursor,
  replicaPosition,
  ReplicaError,
  type ApplyOutcome,
  type ReplicaPosition,
  type WalletDb,
} from './replica'

export interface PageApplierHooks {
  /** Sends the acknowledgement of one page to main; called in page order, one at a time. */
  ack(ack: SyncAck): Promise<unknown>
  /** A page was applied (views re-query). */
  applied?(): void
  /** Anything unexpected (not a refused page). */
  failed?(error: unknown): void
}

/**
 * The renderer's half of sync, without Vue: applies the pages main hands over, each with its cursor
 * in one Dexie transaction, and acknowledges them in order.
 *
 * A page is handed to the database as soon as it comes, on top of where the pages before it will leave
 * the replica (applyPageAt): IndexedDB runs the transactions one after another in the order they were
 * made, and each checks that it starts where the one before ended, so the rows of the next page are
 * prepared while the previous one commits. An acknowledgement goes out as soon as its page's outcome
 * is known, without waiting for the answer to the previous one.
 */
export function createPageApplier(db: WalletDb, hooks: PageApplierHooks): (page: SyncPage) => void {
  /**
   * Where the replica will be once the pages handed to the database so far are written; undefined
   * until first needed (then read from the replica).
   */
  let position: Promise<ReplicaPosition> | undefined
  let acks: Promise<void> = Promise.resolve()

  return (page) => {
    position ??= replicaPosition(db)
    const before = position
    const outcome = before
      .then((at) => applyPageAt(db, page, at))
      .catch((error: unknown): 'gap' => {
        if (!(error instanceof ReplicaError)) hooks.failed?.(error)
        return 'gap'
      })
      .then((result: ApplyOutcome | 'gap') => {
        if (result === 'applied') hooks.applied?.()
        // Pages already behind this one were made on a wrong guess and go the careful way
        // (applyPage); pages that come later start from the replica's real position.
        else position = replicaPosition(db)
        return result
      })
    position = before.then((at) => positionAfter(at, page))
    acks = acks
      .then(async () => {
        const result = await outcome
        const replicaCursor = result === 'applied' ? page.nextCursor : await readCursor(db)
        await hooks.ack({ cursor: page.nextCursor, outcome: result, replicaCursor })
      })
      .catch((error: unknown) => hooks.failed?.(error))
  }
}
