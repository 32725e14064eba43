import type { z } from 'zod'
import { AppError, type Result, type WireError } from '../../shared/errors'
import type { ContractSpec } from '../../shared/contract/define'
import type { CallContext, HandlerMap } from '../base/handlers'

export type { CallContext, HandlerMap } from '../base/handlers'

export interface Router {
  call(channel: string, rawInput: unknown, ctx: CallContext): Promise<Result<unknown>>
  has(channel: string): boolean
}

export interface RouterOptions {
  /** Told about unexpected failures (never sent to the caller). Defaults to console.error. */
  onInternalError?: (channel: string, error: unknown) => void
  /**
   * Asked before anything else on every call: an error refuses the call before its input is even
   * read (the lock: src/main/core/lock-guard.ts); null lets it through.
   */
  guard?: (channel: string) => WireError | null | Promise<WireError | null>
}

/**
 * The field and reason of the first issue that carries a reason (the text rule of
 * src/shared/contract/text.ts), so the renderer can say which field holds what it cannot take.
 */
function issueDetails(error: z.ZodError): WireError['details'] {
  for (const issue of error.issues) {
    const reason: unknown = issue.code === 'custom' ? issue.params?.reason : undefined
    if (typeof reason === 'string') return { field: issue.path.map(String).join('.'), reason }
  }
  return undefined
}

function issuesMessage(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`)
    .join('; ')
}

/**
 * A transport-agnostic router: looks up the channel, validates the input with the contract's schema
 * (the handler never sees data its schema has not checked; a schema may leave parts to be checked where they
 * are used, as SealedReplicaChunk leaves a staged backup's records to the backup worker), runs the handler, checks its output, and answers with a
 * `Result`. Stacks and unexpected error messages never leave this function.
 */
export function createRouter<S extends ContractSpec>(spec: S, handlers: HandlerMap<S>, options: RouterOptions = {}): Router {
  const report = options.onInternalError ?? ((channel, error) => console.error(`[router] ${channel} failed:`, error))
  const has = (channel: string): boolean => Object.hasOwn(spec, channel) && Object.hasOwn(handlers, channel)

  async function call(channel: string, rawInput: unknown, ctx: CallContext): Promise<Result<unknown>> {
    if (!has(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel: ${String(channel).slice(0, 80)}` } }
    }
    if (options.guard) {
      let refused: WireError | null
      try {
        refused = await options.guard(channel)
      } catch (error) {
        if (error instanceof AppError) return { ok: false, error: error.toWire() }
        report(channel, error)
        return { ok: false, error: { code: 'INTERNAL', message: 'internal error' } }
      }
      if (refused) return { ok: false, error: refused }
    }
    const def = spec[channel]!
    const parsed = def.input.safeParse(rawInput)
    if (!parsed.success) {
      const details = issueDetails(parsed.error)
      const message = issuesMessage(parsed.error)
      return { ok: false, error: details ? { code: 'INVALID_INPUT', message, details } : { code: 'INVALID_INPUT', message } }
    }
    try {
      const handler = handlers[channel as keyof S] as (input: unknown, ctx: CallContext) => unknown
      const value = await handler(parsed.data, ctx)
      const checked = def.output.safeParse(value)
      if (!checked.success) {
        report(channel, new Error(`output does not match contract: ${issuesMessage(checked.error)}`))
        return { ok: false, error: { code: 'INTERNAL', message: 'internal error' } }
      }
      return { ok: true, value: checked.data }
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toWire() satisfies WireError }
      report(channel, error)
      return { ok: false, error: { code: 'INTERNAL', message: 'internal error' } }
    }
  }

  return { call, has }
}
