import type { z } from 'zod'
import type { Result } from '../errors'
import { appChannels, DeepLinkOffer, Settings, ShellNavigate } from './app'
import { vaultChannels, vaultEvents } from './vault'
import { activationChannels, activationEvents } from './activation'
import { syncChannels, syncEvents } from './sync-channels'
import { walletChannels } from './wallet'
import { backupChannels, backupEvents } from './backup'
import { paymentChannels, paymentEvents } from './payments'
import { accountChannels } from './account'
import { passwordChannels } from './passwords'
import { deregisterChannels } from './deregister'
import { wealthChannels } from './wealth'
import { twoFactorChannels } from './two-factor'
import type { InputOfSpec, OutputOfSpec, ParsedInputOfSpec } from './define'

export * from './define'
export * from './app'
export * from './vault'
export * from './activation'
export * from './sync'
export * from './replica'
export * from './sync-channels'
export * from './wallet'
export * from './backup'
export * from './payments'
export * from './account'
export * from './passwords'
export * from './deregister'
export * from './wealth'
export * from './two-factor'

/** Every request/response channel of the app. Per-domain maps are merged here. */
export const contract = {
  ...appChannels,
  ...vaultChannels,
  ...activationChannels,
  ...syncChannels,
  ...walletChannels,
  ...backupChannels,
  ...paymentChannels,
  ...accountChannels,
  ...passwordChannels,
  ...deregisterChannels,
  ...wealthChannels,
  ...twoFactorChannels,
}

/** Every event main pushes to the renderer, with its payload schema. */
export const events = {
  'settings.changed': Settings,
  /** A payment link from the OS (another app or the browser opened icbc-wallet://pay?…). */
  'deeplink.pay': DeepLinkOffer,
  /** The tray asks for a screen (付款码): the renderer goes there, through the lock screen when locked. */
  'shell.navigate': ShellNavigate,
  ...vaultEvents,
  ...activationEvents,
  ...syncEvents,
  ...backupEvents,
  ...paymentEvents,
}

export type Contract = typeof contract
export type Events = typeof events
export type ChannelName = keyof Contract & string
export type EventName = keyof Events & string
export type InputOf<C extends ChannelName> = InputOfSpec<Contract, C>
export type ParsedInputOf<C extends ChannelName> = ParsedInputOfSpec<Contract, C>
export type OutputOf<C extends ChannelName> = OutputOfSpec<Contract, C>
export type EventPayload<E extends EventName> = z.output<Events[E]>

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[]

/**
 * The only channels main answers while the wallet is locked (at start before the first unlock, after
 * the idle time, after 立即锁定): who is running, whether the vault is open and how to open it, how to
 * unlock or sign in, and how to draw the lock screen. Every other channel answers LOCKED
 * (src/main/ipc/router.ts), so a locked wallet hands out nothing the lock screen does not show.
 */
export const CHANNELS_WHILE_LOCKED = [
  'app.info',
  'window.protect',
  'settings.appearance',
  'vault.status',
  'vault.openWithPassphrase',
  'vault.resetAfterKeyLoss',
  'vault.retry',
  'session.status',
  'session.unlock',
  'session.signIn',
  'session.challenge',
  'session.abandonChallenge',
  'session.lock',
  // 忘记登录密码 from the sign-in screen, which a locked wallet shows too: it signs in afresh.
  'password.forgotLoginSms',
  'password.forgotLogin',
] as const satisfies readonly ChannelName[]

const whileLocked: ReadonlySet<string> = new Set(CHANNELS_WHILE_LOCKED)
export function isAllowedWhileLocked(name: string): boolean {
  return whileLocked.has(name)
}

/**
 * The only events that reach the renderer while the wallet is locked: the lock screen follows the
 * session and the settings, and a sign-in on a new device needs its 模拟短信. Payments, sync pages and
 * the outbox wait until the wallet is unlocked (src/main/core/index.ts). `shell.navigate` carries only a
 * screen's name: the renderer keeps it until the lock screen has been passed.
 */
export const EVENTS_WHILE_LOCKED = [
  'session.changed',
  'settings.changed',
  'sms.received',
  'vault.corrupt',
  'shell.navigate',
] as const satisfies readonly EventName[]

const eventsWhileLocked: ReadonlySet<string> = new Set(EVENTS_WHILE_LOCKED)
export function isEventAllowedWhileLocked(name: string): boolean {
  return eventsWhileLocked.has(name)
}
export const EVENT_NAMES = Object.keys(events) as EventName[]

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(contract, name)
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name)
}

/** Arguments of `invoke`: channels whose input is void take no second argument. */
export type InvokeArgs<C extends ChannelName> = InputOf<C> extends void | undefined ? [input?: InputOf<C>] : [input: InputOf<C>]

/**
 * The one object the preload exposes as `window.wallet`, and the shape every renderer transport has.
 * Subscriptions are identified by id because functions do not keep their identity across contextBridge.
 */
export interface WalletBridge {
  invoke<C extends ChannelName>(channel: C, ...args: InvokeArgs<C>): Promise<Result<OutputOf<C>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): string
  off(subscriptionId: string): void
}

/** The IPC channel names used on the wire between preload and main. */
export const IPC_INVOKE = 'wallet:invoke'
export const IPC_EVENT_PREFIX = 'wallet:event:'
