/**
 * Text input is well-formed: every string a caller hands main is well-formed Unicode and, except
 * secrets, free of control, invisible and text-direction characters (src/shared/validators.ts
 * textProblem, applied by src/shared/contract/text.ts). Refused as INVALID_INPUT { field, reason }
 * before any handler runs, so nothing malformed reaches the bank, a sealed document or the screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BankServer } from '../../../src/mock-bank'
import { HOUSEHOLD_WITH_BILL } from '../../../src/mock-bank'
import type { BillersList, CardsList, HouseholdList, PayeeList } from '../../../src/shared/contract'
import { demoBank, demoWallet, PAY_PASSWORD, type Cleanup } from '../payments/helpers'

const cleanups: Cleanup[] = []
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

let bank: BankServer
let w: Awaited<ReturnType<typeof demoWallet>>
beforeAll(async () => {
  bank = await demoBank(cleanups)
  w = await demoWallet(bank, cleanups)
})

const LONE = 'a\ud800b'

describe('ids that end up in a bank URL path', () => {
  it.each([
    ['receipt.get', { txId: LONE }, 'txId'],
    ['cards.unbind', { cardId: LONE }, 'cardId'],
    ['checkout.pay', { orderId: LONE, sig: 'x', payPassword: PAY_PASSWORD }, 'orderId'],
    ['paycode.confirm', { chargeId: LONE, payPassword: PAY_PASSWORD }, 'chargeId'],
    ['paycode.decline', { chargeId: LONE }, 'chargeId'],
    ['coupons.claim', { campaignId: '\udc00' }, 'campaignId'],
    ['payees.remove', { id: 'p\udfff' }, 'id'],
  ])('%s refuses a lone surrogate as INVALID_INPUT, not INTERNAL', async (channel, input, field) => {
    expect(await w.fails(channel, input)).toMatchObject({ code: 'INVALID_INPUT', details: { field, reason: 'MALFORMED' } })
  })

  it.each([
    ['cards.unbind', { cardId: '..' }],
    ['checkout.pay', { orderId: '..', sig: 'x', payPassword: PAY_PASSWORD }],
    ['paycode.decline', { chargeId: '.' }],
  ])('%s refuses an id that would leave its path segment, before asking the bank', async (channel, input) => {
    expect(await w.fails(channel, input)).toMatchObject({ code: 'INVALID_INPUT', details: { reason: 'FORMAT' } })
  })

  it('still answers NOT_FOUND for a well-formed id the bank does not know', async () => {
    expect((await w.fails('receipt.get', { txId: 'tx_无此交易😀' })).code).toBe('NOT_FOUND')
  })
})

describe('names, memos and aliases', () => {
  it('refuses control and direction characters in a card payee’s name and the memo, and pays nothing', async () => {
    const before = (await w.ok<PayeeList>('payees.list')).payees.length
    const base = { pan: '6217001234567890122', amountFen: 100, payPassword: PAY_PASSWORD }
    for (const [input, field] of [
      [{ ...base, name: '\u202e三张' }, 'name'],
      [{ ...base, name: '张\u0000三' }, 'name'],
      [{ ...base, name: '张三', memo: '房租\n请转账到另一个账户' }, 'memo'],
      [{ ...base, name: '张三', memo: '房租\u2066' }, 'memo'],
    ] as const) {
      expect(await w.fails('transfer.toCard', input)).toMatchObject({ code: 'INVALID_INPUT', details: { field, reason: 'CONTROL_CHARS' } })
    }
    expect(await w.fails('transfer.toWallet', { phone: '13900139000', amountFen: 100, payPassword: PAY_PASSWORD, memo: '\u200b' })).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'memo', reason: 'CONTROL_CHARS' },
    })
    expect(await w.fails('transfer.toCard', { ...base, name: '张\udc00' })).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'name', reason: 'MALFORMED' },
    })
    expect((await w.ok<PayeeList>('payees.list')).payees).toHaveLength(before)
  })

  it('refuses them in a household’s alias and keeps nothing', async () => {
    const { billers } = await w.ok<BillersList>('bills.billers', { city: '110100' })
    const biller = billers[0]!
    for (const alias of ['\u202e费电', '电费\r\n', '电费\u0085']) {
      expect(await w.fails('bills.saveHousehold', { billerId: biller.billerId, household: HOUSEHOLD_WITH_BILL, alias })).toMatchObject({
        code: 'INVALID_INPUT',
        details: { field: 'alias', reason: 'CONTROL_CHARS' },
      })
    }
    expect((await w.ok<HouseholdList>('bills.households')).households).toEqual([])
    // Emoji (surrogate pairs, joiners) and ordinary punctuation stay allowed.
    await w.ok('bills.saveHousehold', { billerId: biller.billerId, household: HOUSEHOLD_WITH_BILL, alias: '爸妈家·电费 👨‍👩‍👧' })
    expect((await w.ok<HouseholdList>('bills.households')).households.map((h) => h.alias)).toEqual(['爸妈家·电费 👨‍👩‍👧'])
  })

  it('refuses a lone surrogate in a card label like the other label rules', async () => {
    const card = (await w.ok<CardsList>('cards.list')).cards[0]!
    expect(await w.fails('cards.setLabel', { cardId: card.cardId, label: '工资\ud83d' })).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'label', reason: 'MALFORMED' },
    })
  })

  it('refuses a malformed secret but lets a wrong one be judged as wrong', async () => {
    expect(await w.fails('session.unlock', { password: 'Wallet\ud8002025' })).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'password', reason: 'MALFORMED' },
    })
    expect(await w.fails('pay.topup', { cardId: 'c', amountFen: 100, payPassword: '13579\udc00' })).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'payPassword', reason: 'MALFORMED' },
    })
  })
})

describe('found by the contract fuzz (tests/integration/core/contract-fuzz.test.ts)', () => {
  it('settings.set takes a field given as undefined as not given, instead of answering INTERNAL', async () => {
    const before = await w.ok<{ autoBackup: boolean; language: string }>('settings.get')
    expect(await w.ok('settings.set', { autoBackup: undefined, language: undefined })).toEqual(before)
    expect(await w.ok('settings.get')).toEqual(before)
  })
})
