import { randomBytes, randomInt } from 'node:crypto'

// Ids are drawn from a pooled buffer: one getrandom call per 455 ids instead of one each (seeding
// 100,000 transactions makes 200,000 ids).
const POOL_BYTES = 4095
let pool = Buffer.alloc(0)
let offset = 0

/** Unpredictable identifiers: ids are not secrets, but they must not be guessable either. */
export function newId(prefix: string): string {
  if (offset + 9 > pool.length) {
    pool = randomBytes(POOL_BYTES)
    offset = 0
  }
  const id = pool.toString('base64url', offset, offset + 9)
  offset += 9
  return `${prefix}_${id}`
}

export function randomDigits(length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += String(randomInt(10))
  return out
}

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** mulberry32: a small seeded PRNG for reproducible fault decisions and seed data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
