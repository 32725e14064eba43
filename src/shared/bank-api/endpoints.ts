/**
 * Every endpoint of the bank's HTTP API, once: its method and path, what it takes (path parameters,
 * query, body) and gives (the answer), who may call it, and whether it needs an Idempotency-Key. The
 * mock bank registers its routes from this table (src/mock-bank/http/route.ts) and the wallet's bank
 * client is derived from it (src/main/platform/bank/client), so the two cannot drift apart. Adding an operation
 * is one entry here, its rule in the mock bank, and its use in main.
 */
import { z } from 'zod'
import { AppError } from '../errors'
import * as b from './bodies'
import { CustomerProfile, Id, Ok } from './domain'
import { IdempotencyKey } from './http'

export type Method = 'GET' | 'POST' | 'DELETE'
/**
 * Who may call an endpoint: anyone; a signed-in customer (`Authorization: Bearer <token>`); or a
 * merchant (`X-Merchant-Key`, with the merchant id in the body or the path).
 */
export type Auth = 'none' | 'customer' | 'merchant'

export interface EndpointSpec {
  method: Method
  /** With `:name` for each path parameter. */
  path: string
  auth: Auth
  /**
   * The request must carry an Idempotency-Key: every request that changes something. Such a request
   * is answered once and replayed for the same key (README of src/mock-bank).
   */
  idempotent: boolean
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType
  response: z.ZodType
  /** The answer is an HTML page (the demo shop), not JSON. */
  html?: true
}

const MerchantChargeParams = z.object({ merchantId: Id, id: Id })
const OperationParams = z.object({ key: IdempotencyKey })

