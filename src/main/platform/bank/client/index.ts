import type { z } from 'zod'
import {
  BANK_API,
  BANK_CLIENT_HEADER,
  BANK_TIME_HEADER,
  BankErrorBody,
  IDEMPOTENCY_HEADER,
  MERCHANT_KEY_HEADER,
  pathOf,
  type BankApi,
  type BodyIn,
  type EndpointName,
  type EndpointSpec,
  type ParamsIn,
  type QueryIn,
  type ResponseOf,
} from '../../../../shared/bank-api'
import { AppError, isErrorCode } from '../../../../shared/errors'
import { checkBankUrl } from './url-policy'

export interface BankClientOptions {
  /** https, or plain http on this computer only (./url-policy.ts); anything else throws BANK_URL_REFUSED. */
  baseUrl: string
  /**
   * The per-launch secret of the embedded mock bank (src/main/platform/bank/embedded.ts), sent in
   * BANK_CLIENT_HEADER with every request; that bank refuses requests without it.
   */
  clientSecret?: string
  /** Per-request time limit; default 10 s. */
  timeoutMs?: number
  fetch?: typeof fetch
  /** This computer's clock (epoch ms); the bank's is estimated from it and the skew seen in answers. */
  now?: () => number
}

/**
 * What a call to one endpoint takes, as its entry in the table (src/shared/bank-api/endpoints.ts)
 * says: its path parameters and body when it has them, the customer's token when only a signed-in
 * customer may call it, the merchant's key for a merchant's, and an idempotency key when it changes
 * something (chosen by the caller before the first attempt, so a retry reuses it).
 */
export type CallOptions<E extends EndpointSpec> = (E extends { params: z.ZodType }
  ? { params: ParamsIn<E> }
  : { params?: undefined }) &
  (E extends { query: z.ZodType } ? { query?: QueryIn<E> } : { query?: undefined }) &
  // Where an endpoint takes no body the bank ignores one; callers that always sent one (and hashed
  // their stored idempotency keys over it, src/main/core/payments/context.ts) still may.
  (E extends { body: z.ZodType } ? { body: BodyIn<E> } : { body?: Record<string, unknown> }) &
  (E['auth'] extends 'customer' ? { token: string } : { token?: string }) &
  (E['auth'] extends 'merchant' ? { merchantKey: string } : { merchantKey?: undefined }) &
  (E['idempotent'] extends true ? { idempotencyKey: string } : { idempotencyKey?: string }) & {
    signal?: AbortSignal
    /** This call's time limit instead of the client's. */
    timeoutMs?: number
  }

/** The options argument may be left out where nothing in it is required. */
export type CallArgs<N extends EndpointName> =
  Record<string, never> extends CallOptions<BankApi[N]>
    ? [options?: CallOptions<BankApi[N]>]
    : [options: CallOptions<BankApi[N]>]

const ENDPOINTS: Record<EndpointName, EndpointSpec> = BANK_API

/** Every option of every endpoint, as the one function that sends them reads them. */
export interface AnyCallOptions {
  params?: object
  query?: Record<string, unknown>
  body?: unknown
  token?: string
  merchantKey?: string
  idempotencyKey?: string
  signal?: AbortSignal
  timeoutMs?: number
}

/** Failures to open a connection at all: the request was never written, so the bank cannot have it. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])

function neverSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; errors?: { code?: unknown }[] } } | undefined)?.cause
  if (!cause) return false
  if (NOT_CONNECTED.has(String(cause.code))) return true
  return Array.isArray(cause.errors) && cause.errors.length > 0 && cause.errors.every((e) => NOT_CONNECTED.has(String(e.code)))
}

/**
 * NETWORK / TIMEOUT: the outcome is unknown. `details.notSent` says the connection could not even be
 * opened, so this attempt cannot have reached the bank (the payment is not 处理中, merely unsent).
 */
function networkError(error: unknown, timedOut: boolean): AppError {
  if (timedOut) return new AppError('TIMEOUT', 'the bank did not answer in time')
  const message = error instanceof Error ? error.message : String(error)
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause?.message
  const text = `the bank cannot be reached: ${message}${typeof cause === 'string' ? ` (${cause})` : ''}`.slice(0, 160)
  return neverSent(error) ? new AppError('NETWORK', text, { notSent: true }) : new AppError('NETWORK', text)
}

/** Whether a failed call is known never to have left this computer (see networkError). */
export function wasNeverSent(error: unknown): boolean {
  return error instanceof AppError && error.details?.notSent === true
}

/**
 * The wallet's only way to the bank: typed requests over HTTP with timeouts and cancellation, and
 * every failure mapped to a stable code — NETWORK / TIMEOUT when the answer is unknown (the caller
 * may retry under the same idempotency key), the bank's own code when it refused.
 */
