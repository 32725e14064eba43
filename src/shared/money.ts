/**
 * Money is integer fen everywhere (docs/architecture.md). Yuan appear only at the edges: parsing what a person
 * typed and displaying an amount. Nothing here ever multiplies or divides a float: parsing works on
 * the digits of the string, formatting hands Intl an exact decimal string.
 */

/** Largest amount the app accepts anywhere: ¥999,999,999,999.99, far below Number.MAX_SAFE_INTEGER. */
export const MAX_FEN = 99_999_999_999_999

export type ParseYuanError = 'EMPTY' | 'FORMAT' | 'TOO_MANY_DECIMALS' | 'NEGATIVE' | 'TOO_LARGE'
export type ParseYuanResult = { ok: true; fen: number } | { ok: false; reason: ParseYuanError }

// Optional currency sign, then either plain digits or correctly grouped thousands, then up to any
// number of decimals (rejected below with a precise reason rather than a generic format error).
const AMOUNT = /^(-)?[¥￥]?\s*((?:\d{1,3}(?:,\d{3})+)|\d+)?(?:\.(\d*))?$/

/**
 * Parses a yuan amount as typed ('12.3', '1,234.56', '¥0.5', '100') into fen without floating
 * point. Negative amounts are refused: callers express direction separately from the amount.
 */
export function parseYuan(input: string): ParseYuanResult {
  const text = input.trim().replace(/\s+/g, '')
  if (text === '' || text === '¥' || text === '￥') return { ok: false, reason: 'EMPTY' }
  const match = AMOUNT.exec(text)
  if (!match) return { ok: false, reason: 'FORMAT' }
  const [, minus, intRaw, fracRaw] = match
  if (intRaw === undefined && (fracRaw === undefined || fracRaw === '')) return { ok: false, reason: 'FORMAT' }
  if (fracRaw !== undefined && fracRaw.length > 2) return { ok: false, reason: 'TOO_MANY_DECIMALS' }
  if (minus) return { ok: false, reason: 'NEGATIVE' }
  const intDigits = (intRaw ?? '0').replace(/,/g, '').replace(/^0+(?=\d)/, '')
  if (intDigits.length > 13) return { ok: false, reason: 'TOO_LARGE' }
  const fracDigits = (fracRaw ?? '').padEnd(2, '0')
  const fen = Number(intDigits) * 100 + Number(fracDigits)
  if (fen > MAX_FEN) return { ok: false, reason: 'TOO_LARGE' }
  return { ok: true, fen }
}

/** parseYuan for callers that only need the number; undefined when the text is not an amount. */
export function parseYuanToFen(input: string): number | undefined {
  const result = parseYuan(input)
  return result.ok ? result.fen : undefined
}

export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value)
}

function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`)
}

/** Exact decimal yuan string for an amount in fen: 123456 → '1234.56', -5 → '-0.05'. */
export function fenToYuanString(fen: number): `${number}` {
  assertFen(fen)
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  const yuan = Math.trunc(abs / 100)
  const cents = abs - yuan * 100
  return `${sign}${yuan}.${String(cents).padStart(2, '0')}` as `${number}`
}

export interface FormatFenOptions {
  /** 'always' shows '+' for amounts above zero (incoming money); default shows only '-'. */
  sign?: 'auto' | 'always'
  /** Without the currency symbol: '1,234.56'. */
  plain?: boolean
  locale?: string
}

const formatters = new Map<string, Intl.NumberFormat>()

function formatterFor(locale: string, sign: 'auto' | 'always', plain: boolean): Intl.NumberFormat {
  const key = `${locale}|${sign}|${plain}`
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      ...(plain ? { style: 'decimal' } : { style: 'currency', currency: 'CNY' }),
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
      signDisplay: sign === 'always' ? 'exceptZero' : 'auto',
    })
    formatters.set(key, formatter)
  }
  return formatter
}

/**
 * Display form of an amount in fen: 123456 → '¥1,234.56' (Intl, zh-CN, CNY). Intl receives the exact
 * decimal string, so no binary fraction ever rounds a cent.
 */
export function formatFen(fen: number, options: FormatFenOptions = {}): string {
  const formatter = formatterFor(options.locale ?? 'zh-CN', options.sign ?? 'auto', options.plain ?? false)
  // A numeric string is formatted as an exact decimal (Intl.NumberFormat v3, ES2023).
  return formatter.format(fenToYuanString(fen))
}

/** Sums amounts in fen, refusing to leave the safe-integer range. */
export function sumFen(values: Iterable<number>): number {
  let total = 0
  for (const value of values) {
    assertFen(value)
    total += value
  }
  assertFen(total)
  return total
}
