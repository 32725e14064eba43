import { afterEach, describe, expect, it, vi } from 'vitest'
import LockView from '@renderer/views/session/LockView.vue'
import {
  callsTo,
  click,
  fail,
  fill,
  isDisabled,
  mountView,
  ok,
  routeName,
  sequence,
  settle,
  sessionStatus,
  setup,
  valueOf,
} from './helpers'

describe('LockView', () => {
  afterEach(() => vi.useRealTimers())

  it('shows whose wallet is locked, masked', async () => {
    const { pinia } = setup({ 'session.status': () => ok(sessionStatus('locked')) })
    const { wrapper } = await mountView(LockView, pinia, '/lock')
    expect(wrapper.text()).toContain('钱包已锁定')
    expect(wrapper.find('[data-testid="lock-account"]').text()).toContain('张*')
    expect(wrapper.find('[data-testid="lock-account"]').text()).toContain('138****8000')
  })

  it('unlocks online and goes to 首页', async () => {
    const { pinia, fake } = setup({
      'session.status': () => ok(sessionStatus('locked')),
      'session.unlock': () => ok(sessionStatus('unlocked')),
    })
    const { wrapper, router } = await mountView(LockView, pinia, '/lock')
    await fill(wrapper, 'lock-password', 'Wallet2024x')
    await click(wrapper, 'lock-submit')
    expect(callsTo(fake, 'session.unlock')).toEqual([{ password: 'Wallet2024x' }])
    await routeName(router, '/home')
  })

  it('says when it unlocked offline, with the offline verifier', async () => {
    const { pinia } = setup({
      'session.status': () => ok(sessionStatus('locked')),
      'session.unlock': () => ok(sessionStatus('unlocked', true)),
    })
    const { wrapper, router } = await mountView(LockView, pinia, '/lock')
    await fill(wrapper, 'lock-password', 'Wallet2024x')
    await click(wrapper, 'lock-submit')
    expect(wrapper.find('[data-testid="lock-offline"]').text()).toContain(
      '当前离线：已使用本机离线验证解锁，可查看余额与账单，部分功能暂不可用',
    )
    expect(router.currentRoute.value.path).toBe('/lock')
    await click(wrapper, 'lock-continue')
    await routeName(router, '/home')
  })

  it('counts down a back-off after too many wrong passwords, then allows a new try', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(new Date('2025-03-01T10:00:00'))
    const retryAt = new Date('2025-03-01T10:00:30').getTime()
    const { pinia, fake } = setup({
      'session.status': () => ok(sessionStatus('locked')),
      'session.unlock': () => fail('UNLOCK_BACKOFF', { retryAt, failures: 5 }),
    })
    const { wrapper } = await mountView(LockView, pinia, '/lock')
    await fill(wrapper, 'lock-password', 'wrong-one1')
    await click(wrapper, 'lock-submit')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('请在 10:00:30 后重试')
    expect(wrapper.find('[data-testid="problem-countdown"]').text()).toBe('剩余 0:30')
    expect(isDisabled(wrapper, 'lock-submit')).toBe(true)
    expect(valueOf(wrapper, 'lock-password')).toBe('')

    vi.advanceTimersByTime(10_000)
    await settle()
    expect(wrapper.find('[data-testid="problem-countdown"]').text()).toBe('剩余 0:20')
    vi.advanceTimersByTime(20_000)
    await settle()
    expect(wrapper.find('[data-testid="problem-countdown"]').text()).toBe('现在可以重试了。')
    expect(isDisabled(wrapper, 'lock-submit')).toBe(false)
    expect(callsTo(fake, 'session.unlock')).toHaveLength(1)
  })

  it('warns before the back-off after a wrong password', async () => {
    const { pinia } = setup({
      'session.status': () => ok(sessionStatus('locked')),
      'session.unlock': () => fail('WRONG_PASSWORD', { attemptsBeforeBackoff: 2 }),
    })
    const { wrapper } = await mountView(LockView, pinia, '/lock')
    await fill(wrapper, 'lock-password', 'wrong-one1')
    await click(wrapper, 'lock-submit')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('登录密码错误。再输错 2 次后需要等待一段时间才能重试。')
  })

  it('says how long the wait after the next wrong passwords will be, from what main tells', async () => {
    const { pinia } = setup({
      'session.status': () => ok(sessionStatus('locked')),
      'session.unlock': () => fail('WRONG_PASSWORD', { attemptsBeforeBackoff: 1, backoffMs: 30_000 }),
    })
    const { wrapper } = await mountView(LockView, pinia, '/lock')
    await fill(wrapper, 'lock-password', 'wrong-one1')
    await click(wrapper, 'lock-submit')
    const text = wrapper.find('[data-testid="problem"]').text()
    expect(text).toContain('登录密码错误。再输错 1 次后需等待 30 秒才能重试。')
    expect(text).not.toContain('一段时间')
  })

  it('without an offline verifier says to sign in online, and offers 切换账户', async () => {
    const { pinia } = setup({
      'session.status': () => ok(sessionStatus('locked')),
      'session.unlock': () => fail('NO_OFFLINE_VERIFIER'),
    })
    const { wrapper, router } = await mountView(LockView, pinia, '/lock')
    await fill(wrapper, 'lock-password', 'Wallet2024x')
    await click(wrapper, 'lock-submit')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('本机还没有离线解锁信息')
    await click(wrapper, 'problem-action-switchAccount')
    await routeName(router, 'sign-in')
  })

  it('切换账户 goes to sign-in', async () => {
    const { pinia } = setup({ 'session.status': () => ok(sessionStatus('locked')) })
    const { wrapper, router } = await mountView(LockView, pinia, '/lock')
    await click(wrapper, 'lock-switch')
    await routeName(router, 'sign-in')
  })
})

