/**
 * The bank's HTTP contract: request and response bodies as zod schemas, shared by the mock bank
 * (which validates requests with them) and the wallet's typed BankClient (which validates responses).
 * Types are derived from the schemas, never written twice.
 *
 * Conventions: amounts are integer fen; times are epoch milliseconds; every mutating request carries
 * an `Idempotency-Key` header; signed-in calls carry `Authorization: Bearer <token>`; errors are
 * `{ error: { code, message, details? } }` with a stable code from BankErrorCode.
 */
import { z } from 'zod'
import { BANK_ERROR_CODES } from '../../shared/errors'

export const IDEMPOTENCY_HEADER = 'idempotency-key'
export const MERCHANT_KEY_HEADER = 'x-merchant-key'
/** Set on a response replayed from the idempotency store. */
export const REPLAYED_HEADER = 'idempotent-replayed'
/**
 * The bank's clock (epoch ms) when it answered, on every response: a client judges the age of what the
 * bank remembers in the bank's time, not its own.
 */
export const BANK_TIME_HEADER = 'x-bank-time'
/** 8–128 printable ASCII characters. */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{8,128}$/, '8–128 printable characters')

// ---------------------------------------------------------------------------------------------
// Errors

// The list lives with the app's error codes (shared/errors.ts), which pass the bank's codes through unchanged.
export { BANK_ERROR_CODES }

export const BankErrorCode = z.enum(BANK_ERROR_CODES)
export type BankErrorCode = z.infer<typeof BankErrorCode>

export const ErrorDetails = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
export type ErrorDetails = z.infer<typeof ErrorDetails>

export const BankErrorBody = z.object({
  error: z.object({ code: BankErrorCode, message: z.string(), details: ErrorDetails.optional() }),
})
export type BankErrorBody = z.infer<typeof BankErrorBody>

/** HTTP status for each code; the body's code is what clients branch on. */
export const BANK_ERROR_STATUS: Record<BankErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INTERNAL: 500,
  BANK_UNAVAILABLE: 503,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  IDEMPOTENCY_CONFLICT: 422,
  IDEMPOTENCY_IN_FLIGHT: 409,
  CURSOR_INVALID: 400,
  PHONE_INVALID: 422,
  NAME_INVALID: 422,
  ID_INVALID: 422,
  PASSWORD_WEAK: 422,
  PHONE_TAKEN: 409,
  ID_TAKEN: 409,
  SMS_RATE_LIMITED: 429,
  OTP_INVALID: 422,
  OTP_EXPIRED: 422,
  OTP_TOO_MANY: 429,
  CREDENTIALS_INVALID: 401,
  LOGIN_LOCKED: 423,
  DEVICE_UNVERIFIED: 403,
  CHALLENGE_INVALID: 422,
  TOTP_INVALID: 422,
  TOTP_NOT_ENABLED: 409,
  TOTP_ALREADY_ENABLED: 409,
  ACCOUNT_CLOSED: 410,
  CARD_INVALID: 422,
  CARD_FROZEN: 422,
  CARD_NOT_OWNED: 422,
  CARD_EXPIRED: 422,
  CARD_ALREADY_BOUND: 409,
  CARD_LIMIT_REACHED: 422,
  PAY_PASSWORD_NOT_SET: 409,
  PAY_PASSWORD_ALREADY_SET: 409,
  PAY_PASSWORD_TRIVIAL: 422,
  PAY_PASSWORD_WRONG: 422,
  PAY_PASSWORD_LOCKED: 423,
  INSUFFICIENT_FUNDS: 422,
  LIMIT_EXCEEDED: 422,
  AMOUNT_TOO_SMALL: 422,
  PAYEE_NOT_FOUND: 404,
  PAYEE_SELF: 422,
  PAY_CODE_INVALID: 422,
  PAY_CODE_USED: 422,
  CHARGE_NOT_PENDING: 409,
  ORDER_INVALID: 422,
  ORDER_EXPIRED: 422,
  ORDER_PAID: 409,
  BILL_NOT_FOUND: 404,
  BILL_ALREADY_PAID: 409,
  BILL_AMOUNT_MISMATCH: 422,
  COUPON_INVALID: 422,
  COUPON_USED: 409,
  COUPON_EXPIRED: 422,
  COUPON_ALREADY_CLAIMED: 409,
  DEREGISTER_BLOCKED: 409,
}

