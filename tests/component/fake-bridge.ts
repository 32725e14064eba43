import type { ChannelName, EventName, WalletBridge } from '@shared/contract'
import type { Result } from '@shared/errors'

type Handler = (input: unknown) => Result<unknown> | Promise<Result<unknown>>

/** A WalletBridge for component tests: answers from per-channel handlers and lets tests emit events. */
export function createFakeBridge(handlers: Partial<Record<ChannelName, Handler>>) {
  const calls: { channel: ChannelName; input: unknown }[] = []
  const listeners = new Map<string, { event: EventName; listener: (payload: unknown) => void }>()
  let next = 0
  const bridge: WalletBridge = {
    async invoke(channel: ChannelName, input?: unknown) {
      calls.push({ channel, input })
      const handler = handlers[channel]
      if (!handler) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: channel } }
      return (await handler(input)) as Result<never>
    },
    on(event, listener) {
      const id = String(++next)
      listeners.set(id, { event, listener: listener as (payload: unknown) => void })
      return id
    },
    off(id) {
      listeners.delete(id)
    },
  }
  function emit(event: EventName, payload: unknown): void {
    for (const l of listeners.values()) if (l.event === event) l.listener(payload)
  }
  return { bridge, calls, emit, listenerCount: () => listeners.size }
}
