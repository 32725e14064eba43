import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import ActivationWizard from '@renderer/views/activation/ActivationWizard.vue'
import PayKeypad from '@renderer/components/PayKeypad.vue'
import { i18n } from '@renderer/i18n'
import { callsTo, click, fail, keypad, mountView, ok, sequence, setup, wizardState } from './helpers'

const phase = (wrapper: Awaited<ReturnType<typeof mountView>>['wrapper']) =>
  wrapper.find('[data-testid="pay-phase"]').attributes('data-phase')

describe('PayKeypad', () => {
  it('shows six dots, emits the six digits once and forgets them', async () => {
    const wrapper = mount(PayKeypad, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
    await keypad(wrapper, '135')
    expect(wrapper.findAll('.dot.filled')).toHaveLength(3)
    await wrapper.find('[data-testid="keypad-delete"]').trigger('click')
    expect(wrapper.findAll('.dot.filled')).toHaveLength(2)
    await keypad(wrapper, '5790')
    expect(wrapper.emitted('complete')).toEqual([['135790']])
    expect(wrapper.findAll('.dot.filled')).toHaveLength(0)
    wrapper.unmount()
  })

  it('takes digits from the physical keyboard, but not from text inputs', async () => {
    const wrapper = mount(PayKeypad, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
    for (const key of ['2', '4', '6', 'Backspace', '6', '8', '0', '1'])
      window.dispatchEvent(new KeyboardEvent('keydown', { key }))
    await flushPromises()
    expect(wrapper.emitted('complete')).toEqual([['246801']])
    const input = document.createElement('input')
    document.body.appendChild(input)
    input.dispatchEvent(new KeyboardEvent('keydown', { key: '1', bubbles: true }))
    await flushPromises()
    expect(wrapper.findAll('.dot.filled')).toHaveLength(0)
    input.remove()
    wrapper.unmount()
  })
})

describe('activation step 4: 设置支付密码', () => {
  it.each([
    ['123456', '不能是连续的数字'],
    ['654321', '不能是连续的数字'],
    ['111111', '不能是同一数字重复'],
    ['491231', '不能使用您的出生日期'],
  ])('refuses %s with the reason', async (digits, reason) => {
    const { pinia, fake } = setup({ 'activation.state': () => ok(wizardState('payPassword')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await keypad(wrapper, digits)
    expect(wrapper.find('[data-testid="pay-notice"]').text()).toContain(reason)
    expect(phase(wrapper)).toBe('set')
    expect(callsTo(fake, 'activation.setPayPassword')).toHaveLength(0)
  })

  it('starts over when the confirmation does not match', async () => {
    const { pinia, fake } = setup({ 'activation.state': () => ok(wizardState('payPassword')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await keypad(wrapper, '135790')
    expect(phase(wrapper)).toBe('confirm')
    await keypad(wrapper, '135791')
    expect(wrapper.find('[data-testid="pay-notice"]').text()).toContain('两次输入的支付密码不一致')
    expect(phase(wrapper)).toBe('set')
    expect(callsTo(fake, 'activation.setPayPassword')).toHaveLength(0)
  })

  it('sets the payment password after two matching entries and shows 完成', async () => {
    const { pinia, fake } = setup({
      'activation.state': () => ok(wizardState('payPassword')),
      'activation.setPayPassword': () => ok(wizardState('done')),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await keypad(wrapper, '135790')
    await keypad(wrapper, '135790')
    expect(callsTo(fake, 'activation.setPayPassword')).toEqual([{ payPassword: '135790' }])
    expect(wrapper.find('[data-testid="step-done"]').exists()).toBe(true)
  })

  it('shows the reason when the bank refuses the password as trivial, and starts over', async () => {
    const { pinia } = setup({
      'activation.state': () => ok(wizardState('payPassword')),
      'activation.setPayPassword': () => fail('PAY_PASSWORD_TRIVIAL', { reason: 'ID_SUFFIX' }),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await keypad(wrapper, '135790')
    await keypad(wrapper, '135790')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('不能使用身份证号的后 6 位')
    expect(phase(wrapper)).toBe('set')
  })

  it('on a network failure 重试 sends the same password again', async () => {
    const { pinia, fake } = setup({
      'activation.state': () => ok(wizardState('payPassword')),
      'activation.setPayPassword': sequence(fail('NETWORK'), ok(wizardState('done'))),
    })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    await keypad(wrapper, '135790')
    await keypad(wrapper, '135790')
    expect(wrapper.find('[data-testid="problem"]').text()).toContain('网络异常')
    await click(wrapper, 'problem-retry')
    expect(callsTo(fake, 'activation.setPayPassword')).toEqual([{ payPassword: '135790' }, { payPassword: '135790' }])
    expect(wrapper.find('[data-testid="step-done"]').exists()).toBe(true)
  })
})
