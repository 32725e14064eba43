import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { isErrno, writeFileAtomic } from '../base/atomic-file'

/**
 * The outbox is a sealed document (src/main/platform/sync/outbox.ts): when the data key cannot be reached it
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
 * Keeps the hint file up to date around the outbox's writes: `raise` before the sealed write writes
 * only a higher count (an item about to be handed to the bank), `settle` after it writes any change
 * (an item finished). So whenever the app stops, the hint is never lower than the sealed document.
 * Writes run one at a time, and only when the count changes.
 */
export function createOutboxHintWriter(stateDir: string, onError: (error: unknown) => void = () => {}) {
  let written: number | undefined
  let queue: Promise<void> = Promise.resolve()
  function write(items: readonly { state: string; attempts: number }[], onlyHigher: boolean): Promise<void> {
    const count = countSentOnce(items)
    queue = queue.then(async () => {
      if (count === written || (onlyHigher && written !== undefined && count < written)) return
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
  return {
    raise: (items: readonly { state: string; attempts: number }[]) => write(items, true),
    settle: (items: readonly { state: string; attempts: number }[]) => write(items, false),
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
