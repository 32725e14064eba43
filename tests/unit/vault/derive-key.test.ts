import { describe, expect, it } from 'vitest'
import { deriveKey, deriveKeySync } from '../../../src/main/platform/vault/crypto'

describe('deriveKeySync (scrypt in the calling thread, for the backup worker)', () => {
  const salt = Buffer.from('0123456789abcdef')
  const params = { N: 2 ** 10, r: 8, p: 1 }

  it('derives the same key as deriveKey, NFC-normalising the secret the same way', async () => {
    const decomposed = 'Cafe\u0301 口令'
    expect(deriveKeySync(decomposed, salt, params)).toEqual(await deriveKey('Café 口令', salt, params))
    expect(deriveKeySync('a', salt, params, 16)).toHaveLength(16)
    expect(deriveKeySync('a', salt, params)).not.toEqual(deriveKeySync('b', salt, params))
  })

  it('refuses the parameters deriveKey refuses', () => {
    const bad = { N: 1000, r: 8, p: 1 }
    expect(() => deriveKeySync('a', salt, bad)).toThrow(RangeError)
    expect(() => deriveKey('a', salt, bad)).toThrow(RangeError)
  })
})
