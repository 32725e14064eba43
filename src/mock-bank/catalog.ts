import type { Biller, BillType, TxCategory, WealthProduct } from '../shared/bank-api'

/**
 * The bank's fixed world: special card numbers, merchants, billers, coupon campaigns, wealth products
 * and message templates. Deterministic so that anyone can try the app and tests can name things.
 */

// Luhn-valid UnionPay numbers (ICBC BIN 622202) that simulate card problems when bound.
export const CARD_FROZEN = '6222020000000000018'
export const CARD_NOT_OWNED = '6222020000000000026'
export const CARD_EXPIRED = '6222020000000000034'
/** Binds normally but holds only ¥10.00, for "the card cannot cover the top-up". */
export const CARD_LOW_BALANCE = '6222020000000000042'
export const LOW_BALANCE_FEN = 1000

export const SPECIAL_CARDS = {
  frozen: CARD_FROZEN,
  notOwned: CARD_NOT_OWNED,
  expired: CARD_EXPIRED,
  lowBalance: CARD_LOW_BALANCE,
} as const

export interface MerchantDef {
  merchantId: string
  name: string
  category: TxCategory
  city: string
}

export const MERCHANTS: readonly MerchantDef[] = [
  { merchantId: 'M0001', name: '瑞幸咖啡(国贸店)', category: 'dining', city: '北京' },
  { merchantId: 'M0002', name: '全家便利店', category: 'groceries', city: '上海' },
  { merchantId: 'M0003', name: '北京地铁', category: 'transport', city: '北京' },
  { merchantId: 'M0004', name: '工银融e购(演示商城)', category: 'shopping', city: '北京' },
  { merchantId: 'M0005', name: '华联超市', category: 'groceries', city: '北京' },
  { merchantId: 'M0006', name: '万达影城', category: 'entertainment', city: '广州' },
  { merchantId: 'M0007', name: '同仁堂药店', category: 'health', city: '北京' },
  { merchantId: 'M0008', name: '海底捞火锅', category: 'dining', city: '深圳' },
]
export const SHOP_MERCHANT_ID = 'M0004'
/** The key a demo merchant's till sends in X-Merchant-Key with POST /pos/charge. */
export const DEMO_MERCHANT_KEY = 'demo-merchant-key'

export function merchantById(id: string): MerchantDef | undefined {
  return MERCHANTS.find((m) => m.merchantId === id)
}

export function merchantQr(m: MerchantDef): string {
  return `icbc-wallet://merchant?id=${m.merchantId}&name=${encodeURIComponent(m.name)}`
}

export const SHOP_ITEMS = [
  { sku: 'TEA', name: '西湖龙井 250g', priceFen: 16800 },
  { sku: 'MUG', name: '工行纪念马克杯', priceFen: 3990 },
  { sku: 'BOOK', name: '《金融科技导论》', priceFen: 5900 },
  { sku: 'CASE', name: 'U盾保护套', priceFen: 990 },
] as const

export const CITIES = [
  { cityCode: '110100', name: '北京市', short: 'BJ' },
  { cityCode: '310100', name: '上海市', short: 'SH' },
  { cityCode: '440100', name: '广州市', short: 'GZ' },
  { cityCode: '440300', name: '深圳市', short: 'SZ' },
  { cityCode: '330100', name: '杭州市', short: 'HZ' },
] as const

const BILLER_NAMES: Record<string, Record<BillType, string>> = {
  BJ: { water: '北京市自来水集团', electricity: '国网北京市电力公司', gas: '北京市燃气集团' },
  SH: { water: '上海城投水务', electricity: '国网上海市电力公司', gas: '上海燃气' },
  GZ: { water: '广州市自来水公司', electricity: '广州供电局', gas: '广州燃气集团' },
  SZ: { water: '深圳市水务集团', electricity: '深圳供电局', gas: '深圳燃气' },
  HZ: { water: '杭州水务集团', electricity: '国网杭州供电公司', gas: '杭州市燃气集团' },
}

