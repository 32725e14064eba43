import type {
  ChangeItem,
  CustomerSettings,
  Message,
  OrderItem,
  PosCharge,
  RiskLevel,
  SmsPurpose,
  Transaction,
} from '../shared/bank-api'
import { Ledger, type Line } from './ledger'
import { dayKey, yearKey } from './time'

/**
 * The bank's state is a fold over its journal: every change is an event, `applyEvent` is the only
 * code that changes state, and it is deterministic (ids, codes, times and hashes travel inside the
 * events), so replaying the journal after a restart rebuilds exactly what was acknowledged.
 */

export interface Posting {
  id: string
  at: number
  lines: Line[]
  /** Customer-visible transactions this posting creates or updates (the changes feed). */
  txs?: { c: string; tx: Transaction }[]
  /** Counts toward the customer's daily and yearly payment caps. */
  usage?: { c: string; fen: number }
}

export interface CouponRec {
  couponId: string
  campaignId: string
  claimedAt: number
  validUntil: number
  usedTxId: string | null
  /** The campaign's round it was claimed in (ops/coupons.ts roundAt); absent in journals from before rounds. */
  round?: number
}

export interface OrderRec {
  orderId: string
  merchantId: string
  items: OrderItem[]
  amountFen: number
  createdAt: number
  expiresAt: number
  sig: string
  paidAt: number | null
  txId: string | null
}

export interface ChargeRec {
  chargeId: string
  c: string
  merchantId: string
  amountFen: number
  description?: string
  createdAt: number
  expiresAt: number
  status: PosCharge['status']
  failureCode?: PosCharge['failureCode']
  txId: string | null
}

export type ChallengeStep = 'sms' | 'totp'

/** One recovery code at rest: a random salt and scrypt(code, salt), never the code (ops/recovery.ts). */
export interface RecoveryCodeHash {
  salt: string
  hash: string
  used: boolean
}

export type BankEvent =
  | { t: 'init'; bankId: string; shopKey: string; at: number }
  | { t: 'clock'; offsetMs: number }
  /** The key of the idempotency store's fingerprints, kept when the bank moved to its host's key (keys.ts adoptHostKey). */
  | { t: 'keys.fingerprint'; key: string }
  | { t: 'sms.sent'; id: string; phone: string; purpose: SmsPurpose; code: string; at: number; expiresAt: number }
  | { t: 'sms.wrong'; phone: string; purpose: SmsPurpose }
  | { t: 'sms.used'; phone: string; purpose: SmsPurpose }
  | {
      t: 'customer'
      c: string
      walletNo: string
      phone: string
      name: string
      idNumber: string
      hash: string
      at: number
      settings: CustomerSettings
    }
  | { t: 'login.failed'; c: string; failures: number; lockedUntil: number | null }
  | { t: 'login.ok'; c: string }
  /** `at` is missing in journals written before password ages were kept (then: the customer's creation). */
  | { t: 'password'; c: string; hash: string; at?: number }
  | { t: 'settings'; c: string; settings: CustomerSettings }
  | { t: 'counter'; c: string }
  | { t: 'device'; c: string; deviceId: string; name: string; os?: string; at: number }
  /** The device is forgotten (a new sign-in there answers the SMS code again) and its sessions end. */
  | { t: 'device.remove'; c: string; deviceId: string }
  | { t: 'session'; hash: string; c: string; deviceId: string; at: number; expiresAt: number }
  | { t: 'session.end'; hash: string }
  | {
      t: 'challenge'
      id: string
      c: string
      deviceId: string
      deviceName: string
      deviceOs?: string
      steps: ChallengeStep[]
      expiresAt: number
    }
  | { t: 'challenge.step'; id: string }
  | { t: 'challenge.wrong'; id: string }
  | { t: 'challenge.end'; id: string }
  | { t: 'card.bind'; c: string; cardId: string; pan: string; at: number }
  | { t: 'card.unbind'; c: string; cardId: string }
  | { t: 'paypw'; c: string; hash: string; at?: number }
  | { t: 'paypw.failed'; c: string; failures: number; lockedUntil: number | null }
  | { t: 'paypw.ok'; c: string }
  | { t: 'posting'; p: Posting }
  /**
   * `earned` (accrual only; absent in journals written before yield history was kept): the yield of each
   * day from `from` (UTC+8 day key of the day it was earned) on, which together make yieldDelta.
   */
  | {
      t: 'holding'
      c: string
      productId: string
      principalDelta: number
      yieldDelta: number
      earned?: { from: number; fen: number[] }
    }
  /** 风险测评 taken (again): the bank's score and level, valid until expiresAt (ops/wealth.ts assessRisk). */
  | { t: 'risk.assessed'; c: string; level: RiskLevel; score: number; at: number; expiresAt: number }
  | { t: 'redemption'; c: string; txId: string; productId: string; amountFen: number; settlesAt: number }
  | { t: 'redemption.settled'; c: string; txId: string }
  | { t: 'accrued'; day: number }
  | { t: 'coupon'; c: string; coupon: CouponRec }
  | { t: 'coupon.use'; c: string; couponId: string; txId: string }
  | { t: 'order'; order: OrderRec }
  | { t: 'order.paid'; orderId: string; txId: string; at: number }
  | { t: 'bill.paid'; key: string }
  | { t: 'message'; c: string; message: Message }
  /** Every customer due to hear of this campaign round has been told (ops/coupons.ts announceCampaigns). */
  | { t: 'campaign.announced'; round: string }
  | { t: 'message.read'; c: string; messageId: string }
  | { t: 'message.delete'; c: string; messageId: string }
  | { t: 'totp.pending'; c: string; secret: string }
  | { t: 'totp.on'; c: string; counter: number; recovery?: RecoveryCodeHash[] }
  | { t: 'totp.recoveryUsed'; c: string; index: number }
  | { t: 'totp.off'; c: string }
  | { t: 'totp.used'; c: string; counter: number }
  | { t: 'totp.failed'; c: string; failures: number; lockedUntil: number | null }
  | { t: 'totp.ok'; c: string }
  | { t: 'paycode.device'; c: string; deviceId: string; deviceCode: string; secret: string }
  | { t: 'paycode.used'; deviceCode: string; counter: number }
  | { t: 'charge'; charge: ChargeRec }
  | {
      t: 'charge.end'
      chargeId: string
      status: PosCharge['status']
      txId: string | null
      failureCode?: PosCharge['failureCode']
    }
  | { t: 'closed'; c: string; at: number }

