import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { setBridge } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'
import { routes } from '@renderer/router'
import { firstScreen } from '@renderer/features/shell/first-screen'
import type * as FirstScreen from '@renderer/features/shell/first-screen'
import AppLayout from '@renderer/layouts/AppLayout.vue'
import { createFakeBridge } from '../fake-bridge'

// The app's first screen, with a longest wait no test reaches (the real one ends a second after start-up).
vi.mock('@renderer/features/shell/first-screen', async (importOriginal) => {
  const real = await importOriginal<typeof FirstScreen>()
  return { ...real, firstScreen: real.createFirstScreen(600_000) }
})

async function setup() {
  const fake = createFakeBridge({
    'messages.list': () => ({ ok: true, value: { messages: [] } }),
  })
  setBridge(fake.bridge)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push('/home')
  const wrapper = mount(AppLayout, {
    attachTo: document.body,
    global: { plugins: [pinia, i18n, ElementPlus, router], stubs: { RouterView: true } },
  })
  await flushPromises()
  return { fake, router, wrapper }
}

describe('the app layout', () => {
  it('asks for 消息中心 only once the first screen is painted', async () => {
    const { fake, wrapper } = await setup()
    // Long enough for the replica's inbox to be read (a fake IndexedDB), shorter than the first screen's longest wait.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(fake.calls.map((c) => c.channel)).not.toContain('messages.list')
    firstScreen.report()
    await vi.waitFor(() => expect(fake.calls.map((c) => c.channel)).toContain('messages.list'))
    wrapper.unmount()
  })

  it('navigates with its links as router links do, with their addresses and the current one marked', async () => {
    const { router, wrapper } = await setup()
    const link = (name: string) => wrapper.get(`[data-testid="nav-${name}"]`)
    expect(link('history').attributes('href')).toBe('/history')
    expect(link('home').attributes('aria-current')).toBe('page')
    expect(link('home').classes()).toContain('is-active')

    await link('history').trigger('click', { button: 0 })
    // The screen's code is loaded first.
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/history'), { timeout: 10_000 })
    await flushPromises()
    expect(link('history').attributes('aria-current')).toBe('page')
    expect(link('home').attributes('aria-current')).toBeUndefined()

    // With a modifier key the click is the browser's, as a router-link leaves it.
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true })
    link('bills').element.dispatchEvent(click)
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/history')
    expect(click.defaultPrevented).toBe(false)
    wrapper.unmount()
  })
})