// ---------------------------------------------------------------------------------------------
// Building blocks

/** ¥999,999,999,999.99: the same bound as shared/money MAX_FEN. */
const MAX_FEN = 99_999_999_999_999
export const Fen = z.number().int().min(-MAX_FEN).max(MAX_FEN)
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
const Memo = z.string().max(50)

export const WalletTier = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
export type WalletTier = z.infer<typeof WalletTier>
export const TierCaps = z.object({
  perTxFen: z.number().int().nullable(),
  dailyFen: z.number().int().nullable(),
  yearlyFen: z.number().int().nullable(),
  balanceFen: z.number().int().nullable(),
})
export type TierCaps = z.infer<typeof TierCaps>
export const RemainingLimits = z.object({
  paymentFen: z.number().int().nullable(),
  dayFen: z.number().int().nullable(),
  yearFen: z.number().int().nullable(),
  receiveFen: z.number().int().nullable(),
})
export type RemainingLimits = z.infer<typeof RemainingLimits>

export const Ok = z.object({ ok: z.literal(true) })
export type Ok = z.infer<typeof Ok>

// ---------------------------------------------------------------------------------------------
// Service info

export const HealthResponse = z.object({ ok: z.literal(true), bankId: z.string(), now: Timestamp, name: z.string() })
export type HealthResponse = z.infer<typeof HealthResponse>

export const TiersResponse = z.object({
  tiers: z.array(z.object({ tier: WalletTier, name: z.string(), nameEn: z.string(), caps: TierCaps })),
})
export type TiersResponse = z.infer<typeof TiersResponse>

// ---------------------------------------------------------------------------------------------
// SMS

export const SmsPurpose = z.enum(['register', 'login', 'deregister'])
export type SmsPurpose = z.infer<typeof SmsPurpose>

export const SmsSendRequest = z.object({ phone: Phone, purpose: SmsPurpose })
export type SmsSendRequest = z.infer<typeof SmsSendRequest>
export const SmsSendResponse = z.object({
  phoneMasked: z.string(),
  purpose: SmsPurpose,
  expiresAt: Timestamp,
  /** The next send for this phone and purpose is allowed from here (60 s). */
  resendAt: Timestamp,
  sendsLeftToday: z.number().int().nonnegative(),
})
export type SmsSendResponse = z.infer<typeof SmsSendResponse>

// ---------------------------------------------------------------------------------------------
// Customers, sessions

export const RegisterFields = z.object({
  phone: z.string().max(20),
  name: z.string().max(40),
  idNumber: z.string().max(20),
  password: z.string().max(64),
})
export type RegisterFields = z.infer<typeof RegisterFields>

/** POST /register/validate — checks the first wizard step without creating anything. */
export const RegisterValidateRequest = RegisterFields
export type RegisterValidateRequest = z.infer<typeof RegisterValidateRequest>
export const RegisterRequest = RegisterFields.extend({
  smsCode: SmsCode,
  deviceId: DeviceId,
  deviceName: z.string().max(64).optional(),
})
export type RegisterRequest = z.infer<typeof RegisterRequest>

export const CustomerSettings = z.object({
  /** Pay-code payments up to smallAmountLimitFen need no payment password. */
  smallAmountNoPassword: z.boolean(),
  smallAmountLimitFen: z.number().int().nonnegative(),
})
export type CustomerSettings = z.infer<typeof CustomerSettings>

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
  usage: z.object({ todayFen: z.number().int(), yearFen: z.number().int() }),
  remaining: RemainingLimits,
  balanceFen: Fen,
  payPasswordSet: z.boolean(),
  /** Set while wrong payment passwords lock payments. */
  payPasswordLockedUntil: Timestamp.nullable(),
  totpEnabled: z.boolean(),
  settings: CustomerSettings,
  createdAt: Timestamp,
})
export type CustomerProfile = z.infer<typeof CustomerProfile>

export const Session = z.object({ token: z.string(), expiresAt: Timestamp, deviceId: DeviceId })
export type Session = z.infer<typeof Session>

export const SessionResponse = z.object({ session: Session, customer: CustomerProfile })
export type SessionResponse = z.infer<typeof SessionResponse>

export const LoginRequest = z.object({
  phone: z.string().max(20),
  password: z.string().max(64),
  deviceId: DeviceId,
  deviceName: z.string().max(64).optional(),
})
export type LoginRequest = z.infer<typeof LoginRequest>