export interface SmsCodeRec {
  id: string
  phone: string
  purpose: SmsPurpose
  code: string
  sentAt: number
  expiresAt: number
  wrong: number
  used: boolean
}

export interface DeviceRec {
  deviceId: string
  name: string
  os: string
  boundAt: number
  /** The latest session opened on it (sign-in, unlock or refresh). */
  lastSeenAt: number
}

export interface CustomerRec {
  id: string
  walletNo: string
  phone: string
  name: string
  idNumber: string
  passwordHash: string
  /** When the login password was last set (registration, change, reset). */
  passwordChangedAt: number
  createdAt: number
  closedAt: number | null
  counterVerified: boolean
  loginFailures: number
  loginLockedUntil: number | null
  payHash: string | null
  payPasswordChangedAt: number | null
  payFailures: number
  payLockedUntil: number | null
  settings: CustomerSettings
  totpSecret: string | null
  totpEnabled: boolean
  totpLastCounter: number
  /** Wrong authenticator codes in a row, over every challenge and check (ops/auth.ts checkTotp). */
  totpFailures: number
  totpLockedUntil: number | null
  /** The single-use recovery codes made at confirmation, as salted scrypt hashes only (ops/recovery.ts). */
  totpRecovery: RecoveryCodeHash[]
  devices: Map<string, DeviceRec>
  cards: Map<string, { cardId: string; pan: string; boundAt: number }>
  coupons: Map<string, CouponRec>
  messages: Message[]
  txs: Map<string, Transaction>
  feed: ChangeItem[]
  usageByDay: Map<number, number>
  usageByYear: Map<number, number>
  holdings: Map<string, { principalFen: number; yieldFen: number }>
  redemptions: Map<string, { txId: string; productId: string; amountFen: number; settlesAt: number }>
  /** The latest 风险测评, or null before the first. */
  risk: RiskRec | null
  /** Per product held: the last YIELD_HISTORY_DAYS days' yield and everything earned since the holding opened. */
  yieldHistory: Map<string, YieldHistory>
}

