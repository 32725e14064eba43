import type { ChannelName, EventName, EventPayload, InvokeArgs, OutputOf, WalletBridge } from '@shared/contract'
import type { ErrorCode, Result, WireError } from '@shared/errors'
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

/** How long an answer asked at start-up may stand in for the app's own first call of that channel. */
const EARLY_MS = 5000
const early = new Map<ChannelName, { at: number; answer: Promise<Result<unknown>> }>()

/**
 * Asks questions without input now, before the app that needs them is built (src/renderer/src/boot.ts): the
 * first `call` of each channel within EARLY_MS takes this answer (a refusal too) instead of asking again.
 * Only for reads whose answer the app asks for at once.
 */
export function askEarly(channels: readonly ChannelName[]): void {
  const b = current()
  for (const channel of new Set(channels)) {
    const answer = (b.invoke as (channel: ChannelName) => Promise<Result<unknown>>)(channel)
    answer.catch(() => {})
    early.set(channel, { at: Date.now(), answer })
  }
  // The harness sends a turn's calls together when the turn ends: this one goes on to evaluate the whole app.
  if ('flush' in b && typeof b.flush === 'function') b.flush()
}

function takeEarly(channel: ChannelName): Promise<Result<unknown>> | undefined {
  const asked = early.get(channel)
  if (!asked) return undefined
  early.delete(channel)
  return Date.now() - asked.at <= EARLY_MS ? asked.answer : undefined
}

/** Calls a channel and returns its value; a refused call throws ApiError with the stable code. */
export async function call<C extends ChannelName>(channel: C, ...args: InvokeArgs<C>): Promise<OutputOf<C>> {
  const asked = args.length === 0 ? (takeEarly(channel) as Promise<Result<OutputOf<C>>> | undefined) : undefined
  const result = await (asked ?? current().invoke(channel, ...args))
  if (!result.ok) throw new ApiError(result.error)
  return result.value
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const b = current()
  const id = b.on(event, listener)
  return () => b.off(id)
}
