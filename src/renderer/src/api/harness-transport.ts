// Relative imports (not @shared): tests/integration/core/harness-batch.test.ts loads this module in Node.
import type { ChannelName, EventName, WalletBridge } from '../../../shared/contract'
import type { Result } from '../../../shared/errors'

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

/** Most calls in one request (the server's HARNESS_BATCH_MAX, src/main/ipc/harness.ts). */
const BATCH_MAX = 64

interface Queued {
  channel: ChannelName
  input: unknown
  resolve: (result: Result<never>) => void
}

const networkError = (error: unknown): Result<never> => ({
  ok: false,
  error: { code: 'NETWORK', message: error instanceof Error ? error.message : 'network error' },
})

/** The harness's bridge: its calls wait for the end of the turn to go together, unless told to go now. */
export interface HarnessBridge extends WalletBridge {
  /** Sends what was asked so far at once (a turn that evaluates the whole app is long). */
  flush(): void
}

/**
 * The contract over HTTP (calls) and SSE (events), as served by `npm run harness`. Calls made in the
 * same turn of the page's event loop (the start-up questions, a view's first reads) travel as one
 * request to `/api/invoke-batch`, whose answers stream back one line each as they are ready; a call
 * made alone is one request to `/api/invoke/<channel>`. Each request costs the page ~2 ms of its main
 * thread while it starts: batched, the start-up questions are answered sooner (about 30 ms of
 * firstPaintMs in bench/run.ts; docs/architecture.md).
 */
export function createHarnessBridge(token: string, base = ''): HarnessBridge {
  let source: EventSource | undefined
  let nextId = 0
  const subscriptions = new Map<string, { event: EventName; handler: (e: MessageEvent<string>) => void }>()
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }
  let queued: Queued[] = []

  function eventSource(): EventSource {
    source ??= new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`)
    return source
  }

  async function single({ channel, input, resolve }: Queued): Promise<void> {
    try {
      const response = await fetch(`${base}/api/invoke/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(input === undefined ? {} : { input }),
      })
      resolve((await response.json()) as Result<never>)
    } catch (error) {
      resolve(networkError(error))
    }
  }

  async function batch(calls: Queued[]): Promise<void> {
    const unanswered = new Set(calls.keys())
    const answer = (i: number, result: Result<never>) => {
      if (!unanswered.delete(i)) return
      calls[i]!.resolve(result)
    }
    try {
      const response = await fetch(`${base}/api/invoke-batch`, {
        method: 'POST',
        headers,
        body: JSON.stringify(calls.map(({ channel, input }) => ({ channel, input }))),
      })
      // Refused as a whole (no token, a malformed batch): every call gets the refusal.
      if (!response.ok || !response.body) {
        const refusal = (await response.json()) as Result<never>
        for (const i of [...unanswered]) answer(i, refusal)
        return
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffered = ''
      for (;;) {
        const { done, value } = await reader.read()
        if (value) buffered += value
        let end: number
        while ((end = buffered.indexOf('\n')) >= 0) {
          const line = JSON.parse(buffered.slice(0, end)) as { i: number; result: Result<never> }
          buffered = buffered.slice(end + 1)
          answer(line.i, line.result)
        }
        if (done) break
      }
      if (unanswered.size) throw new Error('the harness closed the batch before answering every call')
    } catch (error) {
      for (const i of [...unanswered]) answer(i, networkError(error))
    }
  }

  function flush(): void {
    const calls = queued
    queued = []
    for (let at = 0; at < calls.length; at += BATCH_MAX) {
      const part = calls.slice(at, at + BATCH_MAX)
      void (part.length === 1 ? single(part[0]!) : batch(part))
    }
  }

  return {
    invoke(channel: ChannelName, input?: unknown) {
      return new Promise<Result<never>>((resolve) => {
        queued.push({ channel, input, resolve })
        // When this turn's code (and its microtasks so far) has run, everything it asked goes together.
        if (queued.length === 1) queueMicrotask(flush)
      })
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
    flush,
  } satisfies HarnessBridge
}
