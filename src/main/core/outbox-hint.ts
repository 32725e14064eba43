import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { isErrno, writeFileAtomic } from '../vault/atomic-file'

/**
 * The outbox is a sealed document (src/main/sync/outbox.ts): when the data key cannot be reached it
 * cannot be read, yet that is exactly when the user may be offered to discard it. This plain file
 * beside it says how many of its items were already handed to the bank at least once and are not
 * finished: their outcome at the bank may be unknown and only the sealed item holds the idempotency
 * key that makes a retry safe. It holds a count, nothing else: no amount, payee or key.
 */
export const OUTBOX_HINT_FILE = 'outbox-unsettled.json'

const OutboxHint = z.object({ sentOnce: z.number().int().nonnegative() })

const FINISHED = new Set(['succeeded', 'rejected', 'cancelled'])

/** Items the bank may have acted on that are still waiting for their final answer. */
export function countSentOnce(items: readonly { state: string; attempts: number }[]): number {
  return items.filter((item) => item.attempts > 0 && !FINISHED.has(item.state)).length
}

/**
 * Returns an onChange listener for the outbox that keeps the hint file up to date. Writes run one at
 * a time, and only when the count changes, so a burst of changes costs at most one write each.
 */
export function createOutboxHintWriter(stateDir: string, onError: (error: unknown) => void = () => {}) {
  let written: number | undefined
  let wanted: number | undefined
  let queue: Promise<void> = Promise.resolve()
  return (items: readonly { state: string; attempts: number }[]): Promise<void> => {
    wanted = countSentOnce(items)
    queue = queue.then(async () => {
      const count = wanted
      if (count === undefined || count === written) return
      try {
        await mkdir(stateDir, { recursive: true, mode: 0o700 })
        await writeFileAtomic(join(stateDir, OUTBOX_HINT_FILE), JSON.stringify({ sentOnce: count }))
        written = count
      } catch (error) {
        onError(error)
      }
    })
    return queue
  }
}

/**
 * The number of sent-once items the hint records: 0 when there is no hint (nothing was ever queued),
 * undefined when the file cannot be read, which callers must treat as "maybe some".
 */
export async function readOutboxHint(stateDir: string): Promise<number | undefined> {
  let text: string
  try {
    text = await readFile(join(stateDir, OUTBOX_HINT_FILE), 'utf8')
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 0
    return undefined
  }
  try {
    const parsed = OutboxHint.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data.sentOnce : undefined
  } catch {
    return undefined
  }
}
