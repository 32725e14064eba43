import { describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import ActivationWizard from '@renderer/views/activation/ActivationWizard.vue'
import {
  ID_NUMBER,
  NAME,
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
  setup,
  valueOf,
  wizardState,
} from './helpers'

async function fillForm(
  wrapper: VueWrapper,
  patch: Partial<Record<'phone' | 'name' | 'id' | 'password' | 'confirm', string>> = {},
) {
  const values = { phone: PHONE, name: NAME, id: ID_NUMBER, password: 'Wallet2024x', confirm: 'Wallet2024x', ...patch }
  await fill(wrapper, 'register-phone', values.phone)
  await fill(wrapper, 'register-name', values.name)
  await fill(wrapper, 'register-id', values.id)
  await fill(wrapper, 'register-password', values.password)
  await fill(wrapper, 'register-confirm', values.confirm)
}

async function agree(wrapper: VueWrapper) {
  await wrapper.find('[data-testid="register-agree"] input').setValue(true)
}

const verifyState = wizardState('verify')
const expectedInput = { phone: PHONE, name: NAME, idNumber: ID_NUMBER, password: 'Wallet2024x', agreed: true }

describe('activation step 1: 注册账户', () => {
  it('starts at the step main reports and shows the five steps', async () => {
    const { pinia } = setup({ 'activation.state': () => ok(wizardState('register')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    expect(wrapper.find('[data-testid="step-register"]').exists()).toBe(true)
    for (const title of ['注册账户', '账户验证', '激活钱包', '设置支付密码', '完成']) expect(wrapper.text()).toContain(title)
  })

  it('says the check digit is wrong for an ID number with a bad last character', async () => {
    const { pinia, fake } = setup({ 'activation.state': () => ok(wizardState('register')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fillForm(wrapper, { id: '110105194912310021' })
    await agree(wrapper)
    await click(wrapper, 'register-submit')
    expect(wrapper.text()).toContain('校验位')
    expect(callsTo(fake, 'activation.register')).toHaveLength(0)
  })

  it.each([
    ['11010519491231002', '应为 18 位（当前 17 位）'],
    ['99010519491231002X', '地区码'],
    ['11010519491331002X', '出生日期'],
    ['1101051949123100AX', '前 17 位应为数字'],
  ])('says what is wrong with ID number %s', async (id, message) => {
    const { pinia } = setup({ 'activation.state': () => ok(wizardState('register')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fillForm(wrapper, { id })
    await click(wrapper, 'register-submit')
    expect(wrapper.text()).toContain(message)
  })

  it('refuses a login password that contains the phone number, or the birth date, or lacks digits', async () => {
    const { pinia, fake } = setup({ 'activation.state': () => ok(wizardState('register')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fillForm(wrapper, { password: `a${PHONE}`, confirm: `a${PHONE}` })
    await agree(wrapper)
    await click(wrapper, 'register-submit')
    expect(wrapper.text()).toContain('登录密码不能包含手机号')
    await fill(wrapper, 'register-password', 'pw19491231x')
    await settle()
    expect(wrapper.text()).toContain('登录密码不能包含出生日期')
    await fill(wrapper, 'register-password', 'onlyletters')
    await settle()
    expect(wrapper.text()).toContain('须包含至少一个数字')
    expect(callsTo(fake, 'activation.register')).toHaveLength(0)
  })

  it('checks the phone, the confirmation and the agreement before calling main', async () => {
    const { pinia, fake } = setup({ 'activation.state': () => ok(wizardState('register')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fillForm(wrapper, { phone: '1380013800', confirm: 'Different99' })
    await click(wrapper, 'register-submit')
    expect(wrapper.text()).toContain('手机号应为 11 位数字（当前 10 位）')
    expect(wrapper.text()).toContain('两次输入的登录密码不一致')
    expect(wrapper.text()).toContain('请阅读并同意《工行数字钱包服务协议》')
    expect(callsTo(fake, 'activation.register')).toHaveLength(0)
  })

  it('shows a strength meter for the login password', async () => {
    const { pinia } = setup({ 'activation.state': () => ok(wizardState('register')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fill(wrapper, 'register-password', 'abcdefg1')
    expect(wrapper.find('[data-testid="password-strength"]').text()).toContain('弱')
    await fill(wrapper, 'register-password', 'Abcdefg1!xyz')
    expect(wrapper.find('[data-testid="password-strength"]').attributes('data-level')).toBe('4')
    expect(wrapper.find('[data-testid="password-strength"]').text()).toContain('很强')
  })

  it('opens the agreement and accepting it ticks the box', async () => {
    const { pinia } = setup({ 'activation.state': () => ok(wizardState('register')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await click(wrapper, 'register-agreement')
    expect(document.body.textContent).toContain('工行数字钱包服务协议')
    ;(document.querySelector('[data-testid="agreement-accept"]') as HTMLButtonElement).click()
    await wrapper.vm.$nextTick()
    expect((wrapper.find('[data-testid="register-agree"] input').element as HTMLInputElement).checked).toBe(true)
  })

  it('registers and moves on to 账户验证', async () => {
    const { pinia, fake } = setup({
      'activation.state': () => ok(wizardState('register')),
      'activation.register': () => ok(verifyState),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fillForm(wrapper)
    await agree(wrapper)
    await click(wrapper, 'register-submit')
    expect(callsTo(fake, 'activation.register')).toEqual([expectedInput])
    expect(wrapper.find('[data-testid="step-verify"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="activation-wizard"]').attributes('data-step')).toBe('verify')
  })

  it('offers 登录 when the phone number is already registered', async () => {
    const { pinia } = setup({
      'activation.state': () => ok(wizardState('register')),
      'activation.register': () => fail('PHONE_TAKEN'),
    })
    const { wrapper, router } = await mountView(ActivationWizard, pinia, '/activate')
    await fillForm(wrapper)
    await agree(wrapper)
    await click(wrapper, 'register-submit')
    expect(wrapper.text()).toContain('该手机号已注册数字钱包')
    await click(wrapper, 'problem-action-signIn')
    await routeName(router, 'sign-in')
  })

  it('explains a refusal from the bank about one field', async () => {
    const { pinia } = setup({
      'activation.state': () => ok(wizardState('register')),
      'activation.register': () => fail('ID_INVALID', { reason: 'CHECK_DIGIT' }),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fillForm(wrapper)
    await agree(wrapper)
    await click(wrapper, 'register-submit')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('校验位')
  })

  it('keeps the input on a network failure, and 重试 sends the same request again', async () => {
    const { pinia, fake } = setup({
      'activation.state': () => ok(wizardState('register')),
      'activation.register': sequence(fail('NETWORK'), ok(verifyState)),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fillForm(wrapper)
    await agree(wrapper)
    await click(wrapper, 'register-submit')
    expect(wrapper.text()).toContain('网络异常')
    expect(valueOf(wrapper, 'register-phone')).toBe(PHONE)
    expect(valueOf(wrapper, 'register-id')).toBe(ID_NUMBER)
    expect(valueOf(wrapper, 'register-password')).toBe('Wallet2024x')
    await click(wrapper, 'problem-retry')
    expect(callsTo(fake, 'activation.register')).toEqual([expectedInput, expectedInput])
    expect(wrapper.find('[data-testid="step-verify"]').exists()).toBe(true)
  })

  it('does not submit twice while a request is running', async () => {
    let release: (value: unknown) => void = () => {}
    const { pinia, fake } = setup({
      'activation.state': () => ok(wizardState('register')),
      'activation.register': () => new Promise((resolve) => (release = () => resolve(ok(verifyState)))),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fillForm(wrapper)
    await agree(wrapper)
    await click(wrapper, 'register-submit')
    await wrapper.find('form').trigger('submit')
    await click(wrapper, 'register-submit')
    expect(callsTo(fake, 'activation.register')).toHaveLength(1)
    expect(wrapper.find('[data-testid="register-submit"]').classes()).toContain('is-loading')
    release(undefined)
  })

  it('resumes with what was typed (except passwords) when main has a draft', async () => {
    const { pinia } = setup({
      'activation.state': () => ok(wizardState('register', { draft: { phone: PHONE, name: NAME, idNumber: ID_NUMBER } })),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    expect(valueOf(wrapper, 'register-phone')).toBe(PHONE)
    expect(valueOf(wrapper, 'register-name')).toBe(NAME)
    expect(valueOf(wrapper, 'register-id')).toBe(ID_NUMBER)
    expect(valueOf(wrapper, 'register-password')).toBe('')
  })

  it('resumes at a later step after a restart', async () => {
    const { pinia } = setup({ 'activation.state': () => ok(wizardState('card')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    expect(wrapper.find('[data-testid="step-card"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="wizard-cancel"]').exists()).toBe(false)
  })
})
