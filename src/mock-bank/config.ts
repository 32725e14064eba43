import { DEFAULT_SMALL_AMOUNT_LIMIT_FEN, DEFAULT_TIER_CAPS, type TierCapsConfig } from '../shared/bank-api'

/** Every rule the bank enforces that a test or a demo might want to change. */
export interface BankConfig {
  tiers: TierCapsConfig
  sms: {
    ttlMs: number
    resendAfterMs: number
    /** Wrong tries per code before it is dead. */
    maxAttempts: number
    maxSendsPerDay: number
  }
  session: { ttlMs: number; challengeTtlMs: number }
  login: { maxFailures: number; lockMs: number; scryptCost: number }
  payPassword: { maxFailures: number; lockMs: number; scryptCost: number }
  /** Wrong authenticator codes in a row, per customer, before TOTP is locked for lockMs (ops/auth.ts checkTotp). */
  totp: { maxFailures: number; lockMs: number }
  /** How long a repeated request is answered from the store instead of being done again (the replay window). */
  idempotencyTtlMs: number
  idempotency: {
    /**
     * How long the outcome of an operation stays available by key (GET /operations/:key), so a client
     * whose answer was lost can find out what happened long after the replay window. At least the replay window.
     */
    outcomeRetentionMs: number
  }
  cards: { defaultBalanceFen: number; maxPerCustomer: number }
  payCode: {
    periodMs: number
    window: number
    /** The limit a new customer's 小额免密 starts with (off until the customer turns it on). */
    smallAmountDefaultFen: number
    /** The highest limit a customer may choose. */
    smallAmountMaxFen: number
    confirmTtlMs: number
  }
  orders: { ttlMs: number }
  wealth: {
    /** 风险测评 per customer per bank day (UTC+8): retaking until a riskier level comes out is not suitability. */
    assessmentsPerDay: number
  }
  coupons: {
    validDays: number
    /** Coupons per round by campaign id, instead of the catalog's stock (CampaignDef.stock). */
    stock: Record<string, number>
  }
}

export const DEFAULT_CONFIG: BankConfig = {
  tiers: DEFAULT_TIER_CAPS,
  sms: { ttlMs: 5 * 60_000, resendAfterMs: 60_000, maxAttempts: 5, maxSendsPerDay: 10 },
  session: { ttlMs: 2 * 3600_000, challengeTtlMs: 10 * 60_000 },
  login: { maxFailures: 5, lockMs: 30 * 60_000, scryptCost: 16384 },
  // 6 digits have a million values, so the lock, not the hash cost, is what protects them; a lower
  // cost keeps payments fast.
  payPassword: { maxFailures: 5, lockMs: 24 * 3600_000, scryptCost: 1024 },
  // Five guesses in a row at a million codes (three of them valid at any time) is a chance of about 1 in
  // 67,000 per lock; the lock is per customer, so new sign-in attempts do not reset it.
  totp: { maxFailures: 5, lockMs: 15 * 60_000 },
  idempotencyTtlMs: 24 * 3600_000,
  idempotency: { outcomeRetentionMs: 30 * 24 * 3600_000 },
  cards: { defaultBalanceFen: 10_000_000, maxPerCustomer: 5 },
  payCode: {
    periodMs: 60_000,
    window: 1,
    smallAmountDefaultFen: 20_000,
    smallAmountMaxFen: DEFAULT_SMALL_AMOUNT_LIMIT_FEN,
    confirmTtlMs: 2 * 60_000,
  },
  orders: { ttlMs: 30 * 60_000 },
  wealth: { assessmentsPerDay: 3 },
  coupons: { validDays: 30, stock: {} },
}

export type BankConfigOverrides = {
  [K in keyof BankConfig]?: BankConfig[K] extends object ? Partial<BankConfig[K]> : BankConfig[K]
}

export function resolveConfig(overrides: BankConfigOverrides = {}): BankConfig {
  const d = DEFAULT_CONFIG
  const o = overrides
  return {
    tiers: { ...d.tiers, ...o.tiers },
    sms: { ...d.sms, ...o.sms },
    session: { ...d.session, ...o.session },
    login: { ...d.login, ...o.login },
    payPassword: { ...d.payPassword, ...o.payPassword },
    totp: { ...d.totp, ...o.totp },
    idempotencyTtlMs: o.idempotencyTtlMs ?? d.idempotencyTtlMs,
    idempotency: { ...d.idempotency, ...o.idempotency },
    cards: { ...d.cards, ...o.cards },
    payCode: { ...d.payCode, ...o.payCode },
    orders: { ...d.orders, ...o.orders },
    wealth: { ...d.wealth, ...o.wealth },
    coupons: { ...d.coupons, ...o.coupons },
  }
}