export function createBankClient(options: BankClientOptions) {
  const base = checkBankUrl(options.baseUrl)
  const clientSecret = options.clientSecret
  const doFetch = options.fetch ?? fetch
  const defaultTimeout = options.timeoutMs ?? 10_000
  const localNow = options.now ?? Date.now
  /** The bank's clock minus ours, from the last answer that carried it (undefined before the first). */
  let skewMs: number | undefined

  /** Every answer carries the bank's clock; the skew is judged at the middle of the round trip. */
  function noteBankTime(response: Response, sentAt: number): void {
    const bankTime = Number(response.headers.get(BANK_TIME_HEADER))
    if (!Number.isFinite(bankTime) || bankTime <= 0) return
    skewMs = bankTime - Math.round((sentAt + localNow()) / 2)
  }

  /** One request to one endpoint of the table; the answer is checked against the endpoint's schema. */
  async function request(endpoint: EndpointSpec, o: AnyCallOptions): Promise<unknown> {
    const { method } = endpoint
    const path = pathOf(endpoint, o.params)
    const url = new URL(base + path)
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v))
    const headers: Record<string, string> = { accept: endpoint.html ? 'text/html' : 'application/json' }
    if (clientSecret) headers[BANK_CLIENT_HEADER] = clientSecret
    if (o.body !== undefined) headers['content-type'] = 'application/json'
    if (o.token) headers.authorization = `Bearer ${o.token}`
    if (o.merchantKey) headers[MERCHANT_KEY_HEADER] = o.merchantKey
    if (o.idempotencyKey) headers[IDEMPOTENCY_HEADER] = o.idempotencyKey
    if (endpoint.idempotent && !o.idempotencyKey) throw new AppError('INTERNAL', `${method} ${path} needs an idempotency key`)

    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, o.timeoutMs ?? defaultTimeout)
    const onAbort = () => controller.abort()
    o.signal?.addEventListener('abort', onAbort)
    let response: Response
    let text: string
    const sentAt = localNow()
    try {
      response = await doFetch(url, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
        signal: controller.signal,
      })
      noteBankTime(response, sentAt)
      text = await response.text()
    } catch (error) {
      throw networkError(error, timedOut)
    } finally {
      clearTimeout(timer)
      o.signal?.removeEventListener('abort', onAbort)
    }

    let json: unknown
    try {
      json = endpoint.html && response.ok ? text : text ? JSON.parse(text) : undefined
    } catch {
      if (response.status >= 500) throw new AppError('BANK_UNAVAILABLE', `bank answered ${response.status}`)
      throw new AppError('BANK_PROTOCOL', `bank answered ${response.status} with a body that is not JSON`)
    }
    if (!response.ok) {
      const parsed = BankErrorBody.safeParse(json)
      if (parsed.success) {
        const { code, message, details } = parsed.data.error
        throw new AppError(isErrorCode(code) ? code : 'BANK_ERROR', message, details)
      }
      throw new AppError(response.status >= 500 ? 'BANK_UNAVAILABLE' : 'BANK_PROTOCOL', `bank answered ${response.status}`)
    }
    const parsed = endpoint.response.safeParse(json)
    if (!parsed.success) throw new AppError('BANK_PROTOCOL', `unexpected answer to ${method} ${path}`)
    return parsed.data
  }

  /** Calls the endpoint `name` of the table with what its entry asks for; answers what it says it answers. */
  function call<N extends EndpointName>(name: N, ...options: CallArgs<N>): Promise<ResponseOf<BankApi[N]>>
  function call(name: EndpointName, ...args: unknown[]): Promise<unknown> {
    // The overload above holds the options to what the table's entry asks for (CallOptions).
    const options = args[0] as AnyCallOptions | undefined
    return request(ENDPOINTS[name], options ?? {})
  }

  /**
   * `call` for code that holds the endpoint's name only at run time (an outbox item's kind) or through
   * a type parameter of its own: its options are not checked against the table's entry here, so it
   * passes what that entry asks for itself. The answer is still checked against the entry's schema.
   */
  function send(name: EndpointName, options: AnyCallOptions): Promise<unknown> {
    return request(ENDPOINTS[name], options)
  }

  return {
    baseUrl: base,
    call,
    send,
    /** The bank's clock minus this computer's, as last seen (undefined until the bank has answered once). */
    clockSkew: (): number | undefined => skewMs,
    /** Now on the bank's clock, as well as this computer can tell (its own clock until the bank has answered). */
    bankNow: (): number => localNow() + (skewMs ?? 0),
    /** What became of an operation sent with this Idempotency-Key (src/shared/bank-api OperationStatusResponse). */
    operation: (token: string, idempotencyKey: string, signal?: AbortSignal) =>
      call('operation', { params: { key: idempotencyKey }, token, ...(signal ? { signal } : {}) }),
  }
}

export type BankClient = ReturnType<typeof createBankClient>
