import type { ChannelName, EventName, IPC_EVENT_PREFIX as EventPrefix, IPC_INVOKE as Invoke } from '../shared/contract'

/**
 * The contract's names, without the contract: importing src/shared/contract would bundle zod and
 * every schema into the sandboxed preload (~160 kB for three channels). The lists are checked against
 * the contract's types in both directions, so adding a channel or event without listing it here
 * fails the typecheck with the missing name in the message (and tests/unit/shell compares the lists).
 */
export const PRELOAD_CHANNELS = [
  'app.info',
  'app.about',
  'app.licences',
  'app.openDataFolder',
  'window.protect',
  'settings.appearance',
  'settings.get',
  'settings.set',
  'deeplink.take',
  'print.toPdf',
  'vault.status',
  'vault.openWithPassphrase',
  'vault.retry',
  'vault.resetAfterKeyLoss',
  'activation.state',
  'activation.register',
  'activation.sendSms',
  'activation.verify',
  'activation.bindCard',
  'activation.setPayPassword',
  'activation.back',
  'activation.cancel',
  'session.status',
  'session.signIn',
  'session.challenge',
  'session.abandonChallenge',
  'session.unlock',
  'session.lock',
  'session.activity',
  'sync.attach',
  'replica.key',
  'replica.seal',
  'sync.ack',
  'sync.now',
  'sync.status',
  'outbox.list',
  'outbox.cancel',
  'outbox.resend',
  'wallet.summary',
  'backup.checkPassphrase',
  'backup.stageBegin',
  'backup.stage',
  'backup.create',
  'backup.uploadBegin',
  'backup.upload',
  'backup.inspect',
  'backup.open',
  'backup.openPage',
  'backup.commitRestore',
  'backup.undoRestore',
  'backup.autoRun',
  'backup.autoList',
  'cards.list',
  'cards.bind',
  'cards.unbind',
  'cards.setLabel',
  'pay.topup',
  'pay.withdraw',
  'transfer.lookup',
  'transfer.toWallet',
  'transfer.toCard',
  'transfer.limits',
  'payees.list',
  'payees.remove',
  'bills.billers',
  'bills.query',
  'bills.pay',
  'bills.households',
  'bills.saveHousehold',
  'bills.removeHousehold',
  'scan.decode',
  'scan.pay',
  'checkout.open',
  'checkout.pay',
  'paycode.current',
  'paycode.watch',
  'paycode.pending',
  'paycode.confirm',
  'paycode.decline',
  'paycode.settings',
  'coupons.list',
  'coupons.claim',
  'coupons.applicable',
  'receipt.get',
  'devices.list',
  'devices.remove',
  'session.signOut',
  'messages.list',
  'messages.read',
  'messages.delete',
  'link.open',
  'password.overview',
  'password.changeLogin',
  'password.changePay',
  'password.forgotPaySms',
  'password.forgotPay',
  'password.forgotLoginSms',
  'password.forgotLogin',
  'password.snoozeReminder',
  'password.setReminder',
  'password.setSmallAmount',
  'wealth.products',
  'wealth.questionnaire',
  'wealth.assess',
  'wealth.holdings',
  'wealth.buy',
  'wealth.redeem',
  'account.deregisterCheck',
  'account.deregisterSendSms',
  'account.deregister',
  'twofa.status',
  'twofa.enroll',
  'twofa.confirm',
  'twofa.saveRecoveryCodes',
  'twofa.disable',
] as const satisfies readonly ChannelName[]
export const PRELOAD_EVENTS = [
  'settings.changed',
  'deeplink.pay', 'shell.navigate', 'vault.corrupt', 'sms.received', 'session.changed', 'sync.status', 'sync.progress', 'sync.page', 'outbox.changed', 'outbox.passwordNeeded', 'backup.progress', 'payment.completed', 'payment.failed', 'paycode.charged'] as const satisfies readonly EventName[]

type MissingChannel = Exclude<ChannelName, (typeof PRELOAD_CHANNELS)[number]>
type MissingEvent = Exclude<EventName, (typeof PRELOAD_EVENTS)[number]>
export const ALL_CHANNELS_LISTED: [MissingChannel] extends [never] ? true : MissingChannel = true
export const ALL_EVENTS_LISTED: [MissingEvent] extends [never] ? true : MissingEvent = true

export const IPC_INVOKE = 'wallet:invoke' satisfies typeof Invoke
export const IPC_EVENT_PREFIX = 'wallet:event:' satisfies typeof EventPrefix

const channels: ReadonlySet<string> = new Set(PRELOAD_CHANNELS)
const events: ReadonlySet<string> = new Set(PRELOAD_EVENTS)

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && channels.has(name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && events.has(name)
}