const TYPE_CODES: Record<BillType, string> = { water: 'WATER', electricity: 'POWER', gas: 'GAS' }

export const BILLERS: readonly Biller[] = CITIES.flatMap((city) =>
  (['water', 'electricity', 'gas'] as const).map((type) => ({
    billerId: `${city.short}-${TYPE_CODES[type]}`,
    name: BILLER_NAMES[city.short]![type],
    type,
    cityCode: city.cityCode,
    householdPattern: '^\\d{10}$',
  })),
)

export function billerById(id: string): Biller | undefined {
  return BILLERS.find((b) => b.billerId === id)
}

/**
 * Household numbers (10 digits): one starting with 9 does not exist; one ending in 0000 owes nothing;
 * any other owes a deterministic amount for the current month.
 */
export const HOUSEHOLD_WITH_BILL = '1000000001'
export const HOUSEHOLD_PAID_UP = '1000000000'
export const HOUSEHOLD_UNKNOWN = '9000000000'

/**
 * A coupon campaign. Its rule (minimum spend, discount, where it applies: 'bill' 生活缴费, 'merchant' 线下门店
 * by QR code or pay code, 'online' 网上购物; a transfer never takes a coupon) and its calendar: rounds that
 * start `startOffsetDays` after the bank's first day and then every `durationDays + gapDays` days, each
 * running `durationDays` with a fresh `stock`. Dates are never written here, so the demo moves with the
 * bank's clock (ops/coupons.ts roundAt).
 */
export interface CampaignDef {
  campaignId: string
  title: string
  description: string
  minSpendFen: number
  discountFen: number
  scope: 'merchant' | 'bill' | 'online'
  merchantId: string | null
  startOffsetDays: number
  durationDays: number
  gapDays: number
  /** Coupons per round (BankConfig.coupons.stock may set another, for tests and demos). */
  stock: number
  /** Only customers registered within this many days (bank clock) may claim it; null: everyone. */
  newCustomersWithinDays: number | null
  /** How long a claimed coupon is valid; BankConfig.coupons.validDays when absent. */
  validDays?: number
  /** Announced to each new customer at registration (the welcome campaign), not to everyone at its start. */
  welcome?: true
}

export const WELCOME_CAMPAIGN_ID = 'CP-WELCOME'

export const CAMPAIGNS: readonly CampaignDef[] = [
  {
    campaignId: WELCOME_CAMPAIGN_ID,
    title: '新客专享·缴费满30减10',
    description: '注册 7 天内的新客户专享：缴纳水费、电费、燃气费满 ¥30.00 立减 ¥10.00，领取后 7 天内有效',
    minSpendFen: 3000,
    discountFen: 1000,
    scope: 'bill',
    merchantId: null,
    startOffsetDays: 0,
    durationDays: 3650,
    gapDays: 0,
    stock: 100_000,
    newCustomersWithinDays: 7,
    validDays: 7,
    welcome: true,
  },
  {
    campaignId: 'CP-MERCHANT-10',
    title: '商户消费满30减10',
    description: '在线下商户扫码支付满 ¥30.00 立减 ¥10.00（付款码支付暂不适用）',
    minSpendFen: 3000,
    discountFen: 1000,
    scope: 'merchant',
    merchantId: null,
    startOffsetDays: 0,
    durationDays: 30,
    gapDays: 0,
    stock: 5000,
    newCustomersWithinDays: null,
  },
  {
    campaignId: 'CP-BILL-5',
    title: '生活缴费满50减5',
    description: '缴纳水费、电费、燃气费满 ¥50.00 立减 ¥5.00',
    minSpendFen: 5000,
    discountFen: 500,
    scope: 'bill',
    merchantId: null,
    startOffsetDays: 0,
    durationDays: 30,
    gapDays: 0,
    stock: 5000,
    newCustomersWithinDays: null,
  },
  {
    campaignId: 'CP-SHOP-20',
    title: '融e购满200减20',
    description: '在工银融e购下单满 ¥200.00 立减 ¥20.00',
    minSpendFen: 20000,
    discountFen: 2000,
    scope: 'online',
    merchantId: SHOP_MERCHANT_ID,
    startOffsetDays: 0,
    durationDays: 30,
    gapDays: 0,
    stock: 1000,
    newCustomersWithinDays: null,
  },
  {
    campaignId: 'CP-CINEMA-20',
    title: '万达影城满100减20',
    description: '在万达影城扫码支付满 ¥100.00 立减 ¥20.00，限量发放，先到先得',
    minSpendFen: 10000,
    discountFen: 2000,
    scope: 'merchant',
    merchantId: 'M0006',
    startOffsetDays: 3,
    durationDays: 7,
    gapDays: 7,
    stock: 200,
    newCustomersWithinDays: null,
  },
]

