import { validateResidentId } from '../shared/validators'
import { MERCHANTS, BILLERS } from './catalog'
import type { Engine } from './engine'
import { BankError } from './errors'
import { hashSecret } from './hashing'
import { createCustomer } from './ops/auth'
import { bindCard, cardAccount } from './ops/cards'
import type { Ctx } from './ops/context'
import { planMerchantPayment, topup, transferToWallet, withdraw } from './ops/money'
import { assessRisk, buy } from './ops/wealth'
import { DEMO_RISK_ANSWERS } from './questionnaire'
import { makeTx, post } from './ops/transactions'
import { seededRandom } from './random'
import { DAY_MS, dayKey, isoMonth } from './time'

/**
 * Seed data. `demo`: the documented demo customer (and a second customer to transfer to) with cards
 * and half a year of history. A number N: a customer with N transactions spread over three years,
 * for benchmarks. Seeding is one journal record, so it happens completely or not at all, and is
 * skipped when the customer already exists.
 */
export type SeedSpec = 'demo' | number

export interface SeedReport {
  phone: string
  created: boolean
  transactions: number
}

export interface SeedCustomer {
  phone: string
  name: string
  idNumber: string
  password: string
  payPassword: string
  cards: string[]
}

export const DEMO_CUSTOMER: SeedCustomer = {
  phone: '13800138000',
  name: '王芳',
  idNumber: '44030519880808032X',
  password: 'Wallet2025',
  payPassword: '135790',
  cards: ['6222020200001234562', '6217001234567890122'],
}

/** Someone to transfer to (shown as 李*). */
export const DEMO_PAYEE: SeedCustomer = {
  phone: '13900139000',
  name: '李娜',
  idNumber: '310104198506200043',
  password: 'Wallet2025',
  payPassword: '135790',
  cards: ['6228480000111122222'],
}

export const BULK_CUSTOMER: SeedCustomer = {
  phone: '13700137000',
  name: '赵强',
  idNumber: '110105199203150038',
  password: 'Wallet2025',
  payPassword: '135790',
  cards: ['6216610000000000008'],
}

type MutableCtx = { -readonly [K in keyof Ctx]: Ctx[K] }

async function hashes(customer: SeedCustomer, engine: Engine): Promise<{ password: string; pay: string }> {
  const [password, pay] = await Promise.all([
    hashSecret(customer.password, engine.config.login.scryptCost),
    hashSecret(customer.payPassword, engine.config.payPassword.scryptCost),
  ])
  return { password, pay }
}

function createSeedCustomer(ctx: MutableCtx, customer: SeedCustomer, hash: { password: string; pay: string }): string {
  const id = validateResidentId(customer.idNumber, new Date(ctx.now))
  if (!id.ok) throw new Error(`seed customer has an invalid ID number: ${id.reason}`)
  const c = createCustomer(
    ctx,
    { phone: customer.phone, name: customer.name, idNumber: id.id, birthDate: id.birthDate },
    hash.password,
  )
  ctx.emit({ t: 'paypw', c, hash: hash.pay, at: ctx.now })
  const rec = ctx.state.customer(c)
  for (const pan of customer.cards) bindCard(ctx, rec, { pan, reservedPhone: customer.phone })
  return c
}

export async function seedBank(engine: Engine, spec: SeedSpec): Promise<SeedReport> {
  return spec === 'demo' ? seedDemo(engine) : seedBulk(engine, spec)
}

/** A refusal inside a seed is a bug in the seed: as a plain error it makes the engine drop the whole record. */
function allOrNothing<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof BankError)
      throw new Error(`seeding failed: ${error.code} ${error.message} ${JSON.stringify(error.details ?? {})}`, { cause: error })
    throw error
  }
}