export interface RiskRec {
  level: RiskLevel
  score: number
  assessedAt: number
  expiresAt: number
  /** Questionnaires taken on the bank day (UTC+8) of the last one, that one included. */
  takenThatDay: number
}

export interface YieldHistory {
  /** Oldest first; `day` is the UTC+8 day key the yield was earned. */
  days: { day: number; fen: number }[]
  totalFen: number
}

/** How many days of yield a holding keeps for its chart. */
export const YIELD_HISTORY_DAYS = 90

export interface IdemEntry {
  scope: string
  key: string
  hash: string
  status: number
  body: unknown
  at: number
}

export interface PayCodeDeviceRec {
  c: string
  deviceId: string
  deviceCode: string
  secret: string
  lastCounter: number
}

export class BankState {
  bankId = ''
  shopKey = ''
  /** When the bank began (its 'init'): the campaigns' calendar counts from this day (ops/coupons.ts roundAt). */
  createdAt = 0
  /** Coupons claimed per campaign round (`campaignId#round`): the stock left is the round's stock less this. */
  readonly campaignClaims = new Map<string, number>()
  /** Campaign rounds already announced to the customers of their day. */
  readonly announcedRounds = new Set<string>()
  clockOffsetMs = 0
  /** base64url; set only in a bank that moved from its own bank.key to its host's key (keys.ts adoptHostKey). */
  fingerprintKey: string | null = null
  feedSeq = 0
  lastAccruedDay: number | null = null
  readonly ledger = new Ledger()
  readonly customers = new Map<string, CustomerRec>()
  /** Active customers only: a closed wallet frees its phone and ID number. */
  readonly byPhone = new Map<string, string>()
  readonly byIdNumber = new Map<string, string>()
  readonly byWalletNo = new Map<string, string>()
  /** Active code per `${phone}|${purpose}`. */
  readonly smsCodes = new Map<string, SmsCodeRec>()
  /** Every code sent to a phone, newest last (the development inbox and the daily count). */
  readonly smsLog = new Map<string, SmsCodeRec[]>()
  readonly sessions = new Map<string, { c: string; deviceId: string; at: number; expiresAt: number }>()
  readonly challenges = new Map<
    string,
    {
      id: string
      c: string
      deviceId: string
      deviceName: string
      deviceOs: string
      steps: ChallengeStep[]
      expiresAt: number
      wrong: number
    }
  >()
  readonly payCodeDevices = new Map<string, PayCodeDeviceRec>()
  readonly charges = new Map<string, ChargeRec>()
  readonly orders = new Map<string, OrderRec>()
  readonly billsPaid = new Set<string>()
  readonly cardOwners = new Map<string, string>()
  /**
   * Stored outcomes by `${scope}|${key}`: replayed to a repeated request within idempotencyTtlMs, and
   * reported by GET /operations/:key for the longer outcome retention.
   */
  readonly idempotency = new Map<string, IdemEntry>()

  customer(c: string): CustomerRec {
    const rec = this.customers.get(c)
    if (!rec) throw new Error(`unknown customer ${c}`)
    return rec
  }

  walletBalance(c: string): number {
    return this.ledger.balance(`w:${c}`)
  }

  usage(c: string, now: number): { todayFen: number; yearFen: number } {
    const rec = this.customer(c)
    return { todayFen: rec.usageByDay.get(dayKey(now)) ?? 0, yearFen: rec.usageByYear.get(yearKey(now)) ?? 0 }
  }

  restoreIdempotency(entry: IdemEntry): void {
    this.idempotency.set(`${entry.scope}|${entry.key}`, entry)
  }
}

