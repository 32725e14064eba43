import { ApiError } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'
import { formatFen } from '@shared/money'
import { describeProblem, fieldMessage } from '@renderer/features/problems/describe'
import { payProblem } from '@renderer/features/payments/problem'

const t = (key: string, params: Record<string, unknown> = {}) => i18n.global.t(key, params)

function num(error: ApiError, key: string): number | undefined {
  const value = error.details?.[key]
  return typeof value === 'number' ? value : undefined
}

/**
 * The message for a failed call of 账户与安全 or 忘记登录密码. `where` says which password the screen
 * asked for, so a wrong current password reads as such (not as "wrong phone number or password").
 */
export function accountProblem(error: unknown, where: 'login' | 'pay' | 'forgot' = 'forgot'): string {
  if (!(error instanceof ApiError)) return t('errors.unknown')
  const code: string = error.code
  const attemptsLeft = num(error, 'attemptsLeft')
  const field = typeof error.details?.field === 'string' ? error.details.field : ''
  const reason = typeof error.details?.reason === 'string' ? error.details.reason : ''
  switch (code) {
    case 'IDENTITY_MISMATCH': {
      const what = field === 'pan' ? t('account.errors.fieldPan') : t('account.errors.fieldId')
      return attemptsLeft === undefined
        ? t('account.errors.IDENTITY_MISMATCH_PLAIN', { what })
        : t('account.errors.IDENTITY_MISMATCH', { what, n: attemptsLeft })
    }
    case 'PAY_PASSWORD_REQUIRED':
      return t('errors.PAY_PASSWORD_REQUIRED')
    case 'SMALL_AMOUNT_LIMIT_INVALID': {
      const maxFen = num(error, 'maxFen')
      return maxFen === undefined ? t('errors.SMALL_AMOUNT_LIMIT_INVALID') : t('account.errors.limitMax', { max: formatFen(maxFen) })
    }
    case 'CREDENTIALS_INVALID':
      if (where === 'login')
        return attemptsLeft === undefined
          ? t('account.errors.currentWrong')
          : t('account.errors.currentWrongLeft', { n: attemptsLeft })
      break
    case 'PAY_PASSWORD_WRONG':
    case 'PAY_PASSWORD_LOCKED':
      return payProblem(error).message
    case 'PASSWORD_WEAK':
      return (reason && fieldMessage('password', reason)) || t('activation.register.passwordHint')
    case 'INVALID_INPUT': {
      const group = field === 'newPassword' ? 'password' : field === 'newPayPassword' ? 'payPassword' : field
      const message = reason ? fieldMessage(group, reason) : undefined
      if (message) return message
      break
    }
  }
  return describeProblem(error, { place: 'signIn' }).message
}
