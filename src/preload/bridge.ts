import type { ChannelName, EventName, WalletBridge } from '../shared/contract'
import type { Result } from '../shared/errors'
import { IPC_EVENT_PREFIX, IPC_INVOKE, isChannelName, isEventName } from './names'

/** The part of ipcRenderer the bridge uses; a fake in unit tests. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

function failure(code: 'UNKNOWN_CHANNEL' | 'INTERNAL', message: string): Result<never> {
  return { ok: false, error: { code, message } }
}

/**
 * Builds the object exposed as `window.wallet`. Names are checked here as well as in main, so a
 * compromised page cannot even reach ipcRenderer with a name outside the contract; listeners get the
 * payload only, never the IpcRendererEvent (which would lead back to ipcRenderer).
 */
export function createPreloadBridge(ipc: IpcRendererLike) {
  let nextId = 0
  const subscriptions = new Map<string, { channel: string; handler: (event: unknown, ...args: unknown[]) => void }>()

  const bridge = {
    async invoke(channel: ChannelName, input?: unknown) {
      if (!isChannelName(channel)) return failure('UNKNOWN_CHANNEL', `unknown channel: ${String(channel).slice(0, 80)}`)
      try {
        return (await ipc.invoke(IPC_INVOKE, channel, input)) as Result<never>
      } catch {
        // ipcRenderer.invoke rejects only if main's handler threw, which the adapter never lets happen.
        return failure('INTERNAL', 'internal error')
      }
    },
    on(event: EventName, listener: (payload: never) => void) {
      if (!isEventName(event)) throw new TypeError(`unknown event: ${String(event).slice(0, 80)}`)
      if (typeof listener !== 'function') throw new TypeError('listener must be a function')
      const id = `e${++nextId}`
      const channel = IPC_EVENT_PREFIX + event
      const handler = (_event: unknown, payload?: unknown) => listener(payload as never)
      subscriptions.set(id, { channel, handler })
      ipc.on(channel, handler)
      return id
    },
    off(subscriptionId: string) {
      const sub = typeof subscriptionId === 'string' ? subscriptions.get(subscriptionId) : undefined
      if (!sub) return
      subscriptions.delete(subscriptionId)
      ipc.removeListener(sub.channel, sub.handler)
    },
  } satisfies WalletBridge
  return bridge
}
