import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_CUSTOMER, type BankServer } from '../../../src/mock-bank'
import { CHANNEL_NAMES, DEFAULT_SETTINGS, CHANNELS_WHILE_LOCKED, isAllowedWhileLocked } from '../../../src/shared/contract'
import { createMemorySecretStore } from '../../../src/main/platform/vault'
import { signInDemo, startBank, startCore, tmp } from '../../support/wallet'

/**
 * The lock is enforced in main, not only drawn by the renderer: while the wallet is locked every
 * channel of the contract outside the allowlist answers LOCKED, whatever its input, and its handler
 * never runs.
 */
let bank: BankServer

// A bank per test: the demo customer's sign-in SMS can be sent only once a minute.
beforeEach(async () => {
  bank = await startBank({ seed: 'demo' })
})
afterEach(async () => {
  await bank.close()
})

type App = Awaited<ReturnType<typeof startCore>>

/** Every channel called with nothing and with a plausible object: the answers that are not LOCKED. */
async function answersWhileLocked(app: App): Promise<Map<string, string>> {
  const answered = new Map<string, string>()
  for (const name of CHANNEL_NAMES) {
    for (const input of [undefined, { id: 'x', passphrase: 'p', cursor: null }]) {
      const result = await app.call(name, input)
      if (result.ok || result.error.code !== 'LOCKED') answered.set(name, result.ok ? 'ok' : result.error.code)
      if (!result.ok && result.error.code === 'LOCKED') expect(result.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
  }
  return answered
}

function outsideAllowlist(answered: Map<string, string>): string[] {
  return [...answered.keys()].filter((name) => !isAllowedWhileLocked(name))
}

describe('the lock guard in main', () => {
  it('keeps the allowlist in the contract, naming only channels that exist', () => {
    for (const name of CHANNELS_WHILE_LOCKED) expect(CHANNEL_NAMES).toContain(name)
    expect(isAllowedWhileLocked('outbox.list')).toBe(false)
    expect(isAllowedWhileLocked('session.unlock')).toBe(true)
  })

  it('after a manual lock, only the allowlist answers', async () => {
    const app = await startCore(bank)
    try {
      await signInDemo(app, bank)
      await app.ok('payees.list')
      await app.ok('session.lock')
      expect(outsideAllowlist(await answersWhileLocked(app))).toEqual([])
      // The allowlist itself still works: status, language, unlock.
      expect(await app.ok('session.status')).toMatchObject({ status: 'locked' })
      expect(await app.ok('settings.appearance')).toMatchObject({ language: 'zh-CN' })
      await app.ok('session.unlock', { password: DEMO_CUSTOMER.password })
      await app.ok('payees.list')
      await app.ok('outbox.list')
    } finally {
      await app.core.dispose()
    }
  })

  it("forwards only the lock screen's events while locked", async () => {
    const app = await startCore(bank)
    const heard: string[] = []
    app.core.events.subscribe((name) => heard.push(name))
    try {
      await signInDemo(app, bank)
      await app.ok('session.lock')
      heard.length = 0
      app.core.events.emit('outbox.changed', [])
      app.core.events.emit('sync.progress', { done: 1, total: 2 })
      app.core.events.emit('settings.changed', DEFAULT_SETTINGS)
      expect(heard).toEqual(['settings.changed'])
      await app.ok('session.unlock', { password: DEMO_CUSTOMER.password })
      heard.length = 0
      app.core.events.emit('outbox.changed', [])
      expect(heard).toEqual(['outbox.changed'])
    } finally {
      await app.core.dispose()
    }
  })

  it('at start, before the first unlock, only the allowlist answers', async () => {
    const dataDir = tmp('core-lock-')
    const secrets = createMemorySecretStore()
    const first = await startCore(bank, { dataDir, vault: { secrets } })
    await signInDemo(first, bank)
    await first.core.dispose()

    const again = await startCore(bank, { dataDir, vault: { secrets } })
    try {
      expect(await again.ok('session.status')).toMatchObject({ status: 'locked' })
      expect(outsideAllowlist(await answersWhileLocked(again))).toEqual([])
    } finally {
      await again.core.dispose()
    }
  })

  it('after the idle time, only the allowlist answers', async () => {
    let now = Date.now()
    const app = await startCore(bank, { clock: { now: () => now } })
    try {
      await signInDemo(app, bank)
      await app.ok('outbox.list')
      now += 61 * 60_000
      const refused = await app.call('outbox.list')
      expect(refused).toMatchObject({ ok: false, error: { code: 'LOCKED' } })
      expect(outsideAllowlist(await answersWhileLocked(app))).toEqual([])
    } finally {
      await app.core.dispose()
    }
  })

  it('answers everything a wallet that nobody has signed in to needs for its wizard', async () => {
    const app = await startCore(bank)
    try {
      expect(await app.ok('session.status')).toMatchObject({ status: 'none' })
      await app.ok('activation.state')
      await app.ok('settings.get')
    } finally {
      await app.core.dispose()
    }
  })
})
