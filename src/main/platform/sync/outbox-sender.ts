import { BANK_API } from '../../../shared/bank-api'
import { AppError, outcomeOf } from '../../../shared/errors'
import { wasNeverSent, type BankClient } from '../bank/client'
import { storedError, verdictOf } from '../bank/idempotency'
import { firstAttemptOf, OUTBOX_ENDPOINTS, type CheckOutcome, type OutboxItem, type OutboxKind, type SendOutcome } from './outbox'

const wire = (error: AppError) => ({ code: error.code, message: error.message })

/** What a finished item keeps of the bank's answer. */
function resultOf(kind: OutboxKind, body: unknown): { txId: string; balanceFen: number } | null {
  const parsed = BANK_API[OUTBOX_ENDPOINTS[kind]].response.safeParse(body)
  if (!parsed.success) return null
  return { txId: parsed.data.transaction.txId, balanceFen: parsed.data.balanceFen }
}

/** A failed call: final → rejected; anything else (not done yet, or not known) → stays queued under its key. */
function failed(error: unknown): SendOutcome {
  if (!(error instanceof AppError)) throw error
  if (outcomeOf(error) === 'final') return { kind: 'rejected', error: wire(error) }
  return wasNeverSent(error) ? { kind: 'retry', error: wire(error), notSent: true } : { kind: 'retry', error: wire(error) }
}

/**
 * Sends outbox items to the bank under the idempotency key each was given when queued, and asks the
 * bank (GET /operations/:key) what became of one that was attempted before.
 */
export function createOutboxSender(bank: BankClient, token: () => Promise<string>) {
  async function send(item: OutboxItem): Promise<SendOutcome> {
    const name = OUTBOX_ENDPOINTS[item.kind]
    // Only what the endpoint takes is sent: the payload also holds what the outbox list shows.
    const body = BANK_API[name].body.safeParse(item.payload)
    if (!body.success) return { kind: 'rejected', error: { code: 'INVALID_INPUT', message: 'the queued payment is not valid' } }
    try {
      const response = await bank.send(name, { body: body.data, token: await token(), idempotencyKey: item.idempotencyKey })
      return { kind: 'succeeded', result: resultOf(item.kind, response) }
    } catch (error) {
      return failed(error)
    }
  }

  async function check(item: OutboxItem): Promise<CheckOutcome> {
    try {
      const verdict = verdictOf(await bank.operation(await token(), item.idempotencyKey), firstAttemptOf(item))
      switch (verdict.state) {
        case 'done':
          if (verdict.status >= 200 && verdict.status < 300)
            return { kind: 'succeeded', result: resultOf(item.kind, verdict.body) }
          return { kind: 'rejected', error: wire(storedError(verdict.body)) }
        case 'in-flight':
          return {
            kind: 'retry',
            error: { code: 'IDEMPOTENCY_IN_FLIGHT', message: 'the bank is still processing the first attempt' },
          }
        case 'unknown':
          return verdict.safe ? { kind: 'send' } : { kind: 'park' }
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      // Without the bank's record nothing may be sent: whatever the reason, ask again later.
      return { kind: 'retry', error: wire(error) }
    }
  }

  return { send, check, bankNow: () => bank.bankNow() }
}
