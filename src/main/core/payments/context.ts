import { randomUUID } from 'node:crypto'
import { BANK_API, pathOf, type BankApi, type EndpointName, type ResponseOf } from '../../../shared/bank-api'
import type { PaymentQueued, PaymentResult, TxSummary } from '../../../shared/contract/payments'
import { AppError, outcomeOf } from '../../../shared/errors'
import { wasNeverSent, type AnyCallOptions, type BankClient, type CallOptions } from '../../platform/bank/client'
import type { SecretStore } from '../../platform/vault'
import { OUTBOX_ENDPOINTS, type Outbox, type OutboxItem, type OutboxKind } from '../../platform/sync/outbox'
import type { SyncEngine } from '../../platform/sync/engine'
import type { EventBus } from '../../base/events'
import { attemptedAt, pendingSlot, verdictOf, withIdempotencyKey, type KeyLedger } from '../../platform/bank/idempotency'
import type { Clock, DocStore } from '../../base/ports'
import type { SessionService } from '../session'
import type { createWalletService } from '../wallet'
import { toPaymentDone } from './mapping'

export interface PaymentDeps {
  store: DocStore
  secrets: SecretStore
  bank: BankClient
  session: SessionService
  keys: KeyLedger
  outbox: Outbox
  sync: SyncEngine
  wallet: ReturnType<typeof createWalletService>
  events: EventBus
  clock: Clock
  /** How often to ask the bank about pay-code charges while the code is on screen. */
  pollMs?: number
}

/** Endpoints that read (GET) and endpoints that change something (with an idempotency key). */
type ReadName = { [N in EndpointName]: BankApi[N]['method'] extends 'GET' ? N : never }[EndpointName]
type WriteName = { [N in EndpointName]: BankApi[N]['idempotent'] extends true ? N : never }[EndpointName]
/** What a read or a write names besides the session and the key: path parameters, query, body. */
export type ReadRequest<N extends EndpointName> = Pick<CallOptions<BankApi[N]>, 'params' | 'query'>
export type WriteRequest<N extends EndpointName> = Pick<CallOptions<BankApi[N]>, 'params' | 'body'>
type Answer<N extends EndpointName> = ResponseOf<BankApi[N]>

function offlineError(error: AppError, what: string): AppError {
  return new AppError('OFFLINE', `${what} needs the bank, which cannot be reached now`, { cause: error.code })
}

/**
 * What every payment service shares: reads and writes at the bank with stable error mapping, and the
 * one path money movements take — online under a key chosen before the first attempt, or into the
 * outbox under that same key when the bank cannot be reached or the answer is lost. An attempt whose
 * outcome is unknown is never taken for a failure: the key is kept and the bank is asked about it
 * before anything is sent again, and pressing pay again joins it instead of paying twice.
 */
