import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { PasswordsOverview } from '@shared/contract/passwords'
import AccountSecurityView from '@renderer/views/settings/AccountSecurityView.vue'
import PasswordReminder from '@renderer/features/account/PasswordReminder.vue'
import ForgotLoginDialog from '@renderer/features/account/ForgotLoginDialog.vue'
import { $, fieldErrors, mountScreen, ok, refuse, settle, typeOnKeypad } from '../payments/screen'

enableAutoUnmount(afterEach)

function overview(patch: Partial<PasswordsOverview> = {}): PasswordsOverview {
  return {
    loginChangedAt: 0,
    payChangedAt: 0,
    loginAgeDays: 120,
    payAgeDays: 3,
    reminderDays: 90,
    due: ['login'],
    snoozedUntil: null,
    remind: true,
    payPasswordLockedUntil: null,
    smallAmount: { on: false, limitFen: 20_000, maxFen: 100_000 },
    ...patch,
  }
}

const bank = (patch: Partial<PasswordsOverview> = {}) => ({
  'password.overview': () => ok(overview(patch)),
  'password.changeLogin': () => ok(overview({ loginAgeDays: 0, due: [], remind: false })),
  'password.changePay': () => ok(overview({ payAgeDays: 0 })),
  'password.setSmallAmount': (input: unknown) =>
    ok(overview({ smallAmount: { on: (input as { on: boolean }).on, limitFen: 50_000, maxFen: 100_000 } })),
  'password.snoozeReminder': () => ok(overview({ remind: false, snoozedUntil: 1 })),
  'password.forgotPaySms': () => ok({ phoneMasked: '138****8000', expiresAt: Date.now() + 300_000, resendAt: Date.now() + 60_000 }),
})

const type = async (testid: string, value: string) => {
  const input = $(testid)!.querySelector('input') ?? ($(testid) as HTMLInputElement)
  ;(input as HTMLInputElement).value = value
  input.dispatchEvent(new Event('input'))
  await settle()
}

describe('账户与安全', () => {
  it('lists the passwords with their ages, the reminder period and 小额免密', async () => {
    const { wrapper } = await mountScreen(AccountSecurityView, bank())
    const rows = wrapper.findAll('[data-testid="row-state"]').map((r) => r.text())
    expect(rows[0]).toBe('已 120 天未修改 建议修改')
    expect(rows[1]).toBe('已 3 天未修改')
    expect(wrapper.find('[data-testid="login-due"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="pay-due"]').exists()).toBe(false)
    expect(rows[3]).toBe('未开启')
  })

  it('changes the login password with the registration rules, and says when the current one is wrong', async () => {
    const { wrapper, sent } = await mountScreen(AccountSecurityView, {
      ...bank(),
      'password.changeLogin': () => refuse('CREDENTIALS_INVALID', { attemptsLeft: 4 }),
    })
    await wrapper.get('[data-testid="change-login"]').trigger('click')
    await settle()
    await type('current-password', 'Wallet2025')
    await type('new-password', 'abcdefgh')
    await type('new-password-confirm', 'abcdefgh')
    $('change-login-submit')!.click()
    await settle()
    expect(sent('password.changeLogin')).toEqual([])
    expect(await fieldErrors()).toEqual(['登录密码须包含至少一个数字。'])
    expect($('password-strength')).not.toBeNull()
    await type('new-password', 'Renewed2026x')
    await type('new-password-confirm', 'Renewed2026x')
    $('change-login-submit')!.click()
    await settle()
    expect(sent('password.changeLogin')).toEqual([{ password: 'Wallet2025', newPassword: 'Renewed2026x' }])
    expect($('dialog-problem')!.textContent).toContain('当前登录密码错误，还可尝试 4 次')
  })

  it('changes the payment password on the keypad, refusing a trivial one with its reason', async () => {
    const { wrapper, sent } = await mountScreen(AccountSecurityView, bank())
    await wrapper.get('[data-testid="change-pay"]').trigger('click')
    await settle()
    await typeOnKeypad('135790')
    await typeOnKeypad('123456')
    expect($('new-pay-problem')!.textContent).toMatch(/连续/)
    await typeOnKeypad('364819')
    await typeOnKeypad('364819')
    expect(sent('password.changePay')).toEqual([{ payPassword: '135790', newPayPassword: '364819' }])
  })

  it('turns 小额免密 on only with the payment password, within the bank maximum', async () => {
    const { wrapper, sent } = await mountScreen(AccountSecurityView, bank())
    await wrapper.get('[data-testid="small-amount-edit"]').trigger('click')
    await settle()
    await type('small-amount-limit', '2000')
    $('small-amount-next')!.click()
    await settle()
    expect(await fieldErrors()).toEqual(['免密额度最高 ¥1,000.00。'])
    await type('small-amount-limit', '500')
    $('small-amount-next')!.click()
    await settle()
    expect(sent('password.setSmallAmount')).toEqual([])
    await typeOnKeypad('135790')
    expect(sent('password.setSmallAmount')).toEqual([{ on: true, limitFen: 50_000, payPassword: '135790' }])
    expect(wrapper.findAll('[data-testid="row-state"]')[3]!.text()).toBe('已开启，单笔 ¥500.00 以内免密')
  })

  it('resets a forgotten payment password; a card that is not bound is named', async () => {
    const { wrapper, sent } = await mountScreen(AccountSecurityView, {
      ...bank(),
      'password.forgotPay': () => refuse('IDENTITY_MISMATCH', { field: 'pan', attemptsLeft: 3 }),
    })
    await wrapper.get('[data-testid="forgot-pay"]').trigger('click')
    await settle()
    $('forgot-pay-send')!.click()
    await settle()
    expect(sent('password.forgotPaySms')).toHaveLength(1)
    await type('forgot-pay-code', '123456')
    await type('forgot-pay-id', '44030519880808032X')
    await type('forgot-pay-pan', '6222020200001234562')
    $('forgot-pay-next')!.click()
    await settle()
    await typeOnKeypad('364819')
    await typeOnKeypad('364819')
    expect(sent('password.forgotPay')).toEqual([
      { smsCode: '123456', idNumber: '44030519880808032X', pan: '6222020200001234562', newPayPassword: '364819' },
    ])
    expect($('dialog-problem')!.textContent).toBe('银行卡号与本钱包的登记信息不一致，请核对。验证码还可尝试 3 次。')
  })
})

