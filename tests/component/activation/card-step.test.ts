import { describe, expect, it } from 'vitest'
import ActivationWizard from '@renderer/views/activation/ActivationWizard.vue'
import { i18n } from '@renderer/i18n'
import { ICBC_CARD, PHONE, callsTo, click, fail, fill, mountView, ok, sequence, setup, valueOf, wizardState } from './helpers'

describe('activation step 3: 激活钱包 (bind a card)', () => {
  it('shows the bank name from the prefix as the number is typed, grouped 4-4-4-4', async () => {
    const { pinia } = setup({ 'activation.state': () => ok(wizardState('card')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    expect(wrapper.find('[data-testid="card-bank"]').exists()).toBe(false)
    await fill(wrapper, 'card-pan', '62220')
    expect(wrapper.find('[data-testid="card-bank"]').exists()).toBe(false)
    await fill(wrapper, 'card-pan', '622202')
    expect(wrapper.find('[data-testid="card-bank"]').text()).toBe('工商银行')
    await fill(wrapper, 'card-pan', ICBC_CARD)
    expect(valueOf(wrapper, 'card-pan')).toBe('6222 0202 0011 2233 446')
    expect(wrapper.find('[data-testid="card-bank-hint"]').text()).toContain('工商银行')
  })

  it('names the bank in English too', async () => {
    const { pinia } = setup({ 'activation.state': () => ok(wizardState('card')) })
    i18n.global.locale.value = 'en-US'
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fill(wrapper, 'card-pan', '6217000000')
    expect(wrapper.find('[data-testid="card-bank"]').text()).toBe('China Construction Bank')
    i18n.global.locale.value = 'zh-CN'
  })

  it('prefills the reserved phone with the registered phone', async () => {
    const { pinia } = setup({ 'activation.state': () => ok(wizardState('card')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    expect(valueOf(wrapper, 'card-phone')).toBe(PHONE)
  })

  it.each([
    ['6222020200112233445', '卡号校验未通过'],
    ['622202020011', '银行卡号应为 16–19 位（当前 12 位）'],
    ['4111111111111111', '仅支持以 62 开头的银联借记卡'],
  ])('checks %s before calling main', async (pan, message) => {
    const { pinia, fake } = setup({ 'activation.state': () => ok(wizardState('card')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fill(wrapper, 'card-pan', pan)
    await click(wrapper, 'card-submit')
    expect(wrapper.text()).toContain(message)
    expect(callsTo(fake, 'activation.bindCard')).toHaveLength(0)
  })

  it.each([
    ['CARD_FROZEN', '该卡已冻结/挂失，请联系发卡行'],
    ['CARD_NOT_OWNED', '非本人银行卡：预留手机号或持卡人与注册信息不一致'],
    ['CARD_EXPIRED', '该卡已过期，请使用有效银行卡'],
    ['CARD_ALREADY_BOUND', '该卡已绑定到您的钱包'],
  ] as const)('explains %s in its own words', async (code, message) => {
    const { pinia } = setup({ 'activation.state': () => ok(wizardState('card')), 'activation.bindCard': () => fail(code) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fill(wrapper, 'card-pan', ICBC_CARD)
    await click(wrapper, 'card-submit')
    const problem = wrapper.find('[data-testid="problem"]')
    expect(problem.attributes('data-code')).toBe(code)
    expect(problem.text()).toContain(message)
  })

  it('explains a card number the bank refuses, with the reason', async () => {
    const { pinia } = setup({
      'activation.state': () => ok(wizardState('card')),
      'activation.bindCard': () => fail('CARD_INVALID', { reason: 'CHECKSUM' }),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fill(wrapper, 'card-pan', ICBC_CARD)
    await click(wrapper, 'card-submit')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('银行卡号无效：卡号校验未通过')
  })

  it('binds the card with digits only and moves on to 设置支付密码', async () => {
    const { pinia, fake } = setup({
      'activation.state': () => ok(wizardState('card')),
      'activation.bindCard': () => ok(wizardState('payPassword')),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fill(wrapper, 'card-pan', '6222 0202 0011 2233 446')
    await fill(wrapper, 'card-phone', '138 0013 8000')
    await click(wrapper, 'card-submit')
    expect(callsTo(fake, 'activation.bindCard')).toEqual([{ pan: ICBC_CARD, reservedPhone: PHONE }])
    expect(wrapper.find('[data-testid="step-pay-password"]').exists()).toBe(true)
  })

  it('keeps the card number on a network failure and 重试 sends the same request', async () => {
    const { pinia, fake } = setup({
      'activation.state': () => ok(wizardState('card')),
      'activation.bindCard': sequence(fail('NETWORK'), ok(wizardState('payPassword'))),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await fill(wrapper, 'card-pan', ICBC_CARD)
    await click(wrapper, 'card-submit')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('网络异常')
    expect(valueOf(wrapper, 'card-pan')).toBe('6222 0202 0011 2233 446')
    await click(wrapper, 'problem-retry')
    const input = { pan: ICBC_CARD, reservedPhone: PHONE }
    expect(callsTo(fake, 'activation.bindCard')).toEqual([input, input])
    expect(wrapper.find('[data-testid="step-pay-password"]').exists()).toBe(true)
  })
})
