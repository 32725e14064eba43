import type { z } from 'zod'
import { AppError } from '../../shared/errors'
import * as api from '../bank/api'
import type { BankClient } from '../bank/client'
import { isUncertain } from '../core/idempotency'
import type { OutboxItem, OutboxKind, SendOutcome } from './outbox'

const ROUTES: Record<OutboxKind, { path: string; body: z.ZodType; schema: z.ZodType }> = {
  topup: { path: '/topup', body: api.TopupRequest, schema: api.MoneyResponse },
  withdraw: { path: '/withdraw', body: api.WithdrawRequest, schema: api.MoneyResponse },
  'transfer.wallet': { path: '/transfers/wallet', body: api.WalletTransferRequest, schema: api.MoneyResponse },
  'transfer.card': { path: '/transfers/card', body: api.CardTransferRequest, schema: api.MoneyResponse },
  'bill.pay': { path: '/bills/pay', body: api.BillPayRequest, schema: api.BillPayResponse },
}

/** Codes after which sending later may still work: the item stays queued under its key. */
const NOT_NOW = new Set(['LOCKED', 'SESSION_EXPIRED', 'UNAUTHORIZED', 'IDEMPOTENCY_IN_FLIGHT', 'VAULT_LOCKED'])

/** Sends one outbox item to the bank under the idempotency key it was given when queued. */
export function createOutboxSender(bank: BankClient, token: () => Promise<string>) {
  return async function send(item: OutboxItem): Promise<SendOutcome> {
    const route = ROUTES[item.kind]
    const body = route.body.safeParse(item.payload)
    if (!body.success) return { kind: 'rejected', error: { code: 'INVALID_INPUT', message: 'the queued payment is not valid' } }
    try {
      const result = (await bank.request('POST', route.path, {
        schema: route.schema,
        body: body.data,
        token: await token(),
        idempotencyKey: item.idempotencyKey,
      })) as api.MoneyResponse
      return { kind: 'succeeded', result: { txId: result.transaction.txId, balanceFen: result.balanceFen } }
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      if (isUncertain(error) || NOT_NOW.has(error.code)) return { kind: 'retry', error: { code: error.code, message: error.message } }
      return { kind: 'rejected', error: { code: error.code, message: error.message } }
    }
  }
}
