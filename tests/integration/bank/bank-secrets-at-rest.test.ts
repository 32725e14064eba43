import { createHash, randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_MERCHANT_KEY } from '../../../src/mock-bank'
import { payCodeNow } from '../../../src/mock-bank/paycode'
import { base32Decode } from '../../../src/shared/otp'
import {
  newCard,
  newIdNumber,
  newPhone,
  PASSWORD,
  PAY_PASSWORD,
  removeDir,
  startTestBank,
  type Reply,
  type TestBank,
} from '../../support/bank-client'

/**
 * The mock bank's data folder (the embedded bank's `mock-bank/` under the app's data dir) holds no
 * secret in any form: a whole session — register, SMS verify, bind a card, sign in on a new device
 * with an SMS code, pay, issue a pay-code device — and a restart, then every byte of every file in
 * the folder is searched for each secret raw, as hex and as base64, and for the unsalted SHA-256 of
 * every request body (what the idempotency store used to keep as a fingerprint).
 */

let bank: TestBank
/** Every mutating request the session sent: method, path, body. */
const sent: { method: string; path: string; body: unknown }[] = []
const secrets: { label: string; value: string; bytes?: Buffer }[] = []

function secret(label: string, value: string, bytes?: Buffer): void {
  secrets.push(bytes ? { label, value, bytes } : { label, value })
}

async function post<T = { [key: string]: unknown }>(path: string, body: unknown, token?: string): Promise<Reply<T>> {
  sent.push({ method: 'POST', path, body })
  const reply = await bank.client.post<T>(path, body, token ? { token, key: randomUUID() } : { key: randomUUID() })
  if (reply.status !== 200) throw new Error(`${path}: ${reply.status} ${JSON.stringify(reply.body)}`)
  return reply
}

/** The bank's canonical body text before this test existed (sorted keys): its fingerprint was SHA-256 over it. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

function forms(bytes: Buffer): string[] {
  return [bytes.toString('hex'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url')]
}

/** What to look for: each secret raw (digits-only ones as a JSON string, see below), hex and base64. */
function needles(): { label: string; needle: string }[] {
  const out: { label: string; needle: string }[] = []
  for (const s of secrets) {
    // A short all-digit secret (an SMS code, the payment password) could occur by chance inside a
    // timestamp or an amount; stored as a value it would be a JSON string, so that is what is sought.
    out.push({ label: s.label, needle: /^\d+$/.test(s.value) ? JSON.stringify(s.value) : s.value })
    for (const f of forms(Buffer.from(s.value, 'utf8'))) out.push({ label: `${s.label} (encoded)`, needle: f })
    if (s.bytes) for (const f of forms(s.bytes)) out.push({ label: `${s.label} (bytes)`, needle: f })
  }
  for (const r of sent) {
    const texts = [`${r.method} ${r.path}\n${stable(r.body)}`, JSON.stringify(r.body), stable(r.body)]
    for (const text of texts)
      for (const f of forms(createHash('sha256').update(text).digest()))
        out.push({ label: `SHA-256 of the ${r.path} body`, needle: f })
  }
  return out
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile())
}

beforeAll(async () => {
  bank = await startTestBank()
  const phone = newPhone()
  const idNumber = newIdNumber()
  const pan = newCard()
  secret('login password', PASSWORD)
  secret('payment password', PAY_PASSWORD)
  secret('ID number', idNumber)
  secret('card number', pan)

  await post('/sms/send', { phone, purpose: 'register' })
  const registerCode = await bank.client.latestSms(phone, 'register')
  secret('register SMS code', registerCode)
  const registered = await post<{ session: { token: string } }>('/register', {
    phone,
    name: '张三',
    idNumber,
    password: PASSWORD,
    smsCode: registerCode,
    deviceId: 'device-one',
  })
  const first = registered.body.session.token
  secret('registration session token', first, Buffer.from(first, 'base64url'))

  const bound = await post<{ card: { cardId: string } }>('/cards/bind', { pan, reservedPhone: phone }, first)
  await post('/paypw/set', { payPassword: PAY_PASSWORD }, first)
  await post('/topup', { cardId: bound.body.card.cardId, amountFen: 100_000, payPassword: PAY_PASSWORD }, first)

  // A new device: the password, then the SMS code.
  const login = await post<{ status: string; challenge: { challengeId: string } }>('/auth/login', {
    phone,
    password: PASSWORD,
    deviceId: 'device-two',
  })
  expect(login.body.status).toBe('challenge')
  const loginCode = await bank.client.latestSms(phone, 'login')
  secret('login SMS code', loginCode)
  const answered = await post<{ status: string; session: { token: string } }>('/auth/challenge', {
    challengeId: login.body.challenge.challengeId,
    code: loginCode,
  })
  const second = answered.body.session.token
  secret('sign-in session token', second, Buffer.from(second, 'base64url'))

  await post('/payments/merchant', { merchantId: 'M0001', amountFen: 1_234, payPassword: PAY_PASSWORD }, second)
  const device = await post<{ deviceCode: string; secret: string }>('/paycode/activate', {}, second)
  secret('pay-code device secret', device.body.secret, Buffer.from(base32Decode(device.body.secret)))
  const charged = await bank.client.post(
    '/pos/charge',
    { merchantId: 'M0001', payCode: payCodeNow(device.body, bank.clock.now()), amountFen: 500 },
    { headers: { 'x-merchant-key': DEMO_MERCHANT_KEY } },
  )
  expect(charged.status).toBe(200)
  const refreshed = await post<{ session: { token: string } }>('/auth/refresh', {}, second)
  const third = refreshed.body.session.token
  secret('refreshed session token', third, Buffer.from(third, 'base64url'))

  // Stored state is read back (and rewritten nowhere else) across a restart.
  bank = await bank.restart()
  expect((await bank.client.get('/me', third)).status).toBe(200)
  await bank.stop()
})

afterAll(() => {
  removeDir(bank.dataDir)
})

describe("the mock bank's data folder", () => {
  it('holds no password, SMS code, session token, pay-code secret, full ID or card number, nor an unsalted hash of a request', () => {
    const files = filesUnder(bank.dataDir)
    expect(files.map((f) => f.slice(bank.dataDir.length + 1))).toContain('journal.log')
    expect(secrets).toHaveLength(10)
    const hits: string[] = []
    for (const file of files) {
      const text = readFileSync(file).toString('latin1')
      for (const { label, needle } of needles()) if (text.includes(needle)) hits.push(`${label} in ${file}`)
    }
    expect([...new Set(hits)]).toEqual([])
  })
})
