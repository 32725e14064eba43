/**
 * Mock bank benchmarks on loopback (npm run bench:bank):
 *   1. payments per second (merchant payments with payment password, idempotency key, fsync per payment)
 *   2. seeding 100,000 historical transactions, and reopening the bank on them
 *   3. changes-feed throughput reading those 100,000 transactions (200,000 items) in pages of 1,000
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { z } from 'zod'
import * as api from '../shared/bank-api'
import { BANK_CLIENT_HEADER } from '../shared/bank-api'
import { createBankServer, BULK_CUSTOMER } from './index'
import { luhnCheckDigit, residentIdCheckChar } from '../shared/validators'

const { values } = parseArgs({
  options: { payments: { type: 'string', default: '2000' }, transactions: { type: 'string', default: '100000' } },
})
const PAYMENTS = Number(values.payments)
const TRANSACTIONS = Number(values.transactions)

/** The client secret of the banks this bench starts (src/mock-bank/http/client-guard.ts). */
const SECRET = randomBytes(32).toString('base64url')

async function post<S extends z.ZodType>(
  schema: S,
  url: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<z.infer<S>> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      [BANK_CLIENT_HEADER]: SECRET,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  })
  const json = await response.json()
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`)
  return schema.parse(json)
}

async function get<S extends z.ZodType>(schema: S, url: string, path: string, token?: string): Promise<z.infer<S>> {
  const response = await fetch(`${url}${path}`, {
    headers: { [BANK_CLIENT_HEADER]: SECRET, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  })
  const json = await response.json()
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`)
  return schema.parse(json)
}

function rate(n: number, ms: number): string {
  return `${Math.round((n * 1000) / ms).toLocaleString('en-US')}/s`
}

async function benchPayments(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-bank-pay-'))
  const bank = await createBankServer({ dataDir, clientSecret: SECRET, devRoutes: true })
  try {
    const phone = '13600136000'
    await post(api.SmsSendResponse, bank.url, '/sms/send', { phone, purpose: 'register' })
    const code = (await get(api.DevSmsResponse, bank.url, `/_dev/sms/${phone}`)).messages[0]!.code
    const first17 = '11010519900101123'
    const reg = await post(api.SessionResponse, bank.url, '/register', {
      phone,
      name: '测试',
      idNumber: first17 + residentIdCheckChar(first17),
      password: 'Bench2025x',
      smsCode: code,
      deviceId: 'bench-device',
    })
    const token = reg.session.token
    const partial = '622202123456789012'
    const card = await post(
      api.BindCardResponse,
      bank.url,
      '/cards/bind',
      { pan: partial + luhnCheckDigit(partial), reservedPhone: phone },
      token,
    )
    await post(api.Ok, bank.url, '/paypw/set', { payPassword: '258036' }, token)
    await post(
      api.MoneyResponse,
      bank.url,
      '/topup',
      { cardId: card.card.cardId, amountFen: 5_000_000, payPassword: '258036' },
      token,
    )
    for (const concurrency of [1, 8]) {
      let next = 0
      const started = performance.now()
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < PAYMENTS) {
            next++
            await post(
              api.MoneyResponse,
              bank.url,
              '/payments/merchant',
              { merchantId: 'M0001', amountFen: 1, payPassword: '258036' },
              token,
            )
          }
        }),
      )
      const ms = performance.now() - started
      console.log(
        `payments, ${concurrency} client${concurrency > 1 ? 's' : ''}: ${PAYMENTS} in ${ms.toFixed(0)} ms = ${rate(PAYMENTS, ms)} (${(ms / PAYMENTS).toFixed(2)} ms each)`,
      )
    }
  } finally {
    await bank.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function benchFeed(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-bank-feed-'))
  try {
    let started = performance.now()
    const seeded = await createBankServer({ dataDir, seed: TRANSACTIONS, clientSecret: SECRET })
    const seedMs = performance.now() - started
    await seeded.close()
    const journalMb = statSync(join(dataDir, 'journal.log')).size / 1024 / 1024
    console.log(
      `seed ${TRANSACTIONS.toLocaleString('en-US')} transactions: ${seedMs.toFixed(0)} ms (journal ${journalMb.toFixed(1)} MB)`,
    )

    started = performance.now()
    const bank = await createBankServer({ dataDir, clientSecret: SECRET, devRoutes: true })
    console.log(`reopen (replay the journal): ${(performance.now() - started).toFixed(0)} ms`)
    try {
      const login = await post(api.LoginResponse, bank.url, '/auth/login', {
        phone: BULK_CUSTOMER.phone,
        password: BULK_CUSTOMER.password,
        deviceId: 'bench-device',
      })
      const code = (await get(api.DevSmsResponse, bank.url, `/_dev/sms/${BULK_CUSTOMER.phone}`)).messages[0]!.code
      if (login.status !== 'challenge') throw new Error('expected a new-device challenge')
      const answer = await post(api.LoginResponse, bank.url, '/auth/challenge', {
        challengeId: login.challenge.challengeId,
        code,
      })
      if (answer.status !== 'ok') throw new Error('expected a session')
      const token = answer.session.token
      let cursor = ''
      let items = 0
      let transactions = 0
      let pages = 0
      let bytes = 0
      started = performance.now()
      for (;;) {
        const response = await fetch(`${bank.url}/changes?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, {
          headers: { authorization: `Bearer ${token}`, [BANK_CLIENT_HEADER]: SECRET },
        })
        const text = await response.text()
        bytes += text.length
        const page = api.ChangesResponse.parse(JSON.parse(text))
        pages++
        items += page.items.length
        transactions += page.items.filter((i) => i.type === 'transaction').length
        cursor = page.nextCursor
        if (!page.hasMore) break
      }
      const ms = performance.now() - started
      console.log(
        `changes feed: ${transactions.toLocaleString('en-US')} transactions + ${(items - transactions).toLocaleString('en-US')} balance snapshots in ${pages} pages, ${ms.toFixed(0)} ms = ${rate(transactions, ms)} transactions (${rate(items, ms)} items, ${((bytes / 1024 / 1024 / ms) * 1000).toFixed(1)} MB/s)`,
      )
    } finally {
      await bank.close()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

console.log(`mock bank bench — node ${process.version}, ${process.platform}/${process.arch}`)
await benchPayments()
await benchFeed()
