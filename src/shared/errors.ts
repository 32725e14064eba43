/**
 * Stable error codes that cross the bridge. The renderer maps each code to an i18n message
 * (`errors.<CODE>`); the `message` that travels with it is a developer-facing fallback only.
 */
/** The bank's stable error codes; the bank's HTTP API (src/shared/bank-api) uses this list. */
export const BANK_ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHORIZED',
  'SESSION_EXPIRED',
  'FORBIDDEN',
  /** The request did not come from the bank's own client: a foreign Host header or no (or a wrong) client secret. */
  'CLIENT_NOT_TRUSTED',
  'NOT_FOUND',
  'INTERNAL',
  'BANK_UNAVAILABLE',
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_CONFLICT',
  'IDEMPOTENCY_IN_FLIGHT',
  'CURSOR_INVALID',
  'PHONE_INVALID',
  'NAME_INVALID',
  'ID_INVALID',
  'PASSWORD_WEAK',
  'PHONE_TAKEN',
  'ID_TAKEN',
  'SMS_RATE_LIMITED',
  'OTP_INVALID',
  'OTP_EXPIRED',
  'OTP_TOO_MANY',
  'CREDENTIALS_INVALID',
  'LOGIN_LOCKED',
  'DEVICE_UNVERIFIED',
  'CHALLENGE_INVALID',
  'TOTP_INVALID',
  'TOTP_NOT_ENABLED',
  'TOTP_ALREADY_ENABLED',
  /** Too many wrong authenticator codes in a row: every TOTP check is refused until `retryAt` (bank time). */
  'TOTP_LOCKED',
  'ACCOUNT_CLOSED',
  /** A device cannot remove itself from the device list: 退出登录 is for that. */
  'DEVICE_IS_CURRENT',
  'CARD_INVALID',
  'CARD_FROZEN',
  'CARD_NOT_OWNED',
  'CARD_EXPIRED',
  'CARD_ALREADY_BOUND',
  'CARD_LIMIT_REACHED',
  'PAY_PASSWORD_NOT_SET',
  'PAY_PASSWORD_ALREADY_SET',
  'PAY_PASSWORD_TRIVIAL',
  'PAY_PASSWORD_WRONG',
  'PAY_PASSWORD_LOCKED',
  'INSUFFICIENT_FUNDS',
  'LIMIT_EXCEEDED',
  'AMOUNT_TOO_SMALL',
  'PAYEE_NOT_FOUND',
  'PAYEE_SELF',
  'PAY_CODE_INVALID',
  'PAY_CODE_USED',
  'CHARGE_NOT_PENDING',
  'ORDER_INVALID',
  'ORDER_EXPIRED',
  'ORDER_PAID',
  'BILL_NOT_FOUND',
  'BILL_ALREADY_PAID',
  'BILL_AMOUNT_MISMATCH',
  'COUPON_INVALID',
  'COUPON_USED',
  'COUPON_EXPIRED',
  'COUPON_ALREADY_CLAIMED',
  /** The campaign's current round has not started yet (details.startsAt, bank time). */
  'COUPON_NOT_STARTED',
  /** The campaign's round is over (details.endsAt; the next round's start in details.nextStartsAt). */
  'COUPON_CAMPAIGN_ENDED',
  /** Every coupon of this round has been claimed. */
  'COUPON_OUT_OF_STOCK',
  /** The campaign is not for this customer (details.reason NEW_CUSTOMERS_ONLY, withinDays). */
  'COUPON_NOT_ELIGIBLE',
  'DEREGISTER_BLOCKED',
  /** A password reset's resident ID number or card number is not this customer's (details.field, attemptsLeft of the SMS code). */
  'IDENTITY_MISMATCH',
  /** Turning 小额免密 on, or raising its limit, needs the payment password. */
  'PAY_PASSWORD_REQUIRED',
  /** The 小额免密 limit is above the bank's maximum (details.maxFen). */
  'SMALL_AMOUNT_LIMIT_INVALID',
  /** 理财: a purchase needs a risk questionnaire (风险测评) on record at the bank. */
  'RISK_ASSESSMENT_REQUIRED',
  /** 理财: the customer's risk questionnaire is more than a year old (details.expiredAt, bank time): take it again. */
  'RISK_ASSESSMENT_EXPIRED',
  /** 理财: the product's risk grade is above the customer's level (details.productRisk R1–R5, details.customerLevel C1–C5). */
  'RISK_LEVEL_TOO_LOW',
  /** 理财: the questionnaire was taken as often as a day allows (details.retryAt, bank time: the next day in UTC+8). */
  'RISK_ASSESSMENT_LIMIT',
] as const

