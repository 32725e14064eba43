import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { BANK_CLIENT_HEADER } from '../../shared/bank-api'
import { BankError } from '../errors'

/** Shorter secrets are refused at start: the secret is all that keeps other programs on this computer out. */
export const MIN_CLIENT_SECRET_LENGTH = 16

export interface ClientGuardOptions {
  /** The per-launch secret every request must carry in BANK_CLIENT_HEADER; null: no secret (development only). */
  secret: string | null
  /** The Host headers this bank answers (its own address, by IP and as localhost), known once it listens. */
  hosts: () => ReadonlySet<string>
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

/**
 * The bank's door, before routing, faults or anything else: a request is answered only when its Host
 * is the bank's own address and it carries the client secret. The Host check stops a web page that
 * rebinds its own name to 127.0.0.1 (its requests carry its name as Host); the secret stops a page in
 * any browser on this computer (a cross-site request cannot add a custom header without a CORS
 * preflight, which this bank never grants) and any program that was not handed the secret. Everything
 * else answers 403 CLIENT_NOT_TRUSTED, unknown paths included, so nothing about the bank shows.
 */
export function clientGuard(app: FastifyInstance, options: ClientGuardOptions): void {
  const { secret, hosts } = options
  if (secret !== null && secret.length < MIN_CLIENT_SECRET_LENGTH)
    throw new Error(`the mock bank's client secret must have at least ${MIN_CLIENT_SECRET_LENGTH} characters`)
  // Digests of equal length, so the comparison takes the same time whatever was sent.
  const expected = secret === null ? undefined : digest(secret)

  app.addHook('onRequest', async (request) => {
    const host = request.headers.host?.toLowerCase()
    if (host === undefined || !hosts().has(host))
      throw new BankError('CLIENT_NOT_TRUSTED', 'this bank answers only requests addressed to its own loopback address')
    if (expected === undefined) return
    const given = request.headers[BANK_CLIENT_HEADER]
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected))
      throw new BankError('CLIENT_NOT_TRUSTED', `this bank answers only its own client (${BANK_CLIENT_HEADER})`)
  })
}
