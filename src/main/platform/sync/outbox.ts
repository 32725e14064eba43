import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { EndpointName } from '../../../shared/bank-api'
import { OutboxPaymentKind, OutboxState } from '../../../shared/contract/sync'
import { AppError } from '../../../shared/errors'
import type { Clock, DocStore } from '../../base/ports'

const WireErr = z.object({ code: z.string(), message: z.string() })

export const OutboxItem = z.object({
  id: z.string(),
  kind: OutboxPaymentKind,
  payload: z.record(z.string(), z.unknown()),
  /** Chosen when the item is queued, before the first attempt, and never changed. */
  idempotencyKey: z.string(),
  createdAt: z.number(),
  state: OutboxState,
  attempts: z.number().int().nonnegative(),
  lastAttemptAt: z.number().nullable(),
  /**
   * When the first attempt went out, on the bank's clock as well as the app could tell: whether the
   * bank still remembers it is judged from this. Absent in documents written before it was recorded
   * (see firstAttemptOf).
   */
  firstAttemptAt: z.number().nullable().optional(),
  /** The user confirmed sending a parked (needs-confirmation) item again, although the bank may have done it. */
  resendConfirmed: z.boolean().optional(),
  /**
   * The names (never the values) of the fields this item needs to be sent and that are held in
   * memory only (SEND_ONLY_FIELDS): after a restart it waits for them (awaiting-password).
   */
  secretFields: z.array(z.string()).optional(),
  finishedAt: z.number().nullable(),
  error: WireErr.nullable(),
  result: z.unknown().optional(),
})
export type OutboxItem = z.infer<typeof OutboxItem>
export type OutboxKind = OutboxItem['kind']

/** The bank endpoint each kind of payment is sent to, online (src/main/core/payments/context.ts) or from here. */
export const OUTBOX_ENDPOINTS = {
  topup: 'topup',
  withdraw: 'withdraw',
  'transfer.wallet': 'transferToWallet',
  'transfer.card': 'transferToCard',
  'bill.pay': 'payBill',
} as const satisfies Record<OutboxKind, EndpointName>

/** Not finished: it may still be sent, or may be waiting for its outcome or for the user. */
const UNSETTLED: ReadonlySet<OutboxState> = new Set(['queued', 'sending', 'needs-confirmation', 'awaiting-password'])

/**
 * When an attempted item was first sent (bank time). An item from an older document has no such
 * time; it was queued at createdAt, which is no later than its first attempt, so it can only seem older.
 */
export function firstAttemptOf(item: OutboxItem): number {
  return item.firstAttemptAt ?? item.createdAt
}

/**
 * Fields of a payload that are needed only to send it (secrets). They never reach the document: the
 * outbox holds them in memory, by item, until the item is sent, finished, parked or cancelled. After
 * a restart an item that needed them waits for the user to give them again (awaiting-password).
 */
const SEND_ONLY_FIELDS: readonly string[] = ['payPassword']

type Secrets = Record<string, string>

/** Splits a payload into what may be stored and the secrets, which may not. */
function splitSecrets(payload: Record<string, unknown>): { stored: Record<string, unknown>; secrets: Secrets } {
  const stored: Record<string, unknown> = {}
  const secrets: Secrets = {}
  for (const [field, value] of Object.entries(payload)) {
    if (!SEND_ONLY_FIELDS.includes(field)) stored[field] = value
    else if (typeof value === 'string') secrets[field] = value
  }
  return { stored, secrets }
}

const OutboxDoc = z.object({
  version: z.literal(1),
  items: z.array(OutboxItem),
  /**
   * Written by a version that never stores a secret here. A document without it was written by an
   * older one, whose previous generation may still hold a payment password even when the current one
   * no longer does (it was removed when the item finished): it is rewritten once, both generations.
   */
  secretFree: z.literal(true).optional(),
})
/** The sealed document of the queue; protected against a copy of an older one put back (src/main/core/vault-gate.ts). */
export const OUTBOX_DOC = 'outbox'
const DOC = OUTBOX_DOC