export const ERROR_CODES = [
  // bridge and transport
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'INTERNAL',
  'NETWORK',
  'TIMEOUT',
  // storage
  'STORE_CORRUPT',
  'KEY_MISSING',
  'KEYRING_UNAVAILABLE',
  'LOCKED',
  'UNLOCK_BACKOFF',
  'WRONG_PASSWORD',
  'VAULT_LOCKED',
  'NO_OFFLINE_VERIFIER',
  'WEAK_PASSPHRASE',
  /** A replica cursor sealed under other keys (another customer, a reset data key): the renderer clears its replica. */
  'REPLICA_KEY_MISMATCH',
  'RESET_BLOCKED_UNSETTLED',
  // sync
  'NOT_FOUND',
  'OUTBOX_NOT_CANCELLABLE',
  'OUTBOX_NOT_RESENDABLE',
  /** The bank no longer remembers a payment's first attempt: only the user can decide to send it again. */
  'NEEDS_CONFIRMATION',
  'OFFLINE',
  'BANK_UNAVAILABLE',
  'BANK_PROTOCOL',
  'BANK_ERROR',
  /** The bank's address is neither https nor plain http on this computer (src/main/platform/bank/client/url-policy.ts). */
  'BANK_URL_REFUSED',
  // backups
  'BACKUP_WRONG_PASSPHRASE',
  'BACKUP_CORRUPT',
  'BACKUP_TOO_NEW',
  'BACKUP_NOT_A_BACKUP',
  'BACKUP_KDF_UNSUPPORTED',
  // links (src/shared/link-guard.ts)
  /** Never opened: not http(s), malformed, or with a user name in front of the host. */
  'LINK_REFUSED',
  /** A flagged link asked to open without the second confirmation of each of its flags. */
  'LINK_NOT_CONFIRMED',
  // the bank's own codes (src/shared/bank-api/http.ts), passed through unchanged
  ...BANK_ERROR_CODES,
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/**
 * What a failed call says about the operation it carried, for every code (a new code cannot be added
 * without deciding this):
 * - `final`: the outcome is known (refused, or not sent at all); the idempotency key can be dropped.
 * - `retry`: not done, and nothing happened at the bank under the key; try again later (after the user
 *   signs in or unlocks) under the same key.
 * - `unknown`: the bank may or may not have done it. Never treat it as failed: keep the key, show the
 *   payment as 处理中, and ask the bank for the outcome under that key before sending it again.
 */
export type ErrorOutcome = 'final' | 'retry' | 'unknown'

export const ERROR_OUTCOMES: Record<ErrorCode, ErrorOutcome> = {
  INVALID_INPUT: 'final',
  UNKNOWN_CHANNEL: 'final',
  REPLICA_KEY_MISMATCH: 'final',
  LINK_REFUSED: 'final',
  LINK_NOT_CONFIRMED: 'final',
  FORBIDDEN: 'final',
  // The bank checks who is asking before it looks at the key, so nothing was done under it.
  UNAUTHORIZED: 'retry',
  // A bank INTERNAL rolls back (src/mock-bank/engine.ts transactInside); an app INTERNAL is a bug before sending.
  INTERNAL: 'final',
  NETWORK: 'unknown',
  TIMEOUT: 'unknown',
  STORE_CORRUPT: 'final',
  KEY_MISSING: 'retry',
  RESET_BLOCKED_UNSETTLED: 'final',
  KEYRING_UNAVAILABLE: 'retry',
  LOCKED: 'retry',
  UNLOCK_BACKOFF: 'final',
  WRONG_PASSWORD: 'final',
  VAULT_LOCKED: 'retry',
  NO_OFFLINE_VERIFIER: 'final',
  WEAK_PASSPHRASE: 'final',
  NOT_FOUND: 'final',
  OUTBOX_NOT_CANCELLABLE: 'final',
  OUTBOX_NOT_RESENDABLE: 'final',
  NEEDS_CONFIRMATION: 'final',
  // The app's own word for a bank it could not reach (or whose answer was lost).
  OFFLINE: 'unknown',
  BANK_UNAVAILABLE: 'unknown',
  // An answer the app cannot read (a success in an unexpected shape, say) may still mean it was done.
  BANK_PROTOCOL: 'unknown',
  BANK_ERROR: 'final',
  // Refused before any request was made.
  BANK_URL_REFUSED: 'final',
  // The bank refused the caller before it looked at anything else, so nothing was done.
  CLIENT_NOT_TRUSTED: 'final',
  BACKUP_WRONG_PASSPHRASE: 'final',
  BACKUP_CORRUPT: 'final',
  BACKUP_TOO_NEW: 'final',
  BACKUP_NOT_A_BACKUP: 'final',
  BACKUP_KDF_UNSUPPORTED: 'final',
  SESSION_EXPIRED: 'retry',
  // The header is missing or malformed: refused before anything was done. Sending it again the same
  // way would be refused the same way, so it is final, not retry.
  IDEMPOTENCY_KEY_REQUIRED: 'final',
  // The key belongs to a different request: this one was not done under it.
  IDEMPOTENCY_CONFLICT: 'final',
  // Another request with this key is still being processed: its outcome is not known yet.
  IDEMPOTENCY_IN_FLIGHT: 'unknown',
  CURSOR_INVALID: 'final',
  PHONE_INVALID: 'final',
  NAME_INVALID: 'final',
  ID_INVALID: 'final',
  PASSWORD_WEAK: 'final',
  PHONE_TAKEN: 'final',
  ID_TAKEN: 'final',
  SMS_RATE_LIMITED: 'final',
  OTP_INVALID: 'final',
  OTP_EXPIRED: 'final',
  OTP_TOO_MANY: 'final',
  CREDENTIALS_INVALID: 'final',
  LOGIN_LOCKED: 'final',
  DEVICE_UNVERIFIED: 'final',
  CHALLENGE_INVALID: 'final',
  TOTP_INVALID: 'final',
  TOTP_NOT_ENABLED: 'final',
  TOTP_ALREADY_ENABLED: 'final',
  TOTP_LOCKED: 'final',
  ACCOUNT_CLOSED: 'final',
  DEVICE_IS_CURRENT: 'final',
  CARD_INVALID: 'final',
  CARD_FROZEN: 'final',
  CARD_NOT_OWNED: 'final',
  CARD_EXPIRED: 'final',
  CARD_ALREADY_BOUND: 'final',
  CARD_LIMIT_REACHED: 'final',
  PAY_PASSWORD_NOT_SET: 'final',
  PAY_PASSWORD_ALREADY_SET: 'final',
  PAY_PASSWORD_TRIVIAL: 'final',
  PAY_PASSWORD_WRONG: 'final',
  PAY_PASSWORD_LOCKED: 'final',
  INSUFFICIENT_FUNDS: 'final',
  LIMIT_EXCEEDED: 'final',
  AMOUNT_TOO_SMALL: 'final',
  PAYEE_NOT_FOUND: 'final',
  PAYEE_SELF: 'final',
  PAY_CODE_INVALID: 'final',
  PAY_CODE_USED: 'final',
  CHARGE_NOT_PENDING: 'final',
  ORDER_INVALID: 'final',
  ORDER_EXPIRED: 'final',
  ORDER_PAID: 'final',
  BILL_NOT_FOUND: 'final',
  BILL_ALREADY_PAID: 'final',
  BILL_AMOUNT_MISMATCH: 'final',
  COUPON_INVALID: 'final',
  COUPON_USED: 'final',
  COUPON_EXPIRED: 'final',
  COUPON_ALREADY_CLAIMED: 'final',
  COUPON_NOT_STARTED: 'final',
  COUPON_CAMPAIGN_ENDED: 'final',
  COUPON_OUT_OF_STOCK: 'final',
  COUPON_NOT_ELIGIBLE: 'final',
  DEREGISTER_BLOCKED: 'final',
  IDENTITY_MISMATCH: 'final',
  PAY_PASSWORD_REQUIRED: 'final',
  SMALL_AMOUNT_LIMIT_INVALID: 'final',
  RISK_ASSESSMENT_REQUIRED: 'final',
  RISK_ASSESSMENT_EXPIRED: 'final',
  RISK_LEVEL_TOO_LOW: 'final',
  RISK_ASSESSMENT_LIMIT: 'final',
}

/**
 * The outcome a failure (an AppError, or a bare code such as a stored `lastError`) stands for. Anything
 * that is not an AppError with a known code is `unknown`: nothing can be assumed about what it did.
 */
export function outcomeOf(failure: unknown): ErrorOutcome {
  const code = failure instanceof AppError ? failure.code : failure
  return isErrorCode(code) ? ERROR_OUTCOMES[code] : 'unknown'
}

export interface WireError {
  code: ErrorCode
  message: string
  /** Machine-readable extras (for example `retryAt` or `attemptsLeft`); never a stack. */
  details?: Record<string, string | number | boolean | null>
}

export class AppError extends Error {
  override readonly name = 'AppError'
  constructor(
    readonly code: ErrorCode,
    message: string = code,
    readonly details?: WireError['details'],
  ) {
    super(message)
  }

  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError }
