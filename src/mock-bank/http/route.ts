import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import type { z } from 'zod'
import {
  IDEMPOTENCY_HEADER,
  IdempotencyKey,
  MERCHANT_KEY_HEADER,
  REPLAYED_HEADER,
  type Auth,
  type BodyOf,
  type EndpointSpec,
  type OperationStatusResponse,
  type ParamsOf,
  type QueryOf,
  type ResponseIn,
} from '../../shared/bank-api'
import { withoutSecrets } from '../../shared/bank-api/fingerprint'
import { DEMO_MERCHANT_KEY, merchantById, type MerchantDef } from '../catalog'
import type { Engine } from '../engine'
import { BankError } from '../errors'
import type { FaultDecisions, Faults } from '../faults'
import { authenticate, closedCustomerOf, type Authenticated } from '../ops/auth'
import type { Ctx } from '../ops/context'
import { announceCampaigns, hasDueAnnouncements } from '../ops/coupons'
import { hasDueWealthWork, runDueWealthWork } from '../ops/wealth'
import type { IdemEntry } from '../state'

/**
 * One place for what every endpoint does around its own rule: fault injection, authentication,
 * input validation, idempotency and the bank's single queue. The endpoint's entry in the table
 * (src/shared/bank-api/endpoints.ts) gives its method, path, schemas, who may call it and whether it
 * needs an Idempotency-Key; the route adds only the rule. A mutating request goes:
 *
 *   faults(reset/error) → [queue] auth, idempotency lookup, claim the key → latency → prepare
 *   (async hashing, outside the queue) → [queue] auth, rule, commit effects + stored response in
 *   one journal record → faults(drop/duplicate) → answer
 */
type Who<A extends Auth> = A extends 'customer' ? Authenticated : A extends 'merchant' ? MerchantDef : undefined

/** A request's parts, validated with the endpoint's schemas. */
export interface Input<E extends EndpointSpec> {
  body: BodyOf<E>
  query: QueryOf<E>
  params: ParamsOf<E>
}

/** What the bank does at one endpoint; everything else comes from the endpoint's entry in the table. */
export interface Rule<E extends EndpointSpec, Prep> {
  /** Slow work (password hashing) done outside the queue against a snapshot; must not throw BankError. */
  prepare?: (input: Input<E>, who: Who<E['auth']>, ctx: Ctx) => Promise<Prep>
  /** Its answer is what the table says the endpoint answers. */
  handle: (ctx: Ctx, input: Input<E> & { prep: Prep }, who: Who<E['auth']>, faults: FaultDecisions) => ResponseIn<E>
}

export interface RouteEnv {
  engine: Engine
  faults: Faults
}

const NOT_STORED = new Set(['UNAUTHORIZED', 'SESSION_EXPIRED', 'ACCOUNT_CLOSED', 'FORBIDDEN', 'BANK_UNAVAILABLE'])

/**
 * What identifies a request under its key: the method, the URL and the body without its secret fields
 * (passwords, SMS and authenticator codes; src/shared/bank-api/fingerprint.ts), HMAC'd under the bank's
 * key (Engine.fingerprint, keys.ts). The store thus holds nothing from which a password or code could be
 * recovered, not even by trying all six-digit payment passwords. Two requests that differ only in a
 * secret are the same request: the second gets the first's stored answer (a retry with the password
 * typed again is a retry), and, the answer being stored, no secret is needed to learn it again — it
 * holds no credential (storedAnswer).
 */
function fingerprint(engine: Engine, method: string, url: string, body: unknown): string {
  return engine.fingerprint(`${method} ${url}\n${JSON.stringify(withoutSecrets(body ?? null)) ?? 'null'}`)
}

/**
 * An answer that hands out a credential: a session token (registration, sign-in, refresh) or a secret
 * (a pay-code device's, an authenticator's) or the authenticator's recovery codes. Its holder uses it at once; kept in the journal it would
 * be a live credential at rest, replayed to whoever repeats the key.
 */
function handsOutCredential(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false
  const answer = value as { session?: { token?: unknown } | null; secret?: unknown; recoveryCodes?: unknown }
  return typeof answer.session?.token === 'string' || typeof answer.secret === 'string' || Array.isArray(answer.recoveryCodes)
}

/**
 * What is stored (and replayed) for an answer: the answer itself, except one that hands out a
 * credential, which is stored as "done already" (IDEMPOTENCY_CONFLICT, reason
 * CREDENTIAL_NOT_REPLAYED). The wallet then asks again under a new key (src/main/platform/bank/idempotency.ts
 * withIdempotencyKey), which signs in or issues afresh; nothing here moves money, so exactly-once is
 * not at stake, and a payment's answer is stored whole.
 */
