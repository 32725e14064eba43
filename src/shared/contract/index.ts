import type { z } from 'zod'
import type { Result } from '../errors'
import { appChannels, DeepLinkOffer, Settings } from './app'
import { vaultChannels, vaultEvents } from './vault'
import { activationChannels, activationEvents } from './activation'
import { syncChannels, syncEvents } from './sync-channels'
import { walletChannels } from './wallet'
import { backupChannels, backupEvents } from './backup'
import { paymentChannels, paymentEvents } from './payments'
import type { InputOfSpec, OutputOfSpec, ParsedInputOfSpec } from './define'

export * from './define'
export * from './app'
export * from './vault'
export * from './activation'
export * from './sync'
export * from './sync-channels'
export * from './wallet'
export * from './backup'
export * from './payments'

/** Every request/response channel of the app. Per-domain maps are merged here. */
export const contract = {
  ...appChannels,
  ...vaultChannels,
  ...activationChannels,
  ...syncChannels,
  ...walletChannels,
  ...backupChannels,
  ...paymentChannels,
}

/** Every event main pushes to the renderer, with its payload schema. */
export const events = {
  'settings.changed': Settings,
  /** A payment link from the OS (another app or the browser opened icbc-wallet://pay?…). */
  'deeplink.pay': DeepLinkOffer,
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
