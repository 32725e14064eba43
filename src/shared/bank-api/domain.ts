/**
 * The bank's domain vocabulary: money, identifiers, transactions and their kinds, counterparties,
 * cards, merchants, orders, pay-code charges, bills, coupons, wealth and the customer's profile.
 * The bank's requests and answers (./bodies.ts) and the app's own shapes (src/shared/contract) are
 * made of these; none of them is declared anywhere else.
 */
import { z } from 'zod'
import { MAX_FEN } from '../money'
import { BankErrorCode } from './http'
import { DIRECTIONS, TX_KINDS, TX_STATES } from './kinds'
import { RemainingLimits, TierCaps, WalletTier } from './tiers'

// ---------------------------------------------------------------------------------------------
// Building blocks

/** Any amount of fen the bank handles, signed (balances), within ±MAX_FEN (src/shared/money.ts). */
export const Fen = z.number().int().min(-MAX_FEN).max(MAX_FEN)
/** An amount that moves: positive, at most MAX_FEN. */
export const AmountFen = z.number().int().positive().max(MAX_FEN)
export const Timestamp = z.number().int().nonnegative()
export const Phone = z.string().regex(/^\d{11}$/, 'an 11-digit mainland mobile number')
export const DeviceId = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[\w.:-]+$/)
export const PayPassword = z.string().regex(/^\d{6}$/, 'six digits')
export const SmsCode = z.string().regex(/^\d{6}$/, 'six digits')
export const Id = z.string().min(1).max(64)
export const Memo = z.string().max(50)

export const Ok = z.object({ ok: z.literal(true) })
export type Ok = z.infer<typeof Ok>

// ---------------------------------------------------------------------------------------------
// Customers

/** What a code is for; reset-login and reset-pay are the forgotten-password paths. */
export const SmsPurpose = z.enum(['register', 'login', 'deregister', 'reset-login', 'reset-pay'])
export type SmsPurpose = z.infer<typeof SmsPurpose>

/** The bank's highest limit for pay-code payments that need no payment password (¥1,000.00). */
export const DEFAULT_SMALL_AMOUNT_LIMIT_FEN = 100_000

export const CustomerSettings = z.object({
  /** Pay-code payments up to smallAmountLimitFen need no payment password. */
  smallAmountNoPassword: z.boolean(),
  smallAmountLimitFen: z.number().int().nonnegative(),
})
export type CustomerSettings = z.infer<typeof CustomerSettings>

/** Spent today and this year, counted against the tier's caps. */
export const Usage = z.object({ todayFen: z.number().int(), yearFen: z.number().int() })
export type Usage = z.infer<typeof Usage>

export const CustomerProfile = z.object({
  customerId: z.string(),
  walletNo: z.string(),
  phone: z.string(),
  phoneMasked: z.string(),
  name: z.string(),
  nameMasked: z.string(),
  idNumberMasked: z.string(),
  tier: WalletTier,
  tierName: z.string(),
  caps: TierCaps,
  usage: Usage,
  remaining: RemainingLimits,
  balanceFen: Fen,
  payPasswordSet: z.boolean(),
  /** Set while wrong payment passwords lock payments. */
  payPasswordLockedUntil: Timestamp.nullable(),
  totpEnabled: z.boolean(),
  settings: CustomerSettings,
  /** The highest 小额免密 limit the bank allows. */
  smallAmountMaxFen: Fen,
  createdAt: Timestamp,
  /** When the login password was last set (registration, change or reset), on the bank's clock. */
  passwordChangedAt: Timestamp,
  /** When the payment password was last set; null while there is none. */
  payPasswordChangedAt: Timestamp.nullable(),
})
export type CustomerProfile = z.infer<typeof CustomerProfile>

export const Session = z.object({ token: z.string(), expiresAt: Timestamp, deviceId: DeviceId })
export type Session = z.infer<typeof Session>

export const Challenge = z.object({
  challengeId: z.string(),
  /** 'sms': a new device, a code was sent to the phone; 'totp': the authenticator app's code. */
  method: z.enum(['sms', 'totp']),
  expiresAt: Timestamp,
  phoneMasked: z.string(),
})
export type Challenge = z.infer<typeof Challenge>

// ---------------------------------------------------------------------------------------------
// Cards

export const CardBankInfo = z.object({ code: z.string(), name: z.string() })
export type CardBankInfo = z.infer<typeof CardBankInfo>
export const Card = z.object({
  cardId: z.string(),
  bank: CardBankInfo.nullable(),
  panMasked: z.string(),
  last4: z.string(),
  boundAt: Timestamp,
})
export type Card = z.infer<typeof Card>

// ---------------------------------------------------------------------------------------------
// Transactions

export const TxKind = z.enum(TX_KINDS)
export type TxKind = z.infer<typeof TxKind>
export const TxState = z.enum(TX_STATES)
export type TxState = z.infer<typeof TxState>
export const Direction = z.enum(DIRECTIONS)
export type Direction = z.infer<typeof Direction>

