import { randomUUID } from 'node:crypto'
import type { TwoFactorConfirmed, TwoFactorEnrolment, TwoFactorStatus } from '../../shared/contract/two-factor'
import type { BankClient } from '../platform/bank/client'
import type { SessionService } from './session'
import type { BackupFiles } from './backup'
import type { BackupCreated } from '../../shared/contract/backup'
import { mainStrings } from '../base/strings'

/**
 * 双因素认证 (the authenticator app, TOTP): the bank holds the shared secret; this service only passes
 * the enrolment through to the screen and never writes it anywhere (no document, no log, no idempotency
 * ledger entry: each call goes out under a fresh key, as repeating either is harmless — a new enrolment
 * replaces the pending secret, and a used code is refused, so the user types the next one).
 */
export function createTwoFactorService(deps: {
  bank: BankClient
  session: SessionService
  files: BackupFiles
  /** The settings' language: the suggested file's name follows it (src/main/base/strings.ts). */
  language?: () => Promise<string>
}) {
  const { bank, session, files } = deps

  async function status(): Promise<TwoFactorStatus> {
    const me = await bank.call('me', { token: await session.token() })
    return { enabled: me.totpEnabled }
  }

  async function enroll(): Promise<TwoFactorEnrolment> {
    const answer = await bank.call('enrollTotp', { token: await session.token(), idempotencyKey: randomUUID() })
    return { secret: answer.secret, otpauthUri: answer.otpauthUri, digits: answer.digits, periodSeconds: answer.periodSeconds }
  }

  async function confirm(code: string): Promise<TwoFactorConfirmed> {
    const answer = await bank.call('confirmTotp', { body: { code }, token: await session.token(), idempotencyKey: randomUUID() })
    return { enabled: true, recoveryCodes: answer.recoveryCodes }
  }

  async function disable(password: string, code: string): Promise<TwoFactorStatus> {
    await bank.call('disableTotp', { body: { password, code }, token: await session.token(), idempotencyKey: randomUUID() })
    return { enabled: false }
  }

  /** A plain text file the user keeps offline; written only where the user says (or offered as a download). */
  async function saveRecoveryCodes(codes: string[]): Promise<{ fileName: string; location: BackupCreated['location'] }> {
    const words = mainStrings(await deps.language?.()).files
    const fileName = words.recoveryCodes
    const text = [words.recoveryCodesHeading, words.recoveryCodesNote, '', ...codes, ''].join('\n')
    return { fileName, location: await files.save(Buffer.from(text, 'utf8'), fileName, 'recovery-codes') }
  }

  return { status, enroll, confirm, disable, saveRecoveryCodes }
}
export type TwoFactorService = ReturnType<typeof createTwoFactorService>
