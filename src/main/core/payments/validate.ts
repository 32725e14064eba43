import { MAX_FEN } from '../../../shared/money'
import { AppError } from '../../../shared/errors'
import { validateBankCard, validateMobile } from '../../../shared/validators'

/** INVALID_INPUT naming the field and a stable reason the renderer can translate. */
export function invalid(field: string, reason: string, message = `${field}: ${reason}`): AppError {
  return new AppError('INVALID_INPUT', message, { field, reason })
}

export type AmountError = 'NOT_INTEGER' | 'NOT_POSITIVE' | 'TOO_LARGE'

/** Why `value` is not an amount of fen a payment may move, or undefined when it is one. */
export function amountError(value: number): AmountError | undefined {
  if (!Number.isSafeInteger(value)) return 'NOT_INTEGER'
  if (value <= 0) return 'NOT_POSITIVE'
  if (value > MAX_FEN) return 'TOO_LARGE'
  return undefined
}

export function checkAmount(value: number, field = 'amountFen'): number {
  const reason = amountError(value)
  if (reason) throw invalid(field, reason)
  return value
}

export function checkPayPassword(value: string, field = 'payPassword'): string {
  if (!/^\d{6}$/.test(value)) throw invalid(field, 'FORMAT', 'the payment password is six digits')
  return value
}

export function checkPhone(value: string, field = 'phone'): string {
  const result = validateMobile(value)
  if (!result.ok) throw invalid(field, result.reason)
  return result.phone
}

export function checkPan(value: string, field = 'pan'): string {
  const result = validateBankCard(value)
  if (!result.ok) throw invalid(field, result.reason)
  return result.pan
}

export function checkText(value: string, field: string, max: number): string {
  const text = value.trim()
  if (text === '') throw invalid(field, 'EMPTY')
  if (text.length > max) throw invalid(field, 'TOO_LONG')
  return text
}

export function checkMemo(value: string | undefined): string | undefined {
  const text = value?.trim()
  if (!text) return undefined
  if (text.length > 50) throw invalid('memo', 'TOO_LONG')
  return text
}
