/**
 * The bank's requests and answers, made of the domain vocabulary (./domain.ts). The endpoint table
 * (./endpoints.ts) says which endpoint takes and gives which; the mock bank validates requests with
 * them and the wallet's bank client validates answers.
 */
import { z } from 'zod'
import {
  AmountFen,
  Bill,
  Biller,
  Campaign,
  Card,
  ChangeItem,
  Challenge,
  City,
  Coupon,
  CustomerProfile,
  CustomerSettings,
  DeviceId,
  DeviceInfo,
  Fen,
  Holding,
  Id,
  RiskLevel,
  Memo,
  Merchant,
  Message,
  Order,
  PayPassword,
  Phone,
  PosCharge,
  Session,
  SmsCode,
  SmsPurpose,
  Timestamp,
  Transaction,
  WealthProduct,
} from './domain'
import { TierCaps, WalletTier } from './tiers'

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
  deviceOs: z.string().max(64).optional(),
})
export type RegisterRequest = z.infer<typeof RegisterRequest>

export const SessionResponse = z.object({ session: Session, customer: CustomerProfile })
export type SessionResponse = z.infer<typeof SessionResponse>

export const LoginRequest = z.object({
  phone: z.string().max(20),
  password: z.string().max(64),
  deviceId: DeviceId,
  deviceName: z.string().max(64).optional(),
  deviceOs: z.string().max(64).optional(),
})
export type LoginRequest = z.infer<typeof LoginRequest>

export const LoginResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), session: Session, customer: CustomerProfile }),
  z.object({ status: z.literal('challenge'), challenge: Challenge }),
])
export type LoginResponse = z.infer<typeof LoginResponse>

/** An SMS or authenticator code (six digits), or at the authenticator step a recovery code (XXXXX-XXXXX). */
export const ChallengeRequest = z.object({
  challengeId: z.string().max(64),
  code: z.string().regex(/^(\d{6}|[A-Za-z2-7]{5}-?[A-Za-z2-7]{5})$/),
})
export type ChallengeRequest = z.infer<typeof ChallengeRequest>

/** Turning 小额免密 on or raising its limit needs the payment password (src/mock-bank/ops/paypw.ts). */
export const SettingsRequest = CustomerSettings.partial().extend({ payPassword: PayPassword.optional() })
export type SettingsRequest = z.infer<typeof SettingsRequest>

export const ChangePasswordRequest = z.object({ oldPassword: z.string().max(64), newPassword: z.string().max(64) })
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>

/** 忘记登录密码: the phone's SMS code (purpose reset-login) and the resident ID number set a new password. */
export const ResetLoginPasswordRequest = z.object({
  phone: Phone,
  smsCode: SmsCode,
  idNumber: z.string().max(20),
  newPassword: z.string().max(64),
})
export type ResetLoginPasswordRequest = z.infer<typeof ResetLoginPasswordRequest>

// ---------------------------------------------------------------------------------------------
// Cards

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
/** 忘记支付密码: SMS code (purpose reset-pay), resident ID number and a bound card's number. */
export const ResetPayPasswordRequest = z.object({
  smsCode: SmsCode,
  idNumber: z.string().max(20),
  pan: z.string().max(30),
  newPayPassword: z.string().max(6),
})
export type ResetPayPasswordRequest = z.infer<typeof ResetPayPasswordRequest>
export const VerifyPayPasswordRequest = z.object({ payPassword: PayPassword })
export type VerifyPayPasswordRequest = z.infer<typeof VerifyPayPasswordRequest>

// ---------------------------------------------------------------------------------------------
// Transactions and the changes feed

export const TransactionResponse = z.object({ transaction: Transaction })
export type TransactionResponse = z.infer<typeof TransactionResponse>

export const MoneyResponse = z.object({ transaction: Transaction, balanceFen: Fen })
export type MoneyResponse = z.infer<typeof MoneyResponse>

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

// ---------------------------------------------------------------------------------------------
// Merchants (扫一扫)

