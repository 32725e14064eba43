/**
 * The mock bank's development endpoints (`/_dev/*`): the SMS inbox that stands in for real SMS, fault
 * injection, the movable clock, a look at the ledger and at a customer. A real bank has none of them,
 * so they are not in the endpoint table; the mock bank serves them only when started with its
 * development option (src/mock-bank/index.ts `devRoutes`: the harness, the tests, `npm run bank --
 * --dev-routes`), never as the app embeds it. These are their routes and bodies.
 */
import { z } from 'zod'
import { SmsPurpose, Timestamp } from './domain'
import type { Method } from './endpoints'

/** Every development route, once: src/mock-bank/http/routes-dev.ts registers exactly these. */
export const DEV_API = {
  /** The SMS inbox of a phone, latest first. */
  sms: { method: 'GET', path: '/_dev/sms/:phone' },
  faults: { method: 'GET', path: '/_dev/faults' },
  setFaults: { method: 'POST', path: '/_dev/faults' },
  clearFaults: { method: 'DELETE', path: '/_dev/faults' },
  clock: { method: 'GET', path: '/_dev/clock' },
  moveClock: { method: 'POST', path: '/_dev/clock' },
  ledger: { method: 'GET', path: '/_dev/ledger' },
  customer: { method: 'GET', path: '/_dev/customers/:phone' },
  /** Stands in for the counter visit that opens a 一类 wallet. */
  counter: { method: 'POST', path: '/_dev/customers/:phone/counter' },
  /** Stands in for an authenticator app holding a known key (the RFC 6238 test vectors): replaces a pending enrolment's key. */
  totpSecret: { method: 'POST', path: '/_dev/customers/:phone/totp-secret' },
} as const satisfies Record<string, { method: Method; path: `/_dev/${string}` }>
export type DevRouteName = keyof typeof DEV_API

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

export const TotpSecretRequest = z.object({ secret: z.string().regex(/^[A-Z2-7]{16,}$/, 'an unpadded base32 key') }).strict()
export type TotpSecretRequest = z.infer<typeof TotpSecretRequest>

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
