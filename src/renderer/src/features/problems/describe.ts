import { ApiError } from '@renderer/api/client'
import { errorMessage, i18n } from '@renderer/i18n'
import { formatClock } from '@renderer/composables/useCountdown'
import { isNetworkError } from '@renderer/composables/useAsyncAction'

/** The next step a problem offers, besides 重试 for network failures. */
export type ProblemAction = 'signIn' | 'resend' | 'back' | 'restart' | 'switchAccount'

/** An ApiError as the user sees it: what happened, and what to do next. */
export interface Problem {
  code: string
  message: string
  network: boolean
  action?: ProblemAction
  /** Epoch ms until which the user must wait; the banner shows a live countdown. */
  retryAt?: number
}

/** Where the problem happened: the same code can call for a different next step. */
export type ProblemPlace = 'wizard' | 'signIn' | 'lock'

export interface ProblemContext {
  place?: ProblemPlace
  /** What was typed, by field name, for messages that say e.g. how many digits were entered. */
  values?: Readonly<Record<string, unknown>>
}

type Details = ApiError['details']

const t = (key: string, params: Record<string, unknown> = {}) => i18n.global.t(key, params)
const has = (key: string) => i18n.global.te(key)

function num(details: Details, key: string): number | undefined {
  const value = details?.[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

function str(details: Details, key: string): string | undefined {
  const value = details?.[key]
  return typeof value === 'string' ? value : undefined
}

const FIELD_MESSAGES: Record<string, string> = {
  phone: 'phone',
  reservedPhone: 'phone',
  name: 'name',
  idNumber: 'idNumber',
  password: 'password',
  code: 'code',
  pan: 'pan',
  payPassword: 'payPassword',
}

/**
 * The message for text main refused as not well-formed (INVALID_INPUT with reason MALFORMED or
 * CONTROL_CHARS: src/shared/contract/text.ts), naming the field; undefined for any other reason.
 * `label` is how the screen calls the field, when it has its own word for it.
 */
export function textMessage(field: string, reason: string, label?: string): string | undefined {
  if (reason !== 'MALFORMED' && reason !== 'CONTROL_CHARS') return undefined
  const name = label ?? (has(`input.fields.${field}`) ? t(`input.fields.${field}`) : t('input.someField'))
  return t(`input.${reason}`, { field: name })
}

/**
 * The plain message for a failed call (errorMessage of its code), except text main refused as not
 * well-formed, which names the field (`label`: the screen's own word for it, e.g. 主密码).
 */
export function failureMessage(error: unknown, label?: string): string {
  if (!(error instanceof ApiError)) return errorMessage('unknown')
  const field = str(error.details, 'field')
  const reason = str(error.details, 'reason')
  const text = error.code === 'INVALID_INPUT' && field && reason ? textMessage(field, reason, label) : undefined
  return text ?? errorMessage(error.code)
}

/** The message for a validator's reason code about one field, e.g. fieldMessage('idNumber', 'CHECK_DIGIT'). */
export function fieldMessage(field: string, reason: string, values: ProblemContext['values'] = {}): string | undefined {
  const group = FIELD_MESSAGES[field]
  if (!group) return undefined
  const key = group === 'payPassword' ? `activation.payPassword.reasons.${reason}` : `activation.fields.${group}.${reason}`
  if (!has(key)) return undefined
  const typed = values[field]
  return t(key, { n: typeof typed === 'string' ? typed.replace(/[\s-]/g, '').length : 0 })
}

/** A wait's length in words: 30 秒, 1 分钟, 1 分 30 秒. */
export function waitLength(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000))
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  if (minutes === 0) return t('activation.errors.waitSeconds', { n: rest })
  if (rest === 0) return t('activation.errors.waitMinutes', { n: minutes })
  return t('activation.errors.waitMinutesSeconds', { m: minutes, s: rest })
}

