import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { DeregisterCheck, DeregisterDone, DeregisterInput, deregisterChannels } from '../../shared/contract/deregister'
import type { SmsTicket } from '../../shared/contract/activation'
import { AppError } from '../../shared/errors'
import { maskPhone } from '../../shared/validators'
import type { HandlerMap } from '../base/handlers'
import type { BankClient } from '../platform/bank/client'
import { withIdempotencyKey, type KeyLedger } from '../platform/bank/idempotency'
import { listAutoBackups } from '../platform/backup/auto'
import type { Outbox } from '../platform/sync/outbox'
import { outboxView } from '../platform/sync/outbox-view'
import type { SessionService } from './session'

export interface DeregisterDeps {
  dataDir: string
  bank: BankClient
  session: SessionService
  keys: KeyLedger
  outbox: Outbox
  /**
   * Forgets this computer's customer once the bank has closed the wallet (src/main/core/index.ts):
   * services stopped, sealed documents, keychain entries and the session gone, the automatic backups
   * too unless kept. Answers how many automatic backups were kept.
   */
  wipe(deleteAutoBackups: boolean): Promise<number>
}

const CODE = /^\d{6}$/

/**
 * 注销: what stands in the way (the bank's blockers and this computer's unsettled outbox items), the
 * SMS code, then the bank's POST /deregister under an idempotency key, then the wipe. The bank's
 * answer may be lost: the key is kept (src/main/platform/bank/idempotency.ts) and the same request
 * again gets the stored answer (src/mock-bank/http/route.ts closedReplay); a token the bank calls
 * ACCOUNT_CLOSED is a closed wallet all the same, so this computer is wiped then too.
 */
export function createDeregisterService(deps: DeregisterDeps) {
  const { bank, session, keys, outbox } = deps
  const autoDir = join(deps.dataDir, 'backups', 'auto')

  async function unsettledOutbox() {
    return (await outbox.list()).filter((item) => item.finishedAt === null && item.state !== 'cancelled')
  }

  async function phone(): Promise<string> {
    const value = await session.phone()
    if (!value) throw new AppError('UNAUTHORIZED', 'nobody is signed in on this computer')
    return value
  }

  async function check(): Promise<DeregisterCheck> {
    const token = await session.token()
    const atBank = await bank.call('deregisterCheck', { token })
    return {
      blockers: atBank.blockers,
      outbox: (await unsettledOutbox()).map(outboxView),
      totpRequired: atBank.totpRequired,
      phoneMasked: maskPhone(await phone()),
      autoBackups: (await listAutoBackups(autoDir)).length,
    }
  }

  async function sendSms(): Promise<SmsTicket> {
    await session.token()
    // A lost answer costs one more SMS at most; nothing here moves money, so a fresh key per press.
    const sent = await bank.call('sendSms', {
      body: { phone: await phone(), purpose: 'deregister' },
      idempotencyKey: randomUUID(),
    })
    return { phoneMasked: sent.phoneMasked, expiresAt: sent.expiresAt, resendAt: sent.resendAt }
  }

  async function deregister(input: DeregisterInput): Promise<DeregisterDone> {
    if (!CODE.test(input.smsCode))
      throw new AppError('INVALID_INPUT', 'smsCode: six digits', { field: 'smsCode', reason: 'FORMAT' })
    if (input.totpCode !== undefined && !CODE.test(input.totpCode))
      throw new AppError('INVALID_INPUT', 'totpCode: six digits', { field: 'totpCode', reason: 'FORMAT' })
    if (input.password.length === 0)
      throw new AppError('INVALID_INPUT', 'password: required', { field: 'password', reason: 'REQUIRED' })
    const token = await session.token()
    // The bank cannot see payments still queued here: they would reach a closed wallet.
    const queued = await unsettledOutbox()
    if (queued.length > 0)
      throw new AppError('DEREGISTER_BLOCKED', 'payments are still waiting in the outbox', {
        reason: 'OUTBOX',
        count: queued.length,
      })
    const body = {
      password: input.password,
      smsCode: input.smsCode,
      ...(input.totpCode !== undefined ? { totpCode: input.totpCode } : {}),
    }
    try {
      await withIdempotencyKey(keys, 'account.deregister', body, (key) =>
        bank.call('deregister', { body, token, idempotencyKey: key }),
      )
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'ACCOUNT_CLOSED')) throw error
    }
    return { ok: true, autoBackupsKept: await deps.wipe(input.deleteAutoBackups) }
  }

  return { check, sendSms, deregister }
}

export type DeregisterService = ReturnType<typeof createDeregisterService>

export function deregisterHandlers(service: () => Promise<DeregisterService>): HandlerMap<typeof deregisterChannels> {
  return {
    'account.deregisterCheck': async () => (await service()).check(),
    'account.deregisterSendSms': async () => (await service()).sendSms(),
    'account.deregister': async (input) => (await service()).deregister(input),
  }
}