export const BANK_API = {
  // --- Service info ---------------------------------------------------------------------------
  health: { method: 'GET', path: '/health', auth: 'none', idempotent: false, response: b.HealthResponse },
  tiers: { method: 'GET', path: '/tiers', auth: 'none', idempotent: false, response: b.TiersResponse },

  // --- SMS, registration, sign-in -------------------------------------------------------------
  sendSms: {
    method: 'POST',
    path: '/sms/send',
    auth: 'none',
    idempotent: true,
    body: b.SmsSendRequest,
    response: b.SmsSendResponse,
  },
  /** Checks the first wizard step without creating anything: no key needed, nothing journaled. */
  validateRegistration: {
    method: 'POST',
    path: '/register/validate',
    auth: 'none',
    idempotent: false,
    body: b.RegisterValidateRequest,
    response: Ok,
  },
  register: {
    method: 'POST',
    path: '/register',
    auth: 'none',
    idempotent: true,
    body: b.RegisterRequest,
    response: b.SessionResponse,
  },
  login: { method: 'POST', path: '/auth/login', auth: 'none', idempotent: true, body: b.LoginRequest, response: b.LoginResponse },
  challenge: {
    method: 'POST',
    path: '/auth/challenge',
    auth: 'none',
    idempotent: true,
    body: b.ChallengeRequest,
    response: b.LoginResponse,
  },
  /** 忘记登录密码: ends every session of the customer and lifts the sign-in lockout. */
  resetLoginPassword: {
    method: 'POST',
    path: '/auth/password/reset',
    auth: 'none',
    idempotent: true,
    body: b.ResetLoginPasswordRequest,
    response: Ok,
  },
  refreshSession: { method: 'POST', path: '/auth/refresh', auth: 'customer', idempotent: true, response: b.SessionResponse },
  logout: { method: 'POST', path: '/auth/logout', auth: 'customer', idempotent: true, response: Ok },

  // --- Profile, settings ----------------------------------------------------------------------
  me: { method: 'GET', path: '/me', auth: 'customer', idempotent: false, response: CustomerProfile },
  updateSettings: {
    method: 'POST',
    path: '/me/settings',
    auth: 'customer',
    idempotent: true,
    body: b.SettingsRequest,
    response: CustomerProfile,
  },
  changePassword: {
    method: 'POST',
    path: '/me/password',
    auth: 'customer',
    idempotent: true,
    body: b.ChangePasswordRequest,
    response: Ok,
  },

  // --- Cards ----------------------------------------------------------------------------------
  cards: { method: 'GET', path: '/cards', auth: 'customer', idempotent: false, response: b.CardsResponse },
  bindCard: {
    method: 'POST',
    path: '/cards/bind',
    auth: 'customer',
    idempotent: true,
    body: b.BindCardRequest,
    response: b.BindCardResponse,
  },
  unbindCard: {
    method: 'POST',
    path: '/cards/:id/unbind',
    auth: 'customer',
    idempotent: true,
    params: b.IdParams,
    response: b.UnbindCardResponse,
  },

  // --- Payment password -----------------------------------------------------------------------
  setPayPassword: {
    method: 'POST',
    path: '/paypw/set',
    auth: 'customer',
    idempotent: true,
    body: b.SetPayPasswordRequest,
    response: Ok,
  },
  changePayPassword: {
    method: 'POST',
    path: '/paypw/change',
    auth: 'customer',
    idempotent: true,
    body: b.ChangePayPasswordRequest,
    response: Ok,
  },
  /** 忘记支付密码: the only way to lift the 24 h payment-password lock early. */
  resetPayPassword: {
    method: 'POST',
    path: '/paypw/reset',
    auth: 'customer',
    idempotent: true,
    body: b.ResetPayPasswordRequest,
    response: Ok,
  },
  verifyPayPassword: {
    method: 'POST',
    path: '/paypw/verify',
    auth: 'customer',
    idempotent: true,
    body: b.VerifyPayPasswordRequest,
    response: Ok,
  },

  // --- Two-factor, messages, deregistration -----------------------------------------------------
  enrollTotp: { method: 'POST', path: '/2fa/totp/enroll', auth: 'customer', idempotent: true, response: b.TotpEnrollResponse },
  confirmTotp: {
    method: 'POST',
    path: '/2fa/totp/confirm',
    auth: 'customer',
    idempotent: true,
    body: b.TotpCodeRequest,
    response: b.TotpConfirmResponse,
  },
  disableTotp: {
    method: 'POST',
    path: '/2fa/totp/disable',
    auth: 'customer',
    idempotent: true,
    body: b.TotpDisableRequest,
    response: Ok,
  },
  messages: { method: 'GET', path: '/messages', auth: 'customer', idempotent: false, response: b.MessagesResponse },
  readMessage: {
    method: 'POST',
    path: '/messages/:id/read',
    auth: 'customer',
    idempotent: true,
    params: b.IdParams,
    response: Ok,
  },
  deleteMessage: {
    method: 'POST',
    path: '/messages/:id/delete',
    auth: 'customer',
    idempotent: true,
    params: b.IdParams,
    response: Ok,
  },
  // --- Devices signed in -------------------------------------------------------------------------
  devices: { method: 'GET', path: '/devices', auth: 'customer', idempotent: false, response: b.DevicesResponse },
  /** Forgets a device and ends its sessions at once; not the device asking (that one signs out). */
  removeDevice: {
    method: 'POST',
    path: '/devices/:id/remove',
    auth: 'customer',
    idempotent: true,
    params: b.DeviceParams,
    response: Ok,
  },
  /** What blocks deregistration (balance, holdings, money on its way) and whether a TOTP code is needed. */
  deregisterCheck: {
    method: 'GET',
    path: '/deregister/check',
    auth: 'customer',
    idempotent: false,
    response: b.DeregisterCheckResponse,
  },
  deregister: {
    method: 'POST',
    path: '/deregister',
    auth: 'customer',
    idempotent: true,
    body: b.DeregisterRequest,
    response: Ok,
  },

  // --- The changes feed, transactions, operations by key ----------------------------------------
  changes: {
    method: 'GET',
    path: '/changes',
    auth: 'customer',
    idempotent: false,
    query: b.ChangesQuery,
    response: b.ChangesResponse,
  },
  transaction: {
    method: 'GET',
    path: '/transactions/:id',
    auth: 'customer',
    idempotent: false,
    params: b.IdParams,
    response: b.TransactionResponse,
  },
  /** What became of one of the customer's operations, by the Idempotency-Key it was sent with. */
  operation: {
    method: 'GET',
    path: '/operations/:key',
    auth: 'customer',
    idempotent: false,
    params: OperationParams,
    response: b.OperationStatusResponse,
  },

  // --- Money movement -------------------------------------------------------------------------
  topup: { method: 'POST', path: '/topup', auth: 'customer', idempotent: true, body: b.TopupRequest, response: b.MoneyResponse },
  withdraw: {
    method: 'POST',
    path: '/withdraw',
    auth: 'customer',
    idempotent: true,
    body: b.WithdrawRequest,
    response: b.MoneyResponse,
  },
  lookupPayee: {
    method: 'GET',
    path: '/payees/lookup',
    auth: 'customer',
    idempotent: false,
    query: b.PayeeLookupQuery,
    response: b.PayeeLookupResponse,
  },
  transferToWallet: {
    method: 'POST',
    path: '/transfers/wallet',
    auth: 'customer',
    idempotent: true,
    body: b.WalletTransferRequest,
    response: b.MoneyResponse,
  },
  transferToCard: {
    method: 'POST',
    path: '/transfers/card',
    auth: 'customer',
    idempotent: true,
    body: b.CardTransferRequest,
    response: b.MoneyResponse,
  },

  // --- Merchants: scanned QR, online orders, pay code -------------------------------------------
  merchants: { method: 'GET', path: '/merchants', auth: 'none', idempotent: false, response: b.MerchantsResponse },
  merchant: {
    method: 'GET',
    path: '/merchants/:id',
    auth: 'none',
    idempotent: false,
    params: b.IdParams,
    response: b.MerchantResponse,
  },
  payMerchant: {
    method: 'POST',
    path: '/payments/merchant',
    auth: 'customer',
    idempotent: true,
    body: b.MerchantPaymentRequest,
    response: b.MoneyResponse,
  },
  /** An order as the bank knows it, checked against the signed link the app was given. */
  order: {
    method: 'GET',
    path: '/orders/:id',
    auth: 'customer',
    idempotent: false,
    params: b.IdParams,
    query: b.OrderLinkQuery,
    response: b.OrderResponse,
  },
  payOrder: {
    method: 'POST',
    path: '/orders/:id/pay',
    auth: 'customer',
    idempotent: true,
    params: b.IdParams,
    body: b.PayOrderRequest,
    response: b.PayOrderResponse,
  },
  activatePayCode: {
    method: 'POST',
    path: '/paycode/activate',
    auth: 'customer',
    idempotent: true,
    response: b.PayCodeActivateResponse,
  },
  pendingCharges: {
    method: 'GET',
    path: '/paycode/pending',
    auth: 'customer',
    idempotent: false,
    response: b.PendingChargesResponse,
  },
  confirmCharge: {
    method: 'POST',
    path: '/paycode/pending/:id/confirm',
    auth: 'customer',
    idempotent: true,
    params: b.IdParams,
    body: b.ConfirmChargeRequest,
    response: b.ConfirmChargeResponse,
  },
  declineCharge: {
    method: 'POST',
    path: '/paycode/pending/:id/decline',
    auth: 'customer',
    idempotent: true,
    params: b.IdParams,
    response: b.PosChargeResponse,
  },

  // --- Bills ----------------------------------------------------------------------------------
  billers: {
    method: 'GET',
    path: '/bills/billers',
    auth: 'none',
    idempotent: false,
    query: b.BillersQuery,
    response: b.BillersResponse,
  },
  bill: {
    method: 'GET',
    path: '/bills/query',
    auth: 'customer',
    idempotent: false,
    query: b.BillQuery,
    response: b.BillResponse,
  },
  payBill: {
    method: 'POST',
    path: '/bills/pay',
    auth: 'customer',
    idempotent: true,
    body: b.BillPayRequest,
    response: b.BillPayResponse,
  },

  // --- Coupons, wealth ------------------------------------------------------------------------
  campaigns: { method: 'GET', path: '/coupons/campaigns', auth: 'customer', idempotent: false, response: b.CampaignsResponse },
  coupons: { method: 'GET', path: '/coupons', auth: 'customer', idempotent: false, response: b.CouponsResponse },
  claimCoupon: {
    method: 'POST',
    path: '/coupons/claim',
    auth: 'customer',
    idempotent: true,
    body: b.ClaimCouponRequest,
    response: b.ClaimCouponResponse,
  },
  wealthProducts: {
    method: 'GET',
    path: '/wealth/products',
    auth: 'none',
    idempotent: false,
    response: b.WealthProductsResponse,
  },
  holdings: { method: 'GET', path: '/wealth/holdings', auth: 'customer', idempotent: false, response: b.HoldingsResponse },
  /** 风险测评: the questions and the customer's current result. */
  riskQuestionnaire: {
    method: 'GET',
    path: '/wealth/risk-assessment',
    auth: 'customer',
    idempotent: false,
    response: b.RiskQuestionnaireResponse,
  },
  /** Answers the questionnaire (again): the bank scores it into C1–C5, valid a year. */
  submitRiskAssessment: {
    method: 'POST',
    path: '/wealth/risk-assessment',
    auth: 'customer',
    idempotent: true,
    body: b.RiskAssessRequest,
    response: b.RiskAssessResponse,
  },
  buyWealth: {
    method: 'POST',
    path: '/wealth/buy',
    auth: 'customer',
    idempotent: true,
    body: b.WealthBuyRequest,
    response: b.MoneyResponse,
  },
  redeemWealth: {
    method: 'POST',
    path: '/wealth/redeem',
    auth: 'customer',
    idempotent: true,
    body: b.WealthRedeemRequest,
    response: b.MoneyResponse,
  },

  // --- The merchant side, for tests and demos: a till that charges pay codes, a small web shop ---
  posCharge: {
    method: 'POST',
    path: '/pos/charge',
    auth: 'merchant',
    idempotent: true,
    body: b.PosChargeRequest,
    response: b.PosChargeResponse,
  },
  posChargeStatus: {
    method: 'GET',
    path: '/pos/charges/:merchantId/:id',
    auth: 'merchant',
    idempotent: false,
    params: MerchantChargeParams,
    response: b.PosChargeResponse,
  },
  createShopOrder: {
    method: 'POST',
    path: '/shop/orders',
    auth: 'none',
    idempotent: true,
    body: b.ShopOrderRequest,
    response: b.ShopOrderResponse,
  },
  shopOrder: {
    method: 'GET',
    path: '/shop/orders/:id',
    auth: 'none',
    idempotent: false,
    params: b.IdParams,
    response: b.OrderResponse,
  },
  shopPage: { method: 'GET', path: '/shop', auth: 'none', idempotent: false, response: z.string(), html: true },
} as const satisfies Record<string, EndpointSpec>

