import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_FEN, fenToYuanString, formatFen, parseYuan, parseYuanToFen, sumFen } from '../../src/shared/money'

const fen = fc.integer({ min: 0, max: MAX_FEN })

describe('parseYuan', () => {
  it.each([
    ['12.30', 1230],
    ['12.3', 1230],
    ['12', 1200],
    ['0.01', 1],
    ['.5', 50],
    ['5.', 500],
    ['¥1,234.56', 123456],
    ['￥ 100', 10000],
    ['  007.10 ', 710],
    ['1,000,000', 100_000_000],
    ['999999999999.99', MAX_FEN],
  ])('%s → %i fen', (text, expected) => {
    expect(parseYuan(text)).toEqual({ ok: true, fen: expected })
  })

  it.each([
    ['', 'EMPTY'],
    ['¥', 'EMPTY'],
    ['abc', 'FORMAT'],
    ['1.2.3', 'FORMAT'],
    ['12,34', 'FORMAT'],
    ['.', 'FORMAT'],
    ['1e3', 'FORMAT'],
    ['0x10', 'FORMAT'],
    ['12.345', 'TOO_MANY_DECIMALS'],
    ['-5', 'NEGATIVE'],
    ['1000000000000', 'TOO_LARGE'],
    ['99999999999999999', 'TOO_LARGE'],
  ])('%j is refused as %s', (text, reason) => {
    expect(parseYuan(text)).toEqual({ ok: false, reason })
  })

  it('adds up without floating-point drift (0.1 + 0.2 = 0.3)', () => {
    expect(parseYuanToFen('0.1')! + parseYuanToFen('0.2')!).toBe(parseYuanToFen('0.3'))
  })

  it('round-trips every amount through its yuan string', () => {
    fc.assert(fc.property(fen, (n) => parseYuanToFen(fenToYuanString(n)) === n))
  })

  it('round-trips every amount through its display form', () => {
    fc.assert(fc.property(fen, (n) => parseYuanToFen(formatFen(n)) === n))
  })

  it('agrees with exact decimal arithmetic for any yuan and fen digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 999_999_999_999n }), fc.integer({ min: 0, max: 99 }), (yuan, cents) => {
        const text = `${yuan}.${String(cents).padStart(2, '0')}`
        return parseYuanToFen(text) === Number(yuan * 100n + BigInt(cents))
      }),
    )
  })
})

describe('formatFen', () => {
  it.each([
    [0, '¥0.00'],
    [1, '¥0.01'],
    [123456, '¥1,234.56'],
    [-5, '-¥0.05'],
    [MAX_FEN, '¥999,999,999,999.99'],
  ])('%i → %s', (n, text) => {
    expect(formatFen(n)).toBe(text)
  })

  it('signs incoming amounts when asked, and never signs zero', () => {
    expect(formatFen(1230, { sign: 'always' })).toBe('+¥12.30')
    expect(formatFen(-1230, { sign: 'always' })).toBe('-¥12.30')
    expect(formatFen(0, { sign: 'always' })).toBe('¥0.00')
  })

  it('formats without the symbol and in other locales', () => {
    expect(formatFen(123456, { plain: true })).toBe('1,234.56')
    expect(formatFen(150, { locale: 'en-US' })).toBe('CN¥1.50')
  })

  it('always shows exactly two decimals and the same digits as the integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_FEN, max: MAX_FEN }), (n) => {
        const text = formatFen(n)
        const digits = text.replace(/[^\d]/g, '')
        return /\.\d{2}$/.test(text) && BigInt(digits) === BigInt(Math.abs(n)) && text.startsWith('-') === n < 0
      }),
    )
  })

  it('refuses non-integer fen', () => {
    expect(() => formatFen(1.5)).toThrow(RangeError)
    expect(() => fenToYuanString(Number.NaN)).toThrow(RangeError)
  })
})

describe('sumFen', () => {
  it('sums integers and refuses unsafe totals', () => {
    expect(sumFen([1, 2, 3])).toBe(6)
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError)
  })
})