export const Challenge = z.object({
  challengeId: z.string(),
  /** 'sms': a new device, a code was sent to the phone; 'totp': the authenticator app's code. */
  method: z.enum(['sms', 'totp']),
  expiresAt: Timestamp,
  phoneMasked: z.string(),
})
export type Challenge = z.infer<typeof Challenge>

export const LoginResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), session: Session, customer: CustomerProfile }),
  z.object({ status: z.literal('challenge'), challenge: Challenge }),
])
export type LoginResponse = z.infer<typeof LoginResponse>

export const ChallengeRequest = z.object({ challengeId: z.string().max(64), code: z.string().regex(/^\d{6}$/) })
export type ChallengeRequest = z.infer<typeof ChallengeRequest>

export const SettingsRequest = CustomerSettings.partial()
export type SettingsRequest = z.infer<typeof SettingsRequest>

export const ChangePasswordRequest = z.object({ oldPassword: z.string().max(64), newPassword: z.string().max(64) })
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>

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

export const CardsResponse = z.object({ cards: z.array(Card) })
export type CardsResponse = z.infer<typeof CardsResponse>
export const BindCardRequest = z.object({ pan: z.string().max(30), reservedPhone: z.string().max(20) })
export type BindCardRequest = z.infer<typeof BindCardRequest>
export const BindCardResponse = z.object({ card: Card, tier: WalletTier })
export type BindCardResponse = z.infer<typeof BindCardResponse>
export const UnbindCardResponse = z.object({ ok: z.literal(true), tier: WalletTier })
export type UnbindCardResponse = z.infer<typeof UnbindCardResponse>

// ---------------------------------------------------------------------------------------------
// Payment password

export const SetPayPasswordRequest = z.object({ payPassword: z.string().max(6) })
export type SetPayPasswordRequest = z.infer<typeof SetPayPasswordRequest>
export const ChangePayPasswordRequest = z.object({ oldPayPassword: PayPassword, newPayPassword: z.string().max(6) })
export type ChangePayPasswordRequest = z.infer<typeof ChangePayPasswordRequest>
export const VerifyPayPasswordRequest = z.object({ payPassword: PayPassword })
export type VerifyPayPasswordRequest = z.infer<typeof VerifyPayPasswordRequest>

// ---------------------------------------------------------------------------------------------
// Transactions and the changes feed

export const TxKind = z.enum([
  'topup',
  'withdraw',
  'transfer_out',
  'transfer_in',
  'card_transfer',
  'payment',
  'bill',
  'wealth_buy',
  'wealth_redeem',
])
export type TxKind = z.infer<typeof TxKind>

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

export const Counterparty = z.object({
  kind: z.enum(['merchant', 'wallet', 'card', 'biller', 'product']),
  id: z.string().optional(),
  name: z.string(),
  /** Masked phone, card or household number. */
  account: z.string().optional(),
})
export type Counterparty = z.infer<typeof Counterparty>

export const Transaction = z.object({
  txId: z.string(),
  kind: TxKind,
  direction: z.enum(['in', 'out']),
  /** The amount of the purchase or transfer, before any coupon. */
  amountFen: AmountFen,
  /** Paid by a coupon; the wallet moved amountFen - discountFen. */
  discountFen: z.number().int().nonnegative(),
  status: z.enum(['succeeded', 'pending']),
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

export const MoneyResponse = z.object({ transaction: Transaction, balanceFen: Fen })
export type MoneyResponse = z.infer<typeof MoneyResponse>

export const ChangeItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('transaction'), seq: z.number().int().positive(), transaction: Transaction }),
  z.object({ type: z.literal('balance'), seq: z.number().int().positive(), at: Timestamp, balanceFen: Fen }),
])
export type ChangeItem = z.infer<typeof ChangeItem>

export const ChangesQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
})
export type ChangesQuery = z.infer<typeof ChangesQuery>
export const ChangesResponse = z.object({
  items: z.array(ChangeItem),
  /** Opaque; pass it back to continue after the last item. Monotonic: never goes back. */
  nextCursor: z.string(),
  hasMore: z.boolean(),
  /** Items after this page, so a client can show progress n/m. */
  remaining: z.number().int().nonnegative(),
})
export type ChangesResponse = z.infer<typeof ChangesResponse>