export type BankApi = typeof BANK_API
export type EndpointName = keyof BankApi & string
export const ENDPOINT_NAMES = Object.keys(BANK_API) as EndpointName[]

type Part<E, K extends 'params' | 'query' | 'body'> = E extends { [P in K]: infer S extends z.ZodType } ? S : undefined
type Out<S> = S extends z.ZodType ? z.output<S> : undefined
type In<S> = S extends z.ZodType ? z.input<S> : undefined

/** What the bank's rule receives, validated. */
export type ParamsOf<E> = Out<Part<E, 'params'>>
export type QueryOf<E> = Out<Part<E, 'query'>>
export type BodyOf<E> = Out<Part<E, 'body'>>
/** What a caller passes, before validation (defaults and coercions not yet applied). */
export type ParamsIn<E> = In<Part<E, 'params'>>
export type QueryIn<E> = In<Part<E, 'query'>>
export type BodyIn<E> = In<Part<E, 'body'>>
/** The answer as a caller reads it. */
export type ResponseOf<E extends EndpointSpec> = z.output<E['response']>
/** The answer as the bank writes it. */
export type ResponseIn<E extends EndpointSpec> = z.input<E['response']>

/**
 * A lone surrogate: encodeURIComponent throws a URIError on one. The contract refuses them in every
 * input (src/shared/contract/text.ts); this keeps a path from throwing whatever a caller passes.
 */
