import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { OutboxPaymentKind, PaymentResult, TxSummary } from '../../../shared/contract/payments'
import { AppError } from '../../../shared/errors'
import type { BankClient } from '../../bank/client'
import type { SecretStore } from '../../vault'
import type { Outbox } from '../../sync/outbox'
import type { SyncEngine } from '../../sync/engine'
import type { EventBus } from '../events'
import { bodyHash, isUncertain, withIdempotencyKey, type KeyLedger } from '../idempotency'
import type { Clock, DocStore } from '../ports'
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

const UNCERTAIN_CODES = new Set(['NETWORK', 'TIMEOUT', 'BANK_UNAVAILABLE'])

function offlineError(error: AppError, what: string): AppError {
  return new AppError('OFFLINE', `${what} needs the bank, which cannot be reached now`, { cause: error.code })
}

/**
 * What every payment service shares: reads and writes at the bank with stable error mapping, and the
 * one path money movements take — online under a key chosen before the first attempt, or into the
 * outbox under that same key when the bank cannot be reached.
 */
export function createPaymentContext(deps: PaymentDeps) {
  const { bank, session, keys, outbox, sync, events } = deps

  /** Whether the last call made here reached the bank (undefined before the first). */
  let lastContactOk: boolean | undefined

  function noteContact<T>(call: Promise<T>): Promise<T> {
    return call.then(
      (value) => {
        lastContactOk = true
        return value
      },
      (error: unknown) => {
        if (error instanceof AppError) lastContactOk = !isUncertain(error)
        throw error
      },
    )
  }

  /** The sync engine's last attempt could not reach the bank: money movements go to the outbox. */
  function bankDown(): boolean {
    const s = sync.status()
    return s.state !== 'online' && s.lastError !== null && UNCERTAIN_CODES.has(s.lastError)
  }

  /** For display (the pay code's offline badge): the engine or the last call here could not reach the bank. */
  function seemsOffline(): boolean {
    return bankDown() || lastContactOk === false
  }

  /** A read at the bank; an unreachable bank becomes OFFLINE. */
  async function get<S extends z.ZodType>(path: string, schema: S, query?: Record<string, string | number | undefined>) {
    const token = await session.token()
    try {
      return await noteContact(bank.request('GET', path, { schema, token, query }))
    } catch (error) {
      if (error instanceof AppError && isUncertain(error)) throw offlineError(error, path)
      throw error
    }
  }

  /**
   * A write that needs the bank now (merchant, order and pay-code payments, settings, coupons). The key
   * is kept when the answer is lost, so trying again cannot pay twice; the caller hears OFFLINE with
   * details.outcomeUnknown.
   */
  async function post<S extends z.ZodType>(op: string, path: string, schema: S, body: Record<string, unknown>) {
    const token = await session.token()
    try {
      return await withIdempotencyKey(keys, op, { path, body }, (key) =>
        noteContact(bank.request('POST', path, { schema, body, token, idempotencyKey: key })),
      )
    } catch (error) {
      if (error instanceof AppError && isUncertain(error)) {
        throw new AppError('OFFLINE', `${path}: the bank cannot be reached; trying again is safe`, {
          cause: error.code,
          outcomeUnknown: true,
        })
      }
      throw error
    }
  }

  function completed(tx: TxSummary, source: 'online' | 'outbox' | 'paycode'): void {
    events.emit('payment.completed', { txId: tx.txId, kind: tx.kind, amountFen: tx.paidFen, title: tx.title, source })
  }

  async function queue(
    kind: OutboxPaymentKind,
    body: Record<string, unknown>,
    display: Record<string, unknown>,
    key: string,
    attempted: boolean,
  ): Promise<PaymentResult> {
    const item = await outbox.enqueue(kind, { ...body, ...display }, { idempotencyKey: key, attempted })
    // After a lost answer, settle it soon. While the bank is known to be down the engine's own retry
    // schedule sends it; until then the item can still be cancelled.
    if (attempted) sync.nudge()
    return { queued: true, outboxId: item.id, kind, amountFen: typeof body.amountFen === 'number' ? body.amountFen : 0 }
  }

  /**
   * Top-up, withdrawal, transfers and bill payments. When the bank is known to be unreachable, or the
   * first attempt's answer is lost (NETWORK / TIMEOUT / BANK_UNAVAILABLE), the payment goes into the
   * outbox carrying the key of that attempt, so the bank executes it at most once whatever happened.
   * `display` adds what the outbox list shows (never sent: the bank's schema drops unknown fields).
   */
  async function move<S extends z.ZodType<{ transaction: unknown }>>(
    kind: OutboxPaymentKind,
    path: string,
    schema: S,
    body: Record<string, unknown>,
    display: Record<string, unknown> = {},
  ): Promise<{ result: PaymentResult; response?: z.output<S> }> {
    const token = await session.token()
    if (bankDown()) return { result: await queue(kind, body, display, randomUUID(), false) }
    const op = `pay.${kind}`
    const hash = bodyHash(body)
    let pending = await keys.get(op)
    if (!pending || pending.hash !== hash) {
      pending = { hash, key: randomUUID() }
      await keys.set(op, pending)
    }
    let response: z.output<S>
    try {
      response = await noteContact(bank.request('POST', path, { schema, body, token, idempotencyKey: pending.key }))
    } catch (error) {
      if (!isUncertain(error)) {
        await keys.clear(op)
        throw error
      }
      // Queue first, then forget the key here: from now on the outbox item owns it.
      const result = await queue(kind, body, display, pending.key, true)
      await keys.clear(op)
      return { result }
    }
    await keys.clear(op)
    const done = toPaymentDone(response as Parameters<typeof toPaymentDone>[0])
    sync.nudge()
    completed(done.transaction, 'online')
    return { result: done, response }
  }

  return { deps, bankDown, seemsOffline, noteContact, get, post, move, completed }
}

export type PaymentContext = ReturnType<typeof createPaymentContext>
