import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import SignInView from '@renderer/views/session/SignInView.vue'
import {
  PHONE,
  callsTo,
  click,
  fail,
  fill,
  mountView,
  ok,
  routeName,
  sequence,
  settle,
  sessionStatus,
  setup,
  valueOf,
} from './helpers'

const challenge = (method: 'sms' | 'totp', expiresAt = Date.now() + 300_000) => ({
  status: 'challenge' as const,
  method,
  phoneMasked: '138****8000',
  expiresAt,
})

async function signIn(wrapper: VueWrapper, password = 'Wallet2024x') {
  await fill(wrapper, 'sign-in-phone', PHONE)
  await fill(wrapper, 'sign-in-password', password)
  await click(wrapper, 'sign-in-submit')
}

describe('SignInView', () => {
  afterEach(() => vi.useRealTimers())

  it('signs in with phone and password and goes to 首页', async () => {
    const { pinia, fake } = setup({ 'session.signIn': () => ok({ status: 'ok', session: sessionStatus('unlocked') }) })
    const { wrapper, router } = await mountView(SignInView, pinia, '/sign-in')
    await signIn(wrapper)
    expect(callsTo(fake, 'session.signIn')).toEqual([{ phone: PHONE, password: 'Wallet2024x' }])
    await routeName(router, '/home')
  })

  it('checks the phone and password before calling main', async () => {
    const { pinia, fake } = setup({})
    const { wrapper } = await mountView(SignInView, pinia, '/sign-in')
    await fill(wrapper, 'sign-in-phone', '12800138000')
    await click(wrapper, 'sign-in-submit')
    expect(wrapper.text()).toContain('手机号应以 13–19 开头')
    expect(wrapper.text()).toContain('请输入登录密码')
    expect(callsTo(fake, 'session.signIn')).toHaveLength(0)
  })

  it('shows the tries left after a wrong password', async () => {
    const { pinia } = setup({ 'session.signIn': () => fail('CREDENTIALS_INVALID', { attemptsLeft: 3 }) })
    const { wrapper } = await mountView(SignInView, pinia, '/sign-in')
    await signIn(wrapper)
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('手机号或登录密码错误，还可尝试 3 次')
  })

  it('on a new device asks for the SMS code, then signs in', async () => {
    const { pinia, fake } = setup({
      'session.signIn': () => ok(challenge('sms')),
      'session.challenge': () => ok({ status: 'ok', session: sessionStatus('unlocked') }),
    })
    const { wrapper, router } = await mountView(SignInView, pinia, '/sign-in')
    await signIn(wrapper)
    expect(wrapper.find('[data-testid="challenge-title"]').text()).toBe('新设备登录，需要短信验证')
    expect(wrapper.text()).toContain('138****8000')
    expect(wrapper.find('[data-testid="challenge-expiry"]').text()).toMatch(/请在 [45]:\d\d 内完成验证/)
    await fill(wrapper, 'challenge-code', '482913')
    await click(wrapper, 'challenge-submit')
    expect(callsTo(fake, 'session.challenge')).toEqual([{ code: '482913' }])
    await routeName(router, '/home')
  })

  it('shows a wrong code with the tries left and keeps the challenge open', async () => {
    const { pinia } = setup({
      'session.signIn': () => ok(challenge('sms')),
      'session.challenge': () => fail('OTP_INVALID', { attemptsLeft: 4 }),
    })
    const { wrapper } = await mountView(SignInView, pinia, '/sign-in')
    await signIn(wrapper)
    await fill(wrapper, 'challenge-code', '000000')
    await click(wrapper, 'challenge-submit')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('验证码错误，还可尝试 4 次')
    expect(wrapper.find('[data-testid="challenge-code"]').exists()).toBe(true)
  })

  it('when the code expires says so, and 重新登录 starts over with the phone kept', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(new Date('2025-03-01T10:00:00'))
    const { pinia, fake } = setup({ 'session.signIn': () => ok(challenge('sms', Date.now() + 300_000)) })
    const { wrapper } = await mountView(SignInView, pinia, '/sign-in')
    await signIn(wrapper)
    vi.advanceTimersByTime(301_000)
    await settle()
    expect(wrapper.find('[data-testid="challenge-expired"]').text()).toContain('验证已超时')
    expect((wrapper.find('[data-testid="challenge-submit"]').element as HTMLButtonElement).disabled).toBe(true)
    await click(wrapper, 'challenge-restart')
    expect(wrapper.find('[data-testid="challenge-code"]').exists()).toBe(false)
    expect(valueOf(wrapper, 'sign-in-phone')).toBe(PHONE)
    expect(valueOf(wrapper, 'sign-in-password')).toBe('')
    // Only the user's next sign-in asks the bank for a new code.
    expect(callsTo(fake, 'session.signIn')).toHaveLength(1)
  })

  it('leaves a place for the 动态口令 (TOTP) method with the same input', async () => {
    const { pinia, fake } = setup({
      'session.signIn': () => ok(challenge('totp')),
      'session.challenge': () => ok({ status: 'ok', session: sessionStatus('unlocked') }),
    })
    const { wrapper, router } = await mountView(SignInView, pinia, '/sign-in')
    await signIn(wrapper)
    expect(wrapper.find('[data-testid="challenge-title"]').attributes('data-method')).toBe('totp')
    expect(wrapper.text()).toContain('动态口令')
    await fill(wrapper, 'challenge-code', '123456')
    await click(wrapper, 'challenge-submit')
    expect(callsTo(fake, 'session.challenge')).toEqual([{ code: '123456' }])
    await routeName(router, '/home')
  })

  it('says until when the authenticator codes are locked, and counts down', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(new Date('2025-03-01T10:00:00'))
    const retryAt = new Date('2025-03-01T10:15:00').getTime()
    const { pinia } = setup({
      'session.signIn': () => ok(challenge('totp')),
      'session.challenge': () => fail('TOTP_LOCKED', { retryAt }),
    })
    const { wrapper } = await mountView(SignInView, pinia, '/sign-in')
    await signIn(wrapper)
    await fill(wrapper, 'challenge-code', '123456')
    await click(wrapper, 'challenge-submit')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('动态口令错误次数过多，已暂时锁定，请在 10:15:00 后重试')
    expect(wrapper.find('[data-testid="problem-countdown"]').text()).toBe('剩余 15:00')
  })

  it('keeps phone and password on a network failure and 重试 sends the same request', async () => {
    const { pinia, fake } = setup({
      'session.signIn': sequence(fail('NETWORK'), ok({ status: 'ok', session: sessionStatus('unlocked') })),
    })
    const { wrapper, router } = await mountView(SignInView, pinia, '/sign-in')
    await signIn(wrapper)
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('网络异常')
    expect(valueOf(wrapper, 'sign-in-phone')).toBe(PHONE)
    expect(valueOf(wrapper, 'sign-in-password')).toBe('Wallet2024x')
    await click(wrapper, 'problem-retry')
    const input = { phone: PHONE, password: 'Wallet2024x' }
    expect(callsTo(fake, 'session.signIn')).toEqual([input, input])
    await routeName(router, '/home')
  })

  it('counts down a temporary sign-in lock and blocks the button meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(new Date('2025-03-01T10:00:00'))
    const unlockAt = new Date('2025-03-01T10:15:00').getTime()
    const { pinia } = setup({ 'session.signIn': () => fail('LOGIN_LOCKED', { unlockAt }) })
    const { wrapper } = await mountView(SignInView, pinia, '/sign-in')
    await signIn(wrapper)
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('请在 10:15:00 后重试')
    expect(wrapper.find('[data-testid="problem-countdown"]').text()).toBe('剩余 15:00')
    expect((wrapper.find('[data-testid="sign-in-submit"]').element as HTMLButtonElement).disabled).toBe(true)
  })
})
