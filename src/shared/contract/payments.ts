import { z } from 'zod'
import {
  Bill,
  Biller,
  BillType,
  City,
  Campaign,
  Counterparty as BankCounterparty,
  Coupon,
  CouponScope,
  CustomerSettings,
  DEFAULT_SMALL_AMOUNT_LIMIT_FEN,
  Direction,
  Merchant,
  Order,
  OrderItem,
  PosCharge as BankPosCharge,
  TxState,
  Usage,
} from '../bank-api/domain'
import { RemainingLimits, TierCaps, WalletTier } from '../bank-api/tiers'
import { channel } from './define'
import { Secret, Text } from './text'
import { OutboxPaymentKind, OutboxView, TxType } from './sync'

/** The bank's words the payment screens use as they are (src/shared/bank-api/domain.ts). */
export { Bill, Biller, BillType, City, Campaign, Coupon, CouponScope, Order, OrderItem, DEFAULT_SMALL_AMOUNT_LIMIT_FEN }

/**
 * Payments: every money movement the wallet offers (docs/architecture.md), carried out by main under an
 * idempotency key chosen before the first attempt. Amounts are integer fen. Inputs are checked loosely
 * here (shape, and every string well-formed text: ./text.ts, reasons MALFORMED | CONTROL_CHARS) and
 * precisely in main, which answers INVALID_INPUT with details { field, reason }
 * (reasons: amount NOT_INTEGER | NOT_POSITIVE | TOO_LARGE; phone EMPTY | FORMAT | LENGTH | PREFIX;
 * pan EMPTY | FORMAT | LENGTH | NOT_UNIONPAY | CHECKSUM; payPassword FORMAT; link NOT_A_PAY_LINK | …).
 * Bank refusals pass through with the bank's code (PAY_PASSWORD_WRONG { attemptsLeft },
 * PAY_PASSWORD_LOCKED { unlockAt }, INSUFFICIENT_FUNDS, LIMIT_EXCEEDED { cap }, …).
 */

/** Transfers of this amount or more get the anti-fraud warning before confirming (¥5,000.00). */
export const LARGE_AMOUNT_FEN = 500_000
/** How often main asks the bank about pay-code charges while the pay code is on screen. */
export const PAYCODE_POLL_MS = 3_000

// Shape and well-formed text only (./text.ts): main checks the rules and says which field is wrong and why.
const Amount = z.number()
const PayPasswordIn = Secret(16)
const PhoneIn = Text(20)
const PanIn = Text(30)
const MemoIn = Text(50)
const IdIn = Text(64).min(1)
const Fen = z.number().int()
const NullableFen = z.number().int().nullable()

// ---------------------------------------------------------------------------------------------
// Results

/** The bank's counterparty as a screen shows it: a household number masked too, null when there is none. */
export const Counterparty = BankCounterparty.pick({ kind: true, name: true }).extend({
  /** Masked phone, card or household number. */
  account: z.string().nullable(),
})
export type Counterparty = z.infer<typeof Counterparty>

/** A completed transaction as the payment screens show it. */
export const TxSummary = z.object({
  txId: z.string(),
  kind: TxType,
  direction: Direction,
  /** The amount of the purchase or transfer, before any coupon. */
  amountFen: Fen,
  discountFen: Fen,
  /** What the wallet itself moved: amountFen - discountFen. */
  paidFen: Fen,
  status: TxState,
  title: z.string(),
  counterparty: Counterparty,
  createdAt: z.number(),
  balanceAfterFen: NullableFen,
})
export type TxSummary = z.infer<typeof TxSummary>

/** Done at the bank now. */
export const PaymentDone = z.object({ queued: z.literal(false), transaction: TxSummary, balanceFen: Fen })
export type PaymentDone = z.infer<typeof PaymentDone>
/**
 * Not done (yet) at the bank, kept in the outbox under its idempotency key. `status`: `unsent` (待发送,
 * the bank could not be reached), `processing` (处理中: an attempt may have reached the bank; its outcome
 * is being found out, so paying again is not needed), `needs-confirmation` (需要确认 in 账单).
 */
