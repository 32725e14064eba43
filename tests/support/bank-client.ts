import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { z } from 'zod'
import type { Clock } from '../../src/shared/clock'
import { createBankServer, type BankServer, type BankServerOptions } from '../../src/mock-bank'
import { luhnCheckDigit, residentIdCheckChar } from '../../src/shared/validators'
import type { BankErrorBody, SessionResponse, SmsPurpose } from '../../src/shared/bank-api'
import { clientHeaders, newClientSecret } from './bank-address'

export { bankFetch, clientHeaders, devPost, newClientSecret, type BankAddress } from './bank-address'

/** Test helpers for the mock bank: a manual clock, a small HTTP client, and customer factories. */

export class ManualClock implements Clock {
  constructor(private t: number = Date.UTC(2026, 0, 15, 2, 0, 0)) {}
  now(): number {
    return this.t
  }
  advance(ms: number): void {
    this.t += ms
  }
}

export interface CallOptions {
  body?: unknown
  token?: string
  /** Idempotency-Key; a fresh one for every mutating call unless given, none when null. */
  key?: string | null
  headers?: Record<string, string>
}

/** Replies in tests are checked field by field (or with `shape`), so their default type is loose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any

export interface Reply<T = unknown> {
  status: number
  body: T
  headers: Headers
}

export class BankClient {
  constructor(
    readonly url: string,
    readonly clientSecret: string | null,
  ) {}

  async call<T = Loose>(method: 'GET' | 'POST' | 'DELETE', path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...clientHeaders(this), ...options.headers }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    if (method !== 'GET' && options.key !== null) headers['idempotency-key'] = options.key ?? randomUUID()
    let body: string | undefined
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(options.body)
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body })
    const text = await response.text()
    const type = response.headers.get('content-type') ?? ''
    return {
      status: response.status,
      body: (type.includes('json') && text ? JSON.parse(text) : text) as T,
      headers: response.headers,
    }
  }

  get<T = Loose>(path: string, token?: string): Promise<Reply<T>> {
    return this.call<T>('GET', path, token ? { token } : {})
  }

  post<T = Loose>(path: string, body?: unknown, options: Omit<CallOptions, 'body'> = {}): Promise<Reply<T>> {
    return this.call<T>('POST', path, { ...options, body: body ?? {} })
  }

  async latestSms(phone: string, purpose?: SmsPurpose): Promise<string> {
    const reply = await this.get<{ messages: { code: string; purpose: string }[] }>(`/_dev/sms/${phone}`)
    const message = reply.body.messages.find((m) => purpose === undefined || m.purpose === purpose)
    if (!message) throw new Error(`no SMS for ${phone}`)
    return message.code
  }
}

/** Parses with the contract schema, so a test fails when the bank answers outside its contract. */
export function shape<S extends z.ZodType>(schema: S, reply: Reply): z.infer<S> {
  const result = schema.safeParse(reply.body)
  if (!result.success)
    throw new Error(`response ${reply.status} does not match its schema: ${result.error.message}\n${JSON.stringify(reply.body)}`)
  return result.data
}

export function errorOf(reply: Reply): BankErrorBody['error'] {
  const body = reply.body as BankErrorBody
  if (!body?.error) throw new Error(`expected an error, got ${reply.status} ${JSON.stringify(reply.body)}`)
  return body.error
}

export interface TestBank {
  server: BankServer
  client: BankClient
  clock: ManualClock
  dataDir: string
  stop(): Promise<void>
  /** Stops the server and starts a new one on the same data dir (and clock). */
  restart(options?: Partial<BankServerOptions>): Promise<TestBank>
}

/** Cheap hashing for tests: scrypt's cost is not what they test. */
export const FAST_CONFIG = {
  login: { scryptCost: 1024 },
  payPassword: { scryptCost: 1024 },
} satisfies BankServerOptions['config']

/** A bank for tests: its development routes on, a fresh client secret (kept across restart()). */
export async function startTestBank(options: Partial<BankServerOptions> & { clock?: ManualClock } = {}): Promise<TestBank> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'bank-test-'))
  const clock = options.clock ?? new ManualClock()
  const clientSecret = options.clientSecret === undefined ? newClientSecret() : options.clientSecret
  const server = await createBankServer({ config: FAST_CONFIG, devRoutes: true, ...options, clientSecret, dataDir, clock })
  const bank: TestBank = {
    server,
    client: new BankClient(server.url, clientSecret),
    clock,
    dataDir,
    async stop() {
      await server.close()
    },
    async restart(more = {}) {
      await server.close()
      return startTestBank({ ...options, clientSecret, ...more, dataDir, clock })
    },
  }
  return bank
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

let counter = 0

/** A fresh mainland mobile number per call (per process). */
export function newPhone(): string {
  counter++
  return `135${String(process.pid % 1000).padStart(3, '0')}${String(counter).padStart(5, '0')}`
}

