import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { DevicesResponse, MessagesResponse } from '../../../src/shared/bank-api'
import { errorOf, PASSWORD, shape, signUp, startTestBank, type Customer, type TestBank } from '../../support/bank-client'

let bank: TestBank

beforeAll(async () => {
  bank = await startTestBank()
})
afterAll(async () => {
  await bank.stop()
})

/** Signs the customer in on a second, new device (the SMS challenge answered): its token. */
async function secondDevice(c: Customer, deviceId: string): Promise<string> {
  const login = await bank.client.post('/auth/login', {
    phone: c.phone,
    password: PASSWORD,
    deviceId,
    deviceName: '工行数字钱包 · 桌面版',
    deviceOs: 'Windows',
  })
  expect(login.body.status).toBe('challenge')
  const ok = await bank.client.post('/auth/challenge', {
    challengeId: login.body.challenge.challengeId,
    code: await bank.client.latestSms(c.phone, 'login'),
  })
  expect(ok.body.status).toBe('ok')
  return ok.body.session.token as string
}

describe('devices', () => {
  it('lists the signed-in devices with first and last sign-in, this one marked', async () => {
    const c = await signUp(bank.client)
    const firstAt = bank.clock.now()
    bank.clock.advance(60_000)
    const other = `dev-${randomUUID()}`
    const otherToken = await secondDevice(c, other)
    const fromFirst = shape(DevicesResponse, await bank.client.get('/devices', c.token))
    expect(fromFirst.devices).toHaveLength(2)
    const me = fromFirst.devices.find((d) => d.deviceId === c.deviceId)!
    expect(me).toMatchObject({ current: true, firstSeenAt: firstAt, lastSeenAt: firstAt })
    expect(fromFirst.devices.find((d) => d.deviceId === other)).toMatchObject({
      current: false,
      name: '工行数字钱包 · 桌面版',
      os: 'Windows',
      firstSeenAt: firstAt + 60_000,
      lastSeenAt: firstAt + 60_000,
    })
    const fromOther = shape(DevicesResponse, await bank.client.get('/devices', otherToken))
    expect(fromOther.devices.find((d) => d.current)?.deviceId).toBe(other)
    // A later sign-in on the first device moves its last sign-in, not its first.
    bank.clock.advance(60_000)
    const again = await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: c.deviceId })
    expect(again.body.status).toBe('ok')
    const later = shape(DevicesResponse, await bank.client.get('/devices', otherToken))
    expect(later.devices.find((d) => d.deviceId === c.deviceId)).toMatchObject({ firstSeenAt: firstAt, lastSeenAt: firstAt + 120_000 })
  })

  it("removing another device ends its sessions at once: its token stops working on the next request", async () => {
    const c = await signUp(bank.client)
    const other = `dev-${randomUUID()}`
    const otherToken = await secondDevice(c, other)
    expect((await bank.client.get('/me', otherToken)).status).toBe(200)
    const key = randomUUID()
    const removed = await bank.client.post(`/devices/${other}/remove`, {}, { token: c.token, key })
    expect(removed.status).toBe(200)
    const refused = await bank.client.get('/me', otherToken)
    expect(refused.status).toBe(401)
    expect(errorOf(refused).code).toBe('UNAUTHORIZED')
    // The same removal again under its key is the same answer; a new removal finds nothing.
    expect((await bank.client.post(`/devices/${other}/remove`, {}, { token: c.token, key })).status).toBe(200)
    expect(errorOf(await bank.client.post(`/devices/${other}/remove`, {}, { token: c.token })).code).toBe('NOT_FOUND')
    const left = shape(DevicesResponse, await bank.client.get('/devices', c.token))
    expect(left.devices.map((d) => d.deviceId)).toEqual([c.deviceId])
    // The device is no longer trusted: signing in there asks for the SMS code again.
    const login = await bank.client.post('/auth/login', { phone: c.phone, password: PASSWORD, deviceId: other })
    expect(login.body.status).toBe('challenge')
    // The remaining device still works.
    expect((await bank.client.get('/me', c.token)).status).toBe(200)
  })

  it('refuses to remove the device asking (signing out is for that) and a device of someone else', async () => {
    const c = await signUp(bank.client)
    const d = await signUp(bank.client)
    expect(errorOf(await bank.client.post(`/devices/${c.deviceId}/remove`, {}, { token: c.token })).code).toBe('DEVICE_IS_CURRENT')
    expect(errorOf(await bank.client.post(`/devices/${d.deviceId}/remove`, {}, { token: c.token })).code).toBe('NOT_FOUND')
    expect((await bank.client.get('/me', d.token)).status).toBe(200)
    expect((await bank.client.post(`/devices/${d.deviceId}/remove`, {}, { token: c.token, key: null })).status).toBe(400)
  })

  it('signing out revokes the token at once', async () => {
    const c = await signUp(bank.client)
    expect((await bank.client.post('/auth/logout', {}, { token: c.token })).status).toBe(200)
    expect((await bank.client.get('/me', c.token)).status).toBe(401)
  })
})

describe('messages', () => {
  it('keeps read state and deletes for good: a deleted message is gone from every later list', async () => {
    const c = await signUp(bank.client)
    const inbox = shape(MessagesResponse, await bank.client.get('/messages', c.token))
    const [first, second] = inbox.messages
    await bank.client.post(`/messages/${first!.messageId}/read`, {}, { token: c.token })
    const key = randomUUID()
    expect((await bank.client.post(`/messages/${second!.messageId}/delete`, {}, { token: c.token, key })).status).toBe(200)
    // A retry of the deletion under its key is answered the same; a new one finds nothing.
    expect((await bank.client.post(`/messages/${second!.messageId}/delete`, {}, { token: c.token, key })).status).toBe(200)
    expect(errorOf(await bank.client.post(`/messages/${second!.messageId}/delete`, {}, { token: c.token })).code).toBe('NOT_FOUND')
    expect(errorOf(await bank.client.post(`/messages/${second!.messageId}/read`, {}, { token: c.token })).code).toBe('NOT_FOUND')
    const after = shape(MessagesResponse, await bank.client.get('/messages', c.token))
    expect(after.messages.map((m) => m.messageId)).not.toContain(second!.messageId)
    expect(after.messages).toHaveLength(inbox.messages.length - 1)
    expect(after.messages.find((m) => m.messageId === first!.messageId)?.read).toBe(true)
    expect(after.unread).toBe(inbox.messages.length - 2)
    // Survives a restart of the bank (the journal replays the deletion).
    bank = await bank.restart()
    const replayed = shape(MessagesResponse, await bank.client.get('/messages', c.token))
    expect(replayed.messages.map((m) => m.messageId)).toEqual(after.messages.map((m) => m.messageId))
  })

  it("one customer cannot delete another's message", async () => {
    const c = await signUp(bank.client)
    const d = await signUp(bank.client)
    const theirs = shape(MessagesResponse, await bank.client.get('/messages', d.token)).messages[0]!
    expect(errorOf(await bank.client.post(`/messages/${theirs.messageId}/delete`, {}, { token: c.token })).code).toBe('NOT_FOUND')
    expect(shape(MessagesResponse, await bank.client.get('/messages', d.token)).messages[0]!.messageId).toBe(theirs.messageId)
  })
})