describe('LockView with two-factor on', () => {
  it('asks for the authenticator code when the bank wants it, then goes to 首页 online', async () => {
    const asked = { method: 'totp' as const, phoneMasked: '138****8000', expiresAt: Date.now() + 300_000 }
    const { pinia, fake } = setup({
      'session.status': () => ok(sessionStatus('locked')),
      'session.unlock': () => ok({ ...sessionStatus('unlocked', true), challenge: asked }),
      'session.challenge': () => ok({ status: 'ok', session: sessionStatus('unlocked') }),
    })
    const { wrapper, router } = await mountView(LockView, pinia, '/lock')
    await fill(wrapper, 'lock-password', 'Wallet2024x')
    await click(wrapper, 'lock-submit')
    expect(wrapper.find('[data-testid="challenge-title"]').attributes('data-method')).toBe('totp')
    expect(wrapper.find('[data-testid="lock-offline"]').exists()).toBe(false)
    expect(router.currentRoute.value.path).toBe('/lock')
    expect(wrapper.find('[data-testid="challenge-submit"]').text()).toBe('验证并解锁')
    await fill(wrapper, 'challenge-code', '287082')
    await click(wrapper, 'challenge-submit')
    expect(callsTo(fake, 'session.challenge')).toEqual([{ code: '287082' }])
    await routeName(router, '/home')
  })

  it('lets the user put the code off and view the wallet offline', async () => {
    const asked = { method: 'totp' as const, phoneMasked: '138****8000', expiresAt: Date.now() + 300_000 }
    const { pinia, fake } = setup({
      'session.status': () => ok(sessionStatus('locked')),
      'session.unlock': () => ok({ ...sessionStatus('unlocked', true), challenge: asked }),
    })
    const { wrapper, router } = await mountView(LockView, pinia, '/lock')
    await fill(wrapper, 'lock-password', 'Wallet2024x')
    await click(wrapper, 'lock-submit')
    expect(wrapper.find('[data-testid="challenge-restart"]').text()).toBe('暂不验证，离线查看')
    await click(wrapper, 'challenge-restart')
    expect(wrapper.find('[data-testid="lock-offline"]').exists()).toBe(true)
    expect(callsTo(fake, 'session.challenge')).toEqual([])
    // Main is told, so it forgets the challenge and the password kept for it.
    expect(callsTo(fake, 'session.abandonChallenge')).toHaveLength(1)
    await click(wrapper, 'lock-continue')
    await routeName(router, '/home')
  })
})

describe('LockView network failure', () => {
  it('keeps the password and 重试 sends the same unlock again', async () => {
    const { pinia, fake } = setup({
      'session.status': () => ok(sessionStatus('locked')),
      'session.unlock': sequence(fail('TIMEOUT'), ok(sessionStatus('unlocked'))),
    })
    const { wrapper, router } = await mountView(LockView, pinia, '/lock')
    await fill(wrapper, 'lock-password', 'Wallet2024x')
    await click(wrapper, 'lock-submit')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('网络异常')
    expect(valueOf(wrapper, 'lock-password')).toBe('Wallet2024x')
    await click(wrapper, 'problem-retry')
    expect(callsTo(fake, 'session.unlock')).toEqual([{ password: 'Wallet2024x' }, { password: 'Wallet2024x' }])
    await routeName(router, '/home')
    expect(valueOf(wrapper, 'lock-password')).toBe('')
  })
})
