import type { HandlerMap } from '../base/handlers'
import type { BankClient } from '../platform/bank/client'
import { withIdempotencyKey, type KeyLedger } from '../platform/bank/idempotency'
import type { accountChannels, InboxMessage, SignedInDevice } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { assessLink } from '../../shared/link-guard'
import type { SessionService } from './session'

export interface AccountDeps {
  bank: BankClient
  keys: KeyLedger
  session: SessionService
  /** Hands a URL to the user's browser (Electron: shell.openExternal); absent where nothing can open one. */
  openExternal?: (url: string) => Promise<void>
}

/**
 * 账户与安全 beside the session: the devices signed in at the bank, 消息中心, and opening a link
 * after the link guard (src/shared/link-guard.ts) has said yes here in main too.
 */
export function createAccountService(deps: AccountDeps) {
  const { bank, keys, session } = deps

  async function devices(): Promise<{ devices: SignedInDevice[] }> {
    const token = await session.token()
    const { devices } = await bank.call('devices', { token })
    return { devices: devices.map((d) => ({ ...d })) }
  }

  /**
   * Removal is keyed (one key per device and first sign-in until it is done), so a retry after a lost
   * answer is the same removal; the same computer bound again later (a new first sign-in) is a new one,
   * never answered from the old removal's record. A device the bank no longer has is removed already.
   */
  async function removeDevice(deviceId: string, firstSeenAt: number): Promise<{ devices: SignedInDevice[] }> {
    const token = await session.token()
    try {
      await withIdempotencyKey(keys, 'devices.remove', { deviceId, firstSeenAt }, (key) =>
        bank.call('removeDevice', { token, params: { id: deviceId }, idempotencyKey: key }),
      )
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error
    }
    return devices()
  }

  async function messages(): Promise<{ messages: InboxMessage[] }> {
    const token = await session.token()
    const inbox = await bank.call('messages', { token })
    return { messages: inbox.messages.map((m) => ({ ...m })) }
  }

  async function readMessage(messageId: string): Promise<null> {
    const token = await session.token()
    await withIdempotencyKey(keys, 'messages.read', { messageId }, (key) =>
      bank.call('readMessage', { token, params: { id: messageId }, idempotencyKey: key }),
    )
    return null
  }

  async function deleteMessage(messageId: string): Promise<null> {
    const token = await session.token()
    try {
      await withIdempotencyKey(keys, 'messages.delete', { messageId }, (key) =>
        bank.call('deleteMessage', { token, params: { id: messageId }, idempotencyKey: key }),
      )
    } catch (error) {
      // Already gone at the bank (deleted from another device, or an earlier attempt whose answer was lost).
      if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error
    }
    return null
  }

  /** Main decides again: the renderer's dialog is the user's confirmation, never the only check. */
  async function openLink(url: string, confirmedFlags: readonly string[]): Promise<{ url: string }> {
    const assessed = assessLink(url)
    if (!assessed.ok) throw new AppError('LINK_REFUSED', `link refused: ${assessed.reason}`, { reason: assessed.reason })
    const unconfirmed = assessed.flags.filter((flag) => !confirmedFlags.includes(flag))
    if (unconfirmed.length > 0) throw new AppError('LINK_NOT_CONFIRMED', 'a flagged link needs its second confirmation', { flags: unconfirmed.join(',') })
    if (!deps.openExternal) throw new AppError('LINK_REFUSED', 'this shell cannot open links', { reason: 'no-opener' })
    await deps.openExternal(assessed.url)
    return { url: assessed.url }
  }

  return { devices, removeDevice, messages, readMessage, deleteMessage, openLink }
}

export type AccountService = ReturnType<typeof createAccountService>

export function accountHandlers(
  open: () => Promise<{ account: AccountService; session: SessionService }>,
): HandlerMap<typeof accountChannels> {
  const a = async () => (await open()).account
  return {
    'devices.list': async () => (await a()).devices(),
    'devices.remove': async ({ deviceId, firstSeenAt }) => (await a()).removeDevice(deviceId, firstSeenAt),
    'session.signOut': async () => (await open()).session.signOut(),
    'messages.list': async () => (await a()).messages(),
    'messages.read': async ({ messageId }) => (await a()).readMessage(messageId),
    'messages.delete': async ({ messageId }) => (await a()).deleteMessage(messageId),
    'link.open': async ({ url, confirmedFlags }) => (await a()).openLink(url, confirmedFlags),
  }
}
