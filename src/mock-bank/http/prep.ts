import { verifySecret } from '../hashing'
import type { PasswordVerdict } from '../ops/auth'

/** Checks a secret against the hash it is compared with; the verdict is void if the hash changes before the rule runs. */
export async function verdictFor(secret: string, hash: string | null): Promise<PasswordVerdict> {
  if (hash === null) return { hash: null, ok: false }
  return { hash, ok: await verifySecret(secret, hash) }
}