// ---------------------------------------------------------------------------------------------
// Money movement

export const TopupRequest = z.object({ cardId: Id, amountFen: AmountFen, payPassword: PayPassword })
export type TopupRequest = z.infer<typeof TopupRequest>
export const WithdrawRequest = TopupRequest
export type WithdrawRequest = z.infer<typeof WithdrawRequest>

export const PayeeLookupQuery = z.object({ phone: Phone })
export type PayeeLookupQuery = z.infer<typeof PayeeLookupQuery>
export const PayeeLookupResponse = z.object({ phoneMasked: z.string(), nameMasked: z.string(), walletNoMasked: z.string() })
export type PayeeLookupResponse = z.infer<typeof PayeeLookupResponse>

export const WalletTransferRequest = z.object({
  phone: Phone,
  amountFen: AmountFen,
  payPassword: PayPassword,
  memo: Memo.optional(),
})
export type WalletTransferRequest = z.infer<typeof WalletTransferRequest>
export const CardTransferRequest = z.object({
  pan: z.string().max(30),
  name: z.string().min(1).max(40),
  amountFen: AmountFen,
  payPassword: PayPassword,
  memo: Memo.optional(),
})
export type CardTransferRequest = z.infer<typeof CardTransferRequest>

export const Merchant = z.object({
  merchantId: z.string(),
  name: z.string(),
  category: TxCategory,
  city: z.string(),
  /** What the merchant's printed QR code holds (扫一扫). */
  qr: z.string(),
})
export type Merchant = z.infer<typeof Merchant>
export const MerchantsResponse = z.object({ merchants: z.array(Merchant) })
export type MerchantsResponse = z.infer<typeof MerchantsResponse>

export const MerchantPaymentRequest = z.object({
  merchantId: Id,
  amountFen: AmountFen,
  payPassword: PayPassword,
  couponId: Id.optional(),
  memo: Memo.optional(),
})
export type MerchantPaymentRequest = z.infer<typeof MerchantPaymentRequest>

// Online orders (the demo shop signs them; the app verifies and pays)
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
/** The query of an `icbc-wallet://pay?...` link, as the app passes it on. */
export const OrderLinkQuery = z.object({
  merchant: z.string().max(32),
  amount: z.coerce.number().int().positive(),
  expires: z.coerce.number().int().nonnegative(),
  sig: z.string().max(128),
})
export type OrderLinkQuery = z.infer<typeof OrderLinkQuery>
export const OrderResponse = z.object({ order: Order })
export type OrderResponse = z.infer<typeof OrderResponse>
export const PayOrderRequest = z.object({ sig: z.string().max(128), payPassword: PayPassword, couponId: Id.optional() })
export type PayOrderRequest = z.infer<typeof PayOrderRequest>
export const PayOrderResponse = MoneyResponse.extend({ order: Order })
export type PayOrderResponse = z.infer<typeof PayOrderResponse>

export const ShopOrderRequest = z.object({
  items: z
    .array(z.object({ sku: z.string().max(32), qty: z.number().int().min(1).max(99) }))
    .min(1)
    .max(20),
})
export type ShopOrderRequest = z.infer<typeof ShopOrderRequest>
export const ShopOrderResponse = z.object({ order: Order, payUrl: z.string() })
export type ShopOrderResponse = z.infer<typeof ShopOrderResponse>

// In-store pay code (付款码): the merchant scans the customer
export const PayCodeActivateResponse = z.object({
  /** 8 digits identifying this device's pay codes. */
  deviceCode: z.string(),
  /** Base32 (RFC 4648) HMAC-SHA1 key. */
  secret: z.string(),
  prefix: z.string(),
  digits: z.number().int(),
  periodMs: z.number().int(),
  /** Codes are accepted for counters step-window … step+window and only above the last used one. */
  window: z.number().int(),
})
export type PayCodeActivateResponse = z.infer<typeof PayCodeActivateResponse>

