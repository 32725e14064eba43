import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createOutboxHintWriter, readOutboxHint } from '../../../src/main/core/outbox-hint'
import { createMemoryDocStore, type DocStore } from '../../../src/main/base/ports'
import { createOutbox } from '../../../src/main/platform/sync/outbox'

/** A document store whose writes start failing on demand: the app "stops" right before that write. */
function stoppingStore(): { store: DocStore; stop(): void } {
  const inner = createMemoryDocStore()
  let stopped = false
  return {
    store: {
      read: inner.read,
      remove: inner.remove,
      async write(name, value) {
        if (stopped) throw new Error('the app stopped here')
        await inner.write(name, value)
      },
    },
    stop: () => (stopped = true),
  }
}

describe('the outbox hint beside the sealed outbox', () => {
  it('is raised before the sealed write that hands an item to the bank, and lowered only after one that settles it', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'hint-'))
    const hint = createOutboxHintWriter(stateDir)
    const { store, stop } = stoppingStore()
    let sent = 0
    const outbox = createOutbox({
      store,
      clock: { now: () => 1_000 },
      send: async () => {
        sent++
        return { kind: 'succeeded', result: null }
      },
      check: async () => ({ kind: 'send' }),
      bankNow: () => 1_000,
      beforeSave: (items) => hint.raise(items),
      onChange: (items) => void hint.settle(items),
    })
    await outbox.enqueue('topup', { amountFen: 100 })
    expect(await readOutboxHint(stateDir)).toBe(0)

    // The app stops right at the write that marks the item as being sent: nothing reached the bank,
    // yet the hint already counts it, so a reset is refused rather than allowed too early.
    stop()
    await expect(outbox.drain()).rejects.toThrow('the app stopped here')
    expect(sent).toBe(0)
    expect(await readOutboxHint(stateDir)).toBe(1)
  })

  it('comes down to 0 once the item is settled', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'hint-'))
    const hint = createOutboxHintWriter(stateDir)
    const outbox = createOutbox({
      store: createMemoryDocStore(),
      clock: { now: () => 1_000 },
      send: async () => ({ kind: 'succeeded', result: null }),
      check: async () => ({ kind: 'send' }),
      bankNow: () => 1_000,
      beforeSave: (items) => hint.raise(items),
      onChange: (items) => void hint.settle(items),
    })
    await outbox.enqueue('topup', { amountFen: 100 }, { idempotencyKey: 'k-1-abcdefgh', attempted: true, firstAttemptAt: 900 })
    expect(await readOutboxHint(stateDir)).toBe(1)
    await outbox.drain()
    await hint.settle(await outbox.list())
    expect(await readOutboxHint(stateDir)).toBe(0)
  })
})