/** A valid resident ID number, different per call. */
export function newIdNumber(): string {
  counter++
  const birth = new Date(Date.UTC(1980, 0, 1) + (counter % 7000) * 86_400_000)
  const date = birth.toISOString().slice(0, 10).replace(/-/g, '')
  const first17 = `110105${date}${String(counter % 1000).padStart(3, '0')}`
  return first17 + residentIdCheckChar(first17)
}

/** A Luhn-valid ICBC-style card number, different per call. */
export function newCard(): string {
  counter++
  const partial = `622202${String(process.pid % 10000).padStart(4, '0')}${String(counter).padStart(8, '0')}`
  return partial + luhnCheckDigit(partial)
}

export const PASSWORD = 'Secret2024x'
export const PAY_PASSWORD = '258036'

export interface Customer {
  phone: string
  token: string
  customerId: string
  deviceId: string
  cardId?: string
  pan?: string
}

export async function signUp(
  client: BankClient,
  fields: { phone?: string; name?: string; idNumber?: string; deviceId?: string } = {},
): Promise<Customer> {
  const phone = fields.phone ?? newPhone()
  const deviceId = fields.deviceId ?? `dev-${randomUUID()}`
  const sent = await client.post('/sms/send', { phone, purpose: 'register' })
  if (sent.status !== 200) throw new Error(`sms: ${sent.status} ${JSON.stringify(sent.body)}`)
  const code = await client.latestSms(phone, 'register')
  const reply = await client.post<SessionResponse>('/register', {
    phone,
    name: fields.name ?? '张三',
    idNumber: fields.idNumber ?? newIdNumber(),
    password: PASSWORD,
    smsCode: code,
    deviceId,
  })
  if (reply.status !== 200) throw new Error(`register: ${reply.status} ${JSON.stringify(reply.body)}`)
  return { phone, token: reply.body.session.token, customerId: reply.body.customer.customerId, deviceId }
}

/** Signs up, binds a card, sets the payment password and (optionally) tops up. */
export async function activeCustomer(
  client: BankClient,
  topupFen = 0,
  fields: Parameters<typeof signUp>[1] = {},
): Promise<Customer & { cardId: string; pan: string }> {
  const customer = await signUp(client, fields)
  const pan = newCard()
  const bound = await client.post('/cards/bind', { pan, reservedPhone: customer.phone }, { token: customer.token })
  if (bound.status !== 200) throw new Error(`bind: ${bound.status} ${JSON.stringify(bound.body)}`)
  const pw = await client.post('/paypw/set', { payPassword: PAY_PASSWORD }, { token: customer.token })
  if (pw.status !== 200) throw new Error(`paypw: ${pw.status} ${JSON.stringify(pw.body)}`)
  const cardId = (bound.body as { card: { cardId: string } }).card.cardId
  if (topupFen > 0) {
    const top = await client.post('/topup', { cardId, amountFen: topupFen, payPassword: PAY_PASSWORD }, { token: customer.token })
    if (top.status !== 200) throw new Error(`topup: ${top.status} ${JSON.stringify(top.body)}`)
  }
  return { ...customer, cardId, pan }
}

/** Signs in again on the customer's known device (after the clock moved past the session). */
export async function signIn(client: BankClient, customer: Customer): Promise<Customer> {
  const reply = await client.post<{ status: string; session: { token: string } }>('/auth/login', {
    phone: customer.phone,
    password: PASSWORD,
    deviceId: customer.deviceId,
  })
  if (reply.status !== 200 || reply.body.status !== 'ok') throw new Error(`login: ${reply.status} ${JSON.stringify(reply.body)}`)
  customer.token = reply.body.session.token
  return customer
}

/**
 * Answers to the bank's 风险测评 (src/mock-bank/questionnaire.ts) that score into each level:
 * C1 (every first choice, which includes 不能承受任何本金损失), C2 33, C3 46, C4 78, C5 100 points.
 */
export function riskAnswers(level: 'C1' | 'C2' | 'C3' | 'C4' | 'C5'): { questionId: string; optionId: string }[] {
  const choices: Record<typeof level, string> = {
    C1: 'AAAAAAAAAA',
    C2: 'AAABBBAABA',
    C3: 'AAACCBBBBA',
    C4: 'BCCCCCCCCB',
    C5: 'BDDDDDDDDD',
  }
  return [...choices[level]].map((optionId, i) => ({ questionId: `Q${i + 1}`, optionId }))
}

/** Takes the 风险测评 at the bank with answers that give `level`. */
export async function assessRisk(client: BankClient, token: string, level: Parameters<typeof riskAnswers>[0]): Promise<void> {
  const reply = await client.post('/wealth/risk-assessment', { answers: riskAnswers(level) }, { token })
  if (reply.status !== 200) throw new Error(`risk assessment: ${reply.status} ${JSON.stringify(reply.body)}`)
}