function newCustomer(e: Extract<BankEvent, { t: 'customer' }>): CustomerRec {
  return {
    id: e.c,
    walletNo: e.walletNo,
    phone: e.phone,
    name: e.name,
    idNumber: e.idNumber,
    passwordHash: e.hash,
    passwordChangedAt: e.at,
    createdAt: e.at,
    closedAt: null,
    counterVerified: false,
    loginFailures: 0,
    loginLockedUntil: null,
    payHash: null,
    payPasswordChangedAt: null,
    payFailures: 0,
    payLockedUntil: null,
    // 小额免密 is the customer's own choice: no customer starts with it on, whatever an older journal
    // recorded at registration (the bank used to turn it on unasked); a later 'settings' event is a choice.
    settings: { ...e.settings, smallAmountNoPassword: false },
    totpSecret: null,
    totpEnabled: false,
    totpLastCounter: -1,
    totpFailures: 0,
    totpLockedUntil: null,
    totpRecovery: [],
    devices: new Map(),
    cards: new Map(),
    coupons: new Map(),
    messages: [],
    txs: new Map(),
    feed: [],
    usageByDay: new Map(),
    usageByYear: new Map(),
    holdings: new Map(),
    redemptions: new Map(),
    risk: null,
    yieldHistory: new Map(),
  }
}

const SMS_LOG_KEEP = 50

function applyPosting(state: BankState, p: Posting): void {
  state.ledger.apply(p.lines)
  if (p.usage) {
    const rec = state.customer(p.usage.c)
    const day = dayKey(p.at)
    const year = yearKey(p.at)
    rec.usageByDay.set(day, (rec.usageByDay.get(day) ?? 0) + p.usage.fen)
    rec.usageByYear.set(year, (rec.usageByYear.get(year) ?? 0) + p.usage.fen)
  }
  if (!p.txs) return
  const touched = new Set<string>()
  for (const { c, tx } of p.txs) {
    const rec = state.customer(c)
    rec.txs.set(tx.txId, tx)
    rec.feed.push({ type: 'transaction', seq: ++state.feedSeq, transaction: tx })
    touched.add(c)
  }
  for (const c of touched) {
    state.customer(c).feed.push({ type: 'balance', seq: ++state.feedSeq, at: p.at, balanceFen: state.walletBalance(c) })
  }
}