export const PaymentQueued = z.object({
  queued: z.literal(true),
  outboxId: z.string(),
  kind: OutboxPaymentKind,
  amountFen: Fen,
  status: z.enum(['unsent', 'processing', 'needs-confirmation']).optional(),
})
export type PaymentQueued = z.infer<typeof PaymentQueued>
/** Top-up, withdrawal, transfers and bill payments work offline through the outbox. */
export const PaymentResult = z.discriminatedUnion('queued', [PaymentDone, PaymentQueued])
export type PaymentResult = z.infer<typeof PaymentResult>

// ---------------------------------------------------------------------------------------------
// Cards (充值 / 提现 between the wallet and its bound cards)

export const BoundCard = z.object({
  cardId: z.string(),
  bankName: z.string(),
  /** '6222 **** **** 4562'. */
  masked: z.string(),
  last4: z.string(),
  boundAt: z.number(),
  /** The user's own name for the card (备注名, e.g. 工资卡), kept on this computer; null when none. */
  label: z.string().nullable(),
})
export type BoundCard = z.infer<typeof BoundCard>

/**
 * Gives a bound card a label, or takes it away with ''. Main refuses (INVALID_INPUT, field 'label')
 * TOO_LONG above CARD_LABEL_MAX characters, CONTROL_CHARS for control, invisible or direction
 * characters and MALFORMED for a lone surrogate (src/shared/validators.ts validateCardLabel, the same
 * rule as every text input); NOT_FOUND (field 'cardId') for a card it
 * does not know.
 */
export const CardLabelInput = z.object({ cardId: IdIn, label: Text(200) })
export type CardLabelInput = z.infer<typeof CardLabelInput>
export const CardLabel = z.object({ cardId: z.string(), label: z.string().nullable() })
export type CardLabel = z.infer<typeof CardLabel>

export const CardsList = z.object({
  cards: z.array(BoundCard),
  /** False when the bank could not be reached and this is the list kept on this computer. */
  fresh: z.boolean(),
})
export type CardsList = z.infer<typeof CardsList>

export const TopupInput = z.object({ cardId: IdIn, amountFen: Amount, payPassword: PayPasswordIn })
export type TopupInput = z.infer<typeof TopupInput>

// ---------------------------------------------------------------------------------------------
// Transfers (转账)

export const PayeeLookup = z.object({
  nameMasked: z.string(),
  phoneMasked: z.string(),
  walletNoMasked: z.string(),
  /** No earlier transfer to this payee in the local payee book: show the first-time warning. */
  firstTime: z.boolean(),
})
export type PayeeLookup = z.infer<typeof PayeeLookup>

/** Exactly one of `phone` / `payeeId` (a payee from the book). */
export const WalletTransferInput = z.object({
  phone: PhoneIn.optional(),
  payeeId: IdIn.optional(),
  amountFen: Amount,
  payPassword: PayPasswordIn,
  memo: MemoIn.optional(),
})
export type WalletTransferInput = z.infer<typeof WalletTransferInput>

/** Either `pan` + `name`, or `payeeId` (a card payee from the book). */
export const CardTransferInput = z.object({
  pan: PanIn.optional(),
  name: Text(40).optional(),
  payeeId: IdIn.optional(),
  amountFen: Amount,
  payPassword: PayPasswordIn,
  memo: MemoIn.optional(),
})
export type CardTransferInput = z.infer<typeof CardTransferInput>

/** The payee book: added to after each successful transfer; the full number stays in main. */
export const Payee = z.object({
  id: z.string(),
  kind: z.enum(['wallet', 'card']),
  /** Masked name ('李*'). */
  name: z.string(),
  /** Masked phone or card number. */
  account: z.string(),
  /** Bank of a card payee, when known. */
  bankName: z.string().nullable(),
  transfers: z.number().int().nonnegative(),
  createdAt: z.number(),
  lastUsedAt: z.number(),
})
export type Payee = z.infer<typeof Payee>
export const PayeeList = z.object({ payees: z.array(Payee) })
export type PayeeList = z.infer<typeof PayeeList>

