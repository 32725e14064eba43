import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LedgerReport } from '../../../src/shared/bank-api'
import { dayKey, yearKey } from '../../../src/mock-bank/time'
import type { TierCaps } from '../../../src/shared/bank-api'
import {
  activeCustomer,
  ManualClock,
  PAY_PASSWORD,
  removeDir,
  shape,
  signUp,
  startTestBank,
  type BankClient,
  type Reply,
  type TestBank,
} from '../../support/bank-client'

/**
 * Model-based tests: random sequences of money operations against the real bank over HTTP, next to
 * a tiny model that predicts each outcome. The bank must agree with the model on every answer, keep
 * the ledger balanced and the money constant, never let a balance go below zero, never let a payment
 * pass a cap — and, with faults injected and clients retrying under the same key, never charge twice.
 */

// Small caps so that random amounts run into them.
const TIERS: Record<1 | 2 | 3 | 4, TierCaps> = {
  1: { perTxFen: null, dailyFen: null, yearlyFen: null, balanceFen: null },
  2: { perTxFen: 60_000, dailyFen: 150_000, yearlyFen: 600_000, balanceFen: 250_000 },
  3: { perTxFen: 20_000, dailyFen: 50_000, yearlyFen: null, balanceFen: 70_000 },
  4: { perTxFen: 10_000, dailyFen: 20_000, yearlyFen: 100_000, balanceFen: 30_000 },
}
const CARD_FEN = 400_000
const CONFIG = {
  tiers: TIERS,
  cards: { defaultBalanceFen: CARD_FEN },
  session: { ttlMs: 100 * 365 * 86_400_000 },
  login: { scryptCost: 1024 },
  payPassword: { scryptCost: 1024, maxFailures: 1000 },
}

type Who = 0 | 1 | 2
type Op =
  | { kind: 'topup'; who: Who; amount: number }
  | { kind: 'withdraw'; who: Who; amount: number }
  | { kind: 'transfer'; who: Who; to: Who; amount: number }
  | { kind: 'card'; who: Who; to: Who; amount: number }
  | { kind: 'pay'; who: Who; amount: number }
  | { kind: 'wrongPassword'; who: Who }
  | { kind: 'clock'; hours: number }

const who = fc.constantFrom<Who>(0, 1, 2)
const amount = fc.oneof(fc.integer({ min: 1, max: 80_000 }), fc.constantFrom(1, 10_000, 20_000, 60_000, 70_000))
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('topup' as const), who, amount }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), who, amount }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('transfer' as const), who, to: who, amount }).filter((o) => o.who !== o.to),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('card' as const), who, to: who, amount }).filter((o) => o.who !== o.to) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pay' as const), who, amount }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrongPassword' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clock' as const), hours: fc.integer({ min: 1, max: 40 }) }) },
)

interface Party {
  token: string
  phone: string
  cardId: string | undefined
  pan: string | undefined
  tier: 2 | 3
}

class Model {
  wallet = [0, 0, 0]
  card = [CARD_FEN, CARD_FEN, 0]
  usageDay = [new Map<number, number>(), new Map<number, number>(), new Map<number, number>()]
  usageYear = [new Map<number, number>(), new Map<number, number>(), new Map<number, number>()]
  constructor(
    readonly parties: Party[],
    readonly clock: ManualClock,
  ) {}

  private payCheck(w: Who, fen: number): string | undefined {
    const caps = TIERS[this.parties[w]!.tier]
    const now = this.clock.now()
    if (caps.perTxFen !== null && fen > caps.perTxFen) return 'LIMIT_EXCEEDED'
    if (caps.dailyFen !== null && (this.usageDay[w]!.get(dayKey(now)) ?? 0) + fen > caps.dailyFen) return 'LIMIT_EXCEEDED'
    if (caps.yearlyFen !== null && (this.usageYear[w]!.get(yearKey(now)) ?? 0) + fen > caps.yearlyFen) return 'LIMIT_EXCEEDED'
    if (this.wallet[w]! < fen) return 'INSUFFICIENT_FUNDS'
    return undefined
  }

  private receiveCheck(w: Who, fen: number): string | undefined {
    const cap = TIERS[this.parties[w]!.tier].balanceFen
    return cap !== null && this.wallet[w]! + fen > cap ? 'LIMIT_EXCEEDED' : undefined
  }

  private use(w: Who, fen: number): void {
    const now = this.clock.now()
    this.usageDay[w]!.set(dayKey(now), (this.usageDay[w]!.get(dayKey(now)) ?? 0) + fen)
    this.usageYear[w]!.set(yearKey(now), (this.usageYear[w]!.get(yearKey(now)) ?? 0) + fen)
  }

  /** The expected outcome ('ok' or an error code); applies the effects of an 'ok'. */
  predictAndApply(op: Exclude<Op, { kind: 'clock' }>): string {
    const w = op.who
    switch (op.kind) {
      case 'topup': {
        if (!this.parties[w]!.cardId) return 'NOT_FOUND'
        const refusal = this.receiveCheck(w, op.amount) ?? (this.card[w]! < op.amount ? 'INSUFFICIENT_FUNDS' : undefined)
        if (refusal) return refusal
        this.card[w]! -= op.amount
        this.wallet[w]! += op.amount
        return 'ok'
      }
      case 'withdraw': {
        if (!this.parties[w]!.cardId) return 'NOT_FOUND'
        if (this.wallet[w]! < op.amount) return 'INSUFFICIENT_FUNDS'
        this.wallet[w]! -= op.amount
        this.card[w]! += op.amount
        return 'ok'
      }
      case 'transfer': {
        const refusal = this.payCheck(w, op.amount) ?? this.receiveCheck(op.to, op.amount)
        if (refusal) return refusal
        this.wallet[w]! -= op.amount
        this.wallet[op.to]! += op.amount
        this.use(w, op.amount)
        return 'ok'
      }
      case 'card': {
        if (!this.parties[op.to]!.pan) return 'SKIP'
        const refusal = this.payCheck(w, op.amount)
        if (refusal) return refusal
        this.wallet[w]! -= op.amount
        this.card[op.to]! += op.amount
        this.use(w, op.amount)
        return 'ok'
      }
      case 'pay': {
        const refusal = this.payCheck(w, op.amount)
        if (refusal) return refusal
        this.wallet[w]! -= op.amount
        this.use(w, op.amount)
        return 'ok'
      }
      case 'wrongPassword':
        if (!this.parties[w]!.cardId) return 'SKIP'
        return this.wallet[w]! >= 1 ? 'PAY_PASSWORD_WRONG' : 'INSUFFICIENT_FUNDS'
    }
  }
}

function request(op: Exclude<Op, { kind: 'clock' }>, parties: Party[]): { path: string; body: unknown } | undefined {
  const p = parties[op.who]!
  switch (op.kind) {
    case 'topup':
      return { path: '/topup', body: { cardId: p.cardId ?? 'card_none', amountFen: op.amount, payPassword: PAY_PASSWORD } }
    case 'withdraw':
      return { path: '/withdraw', body: { cardId: p.cardId ?? 'card_none', amountFen: op.amount, payPassword: PAY_PASSWORD } }
    case 'transfer':
      return {
        path: '/transfers/wallet',
        body: { phone: parties[op.to]!.phone, amountFen: op.amount, payPassword: PAY_PASSWORD },
      }
    case 'card':
      return parties[op.to]!.pan
        ? {
            path: '/transfers/card',
            body: { pan: parties[op.to]!.pan, name: '收款人', amountFen: op.amount, payPassword: PAY_PASSWORD },
          }
        : undefined
    case 'pay':
      return { path: '/payments/merchant', body: { merchantId: 'M0005', amountFen: op.amount, payPassword: PAY_PASSWORD } }
    case 'wrongPassword':
      return p.cardId ? { path: '/withdraw', body: { cardId: p.cardId, amountFen: 1, payPassword: '000000' } } : undefined
  }
}

