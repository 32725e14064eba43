export interface BackoffPolicy {
  /** First ceiling in ms. */
  baseMs: number
  /** The ceiling never grows past this. */
  capMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 }

/**
 * Exponential back-off with full jitter: a uniformly random wait in [0, min(cap, base·2^attempt)).
 * Randomness spreads clients out, so a bank that comes back is not met by a synchronised storm.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(0, attempt), 30))
  return Math.floor(random() * ceiling)
}