/** What one attempt to send an item came to. `retry` means the bank's answer is unknown or temporary. */
export type SendOutcome =
  | { kind: 'succeeded'; result: unknown }
  | { kind: 'rejected'; error: { code: string; message: string } }
  /** `notSent`: the connection could not be opened, so this attempt did not reach the bank and does not count. */
  | { kind: 'retry'; error: { code: string; message: string }; notSent?: boolean }

/**
 * What the bank's record says about an item that was attempted before, asked before sending it again:
 * its outcome (succeeded / rejected), still in flight or not askable now (retry), never received
 * (send), or possibly done and forgotten (park: only the user may send it again).
 */
export type CheckOutcome = SendOutcome | { kind: 'send' } | { kind: 'park' }

export interface OutboxDeps {
  store: DocStore
  clock: Clock
  send(item: OutboxItem): Promise<SendOutcome>
  /** Asks the bank what became of an item that was attempted before; called before every resend. */
  check(item: OutboxItem): Promise<CheckOutcome>
  /** Now on the bank's clock (an estimate), for firstAttemptAt. */
  bankNow(): number
  /**
   * Awaited before each write of the document, with the items as they are about to be written: a
   * note kept outside the sealed document (src/main/core/outbox-hint.ts) can be raised first, so a
   * crash between the two never leaves it lower than the truth.
   */
  beforeSave?(items: readonly OutboxItem[]): Promise<void>
  onChange?(items: readonly OutboxItem[]): void
  newId?(): string
}