describe('the reminder on 首页', () => {
  it('names the password and its age, and is put off for 7 days', async () => {
    const { wrapper, sent } = await mountScreen(PasswordReminder, bank())
    expect(wrapper.get('[data-testid="password-reminder"]').text()).toContain('您的登录密码已 120 天未修改')
    await wrapper.get('[data-testid="password-reminder-snooze"]').trigger('click')
    await settle()
    expect(sent('password.snoozeReminder')).toHaveLength(1)
    expect(wrapper.find('[data-testid="password-reminder"]').exists()).toBe(false)
  })

  it('shows nothing when nothing is due', async () => {
    const { wrapper } = await mountScreen(PasswordReminder, bank({ due: [], remind: false }))
    expect(wrapper.find('[data-testid="password-reminder"]').exists()).toBe(false)
  })
})

describe('忘记登录密码', () => {
  it('sends the reset with phone, code, ID and a new password that keeps the rules, and hands on the sign-in', async () => {
    const result = { status: 'ok' as const, session: { status: 'unlocked' as const, offline: false, profile: null } }
    const { wrapper, sent } = await mountScreen(
      ForgotLoginDialog,
      {
        'password.forgotLoginSms': () => ok({ phoneMasked: '138****8000', expiresAt: Date.now() + 300_000, resendAt: Date.now() + 60_000 }),
        'password.forgotLogin': () => ok(result),
      },
      { phone: '13800138000' },
    )
    $('forgot-login-send')!.click()
    await settle()
    expect(sent('password.forgotLoginSms')).toEqual([{ phone: '13800138000' }])
    expect($('forgot-login-send')!.textContent).toMatch(/秒后重新获取/)
    await type('forgot-login-code', '654321')
    await type('forgot-login-id', '44030519880808032x')
    await type('new-password', 'Renewed2026x')
    await type('new-password-confirm', 'Renewed2026y')
    $('forgot-login-submit')!.click()
    await settle()
    expect(sent('password.forgotLogin')).toEqual([])
    await type('new-password-confirm', 'Renewed2026x')
    $('forgot-login-submit')!.click()
    await settle()
    expect(sent('password.forgotLogin')).toEqual([
      { phone: '13800138000', smsCode: '654321', idNumber: '44030519880808032X', newPassword: 'Renewed2026x' },
    ])
    expect(wrapper.emitted('done')).toEqual([[result]])
  })
})
