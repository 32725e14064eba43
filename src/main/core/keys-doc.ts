import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { requestFingerprint, type KeyLedger, type PendingKey } from '../platform/bank/idempotency'
import type { DocStore } from '../base/ports'

// firstAttemptAt is absent in ledgers written before it was recorded (see attemptedAt).
const Slots = z.record(z.string(), z.object({ hash: z.string(), key: z.string(), firstAttemptAt: z.number().nullable().optional() }))

/**
 * Version 2 keeps, beside the slots, the key the request fingerprints are made under: sealed with
 * them, so it lives exactly as long as they do and a restart finds a kept key again.
 */
const KeysDoc = z.object({ version: z.literal(2), macKey: z.string().min(43), slots: Slots })
type KeysDoc = z.infer<typeof KeysDoc>
/** Before version 2 the document was the slots alone, each with a plain SHA-256 of the request. */
const Stored = z.union([KeysDoc, Slots])

/** A KeyLedger in one sealed document, so pending idempotency keys survive a restart. */
export function docKeyLedger(store: DocStore, doc = 'pending-keys'): KeyLedger {
  let creating: Promise<KeysDoc> | undefined

  async function read(): Promise<KeysDoc> {
    const stored = await store.read(doc, Stored)
    const current = KeysDoc.safeParse(stored)
    if (current.success) return current.data
    creating ??= (async () => {
      const fresh: KeysDoc = { version: 2, macKey: randomBytes(32).toString('base64'), slots: {} }
      // An older document holds plain hashes of bodies with passwords in them. They cannot be turned
      // into fingerprints without the bodies, so they go, from the previous generation too: a key
      // they kept is lost (a payment still pending across the upgrade is looked up by its outbox
      // item, if it has one, or else made again under a new key if pressed again).
      await store.write(doc, fresh, { forget: stored !== undefined })
      return fresh
    })().finally(() => (creating = undefined))
    return creating
  }

  async function write(next: KeysDoc): Promise<void> {
    await store.write(doc, next)
  }

  return {
    get: async (op): Promise<PendingKey | undefined> => (await read()).slots[op],
    async set(op, pending) {
      const current = await read()
      await write({ ...current, slots: { ...current.slots, [op]: pending } })
    },
    async clear(op) {
      const current = await read()
      if (!(op in current.slots)) return
      const slots = { ...current.slots }
      delete slots[op]
      await write({ ...current, slots })
    },
    async fingerprint(body) {
      return requestFingerprint(Buffer.from((await read()).macKey, 'base64'), body)
    },
  }
}
