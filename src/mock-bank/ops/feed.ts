import type { ChangeItem, ChangesResponse } from '../../shared/bank-api'
import { fail } from '../errors'
import type { BankState, CustomerRec } from '../state'

/**
 * The changes feed: a customer's transactions and balance snapshots in the order they happened
 * (one global sequence), read after an opaque cursor. A cursor names the bank it came from, so a
 * replica of another bank's data (or a wiped bank) is told to start over instead of being fed gaps.
 */
export function encodeCursor(state: BankState, seq: number): string {
  return Buffer.from(`v1|${state.bankId}|${seq}`).toString('base64url')
}

export function decodeCursor(state: BankState, cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0
  const [version, bankId, seqText] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const seq = Number(seqText)
  if (version !== 'v1' || !Number.isSafeInteger(seq) || seq < 0)
    fail('CURSOR_INVALID', 'not a cursor from this bank', { reason: 'FORMAT' })
  if (bankId !== state.bankId)
    fail('CURSOR_INVALID', 'the cursor is from another bank: sync from the start', { reason: 'BANK_CHANGED' })
  if (seq > state.feedSeq) fail('CURSOR_INVALID', 'the cursor is ahead of the bank: sync from the start', { reason: 'AHEAD' })
  return seq
}

/** Index of the first item with seq > after. */
function firstAfter(feed: ChangeItem[], after: number): number {
  let lo = 0
  let hi = feed.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (feed[mid]!.seq <= after) lo = mid + 1
    else hi = mid
  }
  return lo
}

export interface FeedFaults {
  /** Start the page this many items early (a duplicated delivery). */
  overlap?: number
  /** Shuffle the page's items. */
  shuffle?: () => number
}

export function changes(
  state: BankState,
  rec: CustomerRec,
  query: { cursor?: string | undefined; limit: number },
  faults: FeedFaults = {},
): ChangesResponse {
  const after = decodeCursor(state, query.cursor)
  const start = firstAfter(rec.feed, after)
  const end = Math.min(rec.feed.length, start + query.limit)
  const from = Math.max(0, start - (faults.overlap ?? 0))
  const items = rec.feed.slice(from, end)
  if (faults.shuffle) {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(faults.shuffle() * (i + 1))
      ;[items[i], items[j]] = [items[j]!, items[i]!]
    }
  }
  const last = end > start ? rec.feed[end - 1]!.seq : after
  const remaining = rec.feed.length - end
  return { items, nextCursor: encodeCursor(state, last), hasMore: remaining > 0, remaining }
}