export function createPaymentContext(deps: PaymentDeps) {
  const { bank, session, keys, outbox, sync, events } = deps

  /**
   * `bank.send` for an endpoint named through a type parameter: ReadRequest / WriteRequest held the
   * request to the table's entry, and the client checks the answer against the entry's schema.
   */
  function callAs<N extends EndpointName>(name: N, options: object): Promise<Answer<N>> {
    const checked = options as AnyCallOptions
    return bank.send(name, checked) as Promise<Answer<N>>
  }

  /** Whether the last call made here reached the bank (undefined before the first). */
  let lastContactOk: boolean | undefined

  function noteContact<T>(call: Promise<T>): Promise<T> {
    return call.then(
      (value) => {
        lastContactOk = true
        return value
      },
      (error: unknown) => {
        if (error instanceof AppError) lastContactOk = outcomeOf(error) !== 'unknown'
        throw error
      },
    )
  }

  /**
   * The sync engine's last attempt ended without knowing the outcome (the bank could not be reached,
   * or an earlier payment is still in flight there): money movements go to the outbox, behind it.
   */
  function bankDown(): boolean {
    const s = sync.status()
    return s.state !== 'online' && s.lastError !== null && outcomeOf(s.lastError) === 'unknown'
  }

  /** For display (the pay code's offline badge): the engine or the last call here could not reach the bank. */
  function seemsOffline(): boolean {
    return bankDown() || lastContactOk === false
  }

  /** Identical calls made while one is under way share it: one attempt, one key, one answer. */
  const underway = new Map<string, Promise<unknown>>()
  function once<T>(id: string, run: () => Promise<T>): Promise<T> {
    const running = underway.get(id)
    if (running) return running as Promise<T>
    const started = run().finally(() => underway.delete(id))
    underway.set(id, started)
    return started
  }

  /** A read at the bank; an unreachable bank becomes OFFLINE. */
  async function get<N extends ReadName>(name: N, request: ReadRequest<N> = {}): Promise<Answer<N>> {
    const token = await session.token()
    try {
      return await noteContact(callAs(name, { ...request, token }))
    } catch (error) {
      if (error instanceof AppError && outcomeOf(error) === 'unknown') throw offlineError(error, pathOf(BANK_API[name], request.params))
      throw error
    }
  }

  /**
   * A write that needs the bank now (merchant, order and pay-code payments, settings, coupons). The key
   * is kept when the outcome is unknown, and looked up at the bank before it is sent again, so trying
   * again cannot pay twice. The caller hears OFFLINE (the bank cannot be reached) or
   * IDEMPOTENCY_IN_FLIGHT (处理中), both with details.outcomeUnknown, or NEEDS_CONFIRMATION when the
   * bank no longer remembers an earlier attempt.
   */
  async function post<N extends WriteName>(op: string, name: N, { params, body }: WriteRequest<N>): Promise<Answer<N>> {
    const token = await session.token()
    const endpoint = BANK_API[name]
    const path = pathOf(endpoint, params)
    // The key is kept for this path and body (a stored key from before is found again the same way).
    const request = { path, body }
    try {
      return await once(`${op}|${await keys.fingerprint(request)}`, () =>
        withIdempotencyKey(
          keys,
          op,
          request,
          (key) => noteContact(callAs(name, { params, body, token, idempotencyKey: key })),
          {
            lookup: async (key, firstAttemptAt) => verdictOf(await noteContact(bank.operation(token, key)), firstAttemptAt),
            bankNow: () => bank.bankNow(),
            accept: (stored) => {
              const parsed = endpoint.response.safeParse(stored)
              if (!parsed.success) throw new AppError('BANK_PROTOCOL', `the stored answer to ${path} is not what it should be`)
              return parsed.data as Answer<N>
            },
          },
        ),
      )
    } catch (error) {
      if (!(error instanceof AppError) || outcomeOf(error) !== 'unknown') throw error
      if (error.code === 'IDEMPOTENCY_IN_FLIGHT')
        throw new AppError('IDEMPOTENCY_IN_FLIGHT', `${path}: the bank is still processing it; its outcome will be looked up`, {
          outcomeUnknown: true,
        })
      throw new AppError('OFFLINE', `${path}: the bank cannot be reached; trying again is safe`, {
        cause: error.code,
        outcomeUnknown: true,
      })
    }
  }

  function completed(tx: TxSummary, source: 'online' | 'outbox' | 'paycode'): void {
    events.emit('payment.completed', { txId: tx.txId, kind: tx.kind, amountFen: tx.paidFen, title: tx.title, source })
  }

  function queuedResult(item: OutboxItem): PaymentQueued {
    const amountFen = typeof item.payload.amountFen === 'number' ? item.payload.amountFen : 0
    const status = item.state === 'needs-confirmation' ? 'needs-confirmation' : item.attempts > 0 ? 'processing' : 'unsent'
    return { queued: true, outboxId: item.id, kind: item.kind, amountFen, status }
  }

  async function queue(
    kind: OutboxKind,
    body: Record<string, unknown>,
    display: Record<string, unknown>,
    key: string,
    firstAttemptAt: number | null,
  ): Promise<PaymentQueued> {
    const attempted = firstAttemptAt !== null
    const item = await outbox.enqueue(kind, { ...body, ...display }, {
      idempotencyKey: key,
      attempted,
      ...(attempted ? { firstAttemptAt } : {}),
    })
    // After a lost answer, settle it soon; and if the bank just turned out to be unreachable, let the
    // engine find out and start its retry schedule. While the bank is known to be down that schedule
    // sends it; until then an unsent item can still be cancelled.
    if (attempted || !bankDown()) sync.nudge()
    return queuedResult(item)
  }

  /**
   * Top-up, withdrawal, transfers and bill payments. When the bank is known to be unreachable, or the
   * outcome of an attempt is unknown (NETWORK, TIMEOUT, BANK_UNAVAILABLE, IDEMPOTENCY_IN_FLIGHT: see
   * ERROR_OUTCOMES), the payment goes into the outbox carrying the key and time of its first attempt;
   * the outbox asks the bank for that key's outcome before sending anything again, so the bank executes
   * it at most once whatever happened. Pressing again while the same payment (same fields) is under
   * way here, unsettled in the outbox, or pending with an attempt that may have reached the bank, joins
   * it instead of starting another. Each kind is one endpoint (OUTBOX_ENDPOINTS), the same one the
   * outbox sends it to. `display` adds what the outbox list shows (never sent: the bank's schema
   * drops unknown fields).
   */
  async function move<K extends OutboxKind>(
    kind: K,
    body: WriteRequest<(typeof OUTBOX_ENDPOINTS)[K]>['body'],
    display: Record<string, unknown> = {},
  ): Promise<{ result: PaymentResult; response?: Answer<(typeof OUTBOX_ENDPOINTS)[K]> }> {
    const name = OUTBOX_ENDPOINTS[kind]
    const op = `pay.${kind}`
    const hash = await keys.fingerprint(body)
    return once(`${op}|${hash}`, async () => {
      const token = await session.token()
      const joined = await outbox.findUnsettled(kind, body)
      if (joined) {
        // Pressed again with its password, a payment that lost it in a restart (待输入支付密码) gets it
        // back and goes on under its own key; any other state is only joined.
        const item = joined.state === 'awaiting-password' ? await outbox.resend(joined.id, body) : joined
        sync.nudge()
        return { result: queuedResult(item) }
      }
      const { slot, pending } = await pendingSlot(keys, op, hash)
      const sentAt = pending ? attemptedAt(pending) : null
      if (pending && (sentAt !== null || bankDown())) {
        // An earlier attempt may have reached the bank (the app stopped before its answer came): the
        // outbox settles it from the bank's record before sending anything. Queue first, then forget
        // the key here: from now on the outbox item owns it.
        const result = await queue(kind, body, display, pending.key, sentAt)
        await keys.clear(slot)
        return { result }
      }
      if (bankDown()) return { result: await queue(kind, body, display, randomUUID(), null) }
      const key = pending?.key ?? randomUUID()
      const firstAttemptAt = bank.bankNow()
      // Recorded before the request leaves: a crash before the answer leaves the key and its time behind.
      await keys.set(slot, { hash, key, firstAttemptAt })
      let response: Answer<(typeof OUTBOX_ENDPOINTS)[K]>
      try {
        response = await noteContact(callAs(name, { body, token, idempotencyKey: key }))
      } catch (error) {
        const outcome = outcomeOf(error)
        if (outcome === 'final') await keys.clear(slot)
        // Refused before anything was done (sign in, unlock): the same key next time, this attempt not counted.
        if (outcome === 'retry') await keys.set(slot, { hash, key, firstAttemptAt: null })
        if (outcome !== 'unknown') throw error
        // Not known whether the bank has it (处理中), unless the connection could not even be opened (待发送).
        const result = await queue(kind, body, display, key, wasNeverSent(error) ? null : firstAttemptAt)
        await keys.clear(slot)
        return { result }
      }
      await keys.clear(slot)
      const done = toPaymentDone(response)
      sync.nudge()
      completed(done.transaction, 'online')
      return { result: done, response }
    })
  }

  return { deps, bankDown, seemsOffline, noteContact, get, post, move, completed }
}

export type PaymentContext = ReturnType<typeof createPaymentContext>
