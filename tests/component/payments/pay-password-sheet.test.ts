import { defineComponent, h, ref } from 'vue'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WireError } from '@shared/errors'
import { ApiError } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'
import PayPasswordSheet from '@renderer/components/PayPasswordSheet.vue'

enableAutoUnmount(afterEach)

const $ = (testid: string) => document.body.querySelector<HTMLElement>(`[data-testid="${testid}"]`)

async function type(digits: string): Promise<void> {
  for (const d of digits) {
    $(`keypad-${d}`)!.click()
    await flushPromises()
  }
}

function mountSheet(submit: (payPassword: string) => Promise<unknown>) {
  const open = ref(true)
  const done = vi.fn()
  const Host = defineComponent({
    setup: () => () =>
      h(PayPasswordSheet, {
        modelValue: open.value,
        'onUpdate:modelValue': (v: boolean) => (open.value = v),
        amountFen: 12_345,
        payee: '瑞幸咖啡',
        submit,
        onDone: done,
      }),
  })
  const wrapper = mount(Host, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  return { wrapper, open, done }
}

const refuse = (error: WireError) => () => Promise.reject(new ApiError(error))

describe('PayPasswordSheet', () => {
  it('shows what is paid, hands over the password once and closes on success', async () => {
    const submit = vi.fn(() => Promise.resolve({ ok: 1 }))
    const { open, done } = mountSheet(submit)
    await flushPromises()
    expect($('pay-sheet-amount')!.textContent).toContain('¥123.45')
    expect($('pay-sheet-payee')!.textContent).toContain('瑞幸咖啡')
    await type('135790')
    expect(submit).toHaveBeenCalledTimes(1)
    expect(submit).toHaveBeenCalledWith('135790')
    expect(done).toHaveBeenCalledWith({ ok: 1 })
    expect(open.value).toBe(false)
  })

  it('says how many attempts are left after a wrong password and lets the user try again', async () => {
    const submit = vi.fn(refuse({ code: 'PAY_PASSWORD_WRONG', message: 'wrong', details: { attemptsLeft: 3 } }))
    mountSheet(submit)
    await flushPromises()
    await type('000000')
    expect($('pay-sheet-error')!.textContent).toContain('支付密码错误，还可尝试 3 次')
    expect($('pay-keypad')).not.toBeNull()
    expect(document.body.querySelectorAll('.dot.filled')).toHaveLength(0)
  })

  it('says when a locked password unlocks and hides the keypad', async () => {
    const unlockAt = new Date()
    unlockAt.setHours(23, 7, 0, 0)
    mountSheet(refuse({ code: 'PAY_PASSWORD_LOCKED', message: 'locked', details: { unlockAt: unlockAt.getTime() } }))
    await flushPromises()
    await type('000000')
    expect($('pay-sheet-error')!.textContent).toContain('支付密码已锁定，请于 23:07 后再试')
    expect($('pay-keypad')).toBeNull()
  })

  it('offers 重试 after a network failure and sends the same request again', async () => {
    const submit = vi
      .fn()
      .mockRejectedValueOnce(new ApiError({ code: 'OFFLINE', message: 'down' }))
      .mockResolvedValueOnce({ ok: 2 })
    const { done } = mountSheet(submit)
    await flushPromises()
    await type('135790')
    expect($('pay-sheet-error')!.textContent).toContain('网络异常')
    expect($('pay-keypad')).toBeNull()
    $('pay-sheet-retry')!.click()
    await flushPromises()
    expect($('pay-sheet-retry-hint')).not.toBeNull()
    await type('135790')
    expect(submit.mock.calls).toEqual([['135790'], ['135790']])
    expect(done).toHaveBeenCalledWith({ ok: 2 })
  })
})

describe('PayPasswordSheet and screen capture', () => {
  it('asks main to protect the window while it is open, and to stop when it closes or goes away', async () => {
    const { createFakeBridge } = await import('../fake-bridge')
    const { setBridge } = await import('@renderer/api/client')
    const fake = createFakeBridge({ 'window.protect': () => ({ ok: true, value: null }) })
    setBridge(fake.bridge)
    const protects = () => fake.calls.filter((c) => c.channel === 'window.protect').map((c) => c.input)
    const { wrapper, open } = mountSheet(() => Promise.resolve({ ok: 1 }))
    await flushPromises()
    expect(protects()).toEqual([{ surface: 'password', on: true }])
    open.value = false
    await flushPromises()
    expect(protects()).toEqual([
      { surface: 'password', on: true },
      { surface: 'password', on: false },
    ])
    open.value = true
    await flushPromises()
    wrapper.unmount()
    await flushPromises()
    expect(protects().slice(2)).toEqual([
      { surface: 'password', on: true },
      { surface: 'password', on: false },
    ])
  })
})
