import { BANK_ERROR_STATUS, type BankErrorBody, type BankErrorCode, type ErrorDetails } from '../shared/bank-api'

/** A refusal the bank answers with: a stable code, a developer-facing message, machine-readable details. */
export class BankError extends Error {
  override readonly name = 'BankError'
  constructor(
    readonly code: BankErrorCode,
    message: string = code,
    readonly details?: ErrorDetails,
  ) {
    super(message)
  }

  get status(): number {
    return BANK_ERROR_STATUS[this.code]
  }

  toBody(): BankErrorBody {
    return this.details === undefined
      ? { error: { code: this.code, message: this.message } }
      : { error: { code: this.code, message: this.message, details: this.details } }
  }
}

export function fail(code: BankErrorCode, message?: string, details?: ErrorDetails): never {
  throw new BankError(code, message ?? code, details)
}
