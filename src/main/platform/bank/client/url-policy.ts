import { AppError } from '../../../../shared/errors'

/** Names of this computer: plain http to them never leaves it. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const UNSAFE_CHARS = /[\s\u0000-\u001f\u007f-\u009f\\]/u

function refuse(why: string): never {
  throw new AppError('BANK_URL_REFUSED', `the bank's address is refused: ${why}`)
}

/**
 * The only bank addresses the client sends anything to: https anywhere, or plain http to this computer
 * (the embedded mock bank on 127.0.0.1). Passwords, SMS codes and session tokens travel in every
 * request, so a plain-http bank elsewhere, another scheme, credentials in the URL, or a query or
 * fragment that would end up inside every path are refused (BANK_URL_REFUSED) before anything is sent.
 * Answers the base URL without a trailing slash.
 */
export function checkBankUrl(raw: string): string {
  if (raw.length === 0 || raw.length > 2048 || UNSAFE_CHARS.test(raw)) refuse('not a clean URL')
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse('not a URL')
  }
  if (url.username || url.password) refuse('credentials in the URL')
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) refuse('a query or fragment')
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(url.hostname)) refuse('plain http to another computer')
  } else if (url.protocol !== 'https:') {
    refuse(`the scheme ${url.protocol}`)
  }
  return url.href.replace(/\/+$/, '')
}
