import { SmsMessage } from '../../../../shared/bank-api'
import { backoffDelay } from '../../../base/backoff'

export interface DevSmsFeed {
  stop(): void
}

/**
 * Follows the mock bank's development SMS stream (`GET /_dev/sms-stream`, Server-Sent Events). There
 * is no real SMS: this is how the simulated codes reach the app's 模拟短信 notification. A real bank
 * has no such endpoint; the feed then just keeps failing quietly in the background.
 */
export function followDevSms(baseUrl: string, onSms: (sms: SmsMessage) => void): DevSmsFeed {
  let stopped = false
  let controller: AbortController | undefined
  let attempt = 0
  let timer: NodeJS.Timeout | undefined

  async function connect(): Promise<void> {
    controller = new AbortController()
    try {
      const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/_dev/sms-stream`, { signal: controller.signal })
      if (!response.ok || !response.body) throw new Error(`status ${response.status}`)
      attempt = 0
      const decoder = new TextDecoder()
      let buffer = ''
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event = /^event: (.+)$/m.exec(block)?.[1]
          const data = /^data: (.+)$/m.exec(block)?.[1]
          if (event !== 'sms' || !data) continue
          const parsed = SmsMessage.safeParse(JSON.parse(data))
          if (parsed.success) onSms(parsed.data)
        }
      }
    } catch {
      // reconnect below
    }
    if (stopped) return
    timer = setTimeout(() => void connect(), backoffDelay(attempt++, { baseMs: 500, capMs: 30_000 }))
    timer.unref?.()
  }

  void connect()
  return {
    stop() {
      stopped = true
      clearTimeout(timer)
      controller?.abort()
    },
  }
}
