import { createCipheriv, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ReplicaTransaction } from '../../../src/shared/contract/sync'
import { CURSOR_AAD, ReplicaKey, SealedBalance, SealedTerm, SealedTx, Token } from '../../../src/shared/contract/replica'
import { createReplicaSealer, deriveReplicaKeys, ReplicaSealError } from '../../../src/main/platform/replica/sealer'

const DATA_KEY = Buffer.alloc(32, 3)
const keysOf = (owner: string, dataKey: Buffer = DATA_KEY) => deriveReplicaKeys(dataKey, owner)
const sealerOf = (owner: string, dataKey?: Buffer) => createReplicaSealer(keysOf(owner, dataKey))

function tx(patch: Partial<ReplicaTransaction> = {}): ReplicaTransaction {
  return {
    id: 'T00042',
    seq: 42,
    occurredAt: 1_767_225_600_000,
    type: 'transfer_out',
    direction: 'out',
    amountFen: 200_000,
    discountFen: 150,
    status: 'succeeded',
    title: '转账给李*',
    counterparty: '李*',
    counterpartyAccount: '139****9000',
    memo: '房租',
    category: 'transfer',
    channel: 'app',
    reference: 'REF-20260101-0042',
    balanceAfterFen: 98_765,
    ...patch,
  }
}

describe('the replica sealer (main)', () => {
  const sealer = sealerOf('W-0001')

  it('seals a transaction to the stored format and opens it back, field for field', () => {
    const t = tx()
    const record = sealer.sealTransaction(t)
    expect(SealedTx.parse(record)).toEqual(record)
    expect(Object.keys(record).sort()).toEqual(['a', 'id', 'm', 'occurredAt', 'p', 's', 'seq', 'status', 'type'])
    expect(sealer.openTransaction(record)).toEqual(t)
    // What is sealed is not in the record: no text of it, no amount.
    const stored = JSON.stringify(record)
    for (const text of ['李*', '房租', '139****9000', 'REF-20260101-0042', '转账']) expect(stored).not.toContain(text)
    // Encrypted, not merely encoded: the sealed bytes hold none of it either.
    const bytes = Buffer.from(record.s, 'base64')
    for (const text of ['李*', '房租', 'REF-20260101-0042', 'amountFen', 'transfer'])
      expect(bytes.includes(Buffer.from(text))).toBe(false)
    for (const value of Object.values(record)) expect([200_000, 150, 98_765]).not.toContain(value)
  })

  it('leaves out the tokens of an empty counterparty or memo, and keeps a balance after of null', () => {
    const t = tx({ counterparty: '', memo: '', balanceAfterFen: null })
    const record = sealer.sealTransaction(t)
    expect(record.p).toBeUndefined()
    expect(record.m).toBeUndefined()
    expect(sealer.openTransaction(record)).toEqual(t)
  })

  it('seals with a fresh nonce each time, and the same tokens', () => {
    const a = sealer.sealTransaction(tx())
    const b = sealer.sealTransaction(tx())
    expect(a.s).not.toBe(b.s)
    expect([a.p, a.m, a.a]).toEqual([b.p, b.m, b.a])
  })

  it('never repeats a nonce, across the pools it draws them from (10,000 rows), and every row still opens', () => {
    const nonces = new Set<string>()
    for (let i = 0; i < 10_000; i++) {
      const record = sealer.sealTransaction(tx({ seq: i + 1 }))
      nonces.add(Buffer.from(record.s, 'base64').subarray(0, 12).toString('hex'))
      if (i % 997 === 0) expect(sealer.openTransaction(record)).toEqual(tx({ seq: i + 1 }))
    }
    expect(nonces.size).toBe(10_000)
  })

  it('gives equal tokens for texts that search alike (case, full width, spaces), and different ones otherwise', () => {
    const p = (counterparty: string) => sealer.sealTransaction(tx({ counterparty })).p
    expect(p('ABC')).toBe(p('abc'))
    expect(p('ＡＢＣ')).toBe(p('abc'))
    expect(p('  abc  ')).toBe(p('abc'))
    expect(p('abd')).not.toBe(p('abc'))
    // A memo's token is not a counterparty's token of the same text.
    expect(sealer.sealTransaction(tx({ memo: 'abc' })).m).not.toBe(p('abc'))
    for (const t of [p('abc'), sealer.sealTransaction(tx()).a]) expect(Token.safeParse(t).success).toBe(true)
  })

  it('gives amounts of one bucket one token, and of another bucket another', () => {
    const a = (amountFen: number) => sealer.sealTransaction(tx({ amountFen })).a
    expect(a(1000)).toBe(a(1249))
    expect(a(1249)).not.toBe(a(1250))
    expect(a(0)).not.toBe(a(1))
  })

  it('refuses to open a record whose clear fields were changed, or sealed under another key', () => {
    const record = sealer.sealTransaction(tx())
    for (const patch of [{ status: 'failed' as const }, { occurredAt: record.occurredAt + 1 }, { id: 'T00043' }, { seq: 43 }]) {
      expect(() => sealer.openTransaction({ ...record, ...patch })).toThrow(ReplicaSealError)
    }
    expect(() => sealerOf('W-0002').openTransaction(record)).toThrow(ReplicaSealError)
    const balance = sealer.sealBalance({ seq: 5, at: 1, balanceFen: 123_456 })
    expect(SealedBalance.parse(balance)).toEqual(balance)
    expect(sealer.openBalance(balance)).toEqual({ seq: 5, at: 1, balanceFen: 123_456 })
    expect(() => sealer.openBalance({ ...balance, seq: 6 })).toThrow(ReplicaSealError)
  })

  it('seals a page: cursors wrapped, rows and balances sealed, each dictionary entry once', () => {
    const rows = [tx(), tx({ id: 'T2', seq: 43 }), tx({ id: 'T3', seq: 44, counterparty: '王*', memo: '', amountFen: 5 })]
    const page = sealer.sealPage({
      fromCursor: 'b-10',
      nextCursor: 'b-13',
      transactions: rows,
      balances: [{ seq: 44, at: 2, balanceFen: 7 }],
      hasMore: true,
      remaining: 9,
    })
    expect(page.fromCursor).toBe(sealer.wrapCursor('b-10'))
    expect(page.nextCursor).toBe(sealer.wrapCursor('b-13'))
    expect(page.transactions.map((r) => sealer.openTransaction(r))).toEqual(rows)
    expect(page.balances.map((b) => sealer.openBalance(b))).toEqual([{ seq: 44, at: 2, balanceFen: 7 }])
    expect([page.hasMore, page.remaining]).toEqual([true, 9])
    // Counterparties 李* and 王*, memo 房租, buckets of 2000.00 and 0.05.
    expect(page.terms.map((t) => t.k).sort()).toEqual(['a', 'a', 'm', 'p', 'p'])
    for (const term of page.terms) expect(SealedTerm.parse(term)).toEqual(term)
    expect(
      sealer.sealPage({ fromCursor: null, nextCursor: 'x', transactions: [], balances: [], hasMore: false, remaining: 0 })
        .fromCursor,
    ).toBeNull()
  })
})

