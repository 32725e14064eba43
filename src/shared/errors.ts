/**
 * Stable error codes that cross the bridge. The renderer maps each code to an i18n message
 * (`errors.<CODE>`); the `message` that travels with it is a developer-facing fallback only.
 */
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
  // sync
  'NOT_FOUND',
  'OUTBOX_NOT_CANCELLABLE',
  'OFFLINE',
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