/** Shown before confirming a payment: what the tier still allows (null = no cap). */
export const PaymentLimits = z.object({
  tier: WalletTier,
  tierName: z.string(),
  remaining: RemainingLimits,
  caps: TierCaps,
  usage: Usage,
  balanceFen: Fen,
  payPasswordLockedUntil: z.number().nullable(),
  /** LARGE_AMOUNT_FEN, repeated so the screen need not import it. */
  largeAmountFen: Fen,
  asOf: z.number(),
  /** True when the bank could not be reached and these are the last known figures. */
  stale: z.boolean(),
})
export type PaymentLimits = z.infer<typeof PaymentLimits>

// ---------------------------------------------------------------------------------------------
// Bills (生活缴费)

export const BillersList = z.object({ cities: z.array(City), billers: z.array(Biller) })
export type BillersList = z.infer<typeof BillersList>

export const BillQueryInput = z.object({ billerId: IdIn, household: Text(32) })
export type BillQueryInput = z.infer<typeof BillQueryInput>
export const BillPayInput = z.object({
  billerId: IdIn,
  household: Text(32),
  amountFen: Amount,
  payPassword: PayPasswordIn,
  couponId: IdIn.optional(),
  /** Also keep this household for one-click repeat once paid. */
  save: z.boolean().optional(),
})
export type BillPayInput = z.infer<typeof BillPayInput>

export const Household = z.object({
  id: z.string(),
  utility: BillType,
  cityCode: z.string(),
  /** City name ('北京市'). */
  city: z.string(),
  billerId: z.string(),
  billerName: z.string(),
  /** The household number as typed: the user's own. */
  household: z.string(),
  alias: z.string(),
  createdAt: z.number(),
  lastPaidAt: z.number().nullable(),
})
export type Household = z.infer<typeof Household>
export const HouseholdList = z.object({ households: z.array(Household) })
export type HouseholdList = z.infer<typeof HouseholdList>
export const SaveHouseholdInput = z.object({
  billerId: IdIn,
  household: Text(32),
  alias: Text(40).optional(),
})
export type SaveHouseholdInput = z.infer<typeof SaveHouseholdInput>

// ---------------------------------------------------------------------------------------------
// Coupons

export const CouponsOverview = z.object({
  coupons: z.array(Coupon),
  campaigns: z.array(Campaign),
  /** The bank's time when this was read: periods and expiry count down from it, not from the computer's clock. */
  asOf: z.number(),
})
export type CouponsOverview = z.infer<typeof CouponsOverview>
/**
 * Which of my coupons can be used for a payment (available, not expired, right scope and merchant, min spend
 * met), the largest saving first: the first is the one a checkout preselects.
 */
export const ApplicableCouponsInput = z.object({ scope: CouponScope, merchantId: IdIn.optional(), amountFen: Amount })
export type ApplicableCouponsInput = z.infer<typeof ApplicableCouponsInput>
export const CouponList = z.object({ coupons: z.array(Coupon) })
export type CouponList = z.infer<typeof CouponList>

// ---------------------------------------------------------------------------------------------
// Scan to pay (扫一扫) and online checkout (网上购物)

export const MerchantInfo = Merchant.pick({ merchantId: true, name: true, category: true, city: true })
export type MerchantInfo = z.infer<typeof MerchantInfo>

/** The text of a merchant QR code (the renderer decodes the image with jsqr). */
export const ScanDecodeInput = z.object({ text: Text(2048) })
export const ScanResult = z.object({ merchant: MerchantInfo })
export type ScanResult = z.infer<typeof ScanResult>
export const MerchantPayInput = z.object({
  merchantId: IdIn,
  amountFen: Amount,
  payPassword: PayPasswordIn,
  couponId: IdIn.optional(),
  memo: MemoIn.optional(),
})
export type MerchantPayInput = z.infer<typeof MerchantPayInput>

