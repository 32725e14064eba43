import { describe, expect, it } from 'vitest'
import { BANK_SECRET_ENV, BANK_URL_ENV, chooseBank } from '../../../src/main/shell/bank-choice'

describe('chooseBank: which bank the Electron app talks to', () => {
  it('uses the names the documentation gives', () => {
    expect(BANK_URL_ENV).toBe('ICBC_WALLET_BANK_URL')
    expect(BANK_SECRET_ENV).toBe('ICBC_WALLET_BANK_SECRET')
  })

  it('a packaged app always starts its embedded bank and ignores the bank-URL variable, saying so', () => {
    expect(chooseBank({ isPackaged: true, env: {} })).toEqual({ kind: 'embedded' })
    for (const env of [
      { ICBC_WALLET_BANK_URL: 'https://bank.example.com' },
      { ICBC_WALLET_BANK_URL: 'http://evil.example:8080', ICBC_WALLET_BANK_SECRET: 'x' },
      { ICBC_WALLET_BANK_URL: 'http://127.0.0.1:9999' },
    ])
      expect(chooseBank({ isPackaged: true, env })).toEqual({ kind: 'embedded', ignored: BANK_URL_ENV })
  })

  it('an unpackaged build takes the variable (and its client secret), or else embeds the bank', () => {
    expect(
      chooseBank({
        isPackaged: false,
        env: { ICBC_WALLET_BANK_URL: 'http://127.0.0.1:8100', ICBC_WALLET_BANK_SECRET: 's3cret' },
      }),
    ).toEqual({
      kind: 'external',
      url: 'http://127.0.0.1:8100',
      clientSecret: 's3cret',
    })
    expect(chooseBank({ isPackaged: false, env: { ICBC_WALLET_BANK_URL: 'https://bank.example.com' } })).toEqual({
      kind: 'external',
      url: 'https://bank.example.com',
    })
    expect(chooseBank({ isPackaged: false, env: {} })).toEqual({ kind: 'embedded' })
    expect(chooseBank({ isPackaged: false, env: { ICBC_WALLET_BANK_URL: '' } })).toEqual({ kind: 'embedded' })
  })

  it('never turns on the embedded bank’s development routes', () => {
    for (const isPackaged of [true, false]) {
      const choice = chooseBank({ isPackaged, env: {} })
      expect(choice).not.toHaveProperty('devRoutes')
    }
  })
})
