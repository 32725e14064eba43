import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseMerchantQr, parsePayLink } from '../../../src/main/core/payments/merchant'
import { amountError, checkAmount, checkPan, checkPayPassword, checkPhone } from '../../../src/main/core/payments/validate'
import { LARGE_AMOUNT_FEN } from '../../../src/shared/contract/payments'
import { AppError } from '../../../src/shared/errors'
import { fenToYuanString, formatFen, MAX_FEN, parseYuan } from '../../../src/shared/money'

function detailsOf(fn: () => unknown) {
  try {
    fn()
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, ...error.details }
    throw error
  }
  throw new Error('did not throw')
}

describe('amounts a payment may move', () => {
  it('are exactly the positive safe integers up to MAX_FEN', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_FEN }), (fen) => {
        expect(amountError(fen)).toBeUndefined()
        expect(checkAmount(fen)).toBe(fen)
      }),
    )
    fc.assert(
      fc.property(fc.integer({ min: -MAX_FEN, max: 0 }), (fen) => {
        expect(amountError(fen)).toBe('NOT_POSITIVE')
      }),
    )
    fc.assert(
      fc.property(
        fc.double({ noNaN: false }).filter((x) => !Number.isSafeInteger(x)),
        (x) => {
          expect(amountError(x)).toBe('NOT_INTEGER')
        },
      ),
    )
    expect(amountError(MAX_FEN + 1)).toBe('TOO_LARGE')
  })

  it('survive typed yuan → fen → display → fen without a cent lost', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_FEN }), (fen) => {
        const typed = parseYuan(fenToYuanString(fen))
        expect(typed).toEqual({ ok: true, fen })
        const shown = parseYuan(formatFen(fen))
        expect(shown).toEqual({ ok: true, fen })
        expect(amountError(fen)).toBeUndefined()
      }),
    )
  })

  it('puts the large-amount warning at ¥5,000.00', () => {
    expect(formatFen(LARGE_AMOUNT_FEN)).toBe('¥5,000.00')
  })

  it('answer INVALID_INPUT naming the field and the reason', () => {
    expect(detailsOf(() => checkAmount(12.5))).toEqual({ code: 'INVALID_INPUT', field: 'amountFen', reason: 'NOT_INTEGER' })
    expect(detailsOf(() => checkAmount(0))).toEqual({ code: 'INVALID_INPUT', field: 'amountFen', reason: 'NOT_POSITIVE' })
    expect(detailsOf(() => checkPayPassword('12345'))).toEqual({ code: 'INVALID_INPUT', field: 'payPassword', reason: 'FORMAT' })
    expect(detailsOf(() => checkPhone('1380013800'))).toEqual({ code: 'INVALID_INPUT', field: 'phone', reason: 'LENGTH' })
    expect(detailsOf(() => checkPan('6222020200001234563'))).toEqual({ code: 'INVALID_INPUT', field: 'pan', reason: 'CHECKSUM' })
    expect(checkPan('6222 0202 0000 1234 562')).toBe('6222020200001234562')
    expect(checkPhone('+86 139 0013 9000')).toBe('13900139000')
  })
})

describe('codes and links from outside', () => {
  it('reads a merchant QR code’s id and nothing else', () => {
    expect(parseMerchantQr('icbc-wallet://merchant?id=M0001&name=%E7%91%9E%E5%B9%B8')).toBe('M0001')
    expect(parseMerchantQr('  icbc-wallet://merchant?name=x&id=M0008 ')).toBe('M0008')
    for (const bad of [
      'https://evil.example/merchant?id=M0001',
      'icbc-wallet://merchant?id=M0001&id=M0002',
      'icbc-wallet://merchant?id=../../x',
      'icbc-wallet://merchant?name=x',
      'ICBC-WALLET://merchant?id=M0001',
      'icbc-wallet://pay?id=M0001',
    ]) {
      expect(parseMerchantQr(bad), bad).toBeUndefined()
    }
  })

  it('reads an order link like the demo shop’s and refuses look-alikes', () => {
    const sig = 'a'.repeat(64)
    const good = `icbc-wallet://pay?order=ord_123&merchant=M0004&amount=24780&expires=1768444200000&sig=${sig}`
    expect(parsePayLink(good)).toEqual({ orderId: 'ord_123', merchant: 'M0004', amount: 24780, expires: 1768444200000, sig })
    for (const bad of [
      good.replace('icbc-wallet://', 'icbc-wallet-evil://'),
      good.replace('amount=24780', 'amount=-1'),
      good.replace('amount=24780', 'amount=1e5'),
      good.replace(`sig=${sig}`, 'sig=zz'),
      good.replace('order=ord_123&', ''),
      `${good}#x`,
      `${good}&order=ord_124`,
    ]) {
      expect(parsePayLink(bad), bad).toBeUndefined()
    }
  })
})
