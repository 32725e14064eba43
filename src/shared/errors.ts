/**
 * Stable error codes that cross the bridge. The renderer maps each code to an i18n message
 * (`errors.<CODE>`); the `message` that travels with it is a developer-facing fallback only.
 */
/** The bank's stable error codes; the bank's HTTP contract (src/main/bank/api.ts) uses this list. */
export const BANK_ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHORIZED',
  'SESSION_EXPIRED',
  'FORBIDDEN',
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
  'ACCOUNT_CLOSED',
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
  'DEREGISTER_BLOCKED',
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
  'RESET_BLOCKED_UNSETTLED',
  // sync
  'NOT_FOUND',
  'OUTBOX_NOT_CANCELLABLE',
  'OFFLINE',
  'BANK_UNAVAILABLE',
  'BANK_PROTOCOL',
  'BANK_ERROR',
  // backups
  'BACKUP_WRONG_PASSPHRASE',
  'BACKUP_CORRUPT',
  'BACKUP_TOO_NEW',
  'BACKUP_NOT_A_BACKUP',
  'BACKUP_KDF_UNSUPPORTED',
  // the bank's own codes (src/main/bank/api.ts), passed through unchanged
  ...BANK_ERROR_CODES,
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

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
