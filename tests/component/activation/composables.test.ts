import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@renderer/i18n'
import { createMemoryHistory, createRouter } from 'vue-router'
import { closeSimulatedSms, showSimulatedSms, useSimulatedSms, type SimulatedSms } from '@renderer/composables/useSimulatedSms'
import { useActivityPing } from '@renderer/composables/useActivityPing'
import { useSessionStore } from '@renderer/stores/session'
import { callsTo, ok, sessionStatus, setup } from './helpers'

const Host = (use: () => void) => defineComponent({ setup: () => (use(), () => h('div')) })

describe('useSimulatedSms', () => {
  afterEach(() => document.querySelectorAll('.el-notification').forEach((n) => n.remove()))

  it('shows sms.received as a notification titled 模拟短信 with the code, and stops listening on unmount', async () => {
    const { fake, pinia } = setup({})
    const wrapper = mount(Host(useSimulatedSms), { global: { plugins: [pinia, i18n, ElementPlus] } })
    await flushPromises()
    expect(fake.listenerCount()).toBe(1)
    fake.emit('sms.received', { phoneMasked: '138****8000', code: '482913', purpose: 'register', at: Date.now() })
    await flushPromises()
    const note = document.querySelector('.simulated-sms')!
    expect(note.textContent).toContain('模拟短信')
    expect(note.querySelector('[data-testid="simulated-sms-code"]')!.textContent).toBe('482913')
    expect(note.textContent).toContain('138****8000')
    expect(note.textContent).toContain('注册数字钱包')
    expect(note.textContent).toContain('演示环境不会向手机发送真实短信')
    wrapper.unmount()
    expect(fake.listenerCount()).toBe(0)
  })

  it('closes the older code when a newer one arrives', () => {
    setup({})
    const first = showSimulatedSms({ phoneMasked: '138****8000', code: '111111', purpose: 'login', at: Date.now() })
    const close = vi.spyOn(first, 'close')
    showSimulatedSms({ phoneMasked: '138****8000', code: '222222', purpose: 'login', at: Date.now() })
    expect(close).toHaveBeenCalledOnce()
    expect(document.body.textContent).toContain('新设备登录')
    expect(document.body.textContent).toContain('222222')
  })
})

describe('模拟短信 gets out of the way', () => {
  afterEach(() => {
    vi.useRealTimers()
    document.querySelectorAll('.el-notification').forEach((n) => n.remove())
  })
  const sms = (patch: Partial<SimulatedSms> = {}): SimulatedSms => ({
    phoneMasked: '138****8000',
    code: '333333',
    purpose: 'login',
    at: Date.now(),
    expiresAt: Date.now() + 300_000,
    ...patch,
  })
  const shown = () => document.querySelector<HTMLElement>('.simulated-sms')

  it('sits at the bottom right, clear of the header, says the validity the bank gave and has a close button', async () => {
    setup({})
    showSimulatedSms(sms({ expiresAt: Date.now() + 180_000 }))
    await flushPromises()
    const note = shown()!
    expect(note.style.bottom).not.toBe('')
    expect(note.style.top).toBe('')
    expect(note.textContent).toContain('验证码 3 分钟内有效')
    expect(note.querySelector('.el-notification__closeBtn')).not.toBeNull()
  })

  it('closes by itself when the code expires', async () => {
    vi.useFakeTimers()
    setup({})
    const handle = showSimulatedSms(sms({ expiresAt: Date.now() + 300_000 }))
    const close = vi.spyOn(handle, 'close')
    vi.advanceTimersByTime(299_000)
    expect(close).not.toHaveBeenCalled()
    expect(shown()).not.toBeNull()
    vi.advanceTimersByTime(2_000)
    await flushPromises()
    expect(shown()?.style.display ?? 'none').toBe('none')
  })

  it('closes when its code is used and when the screen that asked for it is left', async () => {
    const { fake, pinia } = setup({})
    const router = createRouter({
      history: createMemoryHistory(),
      routes: ['/sign-in', '/home'].map((path) => ({ path, component: { render: () => null } })),
    })
    await router.push('/sign-in')
    const wrapper = mount(Host(() => useSimulatedSms(router)), { global: { plugins: [pinia, i18n, ElementPlus, router] } })
    await flushPromises()
    fake.emit('sms.received', sms())
    await flushPromises()
    const first = vi.spyOn(showSimulatedSms(sms({ code: '444444' })), 'close')
    closeSimulatedSms()
    expect(first).toHaveBeenCalledOnce()

    fake.emit('sms.received', sms({ code: '555555' }))
    await flushPromises()
    await router.push('/sign-in?again=1')
    expect([...document.querySelectorAll('.simulated-sms')].at(-1)!.textContent).toContain('555555')
    const second = vi.spyOn(showSimulatedSms(sms({ code: '666666' })), 'close')
    await router.push('/home')
    expect(second).toHaveBeenCalledOnce()
    wrapper.unmount()
  })
})

describe('useActivityPing', () => {
  afterEach(() => vi.useRealTimers())

  it('sends at most one session.activity per 30 s of mouse and keyboard activity', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2025-03-01T10:00:00'))
    const { fake, pinia } = setup({ 'session.activity': () => ok(undefined) })
    useSessionStore().status = sessionStatus('unlocked')
    mount(Host(useActivityPing), { global: { plugins: [pinia] } })
    await flushPromises()
    for (let i = 0; i < 5; i++) window.dispatchEvent(new MouseEvent('mousemove'))
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
    expect(callsTo(fake, 'session.activity')).toHaveLength(1)
    vi.advanceTimersByTime(29_000)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
    expect(callsTo(fake, 'session.activity')).toHaveLength(1)
    vi.advanceTimersByTime(1_000)
    window.dispatchEvent(new MouseEvent('mousemove'))
    expect(callsTo(fake, 'session.activity')).toHaveLength(2)
  })

  it('does not ping while locked, and follows session.changed from main', async () => {
    const { fake, pinia } = setup({ 'session.activity': () => ok(undefined) })
    const store = useSessionStore()
    store.status = sessionStatus('locked')
    const wrapper = mount(Host(useActivityPing), { global: { plugins: [pinia] } })
    await flushPromises()
    window.dispatchEvent(new MouseEvent('mousemove'))
    expect(callsTo(fake, 'session.activity')).toHaveLength(0)
    fake.emit('session.changed', sessionStatus('unlocked'))
    window.dispatchEvent(new MouseEvent('mousemove'))
    expect(callsTo(fake, 'session.activity')).toHaveLength(1)
    wrapper.unmount()
    store.stopListening()
  })
})