export function campaignById(id: string): CampaignDef | undefined {
  return CAMPAIGNS.find((c) => c.campaignId === id)
}

/** A product as the bank defines it; its 七日年化 is computed from its rate (ops/wealth.ts sevenDayYieldBp). */
export type ProductDef = Omit<WealthProduct, 'sevenDayYieldBp'>

const DEMO_NOTE = '本产品为演示产品，收益率为模拟值，不构成任何投资建议。'

export const PRODUCTS: readonly ProductDef[] = [
  {
    productId: 'WP-CASH',
    name: '工银现金快线',
    category: '现金管理类',
    annualRateBp: 180,
    risk: 'R1',
    minAmountFen: 100,
    settlementDays: 0,
    description: '货币基金类产品，随时赎回，实时到账（演示产品，收益率为模拟值）',
    riskNotice: `理财非存款，产品有风险，投资须谨慎。本产品风险等级为 R1（谨慎型），适合风险承受能力为 C1 及以上的客户。过往收益不代表未来表现，七日年化收益率不代表实际收益。${DEMO_NOTE}`,
    terms: [
      '起购金额 1.00 元，以 0.01 元递增。',
      '每日计算收益并计入持有份额（按日复利），节假日照常计算。',
      '赎回实时到账（T+0），赎回金额先从已得收益中扣减。',
      '本产品不收取申购费、赎回费。',
      DEMO_NOTE,
    ],
  },
  {
    productId: 'WP-STEADY',
    name: '工银理财·稳享90天',
    category: '固定收益类',
    annualRateBp: 280,
    risk: 'R2',
    minAmountFen: 100_000,
    settlementDays: 1,
    description: '固定收益类产品，赎回 T+1 到账（演示产品，收益率为模拟值）',
    riskNotice: `理财非存款，产品有风险，投资须谨慎。本产品风险等级为 R2（稳健型），适合风险承受能力为 C2 及以上的客户，主要投资于债券等固定收益类资产，净值可能波动。${DEMO_NOTE}`,
    terms: [
      '起购金额 1,000.00 元。',
      '每日计算收益并计入持有份额（按日复利）。',
      '赎回于下一个工作日到账（T+1，周六、周日顺延），在途资金不计收益。',
      '本产品不收取申购费、赎回费。',
      DEMO_NOTE,
    ],
  },
  {
    productId: 'WP-BOND',
    name: '工银添利债券',
    category: '固定收益类',
    annualRateBp: 320,
    risk: 'R2',
    minAmountFen: 10_000,
    settlementDays: 1,
    description: '债券类产品，赎回 T+1 到账（演示产品，收益率为模拟值）',
    riskNotice: `理财非存款，产品有风险，投资须谨慎。本产品风险等级为 R2（稳健型），适合风险承受能力为 C2 及以上的客户，受利率变化影响，收益可能波动。${DEMO_NOTE}`,
    terms: [
      '起购金额 100.00 元。',
      '每日计算收益并计入持有份额（按日复利）。',
      '赎回于下一个工作日到账（T+1，周六、周日顺延），在途资金不计收益。',
      '本产品不收取申购费、赎回费。',
      DEMO_NOTE,
    ],
  },
  {
    productId: 'WP-MIXED',
    name: '工银稳健混合',
    category: '混合类',
    annualRateBp: 450,
    risk: 'R3',
    minAmountFen: 100_000,
    settlementDays: 1,
    description: '股债混合类产品，赎回 T+1 到账（演示产品，收益率为模拟值）',
    riskNotice: `理财非存款，产品有风险，投资须谨慎。本产品风险等级为 R3（平衡型），适合风险承受能力为 C3 及以上的客户。本产品可投资于股票，净值可能出现较大波动，可能损失部分本金。${DEMO_NOTE}`,
    terms: [
      '起购金额 1,000.00 元。',
      '每日计算收益并计入持有份额（按日复利）；演示中按固定年化收益率计算，实际产品收益不固定。',
      '赎回于下一个工作日到账（T+1，周六、周日顺延），在途资金不计收益。',
      '购买前须完成风险测评，且风险承受能力为 C3 及以上。',
      DEMO_NOTE,
    ],
  },
  {
    productId: 'WP-EQUITY',
    name: '工银沪深300指数增强',
    category: '权益类',
    annualRateBp: 600,
    risk: 'R4',
    minAmountFen: 1_000,
    settlementDays: 1,
    description: '指数增强型权益类产品，赎回 T+1 到账（演示产品，收益率为模拟值）',
    riskNotice: `理财非存款，产品有风险，投资须谨慎。本产品风险等级为 R4（进取型），适合风险承受能力为 C4 及以上的客户。本产品主要投资于股票，净值波动大，可能损失较多本金。${DEMO_NOTE}`,
    terms: [
      '起购金额 10.00 元。',
      '每日计算收益并计入持有份额；演示中按固定年化收益率计算，实际产品收益可能为负。',
      '赎回于下一个工作日到账（T+1，周六、周日顺延），在途资金不计收益。',
      '购买前须完成风险测评，且风险承受能力为 C4 及以上。',
      DEMO_NOTE,
    ],
  },
]

