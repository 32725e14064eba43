/**
 * The mock bank's development endpoints (`/_dev/*`): the SMS inbox and stream that stand in for real
 * SMS, fault injection, the movable clock and a look at the ledger. A real bank has none of them, so
 * they are not in the endpoint table; these are their bodies.
 */
import { z } from 'zod'
import { SmsPurpose, Timestamp } from './domain'

export const SmsMessage = z.object({
  smsId: z.string(),
  phone: z.string(),
  purpose: SmsPurpose,
  code: z.string(),
  text: z.string(),
  sentAt: Timestamp,
  expiresAt: Timestamp,
})
export type SmsMessage = z.infer<typeof SmsMessage>
export const DevSmsResponse = z.object({ messages: z.array(SmsMessage) })
export type DevSmsResponse = z.infer<typeof DevSmsResponse>

export const FaultConfig = z.object({
  /** Simulated processing time, applied after the idempotency key is registered. */
  latencyMs: z
    .union([
      z.number().int().nonnegative(),
      z.object({ min: z.number().int().nonnegative(), max: z.number().int().nonnegative() }),
    ])
    .optional(),
  /** Answer 503 BANK_UNAVAILABLE before doing anything. */
  errorRate: z.number().min(0).max(1).optional(),
  /** Destroy the connection before doing anything. */
  resetRate: z.number().min(0).max(1).optional(),
  /** Commit the operation, then destroy the connection instead of answering. */
  dropAfterCommitRate: z.number().min(0).max(1).optional(),
  /** Mutations: the request is delivered twice (the second answered from the idempotency store). Changes feed: the page repeats earlier items. */
  duplicateRate: z.number().min(0).max(1).optional(),
  /** Changes feed: the items of a page arrive shuffled (each keeps its seq). */
  reorderRate: z.number().min(0).max(1).optional(),
  /** Only requests whose path starts with one of these; default all except /_dev. */
  paths: z.array(z.string()).optional(),
  /** Deterministic fault decisions. */
  seed: z.number().int().optional(),
})
export type FaultConfig = z.infer<typeof FaultConfig>

export const ClockRequest = z.object({ advanceMs: z.number().int().optional(), setMs: z.number().int().optional() })
export type ClockRequest = z.infer<typeof ClockRequest>
export const ClockResponse = z.object({ now: Timestamp, offsetMs: z.number().int() })
export type ClockResponse = z.infer<typeof ClockResponse>

export const LedgerReport = z.object({
  balanced: z.boolean(),
  postings: z.number().int(),
  accounts: z.number().int(),
  /** Sum over every account; 0 when the ledger balances. */
  sumFen: z.number().int(),
  negative: z.array(z.object({ account: z.string(), balanceFen: z.number().int() })),
  /** Totals by account kind (w wallets, c cards, m merchants, b billers, h holdings, s suspense, x bank). */
  byKind: z.record(z.string(), z.number().int()),
})
export type LedgerReport = z.infer<typeof LedgerReport>
