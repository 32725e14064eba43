import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { AppError } from '../../shared/errors'
import type { Clock, DocStore } from '../core/ports'

export const OUTBOX_KINDS = ['transfer.wallet', 'transfer.card', 'topup', 'withdraw', 'bill.pay'] as const

const WireErr = z.object({ code: z.string(), message: z.string() })

export const OutboxItem = z.object({
  id: z.string(),
  kind: z.enum(OUTBOX_KINDS),
  payload: z.record(z.string(), z.unknown()),
  /** Chosen when the item is queued, before the first attempt, and never changed. */
  idempotencyKey: z.string(),
  createdAt: z.number(),
  state: z.enum(['queued', 'sending', 'succeeded', 'rejected', 'cancelled']),
  attempts: z.number().int().nonnegative(),
  lastAttemptAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  error: WireErr.nullable(),
  result: z.unknown().optional(),
})
export type OutboxItem = z.infer<typeof OutboxItem>
export type OutboxKind = OutboxItem['kind']

/** Fields of a payload that are needed only to send it; removed as soon as the item is finished. */
const SEND_ONLY_FIELDS = ['payPassword']

function finish(item: OutboxItem, now: number): void {
  item.finishedAt = now
  for (const field of SEND_ONLY_FIELDS) delete item.payload[field]
}

const OutboxDoc = z.object({ version: z.literal(1), items: z.array(OutboxItem) })
const DOC = 'outbox'

/** What one attempt to send an item came to. `retry` means the bank's answer is unknown or temporary. */
export type SendOutcome =
  | { kind: 'succeeded'; result: unknown }
  | { kind: 'rejected'; error: { code: string; message: string } }
  | { kind: 'retry'; error: { code: string; message: string } }

export interface OutboxDeps {
  store: DocStore
  clock: Clock
  send(item: OutboxItem): Promise<SendOutcome>
  onChange?(items: readonly OutboxItem[]): void
  newId?(): string
}

export interface DrainReport {
  succeeded: number
  rejected: number
  /** Set when draining stopped on a temporary failure; the rest stays queued in order. */
  stoppedOn: { code: string; message: string } | null
}

/**
 * Money movements made while the bank cannot be reached. Kept in a sealed document, sent in order,
 * each under the idempotency key chosen when it was queued — so a retry, a crash between send and
 * answer, or a restart can never make the bank execute it twice.
 */
export function createOutbox(deps: OutboxDeps) {
  const newId = deps.newId ?? randomUUID
  let items: OutboxItem[] | undefined
  let draining: Promise<DrainReport> | undefined

  async function load(): Promise<OutboxItem[]> {
    items ??= (await deps.store.read(DOC, OutboxDoc))?.items ?? []
    return items
  }

  async function save(): Promise<void> {
    const list = await load()
    await deps.store.write(DOC, { version: 1, items: list })
    deps.onChange?.(list)
  }

  /**
   * Queues a money movement. A payment whose first attempt already went out (its answer was lost)
   * is queued with that attempt's key and counted as attempted: the bank may have done it, so it is
   * sent under the same key and can no longer be cancelled here.
   */
  async function enqueue(
    kind: OutboxKind,
    payload: Record<string, unknown>,
    options: { idempotencyKey?: string; attempted?: boolean } = {},
  ): Promise<OutboxItem> {
    const item: OutboxItem = {
      id: newId(),
      kind,
      payload,
      idempotencyKey: options.idempotencyKey ?? newId(),
      createdAt: deps.clock.now(),
      state: 'queued',
      attempts: options.attempted ? 1 : 0,
      lastAttemptAt: null,
      finishedAt: null,
      error: null,
    }
    ;(await load()).push(item)
    await save()
    return item
  }

  async function cancel(id: string): Promise<OutboxItem> {
    const item = (await load()).find((i) => i.id === id)
    if (!item) throw new AppError('NOT_FOUND', 'no such outbox item')
    // An item that was ever handed to the bank may already be committed there: only the bank can undo it.
    if (item.state !== 'queued' || item.attempts > 0) throw new AppError('OUTBOX_NOT_CANCELLABLE', `item is ${item.state}`)
    item.state = 'cancelled'
    finish(item, deps.clock.now())
    await save()
    return item
  }

  async function drainOnce(): Promise<DrainReport> {
    const report: DrainReport = { succeeded: 0, rejected: 0, stoppedOn: null }
    for (const item of await load()) {
      if (item.state !== 'queued' && item.state !== 'sending') continue
      item.state = 'sending'
      item.attempts += 1
      item.lastAttemptAt = deps.clock.now()
      await save()
      let outcome: SendOutcome
      try {
        outcome = await deps.send(item)
      } catch (error) {
        outcome = { kind: 'retry', error: { code: 'NETWORK', message: error instanceof Error ? error.message : String(error) } }
      }
      if (outcome.kind === 'retry') {
        item.state = 'queued'
        item.error = outcome.error
        await save()
        report.stoppedOn = outcome.error
        return report
      }
      finish(item, deps.clock.now())
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

  return { enqueue, cancel, drain, list, pendingCount }
}

export type Outbox = ReturnType<typeof createOutbox>
