import { describe, expect, it, vi } from 'vitest'
import { deepLinkCandidates, deepLinkSummary, onDeepLink, parseDeepLink } from '../../../src/main/base/deep-link'

describe('parseDeepLink', () => {
  it('accepts icbc-wallet://pay with simple parameters', () => {
    expect(parseDeepLink('icbc-wallet://pay')).toEqual({ ok: true, link: { action: 'pay', params: {} } })
    expect(parseDeepLink('icbc-wallet://pay/')).toEqual({ ok: true, link: { action: 'pay', params: {} } })
    expect(parseDeepLink('icbc-wallet://pay?merchant=M123&amount=12.50&memo=%E5%8D%88%E9%A4%90')).toEqual({
      ok: true,
      link: { action: 'pay', params: { merchant: 'M123', amount: '12.50', memo: '午餐' } },
    })
  })

  it.each([
    'icbc-wallet-evil://pay',
    'icbc-wallet:pay',
    'icbc-wallet:/pay',
    'icbc-wallet:///pay',
    'icbc-wallet:/\\evil',
    'icbc-wallet://\\evil/pay',
    'icbc-wallet://pay@evil',
    'icbc-wallet://user:pw@pay',
    'icbc-wallet://evil/pay',
    'icbc-wallet://pay.evil.com/',
    'icbc-wallet://pay:443/',
    'icbc-wallet://pay/../evil',
    'icbc-wallet://pay/extra',
    'icbc-wallet://pay#frag',
    'icbc-wallet://PAY',
    'ICBC-WALLET://pay',
    'Icbc-Wallet://pay',
    'xicbc-wallet://pay',
    ' icbc-wallet://pay',
    'icbc-wallet://pay ',
    'icbc-wallet://pay\n',
    'icbc-wallet://pa\ty',
    'icbc-wallet://pay?amount=1&amount=2',
    'icbc-wallet://pay?__proto__=x',
    'icbc-wallet://pay?1bad=x',
    'icbc-wallet://pay?memo=%0Aforged',
    'icbc-wallet://pay?memo=%E2%80%AEexe',
    'icbc-wallet://transfer',
    'https://pay',
    'javascript:alert(1)//icbc-wallet://pay',
    '',
  ])('refuses %j', (url) => {
    expect(parseDeepLink(url).ok).toBe(false)
  })

  it('refuses non-strings, long links and too many parameters', () => {
    for (const value of [undefined, null, 1, {}, ['icbc-wallet://pay']]) expect(parseDeepLink(value).ok).toBe(false)
    expect(parseDeepLink(`icbc-wallet://pay?memo=${'a'.repeat(3000)}`).ok).toBe(false)
    expect(parseDeepLink(`icbc-wallet://pay?memo=${'a'.repeat(600)}`).ok).toBe(false)
    const many = Array.from({ length: 17 }, (_, i) => `p${i}=1`).join('&')
    expect(parseDeepLink(`icbc-wallet://pay?${many}`).ok).toBe(false)
  })

  it('gives params as an own-property-only frozen record', () => {
    const result = parseDeepLink('icbc-wallet://pay?constructor=x')
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(Object.isFrozen(result.link.params)).toBe(true)
      expect(result.link.params['constructor']).toBe('x')
    }
  })
})

describe('deep link plumbing', () => {
  it('summarises without parameter values', () => {
    const result = parseDeepLink('icbc-wallet://pay?payee=%E5%BC%A0%E4%B8%89&amount=500')
    expect(result.ok && deepLinkSummary(result.link)).toBe('pay(amount,payee)')
  })

  it('picks candidates from argv, loosely, so look-alikes get parsed and refused', () => {
    const argv = [
      '/opt/app/icbc-wallet',
      '--allow-file-access-from-files',
      'icbc-wallet://pay?x=1',
      'ICBC-WALLET://pay',
      'https://evil',
      'icbc-wallet-evil://pay',
    ]
    expect(deepLinkCandidates(argv)).toEqual(['icbc-wallet://pay?x=1', 'ICBC-WALLET://pay', 'icbc-wallet-evil://pay'])
  })

  it('onDeepLink hands on only valid links and logs a safe summary, never the values', () => {
    const log = vi.fn()
    const deliver = vi.fn()
    expect(onDeepLink('icbc-wallet://pay?payee=secret-name', deliver, log).ok).toBe(true)
    expect(onDeepLink('icbc-wallet-evil://pay?payee=secret-name', deliver, log).ok).toBe(false)
    expect(deliver.mock.calls).toEqual([['icbc-wallet://pay?payee=secret-name']])
    expect(log.mock.calls).toEqual([['received pay(payee)'], ['refused (not an icbc-wallet:// link)']])
    expect(JSON.stringify(log.mock.calls)).not.toContain('secret')
  })
})
