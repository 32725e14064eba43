import { describe, expect, it } from 'vitest'
import { BACKUP_CHUNK_RECORDS } from '../../../src/shared/contract/constants'
import { readRestorePage } from '../../../src/shared/restore-page'

describe('readRestorePage (an opened backup page as backup.openPage passes it on)', () => {
  const tx = { id: 't1', occurredAt: 1, type: 'payment', status: 'posted', s: 'sealed' }

  it('gives the page back as records', () => {
    const page = { transactions: [tx], balances: [], terms: [] }
    expect(readRestorePage({ json: JSON.stringify(page) })).toEqual(page)
  })

  it('refuses text that is not JSON', () => {
    expect(() => readRestorePage({ json: '{"transactions": [' })).toThrow('not JSON')
  })

  it.each([
    ['null', null],
    ['a list', []],
    ['a page without terms', { transactions: [], balances: [] }],
    ['a page whose transactions are not a list', { transactions: {}, balances: [], terms: [] }],
    ['a page of too many records', { transactions: Array(BACKUP_CHUNK_RECORDS + 1).fill(tx), balances: [], terms: [] }],
  ])('refuses %s', (_, value) => {
    expect(() => readRestorePage({ json: JSON.stringify(value) })).toThrow('not a page of sealed records')
  })
})
