import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_CUSTOMER, type BankServer } from '../../../src/mock-bank'
import { createMemorySecretStore, SECRET_ACCOUNTS } from '../../../src/main/platform/vault'
import type { InboxMessage, SignedInDevice } from '../../../src/shared/contract'
import { bankFetch, devPost } from '../../support/bank-address'
import { signInDemo, startBank, startCore } from '../../support/wallet'

/** 账户与安全 through the core: devices, 退出登录, 消息中心 and the link guard's opening in main. */
let bank: BankServer
const cores: Awaited<ReturnType<typeof startCore>>[] = []
beforeEach(async () => {
  bank = await startBank({ seed: 'demo' })
})
afterEach(async () => {
  for (const app of cores.splice(0)) await app.core.dispose()
  await bank.close()
})

async function signedIn(extra: Parameters<typeof startCore>[1] = {}) {
  const app = await startCore(bank, extra)
  cores.push(app)
  await signInDemo(app, bank)
  return app
}

describe('devices', () => {
  it('lists both computers, this one marked, and removing the other ends its session at once', async () => {
    const first = await signedIn()
    // A second computer: its SMS code may be sent only after the first one's resend window.
    await devPost(bank, '/_dev/clock', { advanceMs: 61_000 })
    const second = await signedIn()
    const { devices } = await first.ok<{ devices: SignedInDevice[] }>('devices.list')
    const mine = devices.filter((d) => d.current)
    expect(mine).toHaveLength(1)
    const other = devices.find((d) => !d.current)!
    expect(other.name).toBe('工行数字钱包 · 桌面版')
    expect(other.os).not.toBe('')
    expect((await second.ok<{ devices: SignedInDevice[] }>('devices.list')).devices.find((d) => d.current)?.deviceId).toBe(other.deviceId)

    const after = await first.ok<{ devices: SignedInDevice[] }>('devices.remove', { deviceId: other.deviceId, firstSeenAt: other.firstSeenAt })
    expect(after.devices.map((d) => d.deviceId)).not.toContain(other.deviceId)
    // The removed computer's very next request is refused by the bank.
    expect(await second.call('devices.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
    // Removing it again (a retry after a lost answer) is not an error: it is gone either way.
    expect(await first.ok('devices.remove', { deviceId: other.deviceId, firstSeenAt: other.firstSeenAt })).toEqual(after)
    expect(await first.call('devices.remove', { deviceId: mine[0]!.deviceId, firstSeenAt: mine[0]!.firstSeenAt })).toMatchObject({
      ok: false,
      error: { code: 'DEVICE_IS_CURRENT' },
    })
  })
})

describe('退出登录', () => {
  it('revokes the bank token, forgets it, locks, and keeps the data for the next sign-in', async () => {
    const inner = createMemorySecretStore()
    const deleted: string[] = []
    const secrets = { ...inner, delete: async (account: string) => (deleted.push(account), inner.delete(account)) }
    const app = await signedIn({ vault: { secrets } })
    const token = await (await app.core.services()).session.token()
    const before = await app.ok<{ profile: unknown }>('session.status')
    const out = await app.ok<{ status: string; profile: unknown }>('session.signOut')
    expect(out).toMatchObject({ status: 'locked' })
    expect(out.profile).toEqual(before.profile)
    const me = await bankFetch(bank, '/me', { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(401)
    expect(deleted.some((account) => account.includes(SECRET_ACCOUNTS.sessionToken))).toBe(true)
    expect(await app.call('messages.list')).toMatchObject({ ok: false, error: { code: 'LOCKED' } })
    // Signing in again (this device is known: no SMS) opens the same wallet.
    const back = await app.ok<{ status: string; session: { status: string; profile: unknown } }>('session.signIn', {
      phone: DEMO_CUSTOMER.phone,
      password: DEMO_CUSTOMER.password,
    })
    expect(back).toMatchObject({ status: 'ok', session: { status: 'unlocked', profile: before.profile } })
    const second = await (await app.core.services()).session.token()
    expect(second).not.toBe(token)
    // A second sign-out revokes the second session too (never answered from the first one's record).
    await app.ok('session.signOut')
    expect((await bankFetch(bank, '/me', { headers: { authorization: `Bearer ${second}` } })).status).toBe(401)
  })

  it('with the bank unreachable still forgets the token and locks (the bank ends the session when it expires)', async () => {
    const app = await signedIn()
    await bank.close()
    expect(await app.ok('session.signOut')).toMatchObject({ status: 'locked' })
    expect(await app.call('devices.list')).toMatchObject({ ok: false, error: { code: 'LOCKED' } })
    // The bank answers again for afterEach.
    bank = await startBank({ seed: 'demo' })
  })
})

describe('消息中心', () => {
  it('brings the phishing examples; read and delete go to the bank, and a deleted message stays deleted', async () => {
    const app = await signedIn()
    const { messages } = await app.ok<{ messages: InboxMessage[] }>('messages.list')
    expect(messages.some((m) => m.body.includes('icbc.com.cn.points-gift.xyz'))).toBe(true)
    expect(messages.some((m) => m.body.includes('icbc-wallet-verify.top'))).toBe(true)
    const [a, b] = messages
    await app.ok('messages.read', { messageId: a!.messageId })
    await app.ok('messages.delete', { messageId: b!.messageId })
    // Deleting again (a retry after a lost answer) is not an error: it is gone either way.
    await app.ok('messages.delete', { messageId: b!.messageId })
    const again = (await app.ok<{ messages: InboxMessage[] }>('messages.list')).messages
    expect(again.map((m) => m.messageId)).not.toContain(b!.messageId)
    expect(again.find((m) => m.messageId === a!.messageId)?.read).toBe(true)
  })
})

describe('link.open', () => {
  it('opens a clean link, a flagged one only with every flag confirmed, and never a refused one', async () => {
    const opened: string[] = []
    const app = await signedIn({ openExternal: async (url: string) => void opened.push(url) })
    expect(await app.ok('link.open', { url: 'https://www.icbc.com.cn/', confirmedFlags: [] })).toEqual({ url: 'https://www.icbc.com.cn/' })
    const phishing = 'http://icbc-wallet-verify.top/login'
    expect(await app.call('link.open', { url: phishing, confirmedFlags: [] })).toMatchObject({ ok: false, error: { code: 'LINK_NOT_CONFIRMED' } })
    expect(await app.call('link.open', { url: phishing, confirmedFlags: ['http'] })).toMatchObject({ ok: false, error: { code: 'LINK_NOT_CONFIRMED' } })
    expect(await app.call('link.open', { url: 'javascript:alert(1)', confirmedFlags: [] })).toMatchObject({ ok: false, error: { code: 'LINK_REFUSED' } })
    expect(await app.call('link.open', { url: 'https://www.icbc.com.cn@evil.example/', confirmedFlags: [] })).toMatchObject({ ok: false, error: { code: 'LINK_REFUSED' } })
    expect(opened).toEqual(['https://www.icbc.com.cn/'])
    await app.ok('link.open', { url: phishing, confirmedFlags: ['http', 'brand-imitation'] })
    expect(opened).toEqual(['https://www.icbc.com.cn/', phishing])
  })
})