const LONE_SURROGATES = /\p{Cs}/gu

/** Segments a URL resolves away ('/cards/../unbind' is '/unbind'); %2E is read as a dot too, so no escape helps. */
const NOT_A_SEGMENT = new Set(['', '.', '..'])

/**
 * The path of one request: every `:name` replaced by the parameter of that name, URI-encoded, always
 * exactly one segment of the endpoint's own path. A lone surrogate becomes U+FFFD (what
 * String.prototype.toWellFormed does), an id no bank hands out, so the bank answers NOT_FOUND instead of
 * the call failing with a URIError. An empty, '.' or '..' id would reach another path: it is refused
 * (INVALID_INPUT), before anything is sent or any idempotency key is chosen.
 */
export function pathOf(endpoint: EndpointSpec, params?: object): string {
  return endpoint.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value: unknown = params === undefined ? undefined : Object.getOwnPropertyDescriptor(params, name)?.value
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new TypeError(`${endpoint.method} ${endpoint.path} needs the path parameter ${name}`)
    const segment = String(value)
    if (NOT_A_SEGMENT.has(segment)) throw new AppError('INVALID_INPUT', `not an id: '${segment}'`, { field: name, reason: 'FORMAT' })
    return encodeURIComponent(segment.replace(LONE_SURROGATES, '\ufffd'))
  })
}