/** An `icbc-wallet://pay?...` link (deep link, or pasted into 粘贴订单链接). */
export const CheckoutOpenInput = z.object({ link: Text(2048) })
export const Checkout = z.object({
  /** What the bank says the order is (never what the link says). */
  order: Order,
  /** Pass back to checkout.pay. */
  sig: z.string(),
  /** My coupons usable for this order. */
  coupons: z.array(Coupon),
})
export type Checkout = z.infer<typeof Checkout>
export const CheckoutPayInput = z.object({
  orderId: IdIn,
  sig: Text(128),
  payPassword: PayPasswordIn,
  couponId: IdIn.optional(),
})
export type CheckoutPayInput = z.infer<typeof CheckoutPayInput>
export const CheckoutPaid = PaymentDone.extend({ order: Order })
export type CheckoutPaid = z.infer<typeof CheckoutPaid>

// ---------------------------------------------------------------------------------------------
// Pay code (付款码)

export const PayCode = z.object({
  /** 18 digits: '28' + device code + one-time code. For the QR code and the barcode. */
  code: z.string().regex(/^\d{18}$/),
  /** Show a new code from here on (the end of the current 60 s step). */
  expiresAt: z.number(),
  periodMs: z.number().int(),
  /** Generated without the bank (it cannot be reached right now); it still works at the till. */
  offline: z.boolean(),
})
export type PayCode = z.infer<typeof PayCode>

/** A pay-code charge as the screens show it: no failure code, null when there is no description. */
export const PosCharge = BankPosCharge.omit({ description: true, failureCode: true }).extend({
  description: z.string().nullable(),
})
export type PosCharge = z.infer<typeof PosCharge>
export const PendingCharges = z.object({ charges: z.array(PosCharge) })
export type PendingCharges = z.infer<typeof PendingCharges>

/** Pay-code payments up to the limit need no payment password: the bank's customer settings. */
export const SmallAmountSettings = CustomerSettings
export type SmallAmountSettings = z.infer<typeof SmallAmountSettings>

// ---------------------------------------------------------------------------------------------
// 电子回单

export const Receipt = z.object({
  /** 回单编号 / reference: the bank's transaction id. */
  reference: z.string(),
  txId: z.string(),
  kind: TxType,
  direction: Direction,
  title: z.string(),
  status: TxState,
  amountFen: Fen,
  discountFen: Fen,
  paidFen: Fen,
  /** The payer / account holder: this wallet, masked. */
  account: z.object({ nameMasked: z.string(), walletNoMasked: z.string(), phoneMasked: z.string() }),
  counterparty: Counterparty,
  /** 'app' | 'paycode' | 'qr' | 'online' | 'bill', when the bank says. */
  channel: z.string().nullable(),
  category: z.string(),
  memo: z.string().nullable(),
  orderId: z.string().nullable(),
  couponId: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  balanceAfterFen: NullableFen,
  bankName: z.string(),
  /** When this receipt was produced. */
  issuedAt: z.number(),
})
export type Receipt = z.infer<typeof Receipt>

// ---------------------------------------------------------------------------------------------

const Empty = z.void()

