import type { ChannelName, EventName, WalletBridge } from '@shared/contract'
import type { Result } from '@shared/errors'

const TOKEN_KEY = 'wallet.harness.token'

/**
 * The per-launch token arrives in the URL fragment (`#token=…`); it is kept in sessionStorage so a
 * reload of the same tab keeps working, and removed from the address bar at once.
 */
export function takeHarnessToken(location: Location, storage: Storage, history: History): string | undefined {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash)
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, decodeURIComponent(match[1]))
    history.replaceState(history.state, '', location.pathname + location.search)
  }
  return storage.getItem(TOKEN_KEY) ?? undefined
}

/** The contract over HTTP (calls) and SSE (events), as served by `npm run harness`. */
export function createHarnessBridge(token: string, base = ''): WalletBridge {
  let source: EventSource | undefined
  let nextId = 0
  const subscriptions = new Map<string, { event: EventName; handler: (e: MessageEvent<string>) => void }>()

  function eventSource(): EventSource {
    source ??= new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`)
    return source
  }

  return {
    async invoke(channel: ChannelName, input?: unknown) {
      try {
        const response = await fetch(`${base}/api/invoke/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input === undefined ? {} : { input }),
        })
        return (await response.json()) as Result<never>
      } catch (error) {
        return { ok: false, error: { code: 'NETWORK', message: error instanceof Error ? error.message : 'network error' } }
      }
    },
    on(event, listener) {
      const id = `h${++nextId}`
      const handler = (e: MessageEvent<string>) => listener(JSON.parse(e.data))
      eventSource().addEventListener(event, handler)
      subscriptions.set(id, { event, handler })
      return id
    },
    off(id) {
      const sub = subscriptions.get(id)
      if (!sub) return
      source?.removeEventListener(sub.event, sub.handler)
      subscriptions.delete(id)
    },
  } satisfies WalletBridge
}
