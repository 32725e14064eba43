/**
 * Realistic, deterministic backup payloads for tests, the bench (scripts/bench-backup.ts) and the
 * vector generator (scripts/generate-backup-vectors.ts): same seed, same rows.
 */
import type { BackupPayload, BackupPayloadV1, BackupPayloadV2 } from '../../../src/shared/backup-payload'
import { DEFAULT_SETTINGS } from '../../../src/shared/contract/app'
import { maskCard, maskPhone } from '../../../src/shared/validators'
import type { ReplicaTransaction, TxStatus, TxType } from '../../../src/shared/contract/sync'

/** mulberry32: small, fast, good enough to make rows look varied. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const MERCHANTS = [
  ['美团外卖', '餐饮'],
  ['瑞幸咖啡', '餐饮'],
  ['滴滴出行', '交通'],
  ['北京地铁', '交通'],
  ['中国石化加油站', '交通'],
  ['盒马鲜生', '购物'],
  ['京东商城', '购物'],
  ['永辉超市', '购物'],
  ['中国电影院线', '娱乐'],
  ['国家大剧院', '娱乐'],
] as const
const PEOPLE = ['张*', '李*', '王**', '刘*', '陈*', '欧***', '赵*', '孙*']
const BILLERS = ['国网北京市电力公司', '北京自来水集团', '北京燃气集团', '上海市电力公司']
const MEMOS = ['', '', '', '午饭 AA', '房租', '生日快乐', '还你上次的', '水电费分摊']
const CHANNELS = ['wallet', 'pos', 'online', 'card', 'qr']

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!
}

function digits(rand: () => number, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 10)
  return s
}

export function sampleTransactions(count: number, seed = 1, start = Date.UTC(2022, 0, 1)): ReplicaTransaction[] {
  const rand = prng(seed)
  const rows: ReplicaTransaction[] = []
  let balance = 2_000_000
  let at = start
  let seq = 0
  for (let i = 0; i < count; i++) {
    at += 60_000 + Math.floor(rand() * 3 * 3600_000)
    seq += 1 + Math.floor(rand() * 3)
    const r = rand()
    let type: TxType
    let title: string
    let counterparty: string
    let account: string
    let category: string
    if (r < 0.55) {
      const [name, cat] = pick(rand, MERCHANTS)
      ;[type, title, counterparty, account, category] = ['payment', name, name, '', cat]
    } else if (r < 0.7) {
      const who = pick(rand, PEOPLE)
      type = rand() < 0.5 ? 'transfer_in' : 'transfer_out'
      ;[title, counterparty, account, category] = [
        type === 'transfer_in' ? `${who}转入` : `转账给${who}`,
        who,
        `1${digits(rand, 2)}****${digits(rand, 4)}`,
        '转账',
      ]
    } else if (r < 0.8) {
      const biller = pick(rand, BILLERS)
      ;[type, title, counterparty, account, category] = [
        'bill',
        `生活缴费-${biller}`,
        biller,
        `户号 ${digits(rand, 4)}****`,
        '生活缴费',
      ]
    } else if (r < 0.9) {
      type = rand() < 0.7 ? 'topup' : 'withdraw'
      ;[title, counterparty, account, category] = [
        type === 'topup' ? '余额充值' : '提现到银行卡',
        '工商银行',
        `6222 **** **** ${digits(rand, 4)}`,
        '充值提现',
      ]
    } else if (r < 0.95) {
      ;[type, title, counterparty, account, category] = [
        'card_transfer',
        '转账到银行卡',
        pick(rand, PEOPLE),
        `6217 **** **** ${digits(rand, 4)}`,
        '转账',
      ]
    } else {
      type = rand() < 0.5 ? 'wealth_buy' : 'wealth_redeem'
      ;[title, counterparty, account, category] = [
        type === 'wealth_buy' ? '购买 工银添利宝' : '赎回 工银添利宝',
        '工银理财',
        '',
        '理财',
      ]
    }
    const direction = type === 'transfer_in' || type === 'topup' || type === 'wealth_redeem' ? 'in' : 'out'
    const amountFen = 100 + Math.floor(rand() * rand() * 200_000)
    const s = rand()
    const status: TxStatus = s < 0.95 ? 'succeeded' : s < 0.97 ? 'failed' : s < 0.99 ? 'reversed' : 'pending'
    if (status === 'succeeded') balance += direction === 'in' ? amountFen : -amountFen
    if (balance < 0) balance += 5_000_000
    rows.push({
      id: `T${(at / 1000).toString(36)}${i.toString(36).padStart(4, '0')}`,
      seq,
      occurredAt: at,
      type,
      direction,
      amountFen,
      status,
      discountFen: type === 'payment' && rand() < 0.1 ? 100 * (1 + Math.floor(rand() * 10)) : 0,
      title,
      counterparty,
      counterpartyAccount: account,
      memo: type.startsWith('transfer') ? pick(rand, MEMOS) : '',
      category,
      channel: pick(rand, CHANNELS),
      reference: `${new Date(at).toISOString().slice(0, 10).replace(/-/g, '')}${digits(rand, 14)}`,
      balanceAfterFen: status === 'succeeded' ? balance : null,
    })
  }
  return rows
}

export function samplePayload(transactionCount: number, seed = 1): BackupPayload {
  const transactions = sampleTransactions(transactionCount, seed)
  const last = transactions.at(-1)
  const balances = transactions
    .filter((_, i) => i % 50 === 49 || i === transactions.length - 1)
    .map((t) => ({ seq: t.seq, at: t.occurredAt, balanceFen: t.balanceAfterFen ?? 0 }))
  const lastSeq = Math.max(0, last?.seq ?? 0, ...balances.slice(-1).map((b) => b.seq))
  return {
    version: 3,
    appVersion: '0.1.0',
    createdAt: (last?.occurredAt ?? Date.UTC(2025, 0, 1)) + 3600_000,
    profile: {
      walletNo: '0021000012345678',
      nameMasked: '张*',
      phoneMasked: '138****8000',
      tier: 2,
      tierName: '二类钱包',
      caps: { perTxFen: 500_000, dailyFen: 1_000_000, yearlyFen: 20_000_000, balanceFen: 5_000_000 },
      payPasswordSet: true,
    },
    payees: [
      {
        id: 'P1',
        kind: 'wallet',
        number: '13912341234',
        name: '李*',
        holder: null,
        bankName: null,
        transfers: 3,
        createdAt: Date.UTC(2024, 5, 1),
        lastUsedAt: Date.UTC(2024, 11, 30),
      },
      {
        id: 'P2',
        kind: 'card',
        number: '6222020200112239876',
        name: '王**',
        holder: '王小明',
        bankName: '工商银行',
        transfers: 1,
        createdAt: Date.UTC(2024, 10, 2),
        lastUsedAt: Date.UTC(2024, 10, 2),
      },
    ],
    households: [
      {
        id: 'H1',
        utility: 'electricity',
        cityCode: '110100',
        city: '北京',
        billerId: 'BJ-ELEC',
        billerName: '国网北京市电力公司',
        household: '0102345678',
        alias: '家里',
        createdAt: Date.UTC(2024, 2, 3),
        lastPaidAt: Date.UTC(2024, 11, 5),
      },
      {
        id: 'H2',
        utility: 'water',
        cityCode: '110100',
        city: '北京',
        billerId: 'BJ-WATER',
        billerName: '北京自来水集团',
        household: '88001234',
        alias: '',
        createdAt: Date.UTC(2024, 2, 3),
        lastPaidAt: null,
      },
    ],
    cardLabels: [{ cardId: 'C1', label: '工资卡' }],
    settings: { ...DEFAULT_SETTINGS },
    transactions,
    balances,
    sync: { cursor: `c1.${lastSeq}`, lastSeq, lastSyncedAt: (last?.occurredAt ?? 0) + 1000 },
  }
}

/** The bank's card list a version-2 writer carried; version 3 leaves the list to the bank. */
const V2_CARDS: BackupPayloadV2['cards'] = [
  { id: 'C1', bankName: '中国工商银行', masked: '6222 **** **** 3445', kind: 'debit' },
  { id: 'C2', bankName: '中国工商银行', masked: '6217 **** **** 0021', kind: 'credit' },
]

