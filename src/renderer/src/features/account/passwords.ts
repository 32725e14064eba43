import { ref } from 'vue'
import type { PasswordsOverview } from '@shared/contract/passwords'
import type { SignInResult, SmsTicket } from '@shared/contract/activation'
import { call } from '@renderer/api/client'

/**
 * 设置 → 账户与安全's calls for the passwords and 小额免密 (src/shared/contract/passwords.ts). Secrets go
 * straight into the call and are not kept here; each answer is the new overview.
 */
export function usePasswords() {
  const overview = ref<PasswordsOverview>()
  const loadError = ref<unknown>()

  async function load(): Promise<PasswordsOverview | undefined> {
    try {
      overview.value = await call('password.overview')
      loadError.value = undefined
    } catch (error) {
      loadError.value = error
    }
    return overview.value
  }

  async function apply(next: Promise<PasswordsOverview>): Promise<PasswordsOverview> {
    overview.value = await next
    return overview.value
  }

  return {
    overview,
    loadError,
    load,
    changeLogin: (password: string, newPassword: string) => apply(call('password.changeLogin', { password, newPassword })),
    changePay: (payPassword: string, newPayPassword: string) => apply(call('password.changePay', { payPassword, newPayPassword })),
    forgotPaySms: (): Promise<SmsTicket> => call('password.forgotPaySms'),
    forgotPay: (input: { smsCode: string; idNumber: string; pan: string; newPayPassword: string }) =>
      apply(call('password.forgotPay', input)),
    snooze: () => apply(call('password.snoozeReminder')),
    setReminder: (days: number) => apply(call('password.setReminder', { days })),
    setSmallAmount: (input: { on: boolean; limitFen?: number; payPassword?: string }) => apply(call('password.setSmallAmount', input)),
  }
}

/** 忘记登录密码 from the sign-in screen: the code, then the reset, which signs this device in. */
export const forgotLoginSms = (phone: string): Promise<SmsTicket> => call('password.forgotLoginSms', { phone })
export const forgotLogin = (input: { phone: string; smsCode: string; idNumber: string; newPassword: string }): Promise<SignInResult> =>
  call('password.forgotLogin', input)
