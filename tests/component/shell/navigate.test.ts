import { afterEach, describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { flushPromises } from '@vue/test-utils'
import { setBridge } from '@renderer/api/client'
import { followShellNavigation } from '@renderer/features/shell/navigate'
import { createFakeBridge } from '../fake-bridge'

const Blank = { template: '<div />' }

async function setup(start: string, status: 'locked' | 'unlocked') {
  const fake = createFakeBridge({})
  setBridge(fake.bridge)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: Blank },
      { path: '/pay', name: 'pay', component: Blank },
      { path: '/history', name: 'history', component: Blank },
      { path: '/lock', name: 'lock', component: Blank, meta: { public: true } },
    ],
  })
  await router.push(start)
  const session = ref(status)
  const scope = effectScope()
  const stop = scope.run(() => followShellNavigation(router, () => session.value === 'unlocked'))!
  cleanups.push(() => {
    stop()
    scope.stop()
  })
  return { fake, router, session, where: () => router.currentRoute.value.fullPath }
}

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

describe("the renderer follows main's shell.navigate (the tray's 付款码)", () => {
  it('goes to 付款 → 付款码 at once while unlocked', async () => {
    const { fake, where } = await setup('/history', 'unlocked')
    fake.emit('shell.navigate', { target: 'paycode' })
    await flushPromises()
    expect(where()).toBe('/pay?action=paycode')
  })

  it('while locked, waits on the lock screen and goes there once the lock screen has moved on', async () => {
    const { fake, router, session, where } = await setup('/lock', 'locked')
    fake.emit('shell.navigate', { target: 'paycode' })
    await flushPromises()
    expect(where()).toBe('/lock')

    // Unlocked, but still on the lock screen: its own push to 首页 comes first.
    session.value = 'unlocked'
    await nextTick()
    await flushPromises()
    expect(where()).toBe('/lock')

    await router.push('/')
    await flushPromises()
    expect(where()).toBe('/pay?action=paycode')

    // Once only: the next navigation is the user's own.
    await router.push('/history')
    await flushPromises()
    expect(where()).toBe('/history')
  })

  it('does nothing more after it is stopped', async () => {
    const { fake, where } = await setup('/history', 'unlocked')
    for (const c of cleanups.splice(0)) c()
    expect(fake.listenerCount()).toBe(0)
    fake.emit('shell.navigate', { target: 'paycode' })
    await flushPromises()
    expect(where()).toBe('/history')
  })
})