/** Sends with one idempotency key until an answer arrives (any status but an injected 503). */
async function sendWithRetries(
  client: BankClient,
  path: string,
  body: unknown,
  token: string,
): Promise<{ reply: Reply; attempts: number }> {
  const key = randomUUID()
  for (let attempts = 1; attempts <= 50; attempts++) {
    try {
      const reply = await client.post(path, body, { token, key })
      if (reply.status !== 503) return { reply, attempts }
    } catch {
      // connection reset or dropped after commit: retry with the same key
    }
  }
  throw new Error(`no answer for ${path} after 50 attempts`)
}

async function setup(bank: TestBank): Promise<Party[]> {
  const a = await activeCustomer(bank.client)
  const b = await activeCustomer(bank.client)
  const c = await signUp(bank.client) // 三类: no card, receives transfers and pays from them
  await bank.client.post('/paypw/set', { payPassword: PAY_PASSWORD }, { token: c.token })
  return [
    { token: a.token, phone: a.phone, cardId: a.cardId, pan: a.pan, tier: 2 },
    { token: b.token, phone: b.phone, cardId: b.cardId, pan: b.pan, tier: 2 },
    { token: c.token, phone: c.phone, cardId: undefined, pan: undefined, tier: 3 },
  ]
}

async function runModel(ops: Op[], faults: Record<string, unknown> | undefined): Promise<void> {
  const clock = new ManualClock()
  const bank = await startTestBank({ clock, config: CONFIG })
  try {
    const parties = await setup(bank)
    const model = new Model(parties, clock)
    const before = shape(LedgerReport, await bank.client.get('/_dev/ledger'))
    if (faults) await bank.client.post('/_dev/faults', { ...faults, paths: ['/topup', '/withdraw', '/transfers', '/payments'] })
    for (const op of ops) {
      if (op.kind === 'clock') {
        clock.advance(op.hours * 3600_000)
        continue
      }
      const call = request(op, parties)
      if (!call) continue
      const expected = model.predictAndApply(op)
      const { reply } = await sendWithRetries(bank.client, call.path, call.body, parties[op.who]!.token)
      const actual = reply.status === 200 ? 'ok' : (reply.body as { error: { code: string } }).error.code
      expect({ op, outcome: actual }).toEqual({ op, outcome: expected })
    }
    await bank.client.call('DELETE', '/_dev/faults')

    const report = shape(LedgerReport, await bank.client.get('/_dev/ledger'))
    expect(report).toMatchObject({ balanced: true, sumFen: 0, negative: [] })
    // Money is only moved: what customers, cards and merchants hold together never changes.
    const held = (r: LedgerReport) => (r.byKind.w ?? 0) + (r.byKind.c ?? 0) + (r.byKind.m ?? 0)
    expect(held(report)).toBe(held(before))
    for (let i = 0; i < 3; i++) {
      const me = (await bank.client.get('/me', parties[i]!.token)).body
      expect(me.balanceFen).toBe(model.wallet[i])
      const caps = TIERS[parties[i]!.tier]
      expect(me.balanceFen).toBeLessThanOrEqual(caps.balanceFen ?? Infinity)
      expect(me.usage.todayFen).toBeLessThanOrEqual(caps.dailyFen ?? Infinity)
      expect(me.usage.yearFen).toBeLessThanOrEqual(caps.yearlyFen ?? Infinity)
    }
  } finally {
    await bank.stop()
    removeDir(bank.dataDir)
  }
}

describe('bank model', () => {
  it('agrees with the model on every operation; money is conserved; nothing negative; caps hold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 40 }), (ops) => runModel(ops, undefined)),
      { numRuns: 25 },
    )
  }, 120_000)

  it('under injected faults, with clients retrying under the same key, never charges twice', async () => {
    const faults = fc.record({
      errorRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
      resetRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
      dropAfterCommitRate: fc.double({ min: 0, max: 0.4, noNaN: true }),
      duplicateRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
      seed: fc.integer(),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 30 }), faults, (ops, f) => runModel(ops, f)),
      { numRuns: 20 },
    )
  }, 120_000)
})