export const PosChargeRequest = z.object({
  merchantId: Id,
  payCode: z.string().max(32),
  amountFen: AmountFen,
  description: z.string().max(50).optional(),
})
export type PosChargeRequest = z.infer<typeof PosChargeRequest>
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
  expiresAt: Timestamp,
  txId: z.string().nullable(),
})
export type PosCharge = z.infer<typeof PosCharge>
export const PosChargeResponse = z.object({ charge: PosCharge })
export type PosChargeResponse = z.infer<typeof PosChargeResponse>
export const PendingChargesResponse = z.object({ charges: z.array(PosCharge) })
export type PendingChargesResponse = z.infer<typeof PendingChargesResponse>
export const ConfirmChargeRequest = z.object({ payPassword: PayPassword })
export type ConfirmChargeRequest = z.infer<typeof ConfirmChargeRequest>
export const ConfirmChargeResponse = MoneyResponse.extend({ charge: PosCharge })
export type ConfirmChargeResponse = z.infer<typeof ConfirmChargeResponse>

// Bills (生活缴费)
export const BillType = z.enum(['water', 'electricity', 'gas'])
export type BillType = z.infer<typeof BillType>
export const Biller = z.object({
  billerId: z.string(),
  name: z.string(),
  type: BillType,
  cityCode: z.string(),
  householdPattern: z.string(),
})
export type Biller = z.infer<typeof Biller>
export const BillersResponse = z.object({
  cities: z.array(z.object({ cityCode: z.string(), name: z.string() })),
  billers: z.array(Biller),
})
export type BillersResponse = z.infer<typeof BillersResponse>
export const BillQuery = z.object({ billerId: Id, household: z.string().max(32) })
export type BillQuery = z.infer<typeof BillQuery>
export const Bill = z.object({
  biller: Biller,
  household: z.string(),
  holderMasked: z.string(),
  address: z.string(),
  period: z.string(),
  amountDueFen: z.number().int().nonnegative(),
  paid: z.boolean(),
})
export type Bill = z.infer<typeof Bill>
export const BillPayRequest = z.object({
  billerId: Id,
  household: z.string().max(32),
  amountFen: AmountFen,
  payPassword: PayPassword,
  couponId: Id.optional(),
})
export type BillPayRequest = z.infer<typeof BillPayRequest>
export const BillPayResponse = MoneyResponse.extend({ bill: Bill })
export type BillPayResponse = z.infer<typeof BillPayResponse>

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
  validDays: z.number().int().positive(),
  claimed: z.boolean(),
})
export type Campaign = z.infer<typeof Campaign>
export const CampaignsResponse = z.object({ campaigns: z.array(Campaign) })
export type CampaignsResponse = z.infer<typeof CampaignsResponse>
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
export const CouponsResponse = z.object({ coupons: z.array(Coupon) })
export type CouponsResponse = z.infer<typeof CouponsResponse>
export const ClaimCouponRequest = z.object({ campaignId: Id })
export type ClaimCouponRequest = z.infer<typeof ClaimCouponRequest>
export const ClaimCouponResponse = z.object({ coupon: Coupon })
export type ClaimCouponResponse = z.infer<typeof ClaimCouponResponse>

// Wealth
export const WealthProduct = z.object({
  productId: z.string(),
  name: z.string(),
  /** Annual yield in basis points (180 = 1.80%). */
  annualRateBp: z.number().int(),
  risk: z.enum(['R1', 'R2', 'R3']),
  minAmountFen: AmountFen,
  /** Days until a redemption reaches the wallet: 0 = at once. */
  settlementDays: z.number().int().nonnegative(),
  description: z.string(),
})
export type WealthProduct = z.infer<typeof WealthProduct>
export const WealthProductsResponse = z.object({ products: z.array(WealthProduct) })
export type WealthProductsResponse = z.infer<typeof WealthProductsResponse>
export const Holding = z.object({
  productId: z.string(),
  name: z.string(),
  principalFen: z.number().int().nonnegative(),
  valueFen: z.number().int().nonnegative(),
  yieldFen: z.number().int().nonnegative(),
  lastAccruedDay: z.string().nullable(),
})
export type Holding = z.infer<typeof Holding>
export const HoldingsResponse = z.object({
  holdings: z.array(Holding),
  pendingRedemptions: z.array(z.object({ txId: z.string(), productId: z.string(), amountFen: AmountFen, settlesAt: Timestamp })),
})
export type HoldingsResponse = z.infer<typeof HoldingsResponse>
export const WealthBuyRequest = z.object({ productId: Id, amountFen: AmountFen, payPassword: PayPassword })
export type WealthBuyRequest = z.infer<typeof WealthBuyRequest>
export const WealthRedeemRequest = WealthBuyRequest
export type WealthRedeemRequest = z.infer<typeof WealthRedeemRequest>