export function productById(id: string): ProductDef | undefined {
  return PRODUCTS.find((p) => p.productId === id)
}

export interface MessageTemplate {
  sender: string
  title: string
  body: string
  category: 'notice' | 'promotion' | 'security'
}

/**
 * Every new customer's inbox. The third and fourth are phishing-style (look-alike domains), there for
 * the app's link guard; the official site is www.icbc.com.cn.
 */
export const WELCOME_MESSAGES: readonly MessageTemplate[] = [
  {
    sender: '工银数字钱包',
    title: '欢迎使用工行数字钱包',
    body: '您的数字钱包已开通。为了您的资金安全，请勿向任何人透露验证码和支付密码。客服热线 95588。',
    category: 'notice',
  },
  {
    sender: '工银数字钱包',
    title: '缴费立减活动',
    body: '即日起使用数字钱包缴纳水费、电费、燃气费，满50元立减5元，详情见 https://www.icbc.com.cn/ 。',
    category: 'promotion',
  },
  {
    sender: '106900095588',
    title: '【工商银行】账户异常提醒',
    body: '尊敬的客户，您的数字钱包因安全升级即将冻结，请于24小时内登录 http://icbc-wallet-verify.top/login 完成身份认证，逾期将影响使用。',
    category: 'security',
  },
  {
    sender: '95588',
    title: '积分兑换提醒',
    body: '您有 8,888 积分将于今日过期，点击 https://icbc.com.cn.points-gift.xyz/redeem 立即兑换现金红包。',
    category: 'promotion',
  },
  {
    sender: '工银数字钱包',
    title: '安全提示',
    body: '工商银行不会通过短信链接要求您输入密码或验证码。请只通过官方渠道 https://www.icbc.com.cn 访问。',
    category: 'security',
  },
]
