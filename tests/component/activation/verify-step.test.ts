import { afterEach, describe, expect, it, vi } from 'vitest'
import ActivationWizard from '@renderer/views/activation/ActivationWizard.vue'
import {
  ID_NUMBER,
  NAME,
  PHONE,
  callsTo,
  click,
  fail,
  fill,
  isDisabled,
  mountView,
  ok,
  sequence,
  settle,
  setup,
  valueOf,
  wizardState,
} from './helpers'

const T0 = new Date('2025-03-01T10:00:00').getTime()
const ticket = (now: number) => ({ phoneMasked: '138****8000', expiresAt: now + 300_000, resendAt: now + 60_000 })
const verifyWithSms = () => wizardState('verify', { sms: ticket(Date.now()) })

describe('activation step 2: 账户验证', () => {
  afterEach(() => vi.useRealTimers())

  it('says where the code was sent', async () => {
    // The clock stands still: the code's 5 minutes read 5:00 however long the step takes to appear.
    vi.useFakeTimers({ now: T0, toFake: ['Date'] })
    const { pinia } = setup({ 'activation.state': () => ok(verifyWithSms()) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    expect(wrapper.find('[data-testid="verify-sent-to"]').text()).toBe('验证码已发送至 138****8000')
    expect(wrapper.find('[data-testid="verify-expiry"]').text()).toContain('验证码 5:00 后失效')
  })

  it('disables 获取验证码 until resendAt, counting down the seconds', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(T0)
    const { pinia, fake } = setup({
      'activation.state': () => ok(wizardState('verify')),
      'activation.sendSms': () => ok(ticket(Date.now())),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    const button = () => wrapper.find('[data-testid="verify-send"]')
    expect(button().text()).toBe('获取验证码')
    expect(wrapper.find('[data-testid="verify-sent-to"]').text()).toContain('138****8000')

    await click(wrapper, 'verify-send')
    expect(callsTo(fake, 'activation.sendSms')).toHaveLength(1)
    expect(wrapper.find('[data-testid="verify-sent-to"]').text()).toBe('验证码已发送至 138****8000')
    expect(button().text()).toBe('60 秒后重新获取')
    expect(isDisabled(wrapper, 'verify-send')).toBe(true)

    vi.advanceTimersByTime(30_000)
    await settle()
    expect(button().text()).toBe('30 秒后重新获取')
    await click(wrapper, 'verify-send')
    expect(callsTo(fake, 'activation.sendSms')).toHaveLength(1)

    vi.advanceTimersByTime(30_000)
    await settle()
    expect(button().text()).toBe('重新获取')
    expect(isDisabled(wrapper, 'verify-send')).toBe(false)
    await click(wrapper, 'verify-send')
    expect(callsTo(fake, 'activation.sendSms')).toHaveLength(2)
  })

  it('follows the resendAt of a code sent before a restart', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(T0)
    const { pinia } = setup({ 'activation.state': () => ok(wizardState('verify', { sms: { ...ticket(T0 - 45_000) } })) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    expect(wrapper.find('[data-testid="verify-send"]').text()).toBe('15 秒后重新获取')
  })

  it('shows the tries left after a wrong code', async () => {
    const { pinia, fake } = setup({
      'activation.state': () => ok(verifyWithSms()),
      'activation.verify': () => fail('OTP_INVALID', { attemptsLeft: 2 }),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fill(wrapper, 'verify-code', '123456')
    await click(wrapper, 'verify-submit')
    expect(callsTo(fake, 'activation.verify')).toEqual([{ code: '123456' }])
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('验证码错误，还可尝试 2 次')
    expect(valueOf(wrapper, 'verify-code')).toBe('')
  })

  it('says an expired code has expired and offers a new one', async () => {
    const { pinia, fake } = setup({
      'activation.state': () => ok(wizardState('verify', { sms: ticket(Date.now() - 120_000) })),
      'activation.verify': () => fail('OTP_EXPIRED', { reason: 'EXPIRED' }),
      'activation.sendSms': () => ok(ticket(Date.now())),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fill(wrapper, 'verify-code', '654321')
    await click(wrapper, 'verify-submit')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('验证码已过期，请重新获取')
    await click(wrapper, 'problem-action-resend')
    expect(callsTo(fake, 'activation.sendSms')).toHaveLength(1)
    expect(wrapper.find('[data-testid="problem"]').exists()).toBe(false)
  })

  it('asks for a new code after too many wrong ones', async () => {
    const { pinia } = setup({
      'activation.state': () => ok(verifyWithSms()),
      'activation.verify': () => fail('OTP_TOO_MANY', { attemptsLeft: 0 }),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fill(wrapper, 'verify-code', '111222')
    await click(wrapper, 'verify-submit')
    expect(wrapper.text()).toContain('验证码错误次数过多')
    expect(wrapper.find('[data-testid="problem-action-resend"]').exists()).toBe(true)
  })

  it('says until when codes are rate limited', async () => {
    const retryAt = new Date('2025-03-01T10:01:30').getTime()
    const { pinia } = setup({
      'activation.state': () => ok(wizardState('verify')),
      'activation.sendSms': () => fail('SMS_RATE_LIMITED', { reason: 'RESEND_TOO_SOON', retryAt }),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await click(wrapper, 'verify-send')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('获取验证码过于频繁，请在 10:01:30 后重试')
  })

  it('asks for the login password again when the app restarted since step 1 (it is never stored), then verifies', async () => {
    const { pinia, fake } = setup({
      'activation.state': () => ok(verifyWithSms()),
      'activation.verify': sequence(fail('INVALID_INPUT', { step: 'register', reason: 'PASSWORD_REQUIRED' }), ok(wizardState('card'))),
      'activation.register': () => ok(verifyWithSms()),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    expect(wrapper.find('[data-testid="verify-password"]').exists()).toBe(false)
    await fill(wrapper, 'verify-code', '123456')
    await click(wrapper, 'verify-submit')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('登录密码未保存在本机')
    // The code is still good (nothing reached the bank): it stays, and the password is asked for right here.
    expect(valueOf(wrapper, 'verify-code')).toBe('123456')
    await fill(wrapper, 'verify-password', 'Secure2026x')
    await fill(wrapper, 'verify-password-confirm', 'Secure2026y')
    await click(wrapper, 'verify-submit')
    expect(wrapper.text()).toContain('两次输入的登录密码不一致')
    expect(callsTo(fake, 'activation.register')).toHaveLength(0)
    await fill(wrapper, 'verify-password-confirm', 'Secure2026x')
    await click(wrapper, 'verify-submit')
    expect(callsTo(fake, 'activation.register')).toEqual([
      { phone: PHONE, name: NAME, idNumber: ID_NUMBER, password: 'Secure2026x', agreed: true },
    ])
    expect(callsTo(fake, 'activation.verify')).toEqual([{ code: '123456' }, { code: '123456' }])
    expect(wrapper.find('[data-testid="step-card"]').exists()).toBe(true)
  })

  it('checks the code has six digits before calling main', async () => {
    const { pinia, fake } = setup({ 'activation.state': () => ok(verifyWithSms()) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fill(wrapper, 'verify-code', '12a4')
    expect(valueOf(wrapper, 'verify-code')).toBe('124')
    await click(wrapper, 'verify-submit')
    expect(wrapper.text()).toContain('验证码为 6 位数字')
    expect(callsTo(fake, 'activation.verify')).toHaveLength(0)
  })

  it('goes back to step 1 with the fields kept, except the passwords', async () => {
    const { pinia, fake } = setup({
      'activation.state': () => ok(verifyWithSms()),
      'activation.back': () => ok(wizardState('register', { draft: { phone: PHONE, name: NAME, idNumber: ID_NUMBER } })),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await click(wrapper, 'verify-back')
    expect(callsTo(fake, 'activation.back')).toHaveLength(1)
    expect(wrapper.find('[data-testid="step-register"]').exists()).toBe(true)
    expect(valueOf(wrapper, 'register-phone')).toBe(PHONE)
    expect(valueOf(wrapper, 'register-name')).toBe(NAME)
    expect(valueOf(wrapper, 'register-id')).toBe(ID_NUMBER)
    expect(valueOf(wrapper, 'register-password')).toBe('')
    expect(valueOf(wrapper, 'register-confirm')).toBe('')
  })

  it('keeps the code on a network failure and 重试 sends it again, then moves to 激活钱包', async () => {
    const { pinia, fake } = setup({
      'activation.state': () => ok(verifyWithSms()),
      'activation.verify': sequence(fail('TIMEOUT'), ok(wizardState('card'))),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fill(wrapper, 'verify-code', '246810')
    await click(wrapper, 'verify-submit')
    expect(wrapper.text()).toContain('网络异常')
    expect(valueOf(wrapper, 'verify-code')).toBe('246810')
    await click(wrapper, 'problem-retry')
    expect(callsTo(fake, 'activation.verify')).toEqual([{ code: '246810' }, { code: '246810' }])
    expect(wrapper.find('[data-testid="step-card"]').exists()).toBe(true)
  })

  it('sends the user back to step 1 when main no longer has the login password', async () => {
    const { pinia, fake } = setup({
      'activation.state': () => ok(verifyWithSms()),
      'activation.verify': () => fail('INVALID_INPUT', { step: 'register' }),
      'activation.back': () => ok(wizardState('register', { draft: { phone: PHONE, name: NAME, idNumber: ID_NUMBER } })),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fill(wrapper, 'verify-code', '246810')
    await click(wrapper, 'verify-submit')
    expect(wrapper.text()).toContain('登录密码未保存在本机')
    // Going back to step 1 to type it there is still offered.
    await click(wrapper, 'problem-action-back')
    expect(callsTo(fake, 'activation.back')).toHaveLength(1)
    expect(wrapper.find('[data-testid="step-register"]').exists()).toBe(true)
  })
})
