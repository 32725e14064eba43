import { randomBytes } from 'node:crypto'
import { BANK_CLIENT_HEADER } from '../../src/shared/bank-api'

/**
 * How tests reach a mock bank: its URL and the per-launch client secret it was started with (it refuses
 * any request without it, src/mock-bank/http/client-guard.ts). Light on purpose (no mock bank inside),
 * so the Playwright tests can use it.
 */

/** A fresh per-launch client secret, as src/main/platform/bank/embedded.ts makes one. */
export function newClientSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** What a test needs to reach a bank: its URL and its client secret (null when the bank runs without one). */
export interface BankAddress {
  url: string
  clientSecret: string | null
}

/** The headers that let a request through the bank's door (src/mock-bank/http/client-guard.ts). */
export function clientHeaders(bank: BankAddress): Record<string, string> {
  return bank.clientSecret === null ? {} : { [BANK_CLIENT_HEADER]: bank.clientSecret }
}

/** fetch against the bank at `path`, with its client secret. */
export function bankFetch(bank: BankAddress, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  for (const [name, value] of Object.entries(clientHeaders(bank))) headers.set(name, value)
  return fetch(`${bank.url}${path}`, { ...init, headers })
}

/** POSTs JSON to one of the bank's development routes (`/_dev/...`). */
export async function devPost(bank: BankAddress, path: string, body: unknown): Promise<Response> {
  const res = await bankFetch(bank, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return res
}
