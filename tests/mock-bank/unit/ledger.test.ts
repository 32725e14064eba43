import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Ledger, LedgerViolation, type Line } from '../../../src/mock-bank/ledger'

describe('ledger', () => {
  it('applies balanced postings and reports balances by kind', () => {
    const ledger = new Ledger()
    ledger.apply([
      ['x:mint', -10_000],
      ['c:6222', 10_000],
    ])
    ledger.apply([
      ['c:6222', -2_500],
      ['w:a', 2_500],
    ])
    expect(ledger.balance('w:a')).toBe(2_500)
    expect(ledger.report()).toMatchObject({ balanced: true, postings: 2, sumFen: 0, byKind: { x: -10_000, c: 7_500, w: 2_500 } })
  })

  it('refuses an unbalanced posting, a non-integer amount, a bad account, and an overdraft', () => {
    const ledger = new Ledger()
    expect(() =>
      ledger.apply([
        ['x:mint', -1],
        ['w:a', 2],
      ]),
    ).toThrow(LedgerViolation)
    expect(() =>
      ledger.apply([
        ['x:mint', -1.5],
        ['w:a', 1.5],
      ]),
    ).toThrow(LedgerViolation)
    expect(() =>
      ledger.apply([
        ['wallet', -1],
        ['w:a', 1],
      ]),
    ).toThrow(LedgerViolation)
    expect(() =>
      ledger.apply([
        ['w:a', -1],
        ['w:b', 1],
      ]),
    ).toThrow(/negative/)
    expect(() => ledger.apply([['w:a', 0]])).toThrow(LedgerViolation)
    expect(ledger.report()).toMatchObject({ postings: 0, accounts: 0 })
  })

  it('keeps the sum at zero and customer accounts non-negative under any sequence of postings it accepts', () => {
    const accounts = ['w:a', 'w:b', 'c:1', 'm:1', 'x:mint']
    const posting = fc
      .tuple(fc.constantFrom(...accounts), fc.constantFrom(...accounts), fc.integer({ min: 1, max: 10_000 }))
      .filter(([from, to]) => from !== to)
      .map(([from, to, fen]): Line[] => [
        [from, -fen],
        [to, fen],
      ])
    fc.assert(
      fc.property(fc.array(posting, { maxLength: 100 }), (postings) => {
        const ledger = new Ledger()
        for (const lines of postings) {
          try {
            ledger.apply(lines)
          } catch (error) {
            if (!(error instanceof LedgerViolation)) throw error
          }
        }
        const report = ledger.report()
        return (
          report.sumFen === 0 &&
          report.negative.length === 0 &&
          accounts.filter((a) => !a.startsWith('x:')).every((a) => ledger.balance(a) >= 0)
        )
      }),
    )
  })
})
