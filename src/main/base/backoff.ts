/**
 * The one retry/back-off rule of main: waits double from `baseMs` up to `capMs`, after `freeAttempts`
 * attempts that wait nothing. The sync engine and the bank's SMS stream use full jitter (a uniformly
 * random wait below the ceiling, so clients that lost the bank together do not come back together);
 * the offline unlock (src/main/platform/vault/unlock.ts) waits the ceiling itself, which it persists.
 */
export interface BackoffPolicy {
  /** The first ceiling, in ms. */
  baseMs: number
  /** The ceiling never grows past this. */
  capMs: number
  /** Attempts that wait nothing before waiting starts (default 0). */
  freeAttempts?: number
  /** 'full' (default): a random wait in [0, ceiling); 'none': exactly the ceiling. */
  jitter?: 'full' | 'none'
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 }

/** The wait before attempt `attempt` (0-based): min(cap, base·2^(attempt − free)), jittered unless the policy says not. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const free = policy.freeAttempts ?? 0
  if (attempt < free) return 0
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(0, attempt - free), 30))
  return policy.jitter === 'none' ? ceiling : Math.floor(random() * ceiling)
}

/**
 * A persisted `retryAt` (epoch ms, null when not waiting) as it may be honoured now: one further away
 * than the back-off of `failures` can only come from a clock that was moved back, so it is pinned to
 * now + that back-off (the caller stores the pinned value) instead of locking the user out for the
 * size of the jump. Used by the offline unlock and the master passphrase (src/main/platform/vault).
 */
export function pinnedRetryAt(retryAt: number | null, failures: number, now: number, policy: BackoffPolicy): number | null {
  if (retryAt === null) return null
  return Math.min(retryAt, now + backoffDelay(failures, policy))
}