function storedAnswer(status: number, body: unknown): { status: number; body: unknown } {
  if (!handsOutCredential(body)) return { status, body }
  const done = new BankError('IDEMPOTENCY_CONFLICT', 'done already; its credential is not handed out again: use a new key', {
    reason: 'CREDENTIAL_NOT_REPLAYED',
  })
  return { status: done.status, body: done.toBody() }
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined
  const result = schema.safeParse(value ?? (where === 'body' ? {} : value))
  if (!result.success) {
    const issue = result.error.issues[0]
    const path = issue?.path.join('.') ?? ''
    throw new BankError('INVALID_INPUT', `${where}${path ? `.${path}` : ''}: ${issue?.message ?? 'invalid'}`, {
      field: `${where}${path ? `.${path}` : ''}`,
    })
  }
  return result.data
}

function readCtx(engine: Engine): Ctx {
  return {
    state: engine.state,
    config: engine.config,
    now: engine.now(),
    emit() {
      throw new Error('a read-only request tried to change state')
    },
  }
}

function sendError(reply: FastifyReply, error: BankError): FastifyReply {
  return reply.code(error.status).send(error.toBody())
}

function drop(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack()
  request.raw.socket.destroy()
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()
}

/**
 * Time-driven work (yield accrual, redemption settlement, the messages of a campaign that has started)
 * runs as its own record before a request that comes after it is due.
 */
async function catchUp(engine: Engine): Promise<void> {
  engine.purgeExpired()
  if (hasDueWealthWork({ state: engine.state, now: engine.now() })) {
    await engine.transactInside((unit) =>
      runDueWealthWork({ state: engine.state, config: engine.config, now: unit.now, emit: unit.emit }),
    )
  }
  if (hasDueAnnouncements({ state: engine.state, now: engine.now() })) {
    await engine.transactInside((unit) =>
      announceCampaigns({ state: engine.state, config: engine.config, now: unit.now, emit: unit.emit }),
    )
  }
}

function identify<A extends Auth>(auth: A, request: FastifyRequest, ctx: Ctx): Who<A> {
  if (auth === 'customer') return authenticate(ctx, request.headers.authorization) as Who<A>
  if (auth === 'merchant') {
    const key = request.headers[MERCHANT_KEY_HEADER]
    const body = request.body as { merchantId?: unknown } | undefined
    const params = request.params as { merchantId?: unknown } | undefined
    const merchantId =
      typeof body?.merchantId === 'string' ? body.merchantId : typeof params?.merchantId === 'string' ? params.merchantId : ''
    const merchant = merchantById(merchantId)
    if (key !== DEMO_MERCHANT_KEY || !merchant) throw new BankError('FORBIDDEN', 'unknown merchant or wrong merchant key')
    return merchant as Who<A>
  }
  return undefined as Who<A>
}

function scopeOf(auth: Auth, who: unknown): string {
  if (auth === 'customer') return customerScope((who as Authenticated).rec.id)
  if (auth === 'merchant') return `m:${(who as MerchantDef).merchantId}`
  return 'anon'
}

function inputOf<E extends EndpointSpec>(endpoint: E, request: FastifyRequest): Input<E> {
  return {
    body: parse(endpoint.body, request.body, 'body'),
    query: parse(endpoint.query, request.query, 'query'),
    params: parse(endpoint.params, request.params, 'params'),
  } as Input<E>
}

/**
 * A closed customer's token is refused (ACCOUNT_CLOSED) for everything but one thing: the same request
 * again under a key it was answered under, which gets its stored answer. The deregistration's answer
 * may be lost on the way back; the app asks again with the same key and learns it was done.
 */
function closedReplay(engine: Engine, auth: Auth, request: FastifyRequest, key: string, hash: string, now: number): IdemEntry | undefined {
  if (auth !== 'customer') return undefined
  const closed = closedCustomerOf(engine, request.headers.authorization)
  if (!closed) return undefined
  const stored = engine.state.idempotency.get(`${customerScope(closed)}|${key}`)
  return stored && stored.hash === hash && stored.at + engine.config.idempotencyTtlMs > now ? stored : undefined
}

