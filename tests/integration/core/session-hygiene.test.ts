import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BankServer } from '../../../src/mock-bank'
import { signInDemo, startBank, startCore } from '../../support/wallet'

/**
 * What the shell's system events and screen-capture protection reach in main
 * (src/main/shell/session-hygiene.ts decides; src/main/index.ts wires Electron to these).
 */
let bank: BankServer
beforeEach(async () => {
  bank = await startBank({ seed: 'demo' })
})
afterEach(async () => {
  await bank.close()
})

describe('locking when the computer sleeps or its screen locks', () => {
  it('locks a signed-in wallet at once and says so to the lock screen', async () => {
    const app = await startCore(bank)
    try {
      await signInDemo(app, bank)
      const seen: unknown[] = []
      const stop = app.core.events.subscribe((name, payload) => {
        if (name === 'session.changed') seen.push(payload)
      })
      await app.core.lockNow()
      stop()
      expect(await app.ok('session.status')).toMatchObject({ status: 'locked' })
      expect(seen.length).toBeGreaterThan(0)
      for (const payload of seen) expect(payload).toMatchObject({ status: 'locked' })
      expect(await app.call('payees.list')).toMatchObject({ ok: false, error: { code: 'LOCKED' } })
      // Already locked: nothing more happens.
      await app.core.lockNow()
      expect(await app.ok('session.status')).toMatchObject({ status: 'locked' })
    } finally {
      await app.core.dispose()
    }
  })

  it('does nothing before anyone has signed in (the wizard keeps its place)', async () => {
    const app = await startCore(bank)
    try {
      await app.ok('session.status')
      await app.core.lockNow()
      expect(await app.ok('session.status')).toMatchObject({ status: 'none' })
      expect(await app.ok('activation.state')).toBeTruthy()
    } finally {
      await app.core.dispose()
    }
  })
})

describe('screen-capture protection', () => {
  it('hands the pay code and password sheet states to the shell, also while locked', async () => {
    const told: [string, boolean][] = []
    const app = await startCore(bank, { protectContent: (surface, on) => told.push([surface, on]) })
    try {
      await signInDemo(app, bank)
      await app.ok('window.protect', { surface: 'paycode', on: true })
      await app.ok('session.lock')
      await app.ok('window.protect', { surface: 'paycode', on: false })
      expect(told).toEqual([
        ['paycode', true],
        ['paycode', false],
      ])
      expect(await app.call('window.protect', { surface: 'history', on: true })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      })
    } finally {
      await app.core.dispose()
    }
  })
})
