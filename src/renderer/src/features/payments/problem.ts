import { ApiError } from '@renderer/api/client'
import { errorMessage, i18n } from '@renderer/i18n'
import { textMessage } from '@renderer/features/problems/describe'
import { outcomeOf } from '@shared/errors'
import { formatFen } from '@shared/money'
import { CARD_LABEL_MAX } from '@shared/validators'
import { refusalMessage } from './wealth'

const t = (key: string, params: Record<string, unknown> = {}) => i18n.global.t(key, params)
const has = (key: string) => i18n.global.te(key)

/** A refused or failed payment call as the payment screens show it. */
export interface PayProblem {
  code: string
  message: string
  /**
   * The outcome is not known (the bank could not be reached, or it is still processing the payment):
   * offer 重试, which main answers from the bank's record under the same idempotency key.
   */
  network: boolean
  /** The payment password is locked: no keypad until `unlockAt`. */
  locked: boolean
  attemptsLeft?: number
  unlockAt?: number
}

function num(details: ApiError['details'], key: string): number | undefined {
  const value = details?.[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

const pad = (n: number) => String(n).padStart(2, '0')

/** HH:mm of an instant, with the date in front when it is not today. */
export function formatUnlock(epochMs: number, now = Date.now()): string {
  const d = new Date(epochMs)
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  return new Date(now).toDateString() === d.toDateString() ? time : `${d.getMonth() + 1}/${d.getDate()} ${time}`
}

/** The message for a failed call, or undefined when nothing failed. */
export function problemMessage(error: unknown): string | undefined {
  return error ? payProblem(error).message : undefined
}

export function payProblem(error: unknown): PayProblem {
  const e = error instanceof ApiError ? error : new ApiError({ code: 'INTERNAL', message: String(error) })
  const code: string = e.code
  const base = { code, network: false, locked: false }
  if (outcomeOf(code) === 'unknown')
    return {
      ...base,
      network: true,
      message: code === 'IDEMPOTENCY_IN_FLIGHT' ? t('payments.errors.processing') : t('payments.errors.network'),
    }
  switch (code) {
    case 'PAY_PASSWORD_WRONG': {
      const attemptsLeft = num(e.details, 'attemptsLeft')
      return attemptsLeft === undefined
        ? { ...base, message: t('payments.errors.PAY_PASSWORD_WRONG_PLAIN') }
        : { ...base, attemptsLeft, message: t('payments.errors.PAY_PASSWORD_WRONG', { n: attemptsLeft }) }
    }
    case 'PAY_PASSWORD_LOCKED': {
      const unlockAt = num(e.details, 'unlockAt')
      return unlockAt === undefined
        ? { ...base, locked: true, message: t('payments.errors.PAY_PASSWORD_LOCKED_PLAIN') }
        : { ...base, locked: true, unlockAt, message: t('payments.errors.PAY_PASSWORD_LOCKED', { time: formatUnlock(unlockAt) }) }
    }
    case 'LIMIT_EXCEEDED': {
      const cap = num(e.details, 'cap')
      return {
        ...base,
        message:
          cap === undefined
            ? t('payments.errors.LIMIT_EXCEEDED_PLAIN')
            : t('payments.errors.LIMIT_EXCEEDED', { cap: formatFen(cap) }),
      }
    }
    case 'COUPON_NOT_STARTED': {
      const startsAt = num(e.details, 'startsAt')
      return {
        ...base,
        message:
          startsAt === undefined
            ? t('promotions.errors.COUPON_NOT_STARTED_PLAIN')
            : t('promotions.errors.COUPON_NOT_STARTED', { time: formatUnlock(startsAt) }),
      }
    }
    case 'COUPON_NOT_ELIGIBLE': {
      const days = num(e.details, 'withinDays')
      return {
        ...base,
        message:
          days === undefined
            ? t('promotions.errors.COUPON_NOT_ELIGIBLE_PLAIN')
            : t('promotions.errors.COUPON_NOT_ELIGIBLE', { days }),
      }
    }
    case 'INVALID_INPUT': {
      const field = typeof e.details?.field === 'string' ? e.details.field : ''
      const reason = typeof e.details?.reason === 'string' ? e.details.reason : ''
      if (field === 'amount' && has(`payments.amountErrors.${reason}`))
        return { ...base, message: t(`payments.amountErrors.${reason}`) }
      if (reason === 'NOT_A_PAY_LINK') return { ...base, message: t('payments.errors.NOT_A_PAY_LINK') }
      if (field === 'label' && has(`payments.cards.labelErrors.${reason}`))
        return { ...base, message: t(`payments.cards.labelErrors.${reason}`, { max: CARD_LABEL_MAX }) }
      const label = has(`payments.fields.${field}`)
        ? t(`payments.fields.${field}`)
        : has(`input.fields.${field}`)
          ? t(`input.fields.${field}`)
          : undefined
      const text = textMessage(field, reason, label)
      if (text) return { ...base, message: text }
      return { ...base, message: t('payments.errors.INVALID_INPUT', { field: label ?? field }) }
    }
    case 'RISK_ASSESSMENT_REQUIRED':
    case 'RISK_ASSESSMENT_EXPIRED':
    case 'RISK_LEVEL_TOO_LOW':
      // 理财's suitability refusal, with its reason (both levels, or when the questionnaire expired).
      return { ...base, message: refusalMessage(e) ?? errorMessage(code) }
    default:
      return { ...base, message: has(`payments.errors.${code}`) ? t(`payments.errors.${code}`) : errorMessage(code) }
  }
}