export interface DrainReport {
  succeeded: number
  rejected: number
  /** Items parked as needs-confirmation in this pass. */
  parked: number
  /** Set when draining stopped on a temporary failure; the rest stays queued in order. */
  stoppedOn: { code: string; message: string } | null
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * Money movements made while the bank cannot be reached, or whose answer was lost. Kept in a sealed
 * document, sent in order, each under the idempotency key chosen when it was queued. An item that was
 * attempted before is never simply sent again: the bank is asked for its outcome under that key first,
 * because the bank replays answers only for a day but remembers outcomes for a month — so a retry, a
 * crash between send and answer, or a restart weeks later can never make the bank execute it twice.
 */
export function createOutbox(deps: OutboxDeps) {
  const newId = deps.newId ?? randomUUID
  let items: OutboxItem[] | undefined
  let loading: Promise<OutboxItem[]> | undefined
  let draining: Promise<DrainReport> | undefined
  /** The secrets of unsent items, by item id: in this process only, never in the document. */
  const secrets = new Map<string, Secrets>()

  function hasSecrets(item: OutboxItem): boolean {
    const held = secrets.get(item.id)
    return (item.secretFields ?? []).every((field) => held !== undefined && field in held)
  }

  function forgetSecrets(item: OutboxItem): void {
    secrets.delete(item.id)
  }

  function finish(item: OutboxItem, now: number): void {
    item.finishedAt = now
    forgetSecrets(item)
  }

  /**
   * Reads the document once. A document written by an older version may hold payment passwords in
   * its payloads: they move to memory (this run may still send with them) and the document is
   * rewritten so that neither it nor its previous generation keeps them. An unsent item whose
   * secrets were in the memory of an earlier run waits for the user (awaiting-password).
   */
  async function readDoc(): Promise<OutboxItem[]> {
    const doc = await deps.store.read(DOC, OutboxDoc)
    const list = doc?.items ?? []
    let leaked = doc !== undefined && doc.secretFree !== true
    let changed = false
    for (const item of list) {
      const { stored, secrets: found } = splitSecrets(item.payload)
      if (Object.keys(stored).length !== Object.keys(item.payload).length) {
        leaked = true
        item.payload = stored
        if (item.finishedAt === null && Object.keys(found).length > 0) {
          secrets.set(item.id, found)
          item.secretFields = Object.keys(found)
        }
      }
      if (item.state === 'queued' && item.attempts === 0 && !hasSecrets(item)) {
        item.state = 'awaiting-password'
        changed = true
      }
    }
    if (leaked || changed) {
      await deps.beforeSave?.(list)
      await deps.store.write(DOC, { version: 1, items: list, secretFree: true }, { forget: leaked })
    }
    return list
  }

  async function load(): Promise<OutboxItem[]> {
    if (items) return items
    loading ??= readDoc().then((list) => (items = list))
    try {
      return await loading
    } finally {
      loading = undefined
    }
  }

  async function save(): Promise<void> {
    const list = await load()
    await deps.beforeSave?.(list)
    // Secrets are held apart from the items; this only makes sure none is ever written by mistake.
    const stored = list.map((item) => ({ ...item, payload: splitSecrets(item.payload).stored }))
    await deps.store.write(DOC, { version: 1, items: stored, secretFree: true })
    deps.onChange?.(list)
  }

  /** The item as it is sent: its payload with the secrets held for it. */
  function withSecrets(item: OutboxItem): OutboxItem {
    return { ...item, payload: { ...item.payload, ...secrets.get(item.id) } }
  }

  /**
   * Queues a money movement. A payment whose first attempt already went out (its answer was lost)
   * is queued with that attempt's key and time and counted as attempted: the bank may have done it, so
   * its outcome is asked for under that key before anything is sent, and it can no longer be cancelled
   * here.
   */
  async function enqueue(
    kind: OutboxKind,
    payload: Record<string, unknown>,
    options: { idempotencyKey?: string; attempted?: boolean; firstAttemptAt?: number } = {},
  ): Promise<OutboxItem> {
    const { stored, secrets: held } = splitSecrets(payload)
    const item: OutboxItem = {
      id: newId(),
      kind,
      payload: stored,
      idempotencyKey: options.idempotencyKey ?? newId(),
      createdAt: deps.clock.now(),
      state: 'queued',
      attempts: options.attempted ? 1 : 0,
      lastAttemptAt: null,
      firstAttemptAt: options.attempted ? (options.firstAttemptAt ?? deps.bankNow()) : null,
      finishedAt: null,
      error: null,
      ...(Object.keys(held).length > 0 ? { secretFields: Object.keys(held) } : {}),
    }
    const list = await load()
    if (Object.keys(held).length > 0) secrets.set(item.id, held)
    list.push(item)
    await save()
    return item
  }

  async function find(id: string): Promise<OutboxItem> {
    const item = (await load()).find((i) => i.id === id)
    if (!item) throw new AppError('NOT_FOUND', 'no such outbox item')
    return item
  }

  /**
   * Takes back an item that was never sent, or one parked as needs-confirmation (the user decides
   * not to send it again, for instance because the statement shows it went through).
   */
  async function cancel(id: string): Promise<OutboxItem> {
    const item = await find(id)
    // An item that was handed to the bank may already be committed there: only the bank can undo it,
    // and only the user, who can check the statement, may give up on one the bank has forgotten.
    const cancellable =
      ((item.state === 'queued' || item.state === 'awaiting-password') && item.attempts === 0) ||
      item.state === 'needs-confirmation'
    if (!cancellable) throw new AppError('OUTBOX_NOT_CANCELLABLE', `item is ${item.state}`)
    item.state = 'cancelled'
    finish(item, deps.clock.now())
    await save()
    return item
  }

  function hold(item: OutboxItem, given: Record<string, unknown>): void {
    const { secrets: held } = splitSecrets(given)
    secrets.set(item.id, held)
    item.secretFields = Object.keys(held)
  }

  /**
   * The secrets (the payment password) given again for an item that waits for them, or for a parked
   * item the user decided to send again under its key. A waiting item goes back in line as it was:
   * one that was attempted is still asked about at the bank before anything is sent. A parked one is
   * sent although the bank no longer remembers the first attempt, so if that went through this pays
   * a second time: the renderer asks first.
   */
  async function resend(id: string, given: Record<string, unknown>): Promise<OutboxItem> {
    const item = await find(id)
    if (item.state !== 'needs-confirmation' && item.state !== 'awaiting-password')
      throw new AppError('OUTBOX_NOT_RESENDABLE', `item is ${item.state}`)
    hold(item, given)
    if (item.state === 'needs-confirmation') item.resendConfirmed = true
    item.state = 'queued'
    item.error = null
    await save()
    return item
  }

  /** Whether the secrets of an item are held in memory now (for tests and diagnostics: never their values). */
  function holdsSecretsOf(id: string): boolean {
    return secrets.has(id)
  }

  /**
   * An unsettled item for the same payment, which a second press joins: same kind, same fields, the
   * payment password aside (a parked item no longer keeps it, and it does not make another payment).
   */
  async function findUnsettled(kind: OutboxKind, body: Record<string, unknown>): Promise<OutboxItem | undefined> {
    const fields = Object.entries(body).filter(([k]) => !SEND_ONLY_FIELDS.includes(k))
    return (await load()).find((i) => i.kind === kind && UNSETTLED.has(i.state) && fields.every(([k, v]) => sameValue(i.payload[k], v)))
  }

  function settle(item: OutboxItem, outcome: Extract<SendOutcome, { kind: 'succeeded' | 'rejected' }>, report: DrainReport): void {
    finish(item, deps.clock.now())
    delete item.resendConfirmed
    if (outcome.kind === 'succeeded') {
      item.state = 'succeeded'
      item.result = outcome.result
      item.error = null
      report.succeeded++
    } else {
      item.state = 'rejected'
      item.error = outcome.error
      report.rejected++
    }
  }

  async function failSafe<T extends CheckOutcome>(call: () => Promise<T>): Promise<T | SendOutcome> {
    try {
      return await call()
    } catch (error) {
      return { kind: 'retry', error: { code: 'NETWORK', message: error instanceof Error ? error.message : String(error) } }
    }
  }

  async function drainOnce(): Promise<DrainReport> {
    const report: DrainReport = { succeeded: 0, rejected: 0, parked: 0, stoppedOn: null }
    for (const item of await load()) {
      if (item.state !== 'queued' && item.state !== 'sending') continue
      if (item.attempts > 0) {
        // It may have reached the bank (its answer was lost, or the app stopped while it was out):
        // the bank's record decides, not another send.
        let verdict = await failSafe(() => deps.check(item))
        if (verdict.kind === 'park' && item.resendConfirmed) verdict = { kind: 'send' }
        if (verdict.kind === 'retry') {
          item.state = 'queued'
          item.error = verdict.error
          await save()
          report.stoppedOn = verdict.error
          return report
        }
        if (verdict.kind === 'park') {
          item.state = 'needs-confirmation'
          // A parked item may wait for the user indefinitely; the decision brings the password again.
          forgetSecrets(item)
          item.error = {
            code: 'NEEDS_CONFIRMATION',
            message: 'the bank no longer remembers the first attempt, so whether it went through is not known',
          }
          report.parked++
          await save()
          continue
        }
        if (verdict.kind !== 'send') {
          settle(item, verdict, report)
          await save()
          continue
        }
      }
      if (!hasSecrets(item)) {
        // Its password was in the memory of an earlier run: only the user can give it again.
        item.state = 'awaiting-password'
        item.error = null
        await save()
        continue
      }
      const before = { attempts: item.attempts, firstAttemptAt: item.firstAttemptAt, resendConfirmed: item.resendConfirmed }
      // Sent again by the user's decision: from the bank's point of view this is a first attempt.
      if (item.resendConfirmed) item.firstAttemptAt = deps.bankNow()
      delete item.resendConfirmed
      item.firstAttemptAt ??= item.attempts > 0 ? firstAttemptOf(item) : deps.bankNow()
      item.state = 'sending'
      item.attempts += 1
      item.lastAttemptAt = deps.clock.now()
      await save()
      const outcome = await failSafe(() => deps.send(withSecrets(item)))
      if (outcome.kind === 'retry') {
        // Never left this computer: the item is as unsent (and as cancellable) as before.
        if (outcome.notSent) Object.assign(item, before)
        item.state = 'queued'
        item.error = outcome.error
        await save()
        report.stoppedOn = outcome.error
        return report
      }
      settle(item, outcome, report)
      await save()
    }
    return report
  }

  /** Sends every pending item in order; concurrent callers share one pass. */
  function drain(): Promise<DrainReport> {
    draining ??= drainOnce().finally(() => (draining = undefined))
    return draining
  }

  async function list(): Promise<readonly OutboxItem[]> {
    return [...(await load())]
  }

  async function pendingCount(): Promise<number> {
    return (await load()).filter((i) => i.state === 'queued' || i.state === 'sending').length
  }

  return { enqueue, cancel, resend, findUnsettled, drain, list, pendingCount, holdsSecretsOf }
}

export type Outbox = ReturnType<typeof createOutbox>