function waiting(code: string, message: string, retryAt: number | undefined, action?: ProblemAction): Problem {
  return retryAt === undefined ? { code, message, network: false, action } : { code, message, network: false, retryAt, action }
}

/** Maps an ApiError to a message in the current language and the next step to offer. */
export function describeProblem(error: ApiError, context: ProblemContext = {}): Problem {
  const code: string = error.code
  const details = error.details
  const place = context.place ?? 'wizard'
  const values = context.values ?? {}
  const plain = (message: string, action?: ProblemAction): Problem => ({ code, message, network: false, action })

  if (isNetworkError(error)) return { code, message: t('activation.errors.network'), network: true }

  const reason = str(details, 'reason')
  const attemptsLeft = num(details, 'attemptsLeft')
  switch (code) {
    case 'INVALID_INPUT': {
      const field = str(details, 'field')
      if (str(details, 'step') === 'register') return plain(t('activation.verify.passwordAgain'), 'back')
      const message = field && reason ? (textMessage(field, reason) ?? fieldMessage(field, reason, values)) : undefined
      return plain(message ?? t('activation.errors.INVALID_INPUT'))
    }
    case 'PHONE_INVALID':
      return plain((reason && fieldMessage('phone', reason, values)) || t('activation.fields.phone.FORMAT'))
    case 'NAME_INVALID':
      return plain((reason && fieldMessage('name', reason, values)) || t('activation.fields.name.FORMAT'))
    case 'ID_INVALID':
      return plain((reason && fieldMessage('idNumber', reason, values)) || t('activation.errors.ID_INVALID'))
    case 'PASSWORD_WEAK':
      return plain((reason && fieldMessage('password', reason, values)) || t('activation.register.passwordHint'))
    case 'PHONE_TAKEN':
      return plain(t('activation.errors.PHONE_TAKEN'), 'signIn')
    case 'ID_TAKEN':
      return plain(t('activation.errors.ID_TAKEN'), 'signIn')
    case 'OTP_INVALID':
      return plain(
        attemptsLeft === undefined
          ? t('activation.errors.OTP_INVALID')
          : t('activation.errors.OTP_INVALID_LEFT', { n: attemptsLeft }),
      )
    case 'OTP_EXPIRED':
      return plain(
        t(place === 'wizard' ? 'activation.errors.OTP_EXPIRED' : 'activation.errors.OTP_EXPIRED_SIGN_IN'),
        place === 'wizard' ? 'resend' : 'restart',
      )
    case 'OTP_TOO_MANY':
      return plain(
        t(place === 'wizard' ? 'activation.errors.OTP_TOO_MANY' : 'activation.errors.OTP_TOO_MANY_SIGN_IN'),
        place === 'wizard' ? 'resend' : 'restart',
      )
    case 'SMS_RATE_LIMITED': {
      const retryAt = num(details, 'retryAt')
      const daily = reason === 'DAILY_LIMIT'
      if (retryAt === undefined)
        return plain(t(daily ? 'activation.errors.SMS_DAILY_LIMIT_PLAIN' : 'activation.errors.SMS_RATE_LIMITED_PLAIN'))
      return waiting(
        code,
        t(daily ? 'activation.errors.SMS_DAILY_LIMIT' : 'activation.errors.SMS_RATE_LIMITED', { time: formatClock(retryAt) }),
        retryAt,
      )
    }
    case 'CARD_INVALID': {
      const why = reason ? fieldMessage('pan', reason, values) : undefined
      return plain(why ? t('activation.errors.CARD_INVALID_REASON', { reason: why }) : t('activation.errors.CARD_INVALID'))
    }
    case 'CARD_FROZEN':
    case 'CARD_NOT_OWNED':
    case 'CARD_EXPIRED':
    case 'CARD_ALREADY_BOUND':
    case 'CARD_LIMIT_REACHED':
    case 'PAY_PASSWORD_ALREADY_SET':
    case 'NO_OFFLINE_VERIFIER':
    case 'SESSION_EXPIRED':
    case 'DEVICE_UNVERIFIED':
    case 'ACCOUNT_CLOSED':
      return plain(t(`activation.errors.${code}`), signInActionFor(code, place))
    case 'PAY_PASSWORD_TRIVIAL':
    case 'PAY_PASSWORD_WEAK': {
      const why = reason ? fieldMessage('payPassword', reason) : undefined
      return plain(why ?? t('activation.payPassword.reasons.FORMAT'))
    }
    case 'CREDENTIALS_INVALID':
    case 'WRONG_PASSWORD': {
      const retryAt = num(details, 'retryAt')
      const key = place === 'signIn' ? 'activation.errors.CREDENTIALS_INVALID' : 'activation.errors.WRONG_PASSWORD'
      if (place === 'lock' && code === 'CREDENTIALS_INVALID')
        return plain(t('activation.errors.PASSWORD_CHANGED'), 'switchAccount')
      const before = num(details, 'attemptsBeforeBackoff')
      const backoffMs = num(details, 'backoffMs')
      let message = attemptsLeft === undefined ? t(key) : t(`${key}_LEFT`, { n: attemptsLeft })
      if (before !== undefined && before > 0)
        message +=
          backoffMs !== undefined && backoffMs > 0
            ? t('activation.errors.BEFORE_BACKOFF_FOR', { n: before, wait: waitLength(backoffMs) })
            : t('activation.errors.BEFORE_BACKOFF', { n: before })
      return waiting(code, message, retryAt !== undefined && retryAt > Date.now() ? retryAt : undefined)
    }
    case 'LOGIN_LOCKED': {
      const unlockAt = num(details, 'unlockAt')
      if (unlockAt === undefined) return plain(t('activation.errors.LOGIN_LOCKED_PLAIN'))
      return waiting(code, t('activation.errors.LOGIN_LOCKED', { time: formatClock(unlockAt) }), unlockAt)
    }
    case 'UNLOCK_BACKOFF': {
      const retryAt = num(details, 'retryAt')
      if (retryAt === undefined) return plain(t('activation.errors.UNLOCK_BACKOFF_PLAIN'))
      return waiting(code, t('activation.errors.UNLOCK_BACKOFF', { time: formatClock(retryAt) }), retryAt)
    }
    case 'LOCKED':
      return details?.needsOnlineSignIn
        ? plain(t('activation.errors.NO_OFFLINE_VERIFIER'), 'switchAccount')
        : plain(errorMessage(code))
    case 'CHALLENGE_INVALID':
      return plain(t('activation.errors.CHALLENGE_INVALID'), 'restart')
    case 'TOTP_LOCKED': {
      const retryAt = num(details, 'retryAt')
      if (retryAt === undefined) return plain(t('activation.errors.TOTP_LOCKED_PLAIN'))
      return waiting(code, t('activation.errors.TOTP_LOCKED', { time: formatClock(retryAt) }), retryAt)
    }
    case 'TOTP_INVALID':
      return plain(
        attemptsLeft === undefined
          ? t('activation.errors.TOTP_INVALID')
          : t('activation.errors.TOTP_INVALID_LEFT', { n: attemptsLeft }),
      )
    default:
      return plain(errorMessage(code))
  }
}

const SIGN_IN_AGAIN: ReadonlySet<string> = new Set(['SESSION_EXPIRED', 'DEVICE_UNVERIFIED', 'NO_OFFLINE_VERIFIER'])
const SIGN_IN_AGAIN_ACTION: Record<ProblemPlace, ProblemAction> = { wizard: 'signIn', signIn: 'restart', lock: 'switchAccount' }

function signInActionFor(code: string, place: ProblemPlace): ProblemAction | undefined {
  return SIGN_IN_AGAIN.has(code) ? SIGN_IN_AGAIN_ACTION[place] : undefined
}
