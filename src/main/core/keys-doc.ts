import { z } from 'zod'
import type { KeyLedger } from '../platform/bank/idempotency'
import type { DocStore } from '../base/ports'

// firstAttemptAt is absent in ledgers written before it was recorded (see attemptedAt).
const Keys = z.record(z.string(), z.object({ hash: z.string(), key: z.string(), firstAttemptAt: z.number().nullable().optional() }))

/** A KeyLedger in one sealed document, so pending idempotency keys survive a restart. */
export function docKeyLedger(store: DocStore, doc = 'pending-keys'): KeyLedger {
  const read = async () => (await store.read(doc, Keys)) ?? {}
  return {
    get: async (op) => (await read())[op],
    async set(op, pending) {
      await store.write(doc, { ...(await read()), [op]: pending })
    },
    async clear(op) {
      const all = await read()
      if (!(op in all)) return
      delete all[op]
      await store.write(doc, all)
    },
  }
}
