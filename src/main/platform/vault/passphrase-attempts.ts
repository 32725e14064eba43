import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import { isErrno, writeFileAtomic } from '../../base/atomic-file'
import { backoffDelay, pinnedRetryAt, type BackoffPolicy } from '../../base/backoff'
import { UNLOCK_BACKOFF } from './unlock'

/**
 * Beside the passphrase secrets file (select.ts SECRET_FILES.passphrase): how many wrong master
 * passphrases were typed since the last right one, and until when the next one is not checked.
 *
 * It cannot be sealed: the only key it could be sealed under is the one being guessed. So anyone who
 * can edit files in the data folder can reset it. That is acceptable: whoever can edit those files
 * can as well copy the secrets file and guess offline, at the same scrypt cost per guess and without
 * any counter. What it stops is guessing through the app itself, by someone at the computer who
 * cannot (or does not) touch its files: one guess at a time, five free, then growing waits, across
 * restarts.
 */
export const PASSPHRASE_ATTEMPTS_FILE = 'secrets.passphrase-attempts.json'

const Attempts = z.object({ failures: z.number().int().nonnegative(), retryAt: z.number().nullable() })
type Attempts = z.infer<typeof Attempts>

export interface PassphraseAttemptsOptions {
  /** Path of the attempts file (in the data folder, PASSPHRASE_ATTEMPTS_FILE). */
  file: string
  now: () => number
  /** Default UNLOCK_BACKOFF, the offline unlock's: five free attempts, then 30 s doubling to 15 min. */
  policy?: BackoffPolicy
}

export interface PassphraseAttempts {
  /**
   * Runs `check` (which derives the key and throws WRONG_PASSWORD for a wrong passphrase) as one
   * counted attempt, after the ones before it: throws UNLOCK_BACKOFF { target, retryAt, failures }
   * while a wait runs, and adds attemptsBeforeBackoff and retryAt to a WRONG_PASSWORD.
   */
  attempt<T>(check: () => Promise<T>): Promise<T>
}

export function createPassphraseAttempts(options: PassphraseAttemptsOptions): PassphraseAttempts {
  const { file, now } = options
  const policy = options.policy ?? UNLOCK_BACKOFF
  let queue: Promise<unknown> = Promise.resolve()

  async function load(): Promise<Attempts> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return { failures: 0, retryAt: null }
      throw error
    }
    try {
      const parsed = Attempts.safeParse(JSON.parse(text))
      if (parsed.success) return parsed.data
    } catch {
      // fall through
    }
    // Written atomically, so a damaged file was damaged from outside: its count is unknown, so the
    // free attempts count as used: no wait now, but the next wrong passphrase starts the first one.
    return { failures: Math.max(0, (policy.freeAttempts ?? 0) - 1), retryAt: null }
  }

  const save = (attempts: Attempts) => writeFileAtomic(file, JSON.stringify(attempts))

  async function attemptNow<T>(check: () => Promise<T>): Promise<T> {
    const stored = await load()
    const at = now()
    const retryAt = pinnedRetryAt(stored.retryAt, stored.failures, at, policy)
    if (retryAt !== stored.retryAt) await save({ ...stored, retryAt })
    if (retryAt !== null && at < retryAt) {
      throw new AppError('UNLOCK_BACKOFF', 'too many wrong master passphrases; wait before trying again', {
        target: 'master-passphrase',
        retryAt,
        failures: stored.failures,
      })
    }

    // Counted before it is checked: killing the app during the (long) key derivation gives no free guess.
    const failures = stored.failures + 1
    const delay = backoffDelay(failures, policy)
    const pending: Attempts = { failures, retryAt: delay > 0 ? at + delay : null }
    await save(pending)

    let result: T
    try {
      result = await check()
    } catch (error) {
      if (error instanceof AppError && error.code === 'WRONG_PASSWORD') {
        const details: Record<string, string | number | boolean | null> = {
          ...error.details,
          attemptsBeforeBackoff: Math.max(0, (policy.freeAttempts ?? 0) - failures),
        }
        if (pending.retryAt !== null) details.retryAt = pending.retryAt
        throw new AppError('WRONG_PASSWORD', error.message, details)
      }
      // Anything else (an unreadable secrets file) keeps the attempt counted: it may have been a guess.
      throw error
    }
    await save({ failures: 0, retryAt: null })
    return result
  }

  return {
    // One at a time, so parallel guesses (several IPC calls at once) cannot slip past the counter.
    attempt<T>(check: () => Promise<T>): Promise<T> {
      const run = queue.then(
        () => attemptNow(check),
        () => attemptNow(check),
      )
      queue = run.catch(() => {})
      return run
    },
  }
}
