import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { AppError, isErrorCode } from '../../../shared/errors'
import * as api from '../../../shared/bank-api'

export interface BankClientOptions {
  baseUrl: string
  /** Per-request time limit; default 10 s. */
  timeoutMs?: number
  fetch?: typeof fetch
  /** This computer's clock (epoch ms); the bank's is estimated from it and the skew seen in answers. */
  now?: () => number
}

export interface RequestOptions<S extends z.ZodType> {
  schema: S
  body?: unknown
  query?: Record<string, string | number | undefined>
  /** Bearer token of a signed-in customer. */
  token?: string
  /** Required by the bank on every mutating request; chosen by the caller before the first attempt. */
  idempotencyKey?: string
  signal?: AbortSignal
  timeoutMs?: number
}

export function newIdempotencyKey(): string {
  return randomUUID()
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
  const base = options.baseUrl.replace(/\/+$/, '')
  const doFetch = options.fetch ?? fetch
  const defaultTimeout = options.timeoutMs ?? 10_000
  const localNow = options.now ?? Date.now
  /** The bank's clock minus ours, from the last answer that carried it (undefined before the first). */
  let skewMs: number | undefined

  /** Every answer carries the bank's clock; the skew is judged at the middle of the round trip. */
  function noteBankTime(response: Response, sentAt: number): void {
    const bankTime = Number(response.headers.get(api.BANK_TIME_HEADER))
    if (!Number.isFinite(bankTime) || bankTime <= 0) return
    skewMs = bankTime - Math.round((sentAt + localNow()) / 2)
  }

  async function request<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    o: RequestOptions<S>,
  ): Promise<z.output<S>> {
    const url = new URL(base + path)
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v))
    const headers: Record<string, string> = { accept: 'application/json' }
    if (o.body !== undefined) headers['content-type'] = 'application/json'
    if (o.token) headers.authorization = `Bearer ${o.token}`
    if (o.idempotencyKey) headers[api.IDEMPOTENCY_HEADER] = o.idempotencyKey
    if (method !== 'GET' && !o.idempotencyKey) throw new AppError('INTERNAL', `${method} ${path} needs an idempotency key`)

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
      json = text ? JSON.parse(text) : undefined
    } catch {
      if (response.status >= 500) throw new AppError('BANK_UNAVAILABLE', `bank answered ${response.status}`)
      throw new AppError('BANK_PROTOCOL', `bank answered ${response.status} with a body that is not JSON`)
    }
    if (!response.ok) {
      const parsed = api.BankErrorBody.safeParse(json)
      if (parsed.success) {
        const { code, message, details } = parsed.data.error
        throw new AppError(isErrorCode(code) ? code : 'BANK_ERROR', message, details)
      }
      throw new AppError(response.status >= 500 ? 'BANK_UNAVAILABLE' : 'BANK_PROTOCOL', `bank answered ${response.status}`)
    }
    const parsed = o.schema.safeParse(json)
    if (!parsed.success) throw new AppError('BANK_PROTOCOL', `unexpected answer to ${method} ${path}`)
    return parsed.data
  }

  const get = <S extends z.ZodType>(path: string, o: RequestOptions<S>) => request('GET', path, o)
  const post = <S extends z.ZodType>(path: string, o: RequestOptions<S>) => request('POST', path, o)

  return {
    baseUrl: base,
    request,
    /** The bank's clock minus this computer's, as last seen (undefined until the bank has answered once). */
    clockSkew: (): number | undefined => skewMs,
    /** Now on the bank's clock, as well as this computer can tell (its own clock until the bank has answered). */
    bankNow: (): number => localNow() + (skewMs ?? 0),
    /** What became of an operation sent with this Idempotency-Key (src/shared/bank-api OperationStatusResponse). */
    operation: (token: string, idempotencyKey: string, signal?: AbortSignal) =>
      get(`/operations/${encodeURIComponent(idempotencyKey)}`, { schema: api.OperationStatusResponse, token, signal }),
    health: (signal?: AbortSignal) => get('/health', { schema: api.HealthResponse, signal, timeoutMs: 3_000 }),
    sendSms: (body: api.SmsSendRequest, idempotencyKey: string) =>
      post('/sms/send', { schema: api.SmsSendResponse, body, idempotencyKey }),
    /** Read-only on the bank's side: no idempotency key is needed, but the client sends one anyway. */
    validateRegistration: (body: api.RegisterValidateRequest) =>
      post('/register/validate', { schema: api.Ok, body, idempotencyKey: newIdempotencyKey() }),
    register: (body: api.RegisterRequest, idempotencyKey: string) =>
      post('/register', { schema: api.SessionResponse, body, idempotencyKey }),
    login: (body: api.LoginRequest, idempotencyKey: string) =>
      post('/auth/login', { schema: api.LoginResponse, body, idempotencyKey }),
    challenge: (body: api.ChallengeRequest, idempotencyKey: string) =>
      post('/auth/challenge', { schema: api.LoginResponse, body, idempotencyKey }),
    me: (token: string) => get('/me', { schema: api.CustomerProfile, token }),
    cards: (token: string) => get('/cards', { schema: api.CardsResponse, token }),
    bindCard: (token: string, body: api.BindCardRequest, idempotencyKey: string) =>
      post('/cards/bind', { schema: api.BindCardResponse, body, token, idempotencyKey }),
    setPayPassword: (token: string, body: api.SetPayPasswordRequest, idempotencyKey: string) =>
      post('/paypw/set', { schema: api.Ok, body, token, idempotencyKey }),
    changes: (token: string, cursor: string | undefined, limit: number, signal?: AbortSignal) =>
      get('/changes', { schema: api.ChangesResponse, token, query: { cursor, limit }, signal }),
  }
}

export type BankClient = ReturnType<typeof createBankClient>
