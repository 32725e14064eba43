import type { ChannelName, EventName, EventPayload, InvokeArgs, OutputOf, WalletBridge } from '@shared/contract'
import type { ErrorCode, WireError } from '@shared/errors'
import { createHarnessBridge, takeHarnessToken } from './harness-transport'

export class ApiError extends Error {
  readonly code: ErrorCode
  readonly details: WireError['details']
  constructor(error: WireError) {
    super(error.message)
    this.code = error.code
    this.details = error.details
  }
}

function missingBridge(): WalletBridge {
  const error = { ok: false as const, error: { code: 'UNAUTHORIZED' as const, message: 'no bridge: open the harness URL with its token' } }
  return { invoke: async () => error, on: () => '', off: () => {} }
}

/** The preload's `window.wallet` in Electron, else the harness transport. */
function pickBridge(): WalletBridge {
  if (window.wallet) return window.wallet
  const token = takeHarnessToken(window.location, window.sessionStorage, window.history)
  return token ? createHarnessBridge(token) : missingBridge()
}

let bridge: WalletBridge | undefined

export function setBridge(next: WalletBridge): void {
  bridge = next
}

/** Picks the transport; must run before the router reads the URL fragment (it may hold the harness token). */
export function initBridge(): void {
  bridge ??= pickBridge()
}

function current(): WalletBridge {
  bridge ??= pickBridge()
  return bridge
}

/** Calls a channel and returns its value; a refused call throws ApiError with the stable code. */
export async function call<C extends ChannelName>(channel: C, ...args: InvokeArgs<C>): Promise<OutputOf<C>> {
  const result = await current().invoke(channel, ...args)
  if (!result.ok) throw new ApiError(result.error)
  return result.value
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const b = current()
  const id = b.on(event, listener)
  return () => b.off(id)
}
