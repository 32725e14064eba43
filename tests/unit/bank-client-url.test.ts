import { describe, expect, it } from 'vitest'
import { createBankClient } from '../../src/main/platform/bank/client'
import { checkBankUrl } from '../../src/main/platform/bank/client/url-policy'
import { AppError } from '../../src/shared/errors'

function refusal(raw: string): unknown {
  try {
    checkBankUrl(raw)
  } catch (error) {
    return error
  }
  return undefined
}

describe('the bank client takes only an https bank, or plain http on this computer', () => {
  it.each([
    ['https://bank.example.com', 'https://bank.example.com'],
    ['https://bank.example.com/api/', 'https://bank.example.com/api'],
    ['HTTPS://Bank.Example.com:8443', 'https://bank.example.com:8443'],
    ['http://127.0.0.1:8100', 'http://127.0.0.1:8100'],
    ['http://localhost:8100/', 'http://localhost:8100'],
    ['http://[::1]:8100', 'http://[::1]:8100'],
  ])('accepts %s', (raw, base) => {
    expect(checkBankUrl(raw)).toBe(base)
  })

  it.each([
    'http://bank.example.com',
    'http://192.168.1.10:8100',
    'http://0.0.0.0:8100',
    'http://127.0.0.1.evil.example:8100',
    'http://localhost.evil.example',
    'ws://127.0.0.1:8100',
    'ftp://bank.example.com',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'https://user:pass@bank.example.com',
    'http://user@127.0.0.1:8100',
    'https://bank.example.com/?x=1',
    'https://bank.example.com/#x',
    'https:// bank.example.com',
    'bank.example.com',
    '',
  ])('refuses %j with BANK_URL_REFUSED', (raw) => {
    const error = refusal(raw)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('BANK_URL_REFUSED')
  })

  it('createBankClient refuses such a base URL before sending anything', () => {
    let sent = 0
    const fetch = (async () => {
      sent++
      return new Response('{}')
    }) as typeof globalThis.fetch
    expect(() => createBankClient({ baseUrl: 'http://bank.example.com', fetch })).toThrow(
      expect.objectContaining({ code: 'BANK_URL_REFUSED' }),
    )
    expect(sent).toBe(0)
  })

  it('sends its client secret on every request, and no secret when it has none', async () => {
    const seen: (string | null)[] = []
    const fetch = (async (_url: URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get('x-bank-client'))
      return new Response(JSON.stringify({ ok: true, service: 'mock', version: '1', now: 1 }), {
        headers: { 'content-type': 'application/json' },
      })
    }) as unknown as typeof globalThis.fetch
    await createBankClient({ baseUrl: 'http://127.0.0.1:1', clientSecret: 'per-launch', fetch })
      .call('health')
      .catch(() => undefined)
    await createBankClient({ baseUrl: 'https://bank.example.com', fetch })
      .call('health')
      .catch(() => undefined)
    expect(seen).toEqual(['per-launch', null])
  })
})