export const MerchantsResponse = z.object({ merchants: z.array(Merchant) })
export type MerchantsResponse = z.infer<typeof MerchantsResponse>
export const MerchantResponse = z.object({ merchant: Merchant })
export type MerchantResponse = z.infer<typeof MerchantResponse>

export const MerchantPaymentRequest = z.object({
  merchantId: Id,
  amountFen: AmountFen,
  payPassword: PayPassword,
  couponId: Id.optional(),
  memo: Memo.optional(),
})
export type MerchantPaymentRequest = z.infer<typeof MerchantPaymentRequest>

// ---------------------------------------------------------------------------------------------
// Online orders (the demo shop signs them; the app verifies and pays)

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

// ---------------------------------------------------------------------------------------------
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
export const PosChargeResponse = z.object({ charge: PosCharge })
export type PosChargeResponse = z.infer<typeof PosChargeResponse>
export const PendingChargesResponse = z.object({ charges: z.array(PosCharge) })
export type PendingChargesResponse = z.infer<typeof PendingChargesResponse>
export const ConfirmChargeRequest = z.object({ payPassword: PayPassword })
export type ConfirmChargeRequest = z.infer<typeof ConfirmChargeRequest>
export const ConfirmChargeResponse = MoneyResponse.extend({ charge: PosCharge })
export type ConfirmChargeResponse = z.infer<typeof ConfirmChargeResponse>

// ---------------------------------------------------------------------------------------------
// Bills (生活缴费)

export const BillersQuery = z.object({ city: z.string().max(12).optional() })
export type BillersQuery = z.infer<typeof BillersQuery>
export const BillersResponse = z.object({ cities: z.array(City), billers: z.array(Biller) })
export type BillersResponse = z.infer<typeof BillersResponse>
export const BillQuery = z.object({ billerId: Id, household: z.string().max(32) })
export type BillQuery = z.infer<typeof BillQuery>
export const BillResponse = z.object({ bill: Bill })
export type BillResponse = z.infer<typeof BillResponse>
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

// ---------------------------------------------------------------------------------------------
// Coupons

export const CampaignsResponse = z.object({ campaigns: z.array(Campaign) })
export type CampaignsResponse = z.infer<typeof CampaignsResponse>
export const CouponsResponse = z.object({ coupons: z.array(Coupon) })
export type CouponsResponse = z.infer<typeof CouponsResponse>
export const ClaimCouponRequest = z.object({ campaignId: Id })
export type ClaimCouponRequest = z.infer<typeof ClaimCouponRequest>
export const ClaimCouponResponse = z.object({ coupon: Coupon })
export type ClaimCouponResponse = z.infer<typeof ClaimCouponResponse>

// ---------------------------------------------------------------------------------------------
// Wealth

export const WealthProductsResponse = z.object({ products: z.array(WealthProduct) })
export type WealthProductsResponse = z.infer<typeof WealthProductsResponse>
export const HoldingsResponse = z.object({
  holdings: z.array(Holding),
  pendingRedemptions: z.array(
    z.object({
      txId: z.string(),
      productId: z.string(),
      amountFen: AmountFen,
      settlesAt: Timestamp,
      /** The UTC+8 business day it reaches the wallet ('YYYY-MM-DD'). */
      settlesOn: z.string(),
    }),
  ),
})
export type HoldingsResponse = z.infer<typeof HoldingsResponse>
export const WealthBuyRequest = z.object({ productId: Id, amountFen: AmountFen, payPassword: PayPassword })
export type WealthBuyRequest = z.infer<typeof WealthBuyRequest>
export const WealthRedeemRequest = WealthBuyRequest
export type WealthRedeemRequest = z.infer<typeof WealthRedeemRequest>