export const TxCategory = z.enum([
  'topup',
  'withdraw',
  'transfer',
  'dining',
  'groceries',
  'shopping',
  'transport',
  'utilities',
  'entertainment',
  'health',
  'wealth',
  'other',
])
export type TxCategory = z.infer<typeof TxCategory>

export const CounterpartyKind = z.enum(['merchant', 'wallet', 'card', 'biller', 'product'])
export type CounterpartyKind = z.infer<typeof CounterpartyKind>
export const Counterparty = z.object({
  kind: CounterpartyKind,
  id: z.string().optional(),
  name: z.string(),
  /** Masked phone, card or household number. */
  account: z.string().optional(),
})
export type Counterparty = z.infer<typeof Counterparty>

export const Transaction = z.object({
  txId: z.string(),
  /** 交易流水号: 20 digits, the accounting day (YYYYMMDD) then 12 more; absent on transactions older than it. */
  serial: z.string().regex(/^\d{20}$/).optional(),
  kind: TxKind,
  direction: Direction,
  /** The amount of the purchase or transfer, before any coupon. */
  amountFen: AmountFen,
  /** Paid by a coupon; the wallet moved amountFen - discountFen. */
  discountFen: z.number().int().nonnegative(),
  status: TxState,
  category: TxCategory,
  title: z.string(),
  counterparty: Counterparty,
  memo: z.string().optional(),
  channel: z.enum(['app', 'paycode', 'qr', 'online', 'bill']).optional(),
  couponId: z.string().optional(),
  orderId: z.string().optional(),
  cardId: z.string().optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** Wallet balance once this transaction took effect; null while pending. */
  balanceAfterFen: Fen.nullable(),
})
export type Transaction = z.infer<typeof Transaction>

/** One entry of the change feed: a transaction (again, when its status changes) or a balance snapshot. */
export const ChangeItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('transaction'), seq: z.number().int().positive(), transaction: Transaction }),
  z.object({ type: z.literal('balance'), seq: z.number().int().positive(), at: Timestamp, balanceFen: Fen }),
])
export type ChangeItem = z.infer<typeof ChangeItem>

// ---------------------------------------------------------------------------------------------
// Merchants, online orders, pay-code charges

export const Merchant = z.object({
  merchantId: z.string(),
  name: z.string(),
  category: TxCategory,
  city: z.string(),
  /** What the merchant's printed QR code holds (扫一扫). */
  qr: z.string(),
})
export type Merchant = z.infer<typeof Merchant>

export const OrderItem = z.object({ sku: z.string(), name: z.string(), qty: z.number().int().positive(), priceFen: AmountFen })
export type OrderItem = z.infer<typeof OrderItem>
export const Order = z.object({
  orderId: z.string(),
  merchant: z.object({ merchantId: z.string(), name: z.string() }),
  items: z.array(OrderItem),
  amountFen: AmountFen,
  status: z.enum(['created', 'paid', 'expired']),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  paidAt: Timestamp.nullable(),
  txId: z.string().nullable(),
})
export type Order = z.infer<typeof Order>

export const PosCharge = z.object({
  chargeId: z.string(),
  merchantId: z.string(),
  merchantName: z.string(),
  amountFen: AmountFen,
  description: z.string().optional(),
  /** awaiting_confirmation: above the small-amount rule; the customer confirms in the app. */
  status: z.enum(['succeeded', 'awaiting_confirmation', 'declined', 'expired', 'failed']),
  failureCode: BankErrorCode.optional(),
  createdAt: Timestamp,
  /** An awaiting charge must be confirmed before this. */
  expiresAt: Timestamp,
  txId: z.string().nullable(),
})
export type PosCharge = z.infer<typeof PosCharge>

// ---------------------------------------------------------------------------------------------
// Bills (生活缴费)

export const BillType = z.enum(['water', 'electricity', 'gas'])
export type BillType = z.infer<typeof BillType>
export const City = z.object({ cityCode: z.string(), name: z.string() })
export type City = z.infer<typeof City>
export const Biller = z.object({
  billerId: z.string(),
  name: z.string(),
  type: BillType,
  cityCode: z.string(),
  /** A regular expression the household number matches (for the input hint). */
  householdPattern: z.string(),
})
export type Biller = z.infer<typeof Biller>
export const Bill = z.object({
  biller: Biller,
  household: z.string(),
  holderMasked: z.string(),
  address: z.string(),
  period: z.string(),
  /** 0 when nothing is owed. */
  amountDueFen: z.number().int().nonnegative(),
  paid: z.boolean(),
})
export type Bill = z.infer<typeof Bill>

// ---------------------------------------------------------------------------------------------
// Coupons

