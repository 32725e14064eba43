import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { InboxMessage } from '@shared/contract'
import { call } from '@renderer/api/client'
import { useAsyncAction } from '@renderer/composables/useAsyncAction'
import { inboxNewestFirst, markReadLocally, removeLocally, replaceInbox } from '@renderer/db/messages'
import { replicaClears } from '@renderer/db/replica'
import { replica } from './sync'

export type MessagesAction = 'sync' | 'read' | 'delete'

/**
 * 消息中心: the bank's messages through the replica (src/renderer/src/db/messages.ts). The list shown is
 * always the replica's, so it is there offline too; a sync replaces it with the bank's. Read and delete
 * go to the bank first: a deleted message is deleted at the bank, so no later sync brings it back.
 */
export const useMessagesStore = defineStore('messages', () => {
  const list = shallowRef<InboxMessage[]>([])
  const unread = computed(() => list.value.filter((m) => !m.read).length)
  const { busy, error, clearError, run } = useAsyncAction<MessagesAction>()

  async function loadLocal(): Promise<void> {
    list.value = await inboxNewestFirst(replica())
  }

  async function sync(): Promise<boolean> {
    await loadLocal()
    const asOf = replicaClears()
    let fresh: InboxMessage[] | undefined
    const ok = await run('sync', () => call('messages.list'), ({ messages }) => (fresh = messages))
    if (fresh) {
      await replaceInbox(replica(), fresh, asOf)
      await loadLocal()
    }
    return ok
  }

  async function read(messageId: string): Promise<void> {
    const message = list.value.find((m) => m.messageId === messageId)
    if (!message || message.read) return
    if (await run('read', () => call('messages.read', { messageId }), () => {})) {
      await markReadLocally(replica(), messageId)
      await loadLocal()
    }
  }

  async function remove(messageId: string): Promise<boolean> {
    const ok = await run('delete', () => call('messages.delete', { messageId }), () => {})
    if (ok) {
      await removeLocally(replica(), messageId)
      await loadLocal()
    }
    return ok
  }

  /** The wallet locked: what was opened goes with the key. */
  function forget(): void {
    list.value = []
  }

  return { list, unread, busy, error, clearError, loadLocal, sync, read, remove, forget }
})