/** 风险测评: a question and its choices, without their scores (the bank scores). */
export const RiskQuestion = z.object({
  questionId: z.string(),
  text: z.string(),
  options: z.array(z.object({ optionId: z.string(), text: z.string() })),
})
export type RiskQuestion = z.infer<typeof RiskQuestion>
export const RiskAssessment = z.object({
  level: RiskLevel,
  score: z.number().int().nonnegative(),
  assessedAt: Timestamp,
  /** A year after assessedAt on the bank's clock; from then on a purchase is refused (RISK_ASSESSMENT_EXPIRED). */
  expiresAt: Timestamp,
  expired: z.boolean(),
})
export type RiskAssessment = z.infer<typeof RiskAssessment>
export const RiskQuestionnaireResponse = z.object({ questions: z.array(RiskQuestion), assessment: RiskAssessment.nullable() })
export type RiskQuestionnaireResponse = z.infer<typeof RiskQuestionnaireResponse>
export const RiskAnswers = z.array(z.object({ questionId: Id, optionId: Id })).max(20)
export const RiskAssessRequest = z.object({ answers: RiskAnswers })
export type RiskAssessRequest = z.infer<typeof RiskAssessRequest>
export const RiskAssessResponse = z.object({ assessment: RiskAssessment })
export type RiskAssessResponse = z.infer<typeof RiskAssessResponse>

// ---------------------------------------------------------------------------------------------
// Messages, two-factor, deregistration

export const DevicesResponse = z.object({ devices: z.array(DeviceInfo) })
export type DevicesResponse = z.infer<typeof DevicesResponse>

export const MessagesResponse = z.object({ messages: z.array(Message), unread: z.number().int().nonnegative() })
export type MessagesResponse = z.infer<typeof MessagesResponse>

export const TotpEnrollResponse = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  digits: z.number().int(),
  periodSeconds: z.number().int(),
})
export type TotpEnrollResponse = z.infer<typeof TotpEnrollResponse>
export const TotpCodeRequest = z.object({ code: z.string().regex(/^\d{6}$/) })
/** Turning two-factor off takes the login password and a current authenticator code (not a recovery code). */
export const TotpDisableRequest = z.object({ password: z.string().max(64), code: z.string().regex(/^\d{6}$/) })
export type TotpDisableRequest = z.infer<typeof TotpDisableRequest>
/** Turning two-factor on hands out the ten single-use recovery codes, this once (src/mock-bank/ops/recovery.ts). */
export const TotpConfirmResponse = z.object({ ok: z.literal(true), recoveryCodes: z.array(z.string()) })
export type TotpConfirmResponse = z.infer<typeof TotpConfirmResponse>
export type TotpCodeRequest = z.infer<typeof TotpCodeRequest>

export const DeregisterRequest = z.object({
  password: z.string().max(64),
  smsCode: SmsCode,
  totpCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
})
export type DeregisterRequest = z.infer<typeof DeregisterRequest>

/** What stands in the way of closing the wallet at the bank, in the order the customer clears it. */
export const DeregisterBlockerReason = z.enum(['BALANCE', 'WEALTH', 'PENDING_REDEMPTION', 'PENDING_CHARGE'])
export type DeregisterBlockerReason = z.infer<typeof DeregisterBlockerReason>
export const DeregisterBlocker = z.object({
  reason: DeregisterBlockerReason,
  /** The balance; the value held; the redemptions on their way; the payments waiting for confirmation. */
  amountFen: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  /** When it clears by itself: the last redemption settles, the last waiting payment expires; null otherwise. */
  until: Timestamp.nullable(),
})
export type DeregisterBlocker = z.infer<typeof DeregisterBlocker>
export const DeregisterCheckResponse = z.object({
  blockers: z.array(DeregisterBlocker),
  /** Two-factor is on: POST /deregister needs `totpCode` too. */
  totpRequired: z.boolean(),
})
export type DeregisterCheckResponse = z.infer<typeof DeregisterCheckResponse>

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
// Path parameters

export const IdParams = z.object({ id: Id })
export type IdParams = z.infer<typeof IdParams>
export const DeviceParams = z.object({ id: DeviceId })