/** The one place state changes. Events were validated when they were made; this only records them. */
export function applyEvent(state: BankState, e: BankEvent): void {
  switch (e.t) {
    case 'init':
      state.bankId = e.bankId
      state.shopKey = e.shopKey
      state.createdAt = e.at
      return
    case 'clock':
      state.clockOffsetMs = e.offsetMs
      return
    case 'keys.fingerprint':
      state.fingerprintKey = e.key
      return
    case 'sms.sent': {
      const rec: SmsCodeRec = {
        id: e.id,
        phone: e.phone,
        purpose: e.purpose,
        code: e.code,
        sentAt: e.at,
        expiresAt: e.expiresAt,
        wrong: 0,
        used: false,
      }
      state.smsCodes.set(`${e.phone}|${e.purpose}`, rec)
      const log = state.smsLog.get(e.phone) ?? []
      log.push(rec)
      if (log.length > SMS_LOG_KEEP) log.splice(0, log.length - SMS_LOG_KEEP)
      state.smsLog.set(e.phone, log)
      return
    }
    case 'sms.wrong': {
      const rec = state.smsCodes.get(`${e.phone}|${e.purpose}`)
      if (rec) rec.wrong++
      return
    }
    case 'sms.used': {
      const rec = state.smsCodes.get(`${e.phone}|${e.purpose}`)
      if (rec) rec.used = true
      return
    }
    case 'customer': {
      state.customers.set(e.c, newCustomer(e))
      state.byPhone.set(e.phone, e.c)
      state.byIdNumber.set(e.idNumber, e.c)
      state.byWalletNo.set(e.walletNo, e.c)
      return
    }
    case 'login.failed': {
      const rec = state.customer(e.c)
      rec.loginFailures = e.failures
      rec.loginLockedUntil = e.lockedUntil
      return
    }
    case 'login.ok': {
      const rec = state.customer(e.c)
      rec.loginFailures = 0
      rec.loginLockedUntil = null
      return
    }
    case 'password': {
      const rec = state.customer(e.c)
      rec.passwordHash = e.hash
      if (e.at !== undefined) rec.passwordChangedAt = e.at
      return
    }
    case 'settings':
      state.customer(e.c).settings = e.settings
      return
    case 'counter':
      state.customer(e.c).counterVerified = true
      return
    case 'device':
      state
        .customer(e.c)
        .devices.set(e.deviceId, { deviceId: e.deviceId, name: e.name, os: e.os ?? '', boundAt: e.at, lastSeenAt: e.at })
      return
    case 'device.remove': {
      state.customer(e.c).devices.delete(e.deviceId)
      for (const [hash, session] of state.sessions) {
        if (session.c === e.c && session.deviceId === e.deviceId) state.sessions.delete(hash)
      }
      return
    }
    case 'session': {
      state.sessions.set(e.hash, { c: e.c, deviceId: e.deviceId, at: e.at, expiresAt: e.expiresAt })
      const device = state.customers.get(e.c)?.devices.get(e.deviceId)
      if (device) device.lastSeenAt = Math.max(device.lastSeenAt, e.at)
      return
    }
    case 'session.end':
      state.sessions.delete(e.hash)
      return
    case 'challenge':
      state.challenges.set(e.id, {
        id: e.id,
        c: e.c,
        deviceId: e.deviceId,
        deviceName: e.deviceName,
        deviceOs: e.deviceOs ?? '',
        steps: [...e.steps],
        expiresAt: e.expiresAt,
        wrong: 0,
      })
      return
    case 'challenge.step': {
      const ch = state.challenges.get(e.id)
      if (ch) {
        ch.steps.shift()
        ch.wrong = 0
      }
      return
    }
    case 'challenge.wrong': {
      const ch = state.challenges.get(e.id)
      if (ch) ch.wrong++
      return
    }
    case 'challenge.end':
      state.challenges.delete(e.id)
      return
    case 'card.bind':
      state.customer(e.c).cards.set(e.cardId, { cardId: e.cardId, pan: e.pan, boundAt: e.at })
      state.cardOwners.set(e.pan, e.c)
      return
    case 'card.unbind': {
      const rec = state.customer(e.c)
      const card = rec.cards.get(e.cardId)
      if (card) state.cardOwners.delete(card.pan)
      rec.cards.delete(e.cardId)
      return
    }
    case 'paypw': {
      const rec = state.customer(e.c)
      rec.payHash = e.hash
      rec.payPasswordChangedAt = e.at ?? rec.payPasswordChangedAt ?? rec.createdAt
      rec.payFailures = 0
      rec.payLockedUntil = null
      return
    }
    case 'paypw.failed': {
      const rec = state.customer(e.c)
      rec.payFailures = e.failures
      rec.payLockedUntil = e.lockedUntil
      return
    }
    case 'paypw.ok': {
      const rec = state.customer(e.c)
      rec.payFailures = 0
      rec.payLockedUntil = null
      return
    }
    case 'posting':
      applyPosting(state, e.p)
      return
    case 'holding': {
      const rec = state.customer(e.c)
      const h = rec.holdings.get(e.productId) ?? { principalFen: 0, yieldFen: 0 }
      h.principalFen += e.principalDelta
      h.yieldFen += e.yieldDelta
      if (h.principalFen === 0 && h.yieldFen === 0) {
        // A holding redeemed in full is closed: bought again, it starts a new history.
        rec.holdings.delete(e.productId)
        rec.yieldHistory.delete(e.productId)
        return
      }
      rec.holdings.set(e.productId, h)
      if (e.earned) {
        const history = rec.yieldHistory.get(e.productId) ?? { days: [], totalFen: 0 }
        e.earned.fen.forEach((fen, i) => {
          history.days.push({ day: e.earned!.from + i, fen })
          history.totalFen += fen
        })
        if (history.days.length > YIELD_HISTORY_DAYS) history.days.splice(0, history.days.length - YIELD_HISTORY_DAYS)
        rec.yieldHistory.set(e.productId, history)
      }
      return
    }
    case 'risk.assessed': {
      const rec = state.customer(e.c)
      const before = rec.risk
      const takenThatDay = before !== null && dayKey(before.assessedAt) === dayKey(e.at) ? before.takenThatDay + 1 : 1
      rec.risk = { level: e.level, score: e.score, assessedAt: e.at, expiresAt: e.expiresAt, takenThatDay }
      return
    }
    case 'redemption':
      state
        .customer(e.c)
        .redemptions.set(e.txId, { txId: e.txId, productId: e.productId, amountFen: e.amountFen, settlesAt: e.settlesAt })
      return
    case 'redemption.settled':
      state.customer(e.c).redemptions.delete(e.txId)
      return
    case 'accrued':
      state.lastAccruedDay = e.day
      return
    case 'coupon': {
      state.customer(e.c).coupons.set(e.coupon.couponId, { ...e.coupon })
      if (e.coupon.round !== undefined) {
        const round = `${e.coupon.campaignId}#${e.coupon.round}`
        state.campaignClaims.set(round, (state.campaignClaims.get(round) ?? 0) + 1)
      }
      return
    }
    case 'campaign.announced':
      state.announcedRounds.add(e.round)
      return
    case 'coupon.use': {
      const coupon = state.customer(e.c).coupons.get(e.couponId)
      if (coupon) coupon.usedTxId = e.txId
      return
    }
    case 'order':
      state.orders.set(e.order.orderId, { ...e.order })
      return
    case 'order.paid': {
      const order = state.orders.get(e.orderId)
      if (order) {
        order.paidAt = e.at
        order.txId = e.txId
      }
      return
    }
    case 'bill.paid':
      state.billsPaid.add(e.key)
      return
    case 'message':
      state.customer(e.c).messages.push({ ...e.message })
      return
    case 'message.read': {
      const message = state.customer(e.c).messages.find((m) => m.messageId === e.messageId)
      if (message) message.read = true
      return
    }
    case 'message.delete': {
      const rec = state.customer(e.c)
      rec.messages = rec.messages.filter((m) => m.messageId !== e.messageId)
      return
    }
    case 'totp.pending': {
      const rec = state.customer(e.c)
      rec.totpSecret = e.secret
      rec.totpEnabled = false
      return
    }
    case 'totp.on': {
      const rec = state.customer(e.c)
      rec.totpEnabled = true
      rec.totpLastCounter = e.counter
      rec.totpRecovery = (e.recovery ?? []).map((r) => ({ ...r }))
      return
    }
    case 'totp.off': {
      const rec = state.customer(e.c)
      rec.totpEnabled = false
      rec.totpSecret = null
      rec.totpLastCounter = -1
      rec.totpRecovery = []
      rec.totpFailures = 0
      rec.totpLockedUntil = null
      return
    }
    case 'totp.failed': {
      const rec = state.customer(e.c)
      rec.totpFailures = e.failures
      rec.totpLockedUntil = e.lockedUntil
      return
    }
    case 'totp.ok': {
      const rec = state.customer(e.c)
      rec.totpFailures = 0
      rec.totpLockedUntil = null
      return
    }
    case 'totp.used':
      state.customer(e.c).totpLastCounter = e.counter
      return
    case 'totp.recoveryUsed': {
      const code = state.customer(e.c).totpRecovery[e.index]
      if (code) code.used = true
      return
    }
    case 'paycode.device': {
      for (const [code, device] of state.payCodeDevices) {
        if (device.c === e.c && device.deviceId === e.deviceId) state.payCodeDevices.delete(code)
      }
      state.payCodeDevices.set(e.deviceCode, {
        c: e.c,
        deviceId: e.deviceId,
        deviceCode: e.deviceCode,
        secret: e.secret,
        lastCounter: -1,
      })
      return
    }
    case 'paycode.used': {
      const device = state.payCodeDevices.get(e.deviceCode)
      if (device) device.lastCounter = e.counter
      return
    }
    case 'charge':
      state.charges.set(e.charge.chargeId, { ...e.charge })
      return
    case 'charge.end': {
      const charge = state.charges.get(e.chargeId)
      if (charge) {
        charge.status = e.status
        charge.txId = e.txId
        if (e.failureCode) charge.failureCode = e.failureCode
      }
      return
    }
    case 'closed': {
      const rec = state.customer(e.c)
      rec.closedAt = e.at
      state.byPhone.delete(rec.phone)
      state.byIdNumber.delete(rec.idNumber)
      state.byWalletNo.delete(rec.walletNo)
      // The customer's sessions stay (until purged a day after their expiry) so that their tokens are
      // answered ACCOUNT_CLOSED, and a replay of the deregistration itself finds its stored answer
      // (src/mock-bank/http/route.ts); authenticate refuses every one of them from now on.
      for (const [code, device] of state.payCodeDevices) if (device.c === e.c) state.payCodeDevices.delete(code)
      for (const card of rec.cards.values()) state.cardOwners.delete(card.pan)
      rec.cards.clear()
      return
    }
  }
}
