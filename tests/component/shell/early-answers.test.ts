import { afterEach, describe, expect, it, vi } from 'vitest'
import { askEarly, call, setBridge } from '@renderer/api/client'
import { NAV_ITEMS, routes } from '@renderer/router'
import { SCREENS, screenOf } from '@renderer/router/screens'
import { createFakeBridge } from '../fake-bridge'

afterEach(() => vi.useRealTimers())

/** A bridge that answers `session.status` with how often it was asked, and `settings.get` with its input. */
function counting() {
  let asked = 0
  const fake = createFakeBridge({
    'session.status': () => ({ ok: true, value: { status: 'unlocked', asked: ++asked } }),
    'vault.status': () => ({ ok: false, error: { code: 'VAULT_LOCKED', message: 'locked' } }),
  })
  setBridge(fake.bridge)
  return fake
}

describe('start-up questions asked before the app is built (src/renderer/src/boot.ts)', () => {
  it("serve the app's own first call without asking again, and only that one", async () => {
    const fake = counting()
    askEarly(['session.status'])
    expect(fake.calls.map((c) => c.channel)).toEqual(['session.status'])
    await expect(call('session.status')).resolves.toMatchObject({ asked: 1 })
    expect(fake.calls).toHaveLength(1)
    // The next call is a new question: its answer may have changed.
    await expect(call('session.status')).resolves.toMatchObject({ asked: 2 })
    expect(fake.calls).toHaveLength(2)
  })

  it('give a refusal to the first call as main gave it, and the next call asks again', async () => {
    const fake = counting()
    askEarly(['vault.status'])
    await expect(call('vault.status')).rejects.toMatchObject({ code: 'VAULT_LOCKED' })
    await expect(call('vault.status')).rejects.toMatchObject({ code: 'VAULT_LOCKED' })
    expect(fake.calls).toHaveLength(2)
  })

  it('are not used once they are too old to stand for the present', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const fake = counting()
    askEarly(['session.status'])
    vi.setSystemTime(Date.now() + 60_000)
    await expect(call('session.status')).resolves.toMatchObject({ asked: 2 })
    expect(fake.calls).toHaveLength(2)
  })

  it('are sent at once by a bridge that would wait for the end of the turn', async () => {
    const fake = counting()
    const flush = vi.fn()
    setBridge({ ...fake.bridge, flush } as typeof fake.bridge)
    askEarly(['session.status', 'vault.status'])
    expect(flush).toHaveBeenCalledTimes(1)
    expect(fake.calls.map((c) => c.channel)).toEqual(['session.status', 'vault.status'])
    await call('session.status')
    await call('vault.status').catch(() => {})
  })

  it('are asked once however often the same question is listed', async () => {
    const fake = counting()
    askEarly(['session.status', 'session.status'])
    expect(fake.calls).toHaveLength(1)
    await call('session.status')
  })
})

describe('the screen the app opens on, loaded at start-up (src/renderer/src/router/screens.ts)', () => {
  it('is the navigation screen of the hash, home without one, none for other routes', () => {
    expect(screenOf('#/history')).toBe('history')
    expect(screenOf('#/history?q=%E8%B6%85%E5%B8%82&type=payment')).toBe('history')
    expect(screenOf('#/settings/devices')).toBe('settings')
    expect(screenOf('')).toBe('home')
    expect(screenOf('#token=abc')).toBe('home')
    for (const hash of ['#/welcome', '#/lock', '#/', '#/constructor', '#/toString', '#/nope']) expect(screenOf(hash)).toBeUndefined()
  })

  it('has the router load the same code for each navigation screen', () => {
    for (const item of NAV_ITEMS) {
      const record = routes.flatMap((r) => [r, ...(r.children ?? [])]).find((r) => r.name === item.name)
      expect(record?.component).toBe(SCREENS[item.name])
    }
  })
})