describe('cursors', () => {
  const keys = keysOf('W-0001')
  const sealer = createReplicaSealer(keys)

  it('wrap deterministically: the same cursor always gives the same string, another cursor another', () => {
    expect(sealer.wrapCursor('cursor-1')).toBe(sealer.wrapCursor('cursor-1'))
    expect(createReplicaSealer(keysOf('W-0001')).wrapCursor('cursor-1')).toBe(sealer.wrapCursor('cursor-1'))
    expect(sealer.wrapCursor('cursor-2')).not.toBe(sealer.wrapCursor('cursor-1'))
    expect(sealer.wrapCursor(null)).toBeNull()
    expect(sealer.wrapCursor('cursor-1')).not.toContain('cursor-1')
    expect(sealer.unwrapCursor(sealer.wrapCursor('cursor-1'))).toBe('cursor-1')
  })

  it('unwrap only what these keys wrapped: not another customer’s, not a forged or changed string', () => {
    const wrapped = sealer.wrapCursor('cursor-1')
    expect(sealer.unwrapCursor(sealerOf('W-0002').wrapCursor('cursor-1'))).toBeUndefined()
    expect(sealer.unwrapCursor(sealerOf('W-0001', Buffer.alloc(32, 4)).wrapCursor('cursor-1'))).toBeUndefined()
    expect(sealer.unwrapCursor('cursor-1')).toBeUndefined()
    expect(sealer.unwrapCursor(`c1.${randomBytes(40).toString('base64')}`)).toBeUndefined()
    expect(sealer.unwrapCursor('c1.')).toBeUndefined()
    expect(sealer.unwrapCursor(wrapped.slice(3))).toBeUndefined()
    const bytes = Buffer.from(wrapped.slice(3), 'base64')
    bytes[bytes.length - 1]! ^= 1
    expect(sealer.unwrapCursor(`c1.${bytes.toString('base64')}`)).toBeUndefined()
    // Sealed under the right key but with a nonce of its own: not made by wrapCursor, refused.
    const nonce = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', keys.enc, nonce, { authTagLength: 16 })
    cipher.setAAD(Buffer.from(CURSOR_AAD))
    const body = Buffer.concat([nonce, cipher.update('cursor-1'), cipher.final(), cipher.getAuthTag()])
    expect(sealer.unwrapCursor(`c1.${body.toString('base64')}`)).toBeUndefined()
  })
})

describe('keys', () => {
  it('differ per customer and per data key, with different check values; the same inputs give the same', () => {
    const a = sealerOf('W-0001').rendererKey()
    const b = sealerOf('W-0002').rendererKey()
    const c = sealerOf('W-0001', Buffer.alloc(32, 9)).rendererKey()
    expect(ReplicaKey.parse(a)).toEqual(a)
    expect(new Set([a.key, b.key, c.key]).size).toBe(3)
    expect(new Set([a.check, b.check, c.check]).size).toBe(3)
    expect(sealerOf('W-0001').rendererKey()).toEqual(a)
    // The tokens' key never leaves main: the renderer's key is the AES key only.
    const keys = keysOf('W-0001')
    expect(Buffer.from(a.key, 'base64').equals(keys.enc)).toBe(true)
    expect(keys.mac.equals(keys.enc)).toBe(false)
  })

  it('tokens differ per customer: another customer’s dictionary says nothing about this one’s', () => {
    const p = (owner: string) => sealerOf(owner).sealTransaction(tx()).p
    expect(p('W-0001')).not.toBe(p('W-0002'))
  })
})