async function seedDemo(engine: Engine): Promise<SeedReport> {
  if (engine.state.byPhone.has(DEMO_CUSTOMER.phone)) {
    return {
      phone: DEMO_CUSTOMER.phone,
      created: false,
      transactions: engine.state.customer(engine.state.byPhone.get(DEMO_CUSTOMER.phone)!).txs.size,
    }
  }
  const [demoHash, payeeHash] = await Promise.all([hashes(DEMO_CUSTOMER, engine), hashes(DEMO_PAYEE, engine)])
  return engine.transact((unit) =>
    allOrNothing(() => {
      const end = unit.now
      const start = end - 180 * DAY_MS
      const ctx: MutableCtx = { state: engine.state, config: engine.config, now: start, emit: unit.emit }
      const random = seededRandom(20250101)
      const payee = engine.state.byPhone.get(DEMO_PAYEE.phone) ?? createSeedCustomer(ctx, DEMO_PAYEE, payeeHash)
      const c = createSeedCustomer(ctx, DEMO_CUSTOMER, demoHash)
      const rec = engine.state.customer(c)
      const payeeRec = engine.state.customer(payee)
      const [icbc, ccb] = [...rec.cards.values()]
      const trusted = { hash: rec.payHash, ok: true }
      const payeeTrusted = { hash: payeeRec.payHash, ok: true }
      const payeeCard = [...payeeRec.cards.values()][0]!

      topup(ctx, rec, { cardId: icbc!.cardId, amountFen: 500_000 }, trusted)
      // 风险测评 when the history starts (C2, valid a year): enough for 工银现金快线, not for an R3 product.
      assessRisk(ctx, rec, DEMO_RISK_ANSWERS)
      topup(ctx, payeeRec, { cardId: payeeCard.cardId, amountFen: 300_000 }, payeeTrusted)

      const dailyMerchants = MERCHANTS.filter((m) => m.merchantId !== 'M0004')
      const billers = BILLERS.filter((b) => b.cityCode === '440300')
      let lastMonth = ''
      for (let t = start + 3600_000; t < end - 3600_000; t += Math.floor((0.5 + random()) * DAY_MS * 1.2)) {
        ctx.now = t
        const month = isoMonth(t)
        if (month !== lastMonth) {
          lastMonth = month
          // Monthly: the utilities, and pocket money topped up from the CCB card.
          for (const biller of billers) {
            const amount = 3000 + Math.floor(random() * 20000)
            if (engine.state.walletBalance(c) < amount) break
            const tx = makeTx(ctx, {
              kind: 'bill',
              direction: 'out',
              amountFen: amount,
              category: 'utilities',
              title: `${biller.name} ${month}`,
              counterparty: { kind: 'biller', id: biller.billerId, name: biller.name, account: '1000000001' },
              channel: 'bill',
            })
            post(
              ctx,
              [
                [`w:${c}`, -amount],
                [`b:${biller.billerId}`, amount],
              ],
              [{ c, tx }],
              { c, fen: amount },
            )
          }
          topup(ctx, rec, { cardId: ccb!.cardId, amountFen: 200_000 }, trusted)
        }
        const roll = random()
        if (roll < 0.08) {
          const amount = 5000 + Math.floor(random() * 50000)
          if (engine.state.walletBalance(payee) < amount)
            topup(ctx, payeeRec, { cardId: payeeCard.cardId, amountFen: 300_000 }, payeeTrusted)
          transferToWallet(ctx, payeeRec, { phone: DEMO_CUSTOMER.phone, amountFen: amount, memo: '还你的饭钱' }, payeeTrusted)
        } else if (roll < 0.14 && engine.state.walletBalance(c) > 100_000) {
          transferToWallet(
            ctx,
            rec,
            { phone: DEMO_PAYEE.phone, amountFen: 10000 + Math.floor(random() * 30000), memo: '生日快乐' },
            trusted,
          )
        } else {
          const merchant = dailyMerchants[Math.floor(random() * dailyMerchants.length)]!
          const amount = 500 + Math.floor(random() * 25000)
          if (engine.state.walletBalance(c) < amount) {
            topup(ctx, rec, { cardId: icbc!.cardId, amountFen: 100_000 }, trusted)
          }
          planMerchantPayment(ctx, rec, {
            merchantId: merchant.merchantId,
            amountFen: amount,
            channel: random() < 0.5 ? 'paycode' : 'qr',
          })()
        }
      }
      ctx.now = end - 2 * DAY_MS
      topup(ctx, rec, { cardId: icbc!.cardId, amountFen: 300_000 }, trusted)
      buy(ctx, rec, { productId: 'WP-CASH', amountFen: 200_000 }, trusted)
      ctx.now = end - DAY_MS
      withdraw(ctx, rec, { cardId: icbc!.cardId, amountFen: 50_000 }, trusted)
      return { phone: DEMO_CUSTOMER.phone, created: true, transactions: rec.txs.size }
    }),
  )
}

/**
 * N transactions over three years, mostly merchant payments with a top-up whenever the wallet runs
 * low. Written as one journal record with one fsync: 100,000 transactions take a few seconds.
 */
async function seedBulk(engine: Engine, n: number): Promise<SeedReport> {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--seed wants "demo" or a number of transactions, not ${n}`)
  const existing = engine.state.byPhone.get(BULK_CUSTOMER.phone)
  if (existing) return { phone: BULK_CUSTOMER.phone, created: false, transactions: engine.state.customer(existing).txs.size }
  const hash = await hashes(BULK_CUSTOMER, engine)
  return engine.transact((unit) =>
    allOrNothing(() => {
      const end = unit.now
      const span = 3 * 365 * DAY_MS
      const ctx: MutableCtx = { state: engine.state, config: engine.config, now: end - span - DAY_MS, emit: unit.emit }
      const random = seededRandom(n)
      const c = createSeedCustomer(ctx, BULK_CUSTOMER, hash)
      const rec = engine.state.customer(c)
      const card = [...rec.cards.values()][0]!
      const trusted = { hash: rec.payHash, ok: true }
      // The card holds whatever the history needs.
      const need = n * 30_000 + 1_000_000
      post(
        ctx,
        [
          ['x:mint', -need],
          [cardAccount(card.pan), need],
        ],
        [],
      )
      const caps = engine.config.tiers[2]
      let made = 0
      for (let i = 0; made < n; i++) {
        ctx.now = end - span + Math.floor(((made + random()) * span) / Math.max(1, n))
        const amount = 100 + Math.floor(random() * 30_000)
        const today = rec.usageByDay.get(dayKey(ctx.now)) ?? 0
        const overCap = caps.dailyFen !== null && today + amount > caps.dailyFen
        if (engine.state.walletBalance(c) < amount) {
          topup(ctx, rec, { cardId: card.cardId, amountFen: 300_000 }, trusted)
        } else if (overCap) {
          withdraw(ctx, rec, { cardId: card.cardId, amountFen: amount }, trusted)
        } else {
          const merchant = MERCHANTS[i % MERCHANTS.length]!
          planMerchantPayment(ctx, rec, { merchantId: merchant.merchantId, amountFen: amount, channel: 'paycode' })()
        }
        made++
      }
      return { phone: BULK_CUSTOMER.phone, created: true, transactions: rec.txs.size }
    }),
  )
}
