import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { createContentProtection, LOCKING_SYSTEM_EVENTS, locksWallet } from '../../../src/main/shell/session-hygiene'
import { lockOnSystemEvents } from '../../../src/main/shell/electron/power'

describe('locking with the computer', () => {
  it('locks on sleep and on a locked screen, not on waking, unlocking or power changes', () => {
    expect(LOCKING_SYSTEM_EVENTS.filter(locksWallet)).toEqual(['suspend', 'lock-screen'])
    for (const event of ['resume', 'unlock-screen', 'on-ac', 'on-battery', 'shutdown', 'user-did-become-active', ''])
      expect(locksWallet(event), event).toBe(false)
  })

  it('the adapter locks once per event and stops listening when disposed', () => {
    const monitor = new EventEmitter()
    let locks = 0
    const dispose = lockOnSystemEvents(monitor, () => void locks++)
    monitor.emit('resume')
    monitor.emit('unlock-screen')
    expect(locks).toBe(0)
    monitor.emit('suspend')
    monitor.emit('lock-screen')
    expect(locks).toBe(2)
    dispose()
    monitor.emit('suspend')
    expect(locks).toBe(2)
    expect(monitor.listenerCount('suspend') + monitor.listenerCount('lock-screen')).toBe(0)
  })
})

describe('content protection', () => {
  it('is on while the pay code or the password sheet is shown, and applied only on changes', () => {
    const applied: boolean[] = []
    const protection = createContentProtection((on) => applied.push(on))
    expect(protection.active()).toBe(false)
    protection.set('paycode', true)
    protection.set('password', true)
    protection.set('paycode', true)
    expect(applied).toEqual([true])
    protection.set('paycode', false)
    expect(protection.active()).toBe(true)
    protection.set('password', false)
    expect(applied).toEqual([true, false])
    expect(protection.active()).toBe(false)
  })

  it('ignores surfaces it does not know, and reapplies its state to a new window', () => {
    const applied: boolean[] = []
    const protection = createContentProtection((on) => applied.push(on))
    protection.set('history', true)
    protection.set('__proto__', true)
    expect(applied).toEqual([])
    protection.set('password', true)
    protection.reapply()
    expect(applied).toEqual([true, true])
  })
})