// Messages
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
export const MessagesResponse = z.object({ messages: z.array(Message), unread: z.number().int().nonnegative() })
export type MessagesResponse = z.infer<typeof MessagesResponse>

// TOTP two-factor
export const TotpEnrollResponse = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  digits: z.number().int(),
  periodSeconds: z.number().int(),
})
export type TotpEnrollResponse = z.infer<typeof TotpEnrollResponse>
export const TotpCodeRequest = z.object({ code: z.string().regex(/^\d{6}$/) })
export type TotpCodeRequest = z.infer<typeof TotpCodeRequest>

// Deregistration
export const DeregisterRequest = z.object({
  password: z.string().max(64),
  smsCode: SmsCode,
  totpCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
})
export type DeregisterRequest = z.infer<typeof DeregisterRequest>

// ---------------------------------------------------------------------------------------------
// Operations by idempotency key

/**
 * GET /operations/:key — what became of the caller's operation with this Idempotency-Key: `done` with
 * the answer it got (status and body, a success or a stored error), `in-flight` while it is still
 * being processed, or `unknown`: the bank has no record of it. Outcomes are kept `retentionMs` (30
 * days), so `unknown` for an operation first sent less than that ago (by `now`, the bank's clock)
 * means the bank never received it.
 */
export const OperationStatusResponse = z.discriminatedUnion('state', [
  z.object({ state: z.literal('done'), status: z.number().int(), body: z.unknown() }),
  z.object({ state: z.literal('in-flight') }),
  z.object({ state: z.literal('unknown'), retentionMs: z.number().int().positive(), now: Timestamp }),
])
export type OperationStatusResponse = z.infer<typeof OperationStatusResponse>

// ---------------------------------------------------------------------------------------------
// Development endpoints (mock only)

export const SmsMessage = z.object({
  smsId: z.string(),
  phone: z.string(),
  purpose: SmsPurpose,
  code: z.string(),
  text: z.string(),
  sentAt: Timestamp,
  expiresAt: Timestamp,
})
export type SmsMessage = z.infer<typeof SmsMessage>
export const DevSmsResponse = z.object({ messages: z.array(SmsMessage) })
export type DevSmsResponse = z.infer<typeof DevSmsResponse>

export const FaultConfig = z.object({
  /** Simulated processing time, applied after the idempotency key is registered. */
  latencyMs: z
    .union([
      z.number().int().nonnegative(),
      z.object({ min: z.number().int().nonnegative(), max: z.number().int().nonnegative() }),
    ])
    .optional(),
  /** Answer 503 BANK_UNAVAILABLE before doing anything. */
  errorRate: z.number().min(0).max(1).optional(),
  /** Destroy the connection before doing anything. */
  resetRate: z.number().min(0).max(1).optional(),
  /** Commit the operation, then destroy the connection instead of answering. */
  dropAfterCommitRate: z.number().min(0).max(1).optional(),
  /** Mutations: the request is delivered twice (the second answered from the idempotency store). Changes feed: the page repeats earlier items. */
  duplicateRate: z.number().min(0).max(1).optional(),
  /** Changes feed: the items of a page arrive shuffled (each keeps its seq). */
  reorderRate: z.number().min(0).max(1).optional(),
  /** Only requests whose path starts with one of these; default all except /_dev. */
  paths: z.array(z.string()).optional(),
  /** Deterministic fault decisions. */
  seed: z.number().int().optional(),
})
export type FaultConfig = z.infer<typeof FaultConfig>

export const ClockRequest = z.object({ advanceMs: z.number().int().optional(), setMs: z.number().int().optional() })
export type ClockRequest = z.infer<typeof ClockRequest>
export const ClockResponse = z.object({ now: Timestamp, offsetMs: z.number().int() })
export type ClockResponse = z.infer<typeof ClockResponse>

export const LedgerReport = z.object({
  balanced: z.boolean(),
  postings: z.number().int(),
  accounts: z.number().int(),
  /** Sum over every account; 0 when the ledger balances. */
  sumFen: z.number().int(),
  negative: z.array(z.object({ account: z.string(), balanceFen: z.number().int() })),
  /** Totals by account kind (w wallets, c cards, m merchants, b billers, h holdings, s suspense, x bank). */
  byKind: z.record(z.string(), z.number().int()),
})
export type LedgerReport = z.infer<typeof LedgerReport>
