import type { InboxMessage } from '../../../shared/contract/account'
import type { WalletDb } from './replica'

/**
 * 消息中心's replica. The bank's list is small and complete, so a sync replaces the table with it in one
 * Dexie transaction: a message deleted at the bank (here or on another device) is gone after the next
 * sync, and one read elsewhere shows read. Reading and deleting go to the bank first (src/renderer/src/stores/messages.ts)
 * and then change the row here, so nothing local can bring a deleted message back.
 */
export async function replaceInbox(db: WalletDb, messages: readonly InboxMessage[]): Promise<void> {
  await db.transaction('rw', db.inbox, async () => {
    const keep = new Set(messages.map((m) => m.messageId))
    const gone = (await db.inbox.toCollection().primaryKeys()).filter((id) => !keep.has(id))
    await Promise.all([gone.length ? db.inbox.bulkDelete(gone) : undefined, db.inbox.bulkPut(messages.map((m) => ({ ...m })))])
  })
}

export async function inboxNewestFirst(db: WalletDb): Promise<InboxMessage[]> {
  return (await db.inbox.orderBy('createdAt').reverse().toArray()).map((m) => ({ ...m }))
}

export async function markReadLocally(db: WalletDb, messageId: string): Promise<void> {
  await db.inbox.update(messageId, { read: true })
}

export async function removeLocally(db: WalletDb, messageId: string): Promise<void> {
  await db.inbox.delete(messageId)
}
