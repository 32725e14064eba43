import { randomUUID } from 'node:crypto'
import type { TwoFactorConfirmed, TwoFactorEnrolment, TwoFactorStatus } from '../../shared/contract/two-factor'
import type { BankClient } from '../platform/bank/client'
import type { SessionService } from './session'

/**
 * 双因素认证 (the authenticator app, TOTP): the bank holds the shared secret; this service only passes
 * the enrolment through to the screen and never writes it anywhere (no document, no log, no idempotency
 * ledger entry: each call goes out under a fresh key, as repeating either is harmless — a new enrolment
 * replaces the pending secret, and a used code is refused, so the user types the next one).
 */
export function createTwoFactorService(deps: { bank: BankClient; session: SessionService }) {
  const { bank, session } = deps

  async function status(): Promise<TwoFactorStatus> {
    const me = await bank.call('me', { token: await session.token() })
    return { enabled: me.totpEnabled }
  }

  async function enroll(): Promise<TwoFactorEnrolment> {
    const answer = await bank.call('enrollTotp', { token: await session.token(), idempotencyKey: randomUUID() })
    return { secret: answer.secret, otpauthUri: answer.otpauthUri, digits: answer.digits, periodSeconds: answer.periodSeconds }
  }

  async function confirm(code: string): Promise<TwoFactorConfirmed> {
    await bank.call('confirmTotp', { body: { code }, token: await session.token(), idempotencyKey: randomUUID() })
    return { enabled: true }
  }

  return { status, enroll, confirm }
}
export type TwoFactorService = ReturnType<typeof createTwoFactorService>
