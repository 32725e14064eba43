import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Password hashes: scrypt, stored as `scrypt$N$r$p$salt$hash` (base64url) so the cost can change
 * without invalidating old hashes.
 */
function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, { ...options, maxmem: 256 * options.N! * options.r! }, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

export async function hashSecret(secret: string, cost: number): Promise<string> {
  const salt = randomBytes(16)
  const r = 8
  const p = 1
  const key = await scryptAsync(secret, salt, 32, { N: cost, r, p })
  return `scrypt$${cost}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await scryptAsync(secret, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/**
 * For session tokens only (ops/auth.ts): a token is 256 random bits, so its unsalted hash cannot be
 * inverted or guessed, and the journal keeps the hash, never the token. Anything a person chose or was
 * sent (a password, a code) is never hashed this way: passwords get scrypt above, request fingerprints
 * an HMAC without their secrets (src/mock-bank/keys.ts).
 */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url')
}
