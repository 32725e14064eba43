/**
 * What every request and answer of the bank's HTTP API carries besides its body: the headers, the
 * idempotency key's form, and the error body with its HTTP status per code.
 *
 * Conventions: amounts are integer fen; times are epoch milliseconds; every mutating request carries
 * an `Idempotency-Key` header; signed-in calls carry `Authorization: Bearer <token>`; errors are
 * `{ error: { code, message, details? } }` with a stable code from BankErrorCode.
 */
import { z } from 'zod'
import { BANK_ERROR_CODES } from '../errors'

export const IDEMPOTENCY_HEADER = 'idempotency-key'
export const MERCHANT_KEY_HEADER = 'x-merchant-key'
/**
 * The per-launch secret of the bank's own client. Whoever starts the mock bank makes it
 * (src/main/platform/bank/embedded.ts for the app) and hands it to that client only; the bank refuses
 * every request without it (403 CLIENT_NOT_TRUSTED), so a web page in a browser on this computer,
 * which cannot add a custom header to a cross-site request without a CORS preflight the bank never
 * grants, cannot reach it, nor can another program that does not know the secret.
 */
export const BANK_CLIENT_HEADER = 'x-bank-client'
/** Set on a response replayed from the idempotency store. */
export const REPLAYED_HEADER = 'idempotent-replayed'
/**
 * The bank's clock (epoch ms) when it answered, on every response: a client judges the age of what the
 * bank remembers in the bank's time, not its own.
 */
export const BANK_TIME_HEADER = 'x-bank-time'
/** 8–128 printable ASCII characters. */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{8,128}$/, '8–128 printable characters')

// The list lives with the app's error codes (src/shared/errors.ts), which pass the bank's codes through unchanged.
export { BANK_ERROR_CODES }

export const BankErrorCode = z.enum(BANK_ERROR_CODES)
export type BankErrorCode = z.infer<typeof BankErrorCode>

export const ErrorDetails = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
export type ErrorDetails = z.infer<typeof ErrorDetails>

export const BankErrorBody = z.object({
  error: z.object({ code: BankErrorCode, message: z.string(), details: ErrorDetails.optional() }),
})
export type BankErrorBody = z.infer<typeof BankErrorBody>

/** HTTP status for each code; the body's code is what clients branch on. */
export const BANK_ERROR_STATUS: Record<BankErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  CLIENT_NOT_TRUSTED: 403,
  NOT_FOUND: 404,
  INTERNAL: 500,
  BANK_UNAVAILABLE: 503,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  IDEMPOTENCY_CONFLICT: 422,
  IDEMPOTENCY_IN_FLIGHT: 409,
  CURSOR_INVALID: 400,
  PHONE_INVALID: 422,
  NAME_INVALID: 422,
  ID_INVALID: 422,
  PASSWORD_WEAK: 422,
  PHONE_TAKEN: 409,
  ID_TAKEN: 409,
  SMS_RATE_LIMITED: 429,
  OTP_INVALID: 422,
  OTP_EXPIRED: 422,
  OTP_TOO_MANY: 429,
  CREDENTIALS_INVALID: 401,
  LOGIN_LOCKED: 423,
  DEVICE_UNVERIFIED: 403,
  CHALLENGE_INVALID: 422,
  TOTP_INVALID: 422,
  TOTP_NOT_ENABLED: 409,
  TOTP_ALREADY_ENABLED: 409,
  TOTP_LOCKED: 423,
  ACCOUNT_CLOSED: 410,
  DEVICE_IS_CURRENT: 409,
  CARD_INVALID: 422,
  CARD_FROZEN: 422,
  CARD_NOT_OWNED: 422,
  CARD_EXPIRED: 422,
  CARD_ALREADY_BOUND: 409,
  CARD_LIMIT_REACHED: 422,
  PAY_PASSWORD_NOT_SET: 409,
  PAY_PASSWORD_ALREADY_SET: 409,
  PAY_PASSWORD_TRIVIAL: 422,
  PAY_PASSWORD_WRONG: 422,
  PAY_PASSWORD_LOCKED: 423,
  INSUFFICIENT_FUNDS: 422,
  LIMIT_EXCEEDED: 422,
  AMOUNT_TOO_SMALL: 422,
  PAYEE_NOT_FOUND: 404,
  PAYEE_SELF: 422,
  PAY_CODE_INVALID: 422,
  PAY_CODE_USED: 422,
  CHARGE_NOT_PENDING: 409,
  ORDER_INVALID: 422,
  ORDER_EXPIRED: 422,
  ORDER_PAID: 409,
  BILL_NOT_FOUND: 404,
  BILL_ALREADY_PAID: 409,
  BILL_AMOUNT_MISMATCH: 422,
  COUPON_INVALID: 422,
  COUPON_USED: 409,
  COUPON_EXPIRED: 422,
  COUPON_ALREADY_CLAIMED: 409,
  COUPON_NOT_STARTED: 409,
  COUPON_CAMPAIGN_ENDED: 409,
  COUPON_OUT_OF_STOCK: 409,
  COUPON_NOT_ELIGIBLE: 403,
  DEREGISTER_BLOCKED: 409,
  IDENTITY_MISMATCH: 422,
  PAY_PASSWORD_REQUIRED: 422,
  SMALL_AMOUNT_LIMIT_INVALID: 422,
  RISK_ASSESSMENT_REQUIRED: 422,
  RISK_ASSESSMENT_EXPIRED: 422,
  RISK_LEVEL_TOO_LOW: 422,
  RISK_ASSESSMENT_LIMIT: 429,
}
