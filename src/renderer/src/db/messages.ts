import type { InboxMessage } from '../../../shared/contract/account'
import { replicaClears, type WalletDb } from './replica'
import { openInbox, sealInbox } from './seal'

/**
 * 消息中心's replica. The bank's list is small and complete, so a sync replaces the table with it in one
 * Dexie transaction: a message deleted at the bank (here or on another device) is gone after the next
 * sync, and one read elsewhere shows read. Reading and deleting go to the bank first (src/renderer/src/stores/messages.ts)
 * and then change the row here, so nothing local can bring a deleted message back. Messages are sealed
 * like the rest of the replica (src/renderer/src/db/seal.ts): only the id and the time are in the clear.
 */
export async function replaceInbox(
  db: WalletDb,
  messages: readonly InboxMessage[],
  /** replicaClears() when the list was asked for: a clear since then means the list is of an earlier session. */
  asOf: number = replicaClears(),
): Promise<void> {
  // Sealed before the transaction: IndexedDB would commit it while WebCrypto works.
  const sealed = await Promise.all(messages.map((m) => sealInbox({ ...m })))
  await db.transaction('rw', db.sealedInbox, async () => {
    if (replicaClears() !== asOf) return
    const keep = new Set(messages.map((m) => m.messageId))
    const gone = (await db.sealedInbox.toCollection().primaryKeys()).filter((id) => !keep.has(id))
    await Promise.all([gone.length ? db.sealedInbox.bulkDelete(gone) : undefined, db.sealedInbox.bulkPut(sealed)])
  })
}

export async function inboxNewestFirst(db: WalletDb): Promise<InboxMessage[]> {
  return Promise.all((await db.sealedInbox.orderBy('createdAt').reverse().toArray()).map(openInbox))
}

export async function markReadLocally(db: WalletDb, messageId: string): Promise<void> {
  const asOf = replicaClears()
  const row = await db.sealedInbox.get(messageId)
  if (!row) return
  const sealed = await sealInbox({ ...(await openInbox(row)), read: true })
  await db.transaction('rw', db.sealedInbox, async () => {
    if (replicaClears() === asOf) await db.sealedInbox.put(sealed)
  })
}

export async function removeLocally(db: WalletDb, messageId: string): Promise<void> {
  await db.sealedInbox.delete(messageId)
}
