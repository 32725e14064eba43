/**
 * What identifies a request to the bank, on both sides: the wallet's pending-keys ledger
 * (src/main/platform/bank/idempotency.ts requestFingerprint) and the mock bank's idempotency store
 * (src/mock-bank/http/route.ts). Each side takes an HMAC under its own key over this text; the list
 * and the canonical form live here once, pure (no crypto), so both leave out the same fields.
 */

/**
 * Fields that hold what the user knows or was sent (passwords, SMS and one-time codes): needed to
 * send a request, never part of what identifies it, and never kept, even hashed.
 */
export const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'password',
  'newPassword',
  'oldPassword',
  'payPassword',
  'newPayPassword',
  'oldPayPassword',
  'code',
  'smsCode',
  'totpCode',
  'otp',
  'passphrase',
])

/** The value with every secret field removed, at any depth, and object keys in a stable order. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets)
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([k, v]) => !SECRET_FIELDS.has(k) && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(entries.map(([k, v]) => [k, withoutSecrets(v)]))
}
