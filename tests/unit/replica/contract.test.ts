import { describe, expect, it } from 'vitest'
import type { SealedTx } from '../../../src/shared/contract/replica'
import { amountBucket, BUCKET_BOUNDS, bucketRange, normaliseText, Sealed, txAad } from '../../../src/shared/contract/replica'

describe('amount buckets', () => {
  const last = BUCKET_BOUNDS.length - 1

  it('start with 0 fen alone, then 1 fen, and cover every fen value without gaps or overlaps', () => {
    expect(bucketRange(0)).toEqual([0, 0])
    expect(bucketRange(1)[0]).toBe(1)
    for (let b = 0; b < last; b++) {
      const [lo, hi] = bucketRange(b)
      expect(lo).toBeLessThanOrEqual(hi)
      expect(bucketRange(b + 1)[0]).toBe(hi + 1)
    }
    // The last bucket is open-ended: every amount up to the largest safe integer has one.
    expect(bucketRange(last)[1]).toBe(Number.MAX_SAFE_INTEGER)
  })

  it('put each fen value in the bucket whose range holds it, and its ends in the same bucket', () => {
    for (let b = 0; b <= last; b++) {
      const [lo, hi] = bucketRange(b)
      expect(amountBucket(lo)).toBe(b)
      expect(amountBucket(hi)).toBe(b)
      if (lo > 0) expect(amountBucket(lo - 1)).toBe(b - 1)
    }
  })

  it('are monotonic: a larger amount never has a smaller bucket', () => {
    let previous = amountBucket(0)
    // Every value up to 2,000 yuan (checked without expect per value: 200,000 of them).
    for (let fen = 1; fen <= 200_000; fen++) {
      const b = amountBucket(fen)
      const [lo, hi] = bucketRange(b)
      if (b !== previous && b !== previous + 1) throw new Error(`${fen} fen jumps from bucket ${previous} to ${b}`)
      if (fen < lo || fen > hi) throw new Error(`${fen} fen is outside its bucket ${b} [${lo}, ${hi}]`)
      previous = b
    }
    // Large amounts too (up to 10^13 fen and beyond), in steps that hit many buckets.
    for (let fen = 200_000; fen < 1e15; fen = Math.floor(fen * 1.013) + 7) {
      const b = amountBucket(fen)
      expect(b).toBeGreaterThanOrEqual(previous)
      const [lo, hi] = bucketRange(b)
      expect(fen >= lo && fen <= hi).toBe(true)
      previous = b
    }
  })

  it('are ten per decade (1.00 … 9.99 yuan is ten buckets), so a range reads few whole buckets', () => {
    expect(amountBucket(1000) - amountBucket(100)).toBe(10)
    expect(amountBucket(1_000_000) - amountBucket(100_000)).toBe(10)
    expect(bucketRange(amountBucket(1000))).toEqual([1000, 1249])
  })
})

describe('normaliseText', () => {
  it('folds case and full-width forms (NFKC), so ＡＢＣ, ABC and abc search alike', () => {
    expect(normaliseText('ＡＢＣ')).toBe('abc')
    expect(normaliseText('ABC Store')).toBe('abc store')
    expect(normaliseText('ｓｔｏｒｅ１２３')).toBe('store123')
  })

  it('trims and collapses spaces, full-width and tabs included', () => {
    expect(normaliseText('  Apple \t  Store\u3000 ')).toBe('apple store')
    expect(normaliseText('\u3000华联\u3000\u3000超市\n')).toBe('华联 超市')
  })

  it('leaves Chinese as it is, and the empty string empty', () => {
    expect(normaliseText('华联超市')).toBe('华联超市')
    expect(normaliseText('   ')).toBe('')
  })
})

describe('a sealed transaction', () => {
  it('binds every clear field in its associated data', () => {
    const record: SealedTx = {
      id: 'T1',
      seq: 7,
      occurredAt: 1_767_225_600_000,
      type: 'payment',
      status: 'succeeded',
      p: 'AAAAAAAAAAAAAAAAAAAAAA',
      m: 'BBBBBBBBBBBBBBBBBBBBBB',
      a: 'CCCCCCCCCCCCCCCCCCCCCC',
      s: '',
    }
    const aad = txAad(record)
    const changed: Partial<SealedTx>[] = [
      { id: 'T2' },
      { seq: 8 },
      { occurredAt: record.occurredAt + 1 },
      { type: 'bill' },
      { status: 'failed' },
      { p: 'DDDDDDDDDDDDDDDDDDDDDD' },
      { p: undefined },
      { m: 'DDDDDDDDDDDDDDDDDDDDDD' },
      { m: undefined },
      { a: 'DDDDDDDDDDDDDDDDDDDDDD' },
    ]
    for (const patch of changed) expect(txAad({ ...record, ...patch }), JSON.stringify(patch)).not.toBe(aad)
  })
})

describe('a sealed value (Sealed)', () => {
  const body = 'A'.repeat(40)
  it('takes base64 with no, one or two padding characters at the end', () => {
    for (const s of [body, `${body.slice(0, -1)}=`, `${body.slice(0, -2)}==`, `${'aZ09+/'.repeat(8)}`]) {
      expect(Sealed.safeParse(s).success, s).toBe(true)
    }
  })
  it('refuses other characters, padding anywhere but the end, three padding characters, or too short a value', () => {
    for (const s of [
      `${body}-`,
      `${body}_`,
      `${body} `,
      `${body}\n`,
      `${body.slice(0, 20)}=${body.slice(21)}`,
      `=${body.slice(1)}`,
      `${body.slice(0, -3)}===`,
      `${body}=A`,
      'A'.repeat(37),
    ]) {
      expect(Sealed.safeParse(s).success, JSON.stringify(s)).toBe(false)
    }
  })
})
