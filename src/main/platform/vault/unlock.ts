import { randomBytes, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import { backoffDelay, pinnedRetryAt, type BackoffPolicy } from '../../base/backoff'
import type { Clock, DocStore } from '../../base/ports'
import { deriveKey, SALT_BYTES, STRONG_SCRYPT, type ScryptParams } from './crypto'

/** Sealed document holding the verifier and the failure counter together: deleting one resets both. */
export const UNLOCK_DOC = 'unlock'

const HASH_BYTES = 32

const UnlockDoc = z.object({
  verifier: z
    .object({ N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.base64(), hash: z.base64() })
    .nullable(),
  failures: z.number().int().nonnegative(),
  /** Epoch ms before which no attempt is checked; null when not backing off. */
  retryAt: z.number().nullable(),
})
type UnlockDoc = z.infer<typeof UnlockDoc>

const EMPTY: UnlockDoc = { verifier: null, failures: 0, retryAt: null }

/** Five free attempts, then 30 s, 60 s, … at most 15 min; the exact ceiling, since it is persisted as retryAt. */
export const UNLOCK_BACKOFF: BackoffPolicy = { freeAttempts: 5, baseMs: 30_000, capMs: 15 * 60_000, jitter: 'none' }
export const DEFAULT_IDLE_MS = 5 * 60_000

export type LockReason = 'idle' | 'manual'

export interface UnlockServiceOptions {
  /** The sealed store in production; the verifier and the back-off survive restarts through it. */
  store: DocStore
  clock: Clock
  /** Idle time before auto-lock. Default 5 minutes; Infinity never locks. */
  idleMs?: number
  /** Verifier KDF for new verifiers (an existing one keeps its own until the next success). Tests pass a small N. */
  scrypt?: ScryptParams
  backoff?: BackoffPolicy
  onLock?: (reason: LockReason) => void
  /** Period of the real timer that checks idleness; 0 disables it (tests drive tick()). Default 15 s. */
  tickMs?: number
}

export interface UnlockState {
  hasVerifier: boolean
  locked: boolean
  failures: number
  retryAt: number | null
  attemptsBeforeBackoff: number
}

export interface UnlockService {
  /** After each successful online sign-in: remember a verifier of the login password; unlocks and resets the back-off. */
  setVerifier(password: string): Promise<void>
  /** On sign-out or deregistration: offline unlock is no longer possible. */
  clearVerifier(): Promise<void>
  hasVerifier(): Promise<boolean>
  /** Resolves when unlocked; throws WRONG_PASSWORD, UNLOCK_BACKOFF, or LOCKED when there is no verifier yet. */
  unlock(password: string): Promise<void>
  lock(): void
  isLocked(): boolean
  /** Throws LOCKED unless unlocked; for handlers that show cached data. */
  assertUnlocked(): void
  /** Call on user activity; postpones the idle lock. */
  touch(): void
  /** Locks if the idle time has passed; the timer calls it, tests call it after moving the clock. */
  tick(): void
  setIdleMs(ms: number): void
  getState(): Promise<UnlockState>
  dispose(): void
}

export function createUnlockService(options: UnlockServiceOptions): UnlockService {
  const { store, clock } = options
  const params = options.scrypt ?? STRONG_SCRYPT
  const policy = options.backoff ?? UNLOCK_BACKOFF
  let idleMs = validIdle(options.idleMs ?? DEFAULT_IDLE_MS)
  let locked = true
  let lastActivity = clock.now()
  let queue: Promise<unknown> = Promise.resolve()

  const timer = (options.tickMs ?? 15_000) > 0 ? setInterval(() => service.tick(), options.tickMs ?? 15_000) : undefined
  timer?.unref()

  /** Attempts run one at a time, so parallel guesses cannot slip past the counter. */
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task)
    queue = run.catch(() => {})
    return run
  }

  /**
   * A document the store cannot give back (damaged, or refused as an older copy put back: the sealed
   * store then answers absent) means no verifier: offline unlock waits for the next online sign-in.
   * Never a verifier without its failures, which is what an older copy would be.
   */
  async function load(): Promise<UnlockDoc> {
    try {
      return (await store.read(UNLOCK_DOC, UnlockDoc)) ?? EMPTY
    } catch (error) {
      if (error instanceof AppError && error.code === 'STORE_CORRUPT') return EMPTY
      throw error
    }
  }

  function doLock(reason: LockReason): void {
    if (locked) return
    locked = true
    try {
      options.onLock?.(reason)
    } catch {
      // The lock has happened whatever a listener does.
    }
  }

  function open(): void {
    locked = false
    lastActivity = clock.now()
  }

  async function newVerifier(password: string): Promise<NonNullable<UnlockDoc['verifier']>> {
    const salt = randomBytes(SALT_BYTES)
    const hash = await deriveKey(password, salt, params, HASH_BYTES)
    return { N: params.N, r: params.r, p: params.p, salt: salt.toString('base64'), hash: hash.toString('base64') }
  }

  /**
   * A retryAt further away than the current back-off can only come from a clock that was moved back;
   * pin it to now + back-off (and store that) so the user is not locked out for the size of the jump.
   */
  async function effectiveRetryAt(doc: UnlockDoc, now: number): Promise<number | null> {
    const retryAt = pinnedRetryAt(doc.retryAt, doc.failures, now, policy)
    if (retryAt !== doc.retryAt) await store.write(UNLOCK_DOC, { ...doc, retryAt } satisfies UnlockDoc)
    return retryAt
  }

  const service: UnlockService = {
    setVerifier: (password) =>
      serial(async () => {
        const verifier = await newVerifier(password)
        await store.write(UNLOCK_DOC, { verifier, failures: 0, retryAt: null } satisfies UnlockDoc)
        open()
      }),

    clearVerifier: () =>
      serial(async () => {
        await store.remove(UNLOCK_DOC)
        doLock('manual')
      }),

    hasVerifier: async () => (await load()).verifier !== null,

    unlock: (password) =>
      serial(async () => {
        const doc = await load()
        const verifier = doc.verifier
        if (verifier === null)
          throw new AppError('LOCKED', 'no offline verifier yet: sign in online first', { needsOnlineSignIn: true })
        const now = clock.now()
        const retryAt = await effectiveRetryAt(doc, now)
        if (retryAt !== null && now < retryAt) {
          throw new AppError('UNLOCK_BACKOFF', 'too many wrong passwords; wait before trying again', {
            retryAt,
            failures: doc.failures,
          })
        }

        // Count the attempt before checking it: killing the app mid-check must not yield a free guess.
        const failures = doc.failures + 1
        const delay = backoffDelay(failures, policy)
        const pending: UnlockDoc = { verifier, failures, retryAt: delay > 0 ? now + delay : null }
        await store.write(UNLOCK_DOC, pending)

        const expected = Buffer.from(verifier.hash, 'base64')
        const actual = await deriveKey(password, Buffer.from(verifier.salt, 'base64'), verifier, expected.length)
        if (expected.length !== HASH_BYTES || !timingSafeEqual(actual, expected)) {
          const attemptsBeforeBackoff = Math.max(0, (policy.freeAttempts ?? 0) - failures)
          const details: Record<string, number> = { attemptsBeforeBackoff }
          // How long the first wait will be, so the lock screen can say it instead of 一段时间.
          if (attemptsBeforeBackoff > 0) details.backoffMs = backoffDelay(policy.freeAttempts ?? 0, policy)
          if (pending.retryAt !== null) details.retryAt = pending.retryAt
          throw new AppError('WRONG_PASSWORD', 'wrong password', details)
        }

        const outdated = verifier.N !== params.N || verifier.r !== params.r || verifier.p !== params.p
        await store.write(UNLOCK_DOC, {
          verifier: outdated ? await newVerifier(password) : verifier,
          failures: 0,
          retryAt: null,
        } satisfies UnlockDoc)
        open()
      }),

    lock: () => doLock('manual'),

    isLocked() {
      service.tick()
      return locked
    },

    assertUnlocked() {
      if (service.isLocked()) throw new AppError('LOCKED', 'the wallet is locked')
    },

    touch() {
      if (!locked) lastActivity = clock.now()
    },

    tick() {
      if (!locked && clock.now() - lastActivity >= idleMs) doLock('idle')
    },

    setIdleMs(ms) {
      idleMs = validIdle(ms)
    },

    async getState() {
      const doc = await load()
      const now = clock.now()
      const retryAt =
        doc.retryAt !== null && doc.retryAt > now ? Math.min(doc.retryAt, now + backoffDelay(doc.failures, policy)) : null
      return {
        hasVerifier: doc.verifier !== null,
        locked: service.isLocked(),
        failures: doc.failures,
        retryAt,
        attemptsBeforeBackoff: Math.max(0, (policy.freeAttempts ?? 0) - doc.failures),
      }
    },

    dispose() {
      if (timer) clearInterval(timer)
    },
  }
  return service
}

function validIdle(ms: number): number {
  if (!(ms > 0)) throw new RangeError('idle time must be positive (Infinity for never)')
  return ms
}