export const CouponScope = z.enum(['merchant', 'bill', 'online'])
export type CouponScope = z.infer<typeof CouponScope>
export const Campaign = z.object({
  campaignId: z.string(),
  title: z.string(),
  description: z.string(),
  minSpendFen: z.number().int().nonnegative(),
  discountFen: AmountFen,
  scope: CouponScope,
  merchantId: z.string().nullable(),
  /** How long a coupon claimed now stays valid. */
  validDays: z.number().int().positive(),
  /** The current round (or the next, before the first starts), on the bank's clock. */
  startsAt: Timestamp,
  endsAt: Timestamp,
  /** When the round after this one starts: campaigns come back with the calendar. */
  nextStartsAt: Timestamp,
  status: z.enum(['upcoming', 'active', 'ended']),
  /** This round's coupons, and how many of them are still to be claimed. */
  stockTotal: z.number().int().nonnegative(),
  stockLeft: z.number().int().nonnegative(),
  /** Only for customers registered within this many days (新客专享); null: for everyone. */
  newCustomersWithinDays: z.number().int().positive().nullable(),
  /** This customer may claim it (new enough, where that is the rule). */
  eligible: z.boolean(),
  /** This customer has claimed this round's coupon. */
  claimed: z.boolean(),
})
export type Campaign = z.infer<typeof Campaign>
export const Coupon = z.object({
  couponId: z.string(),
  campaignId: z.string(),
  title: z.string(),
  minSpendFen: z.number().int().nonnegative(),
  discountFen: AmountFen,
  scope: CouponScope,
  merchantId: z.string().nullable(),
  claimedAt: Timestamp,
  validUntil: Timestamp,
  status: z.enum(['available', 'used', 'expired']),
  usedTxId: z.string().nullable(),
})
export type Coupon = z.infer<typeof Coupon>

// ---------------------------------------------------------------------------------------------
// Wealth, messages

/** A product's risk grade (产品风险等级), R1 lowest to R5 highest. */
export const RiskGrade = z.enum(['R1', 'R2', 'R3', 'R4', 'R5'])
export type RiskGrade = z.infer<typeof RiskGrade>
/** A customer's risk tolerance (风险承受能力) from the questionnaire: C1 may buy up to R1, …, C5 up to R5. */
export const RiskLevel = z.enum(['C1', 'C2', 'C3', 'C4', 'C5'])
export type RiskLevel = z.infer<typeof RiskLevel>

export const WealthProduct = z.object({
  productId: z.string(),
  name: z.string(),
  /** 现金管理类, 固定收益类, 混合类, 权益类. */
  category: z.string(),
  /** Annual yield in basis points (180 = 1.80%): the rate the bank accrues daily. */
  annualRateBp: z.number().int(),
  /** 七日年化收益率 in basis points, from the last seven days' accrual at annualRateBp on ¥10,000 (src/mock-bank/ops/wealth.ts). */
  sevenDayYieldBp: z.number().int(),
  risk: RiskGrade,
  minAmountFen: AmountFen,
  /** Business days until a redemption reaches the wallet: 0 = at once (T+0), 1 = the next business day (T+1). */
  settlementDays: z.number().int().nonnegative(),
  description: z.string(),
  /** 风险提示, shown before a purchase. */
  riskNotice: z.string(),
  /** 产品条款: the terms, one clause per entry. */
  terms: z.array(z.string()),
})
export type WealthProduct = z.infer<typeof WealthProduct>
/** One day's yield of a holding: the UTC+8 day it was earned ('YYYY-MM-DD'). */
export const DailyYield = z.object({ day: z.string(), yieldFen: z.number().int().nonnegative() })
export type DailyYield = z.infer<typeof DailyYield>
export const Holding = z.object({
  productId: z.string(),
  name: z.string(),
  principalFen: z.number().int().nonnegative(),
  valueFen: z.number().int().nonnegative(),
  /** Yield still held (what a redemption takes first). */
  yieldFen: z.number().int().nonnegative(),
  lastAccruedDay: z.string().nullable(),
  /** 昨日收益: what yesterday (UTC+8, the bank's clock) earned. */
  yesterdayYieldFen: z.number().int().nonnegative(),
  /** 累计收益: everything the holding earned since it was opened, redeemed or not. */
  accumulatedYieldFen: z.number().int().nonnegative(),
  /** The last 30 days that earned something, oldest first. */
  history: z.array(DailyYield),
})
export type Holding = z.infer<typeof Holding>

export const Message = z.object({
  messageId: z.string(),
  sender: z.string(),
  title: z.string(),
  body: z.string(),
  category: z.enum(['notice', 'promotion', 'security']),
  createdAt: Timestamp,
  read: z.boolean(),
})
export type Message = z.infer<typeof Message>

/** A device the customer has signed in on (GET /devices): what the app said it is, and when it was seen. */
export const DeviceInfo = z.object({
  deviceId: DeviceId,
  name: z.string(),
  /** The operating system the app named at sign-in ('' when it did not say). */
  os: z.string(),
  /** The first sign-in (the device was bound) and the latest one (sign-in, unlock or refresh). */
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  /** The device asking. */
  current: z.boolean(),
})
export type DeviceInfo = z.infer<typeof DeviceInfo>
