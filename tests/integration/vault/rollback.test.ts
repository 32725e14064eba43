import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_CUSTOMER } from '../../../src/mock-bank'
import type { CardsList, OutboxView, PaymentResult } from '../../../src/shared/contract'
import { createMemorySecretStore } from '../../../src/main/platform/vault'
import { startNetCut } from '../../support/net-cut'
import { signInDemo, startCore, tmp } from '../../support/wallet'
import { demoBank, demoWallet, LONG_SESSIONS, PAY_PASSWORD, postings, QUIET_SYNC, type Cleanup } from '../payments/helpers'

/*
 * Someone who can write to the data folder (but not to the keychain) puts back an older copy of a
 * sealed document and restarts the app. The generation counter in the secret store
 * (src/main/platform/vault/sealed-store.ts) refuses it: the unlock back-off does not start afresh, and a
 * payment that was settled does not come back as queued.
 */
const cleanups: Cleanup[] = []
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const stateFile = (dataDir: string, name: string) => join(dataDir, 'state', `${name}.sealed`)

describe('an older sealed document put back', () => {
  it('unlock.sealed from before five wrong passwords: after a restart no password is checked until an online sign-in', async () => {
    const bank = await demoBank(cleanups, { config: LONG_SESSIONS })
    const dataDir = tmp('core-rollback-')
    const secrets = createMemorySecretStore()
    const first = await startCore(bank, { dataDir, vault: { secrets } })
    cleanups.push(() => first.core.dispose())
    await signInDemo(first, bank)
    await first.ok('session.lock')
    const older = join(tmp('copy-'), 'unlock.sealed')
    await copyFile(stateFile(dataDir, 'unlock'), older)

    const codes: string[] = []
    for (let i = 0; i < 5; i++) {
      const r = await first.call('session.unlock', { password: `wrong password ${i}` })
      codes.push(r.ok ? 'ok' : r.error.code)
    }
    expect(codes).toEqual(Array(5).fill('WRONG_PASSWORD'))
    expect(await first.call('session.unlock', { password: DEMO_CUSTOMER.password })).toMatchObject({
      ok: false,
      error: { code: 'UNLOCK_BACKOFF' },
    })
    await first.core.dispose()

    await copyFile(older, stateFile(dataDir, 'unlock'))
    const again = await startCore(bank, { dataDir, vault: { secrets } })
    cleanups.push(() => again.core.dispose())
    const corrupt: unknown[] = []
    again.core.events.subscribe((name, payload) => name === 'vault.corrupt' && corrupt.push(payload))
    for (const password of ['wrong password 5', DEMO_CUSTOMER.password]) {
      const r = await again.call('session.unlock', { password })
      expect(r.ok).toBe(false)
      expect(r.ok ? undefined : r.error.code).toBe('NO_OFFLINE_VERIFIER')
    }
    expect(corrupt).toContainEqual({ name: 'unlock', generation: 'current', reason: 'rollback' })

    // An online sign-in (this device is known to the bank: no SMS) makes a new verifier, above the refused one.
    await again.ok('session.signIn', { phone: DEMO_CUSTOMER.phone, password: DEMO_CUSTOMER.password })
    await again.ok('session.lock')
    await again.ok('session.unlock', { password: DEMO_CUSTOMER.password })
  })

  it('an outbox from before a queued top-up was settled: the top-up does not come back as queued', async () => {
    const bank = await demoBank(cleanups, { config: LONG_SESSIONS })
    const net = await startNetCut(() => bank.url)
    cleanups.push(() => net.close())
    const dataDir = tmp('core-rollback-')
    const secrets = createMemorySecretStore()
    const w = await demoWallet(bank, cleanups, { via: net.url, sync: QUIET_SYNC, dataDir, vault: { secrets } })
    const { sync } = await w.services()
    const cardId = (await w.ok<CardsList>('cards.list')).cards[0]!.cardId

    net.cut()
    const result = await w.ok<PaymentResult>('pay.topup', { cardId, amountFen: 7_301, payPassword: PAY_PASSWORD })
    if (!result.queued) throw new Error('expected the top-up to be queued')
    const older = join(tmp('copy-'), 'outbox.sealed')
    await copyFile(stateFile(dataDir, 'outbox'), older)

    net.restore()
    await sync.syncNow()
    expect((await w.ok<OutboxView[]>('outbox.list')).find((v) => v.id === result.outboxId)).toMatchObject({ state: 'succeeded' })
    const token = await w.token()
    expect(await postings(bank, token, 7_301)).toBe(1)
    await w.app.core.dispose()

    await copyFile(older, stateFile(dataDir, 'outbox'))
    const again = await startCore({ url: net.url, clientSecret: bank.clientSecret }, { dataDir, vault: { secrets }, sync: QUIET_SYNC })
    cleanups.push(() => again.core.dispose())
    await again.ok('session.unlock', { password: DEMO_CUSTOMER.password })
    const listed = await again.ok<OutboxView[]>('outbox.list')
    expect(listed.filter((v) => v.id === result.outboxId && v.state !== 'succeeded')).toEqual([])
    await (await again.core.services()).sync.syncNow()
    expect(await postings(bank, token, 7_301)).toBe(1)
  })
})