export const paymentChannels = {
  'cards.list': channel(Empty, CardsList),
  /** Binding a card makes a 三类 wallet 二类. */
  'cards.bind': channel(z.object({ pan: PanIn, reservedPhone: PhoneIn }), z.object({ card: BoundCard, tier: WalletTier })),
  'cards.unbind': channel(z.object({ cardId: IdIn }), z.object({ tier: WalletTier })),
  'cards.setLabel': channel(CardLabelInput, CardLabel),

  /** Card → wallet. */
  'pay.topup': channel(TopupInput, PaymentResult),
  /** Wallet → card. */
  'pay.withdraw': channel(TopupInput, PaymentResult),

  /** The payee's masked name, to confirm against before a wallet transfer. */
  'transfer.lookup': channel(z.object({ phone: PhoneIn }), PayeeLookup),
  'transfer.toWallet': channel(WalletTransferInput, PaymentResult),
  'transfer.toCard': channel(CardTransferInput, PaymentResult),
  'transfer.limits': channel(Empty, PaymentLimits),
  'payees.list': channel(Empty, PayeeList),
  'payees.remove': channel(z.object({ id: IdIn }), PayeeList),

  /** Cities, and the billers of one city (all when omitted). */
  'bills.billers': channel(z.object({ city: Text(12).optional() }), BillersList),
  'bills.query': channel(BillQueryInput, Bill),
  'bills.pay': channel(BillPayInput, PaymentResult),
  'bills.households': channel(Empty, HouseholdList),
  'bills.saveHousehold': channel(SaveHouseholdInput, Household),
  'bills.removeHousehold': channel(z.object({ id: IdIn }), HouseholdList),

  /** A merchant QR code's text → the merchant as the bank knows it. Needs the bank. */
  'scan.decode': channel(ScanDecodeInput, ScanResult),
  'scan.pay': channel(MerchantPayInput, PaymentDone),

  /** Verifies an icbc-wallet://pay link with the bank. Needs the bank. */
  'checkout.open': channel(CheckoutOpenInput, Checkout),
  'checkout.pay': channel(CheckoutPayInput, CheckoutPaid),

  /** The code to show now; works offline once this device has its pay-code secret. */
  'paycode.current': channel(Empty, PayCode),
  /** The pay code is (on: true) or no longer (on: false) on screen: poll the bank for charges meanwhile. */
  'paycode.watch': channel(z.object({ on: z.boolean() }), z.object({ watching: z.boolean() })),
  'paycode.pending': channel(Empty, PendingCharges),
  'paycode.confirm': channel(z.object({ chargeId: IdIn, payPassword: PayPasswordIn }), PaymentDone),
  'paycode.decline': channel(z.object({ chargeId: IdIn }), PosCharge),
  'paycode.settings': channel(Empty, SmallAmountSettings),

  'coupons.list': channel(Empty, CouponsOverview),
  'coupons.claim': channel(z.object({ campaignId: IdIn }), Coupon),
  'coupons.applicable': channel(ApplicableCouponsInput, CouponList),

  'receipt.get': channel(z.object({ txId: IdIn }), Receipt),

  /**
   * Sends a queued payment again under its key, with the payment password typed again (no payment keeps
   * it on disk): an item waiting as 待输入支付密码 after a restart, or one parked as needs-confirmation
   * (需要确认), which the bank no longer remembers, so that this may pay twice if its first attempt went
   * through: there `confirm` records that the user was told so and chose to.
   */
  'outbox.resend': channel(z.object({ id: IdIn, confirm: z.literal(true), payPassword: PayPasswordIn }), OutboxView),
}

export const PaymentCompleted = z.object({
  txId: z.string(),
  kind: TxType,
  /** What the wallet moved (after any coupon). */
  amountFen: Fen,
  title: z.string(),
  /** online: just now; outbox: a queued payment went through after reconnecting; paycode: charged at a till. */
  source: z.enum(['online', 'outbox', 'paycode']),
})
export type PaymentCompleted = z.infer<typeof PaymentCompleted>

export const PaymentFailed = z.object({
  outboxId: z.string(),
  kind: OutboxPaymentKind,
  amountFen: Fen,
  /** The bank's reason (INSUFFICIENT_FUNDS, PAY_PASSWORD_WRONG, …). */
  code: z.string(),
  message: z.string(),
})
export type PaymentFailed = z.infer<typeof PaymentFailed>

/** A till took a pay-code payment (succeeded), or one waits for paycode.confirm (awaiting_confirmation). */
export const PayCodeCharged = z.object({
  status: z.enum(['succeeded', 'awaiting_confirmation']),
  /** Set for a charge awaiting confirmation (pass it to paycode.confirm / paycode.decline). */
  chargeId: z.string().nullable(),
  merchantName: z.string(),
  amountFen: Fen,
  /** Set once paid. */
  txId: z.string().nullable(),
  /** Confirm before this (awaiting_confirmation only). */
  expiresAt: z.number().nullable(),
})
export type PayCodeCharged = z.infer<typeof PayCodeCharged>

export const paymentEvents = {
  'payment.completed': PaymentCompleted,
  /** A queued (outbox) payment was refused by the bank after reconnecting. */
  'payment.failed': PaymentFailed,
  'paycode.charged': PayCodeCharged,
}