/**
 * The same content as a version-2 payload carried it, keys in the order a v2 writer wrote them (the
 * committed v2 vectors are made from this): payees with only a masked account, households without
 * city code or dates, the bank's cards, no labels.
 */
export function toV2Payload(payload: BackupPayload): BackupPayloadV2 {
  return {
    version: 2,
    appVersion: payload.appVersion,
    createdAt: payload.createdAt,
    profile: payload.profile,
    cards: V2_CARDS,
    transactions: payload.transactions,
    balances: payload.balances,
    payees: payload.payees.map((p) => ({
      id: p.id,
      kind: p.kind,
      name: p.name,
      account: p.kind === 'wallet' ? maskPhone(p.number) : maskCard(p.number),
      lastUsedAt: p.lastUsedAt,
    })),
    households: payload.households.map(({ cityCode: _c, createdAt: _t, lastPaidAt: _p, ...h }) => h),
    settings: payload.settings,
    sync: payload.sync,
  }
}

/** The same content as a version-1 payload would have carried it (what migrateV1ToV2 reads). */
export function toV1Payload(payload: BackupPayloadV2): BackupPayloadV1 {
  return {
    version: 1,
    appVersion: payload.appVersion,
    createdAt: payload.createdAt,
    profile: payload.profile,
    cards: payload.cards.map(({ id, bankName, masked }) => ({ id, bankName, masked })),
    transactions: payload.transactions,
    balances: payload.balances,
    payees: payload.payees.map(({ id, kind, name, account }) => ({ id, kind, name, account })),
    households: payload.households.map(({ billerId, billerName, ...h }) => ({
      ...h,
      biller: { id: billerId, name: billerName },
    })),
    settings: payload.settings,
    cursor: payload.sync.cursor,
  }
}

/** JSON with object keys sorted at every level: a serialization that does not depend on key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )
}