/** Serves one endpoint of the table with its rule. */
export function addRoute<E extends EndpointSpec, Prep = undefined>(
  app: FastifyInstance,
  env: RouteEnv,
  endpoint: E,
  rule: Rule<E, Prep>,
): void {
  const mutating = endpoint.idempotent
  const { engine, faults } = env
  const inFlight = inFlightKeys(engine)
  const spec = { ...rule, auth: endpoint.auth as E['auth'], method: endpoint.method }

  app.route({
    method: endpoint.method,
    url: endpoint.path,
    handler: async (request, reply) => {
      const decisions = faults.decide(request.url)
      if (decisions.reset) return drop(request, reply)
      if (decisions.error)
        return sendError(reply, new BankError('BANK_UNAVAILABLE', 'the bank is temporarily unavailable (injected fault)'))
      try {
        if (!mutating) {
          await sleep(decisions.latencyMs)
          const result = await engine.exclusive(async () => {
            await catchUp(engine)
            const ctx = readCtx(engine)
            const who = identify(spec.auth, request, ctx)
            return spec.handle(ctx, { ...inputOf(endpoint, request), prep: undefined as Prep }, who, decisions)
          })
          if (decisions.dropAfterCommit) return drop(request, reply)
          return reply.code(200).send(result)
        }

        const key = request.headers[IDEMPOTENCY_HEADER]
        if (typeof key !== 'string' || !IdempotencyKey.safeParse(key).success) {
          return sendError(
            reply,
            new BankError(
              'IDEMPOTENCY_KEY_REQUIRED',
              'send an Idempotency-Key header (8–128 printable characters) with every change',
            ),
          )
        }
        const hash = fingerprint(engine, spec.method, request.url, request.body)

        // Step 1, in the queue: who is asking, and have we seen this key?
        const claim = await engine.exclusive(async () => {
          await catchUp(engine)
          const ctx = readCtx(engine)
          const replayForClosed = closedReplay(engine, spec.auth, request, key, hash, ctx.now)
          if (replayForClosed) return { replay: replayForClosed, slot: '', who: undefined, input: undefined, inputError: undefined }
          const who = identify(spec.auth, request, ctx)
          const slot = `${scopeOf(spec.auth, who)}|${key}`
          const stored = engine.state.idempotency.get(slot)
          if (stored && stored.at + engine.config.idempotencyTtlMs > ctx.now) {
            if (stored.hash !== hash)
              throw new BankError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used with a different request')
            return { replay: stored, slot, who, input: undefined, inputError: undefined }
          }
          if (inFlight.has(slot))
            throw new BankError('IDEMPOTENCY_IN_FLIGHT', 'a request with this Idempotency-Key is still being processed')
          inFlight.add(slot)
          try {
            const input = inputOf(endpoint, request)
            return { replay: undefined, slot, who, input, inputError: undefined }
          } catch (error) {
            if (!(error instanceof BankError)) throw error
            return { replay: undefined, slot, who, input: undefined, inputError: error }
          }
        })
        if (claim.replay) return replay(reply, claim.replay)

        let entry: IdemEntry | undefined
        let result: ResponseIn<E> | undefined
        try {
          await sleep(decisions.latencyMs)
          const prep =
            claim.input && spec.prepare ? await spec.prepare(claim.input, claim.who, readCtx(engine)) : (undefined as Prep)
          // Step 2, in the queue: the rule itself, committed with its stored answer.
          result = await engine.exclusive(() =>
            engine.transactInside(
              (unit) => {
                const ctx: Ctx = { state: engine.state, config: engine.config, now: unit.now, emit: unit.emit }
                if (claim.inputError) throw claim.inputError
                const who = identify(spec.auth, request, ctx)
                return spec.handle(ctx, { ...claim.input!, prep }, who, decisions)
              },
              (outcome) => {
                if (!outcome.ok && (!(outcome.error instanceof BankError) || NOT_STORED.has(outcome.error.code))) return undefined
                const { status, body } = outcome.ok
                  ? storedAnswer(200, outcome.value)
                  : { status: (outcome.error as BankError).status, body: (outcome.error as BankError).toBody() }
                entry = { scope: claim.slot.slice(0, claim.slot.indexOf('|')), key, hash, status, body, at: engine.now() }
                return entry
              },
            ),
          )
        } finally {
          inFlight.delete(claim.slot)
        }
        if (decisions.dropAfterCommit) return drop(request, reply)
        if (decisions.duplicate && entry) {
          // The request "arrived twice": the second delivery is answered from the idempotency store —
          // except a credential, which the store does not keep: the client gets the first answer.
          reply.header('x-mock-duplicate', '1')
          if (!handsOutCredential(result)) return replay(reply, entry)
        }
        return reply.code(200).send(result)
      } catch (error) {
        if (error instanceof BankError) return sendError(reply, error)
        throw error
      }
    },
  })
}

/**
 * Serves an endpoint that answers a page rather than JSON (the demo shop): no faults, no idempotency,
 * only its method and path from the table.
 */
export function addPage(app: FastifyInstance, endpoint: EndpointSpec & { html: true }, handler: RouteHandlerMethod): void {
  app.route({ method: endpoint.method, url: endpoint.path, handler })
}

function replay(reply: FastifyReply, entry: IdemEntry): FastifyReply {
  return reply.code(entry.status).header(REPLAYED_HEADER, 'true').send(entry.body)
}

/**
 * What the bank knows about the operation in `slot` (`${scope}|${key}`): its stored answer, that it is
 * being processed right now, or nothing — within the outcome retention, nothing means never received.
 */
export function operationStatus(engine: Engine, slot: string, now: number): OperationStatusResponse {
  if (inFlightKeys(engine).has(slot)) return { state: 'in-flight' }
  const stored = engine.state.idempotency.get(slot)
  if (stored && stored.at + engine.outcomeRetentionMs > now) return { state: 'done', status: stored.status, body: stored.body }
  return { state: 'unknown', retentionMs: engine.outcomeRetentionMs, now }
}

/** Keys are scoped to who sent them: a customer's operations are stored under `c:<customerId>|<key>`. */
export function customerScope(customerId: string): string {
  return `c:${customerId}`
}

const inFlightByEngine = new WeakMap<Engine, Set<string>>()

function inFlightKeys(engine: Engine): Set<string> {
  let keys = inFlightByEngine.get(engine)
  if (!keys) {
    keys = new Set()
    inFlightByEngine.set(engine, keys)
  }
  return keys
}
