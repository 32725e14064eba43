import { randomUUID } from 'node:crypto'
import { readdir, rm, rmdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { SmsMessage } from '../../shared/bank-api'
import type { AppInfo, Contract } from '../../shared/contract'
import { isEventAllowedWhileLocked } from '../../shared/contract'
import { maskPhone } from '../../shared/validators'
import { createBankClient, type BankClient } from '../platform/bank/client'
import type { HandlerMap } from '../base/handlers'
import { createOutbox, type Outbox } from '../platform/sync/outbox'
import { createOutboxSender } from '../platform/sync/outbox-sender'
import { outboxView } from '../platform/sync/outbox-view'
import { createSyncEngine, type SyncEngine } from '../platform/sync/engine'
import type { IncomingTransfer } from '../platform/sync/mapping'
import { createReplicaService, type ReplicaService } from './replica'
import type { ReplicaKeys, ReplicaSealer } from '../platform/replica/sealer'
import { createUnlockService, type UnlockService } from '../platform/vault'
import { createActivationService } from './activation'
import { createEventBus, type EventBus } from '../base/events'
import { docKeyLedger } from './keys-doc'
import { systemClock, type Clock } from '../base/ports'
import { createSessionService, type SessionService } from './session'
import { createSettingsService, type SettingsService } from './settings'
import { createWalletService } from './wallet'
import { createBackupService, type BackupFiles } from './backup'
import { openVaultGate, type VaultGate, type VaultGateOptions } from './vault-gate'
import { createOutboxHintWriter } from './outbox-hint'
import { createPaymentServices, paymentHandlers, type PaymentServices } from './payments'
import { createLockGuard } from './lock-guard'
import { loadOrCreateBankKey } from './bank-key'
import { accountHandlers, createAccountService, type AccountService } from './account'
import { createPasswordService, type PasswordService } from './passwords'
import { createDeregisterService, deregisterHandlers, type DeregisterService } from './deregister'
import { wealthHandlers } from './payments/wealth'
import { aboutHandlers } from './about'
import { AUTO_BACKUP_KEY_ACCOUNT, listAutoBackups } from '../platform/backup/auto'
import { PAYCODE_SECRET_ACCOUNT } from './payments/paycode'
import { OUTBOX_HINT_FILE } from './outbox-hint'
import { createTwoFactorService, type TwoFactorService } from './two-factor'

const APP_NAME = '工行数字钱包'

export interface WalletCoreDeps {
  shell: AppInfo['shell']
  version: string
  platform: NodeJS.Platform
  /** The app's data folder (Electron: app.getPath('userData'); harness: --data-dir). */
  dataDir: string
  /** The bank's base URL (the embedded mock bank, or --bank-url): https, or http on this computer. */
  bankUrl: string
  /** The embedded mock bank's per-launch client secret (src/main/platform/bank/embedded.ts). */
  bankClientSecret?: string
  /**
   * Where the 模拟短信 notification's codes come from: the embedded mock bank's SMS outlet (`onSms`),
   * in-process, as a phone would receive them. Left out with a real (or another process's) bank.
   */
  simulatedSms?: SmsSource
  /**
   * Receives the embedded mock bank's storage key once the vault is open (at start, or after the master
   * passphrase): read from, or made in, the secret store (./bank-key.ts). Called once. Left out with a
   * real (or another process's) bank.
   */
  bankStorageKey?: (key: Uint8Array) => void
  /** Where secrets may live: Electron passes safeStorage; the harness may pass a fixed store. */
  vault?: Pick<VaultGateOptions, 'safeStorage' | 'loadKeytar' | 'secrets'>
  clock?: Clock
  /** Where finished backups go (save dialog, download). */
  files: BackupFiles
  /** Keeps the window out of screen capture while a pay code or the password sheet is shown (Electron only). */
  protectContent?: (surface: 'paycode' | 'password', on: boolean) => void
  /** The build's licence lists for 设置 → 关于 (./about.ts); left out, the screen says none were listed. */
  licencesDir?: string
  /** Opens the data folder in the file manager (Electron: shell.openPath, '' or why not); left out: unavailable. */
  openPath?: (path: string) => Promise<string>
  /** Opens a link in the user's browser once the link guard and the user have said yes (Electron: shell.openExternal). */
  openExternal?: (url: string) => Promise<void>
  /**
   * New transfers into the wallet, as the change feed brings them to the renderer's replica (each once;
   * not on a replica's first sync): the shell's OS notification. Never forwarded to a renderer.
   */
  onIncomingTransfers?: (transfers: IncomingTransfer[]) => void
  /** Tuning for tests (page size, back-off, timeouts). */
  sync?: Partial<Pick<Parameters<typeof createSyncEngine>[0], 'pageSize' | 'ackTimeoutMs' | 'periodMs' | 'backoff' | 'random'>>
  /**
   * Makes the replica's sealer from the customer's keys (createReplicaSealer unless given). Only the
   * benchmark's harness passes another (bench/null-sealer.ts, same records without encryption) to
   * measure what sealing costs a sync; the app never does.
   */
  replicaSealer?: (keys: ReplicaKeys) => ReplicaSealer
}

/** Simulated SMS as a phone receives them: subscribe with a listener; answers the function that stops it. */
export type SmsSource = (deliver: (sms: SmsMessage) => void) => () => void

export interface WalletServices {
  /** Every channel's handler (src/shared/contract); src/main/ipc/wallet.ts puts them behind the router. */
  handlers: HandlerMap<Contract>
  /** Asked before every call: refuses what the lock does not allow (src/main/core/lock-guard.ts). */
  guard: ReturnType<typeof createLockGuard>
  /** What the transports forward: while the wallet is locked only the lock screen's events. */
  events: EventBus
  /**
   * Every event as emitted, locked or not: for main's own shell only (its OS notifications decide
   * what a locked wallet may show: src/main/shell/notifications.ts). Never hand it to a transport.
   */
  shellEvents: Pick<EventBus, 'subscribe'>
  vault: VaultGate
  bank: BankClient
  /** The services behind the router, once the vault is open (for the shells and tests). */
  services(): Promise<OpenServices>
  /** Locks the wallet now if someone is signed in (the computer sleeps or its screen locks); else nothing. */
  lockNow(): Promise<void>
  /** A valid payment deep link from the OS: offered to the renderer now, and kept until it takes it. */
  offerDeepLink(url: string): void
  dispose(): Promise<void>
}

async function removeIfEmpty(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => undefined)
  if (entries && entries.length === 0) await rmdir(dir).catch(() => undefined)
}

function platformOf(p: NodeJS.Platform): AppInfo['platform'] {
  return p === 'win32' || p === 'darwin' || p === 'linux' ? p : 'other'
}

export interface OpenServices {
  settings: SettingsService
  unlock: UnlockService
  session: SessionService
  activation: ReturnType<typeof createActivationService>
  outbox: Outbox
  sync: SyncEngine
  replica: ReplicaService
  wallet: ReturnType<typeof createWalletService>
  payments: PaymentServices
  backup: ReturnType<typeof createBackupService>
  account: AccountService
  passwords: PasswordService
  deregister: DeregisterService
  twoFactor: TwoFactorService
}

/**
 * The use cases composed over the platform services: the handlers of every channel, the lock's guard and
 * the events the transports forward. The router is built from them in src/main/ipc/wallet.ts, which
 * Electron main and the browser harness both call, so the renderer talks to exactly the same services
 * whichever shell carries the bridge.
 */
export async function createWalletServices(deps: WalletCoreDeps): Promise<WalletServices> {
  const events = createEventBus()
  const clock = deps.clock ?? systemClock
  const bootId = randomUUID()
  const bank = createBankClient({
    baseUrl: deps.bankUrl,
    ...(deps.bankClientSecret ? { clientSecret: deps.bankClientSecret } : {}),
  })
  const vault = await openVaultGate({
    dataDir: deps.dataDir,
    platform: deps.platform,
    clock,
    ...deps.vault,
    onCorrupt: ({ name, generation, reason }) => events.emit('vault.corrupt', { name, generation, reason }),
  })

  // The embedded bank waits for its key until the vault is open: handed over at start when the vault
  // opens at once, else after the passphrase, a retry or a reset opened it (the handlers below), and at
  // the latest before the first service that talks to the bank is built.
  let bankKeyHanded: Promise<void> | undefined
  function handBankKey(): Promise<void> {
    const receiver = deps.bankStorageKey
    if (!receiver || vault.status().state !== 'ready') return Promise.resolve()
    bankKeyHanded ??= loadOrCreateBankKey(vault.open().secrets).then(
      (key) => receiver(key),
      (error: unknown) => {
        // The store did not answer: the bank keeps answering 503 until a later call gets the key.
        bankKeyHanded = undefined
        console.warn(`[core] the bank's storage key could not be read: ${error instanceof Error ? error.message : String(error)}`)
      },
    )
    return bankKeyHanded
  }
  await handBankKey()

  // Services that keep state need the open vault; they are built the first time they are asked for.
  let services: OpenServices | undefined
  let opening: Promise<OpenServices> | undefined
  async function open(): Promise<OpenServices> {
    if (services) return services
    const { docStore, secrets } = vault.open()
    await handBankKey()
    opening ??= (async () => {
      const settings = createSettingsService(docStore, events)
      const unlock = createUnlockService({
        store: docStore,
        clock,
        idleMs: (await settings.get()).autoLockMinutes * 60_000,
        onLock: () => void session.onLocked(),
      })
      const keys = docKeyLedger(docStore)
      const session = createSessionService({ store: docStore, secrets, unlock, bank, keys, events, clock })
      const activation = createActivationService({ store: docStore, bank, keys, session, clock })
      // A plain count of sent-once items beside the sealed outbox, so a reset can be refused while the key is unreachable.
      const outboxHint = createOutboxHintWriter(join(deps.dataDir, 'state'))
      const outbox = createOutbox({
        store: docStore,
        clock,
        ...createOutboxSender(bank, () => session.token()),
        beforeSave: (items) => outboxHint.raise(items),
        onChange: (items) => {
          void outboxHint.settle(items)
          events.emit('outbox.changed', items.map(outboxView))
        },
      })
      // Installations from before the hint get theirs now, not only at the next change. Awaited
      // here, before anything else can use the outbox, so this first load never races another.
      const queued = await outbox.list().catch(() => undefined)
      if (queued) void outboxHint.settle(queued)
      const replica = createReplicaService({
        store: docStore,
        keys: (owner) => vault.open().replicaKeys(owner),
        ...(deps.replicaSealer ? { makeSealer: deps.replicaSealer } : {}),
      })
      const sync = createSyncEngine({
        bank,
        token: () => session.token(),
        outbox,
        sealer: () => replica.sealer(),
        events,
        clock,
        ...(deps.onIncomingTransfers ? { onIncoming: deps.onIncomingTransfers } : {}),
        ...deps.sync,
      })
      const wallet = createWalletService({ store: docStore, bank, session, clock })
      const payments = createPaymentServices({
        store: docStore,
        secrets,
        bank,
        session,
        keys,
        outbox,
        sync,
        wallet,
        events,
        clock,
      })
      const backup = createBackupService({
        dataDir: deps.dataDir,
        store: docStore,
        secrets,
        settings,
        lists: payments.userLists,
        events,
        clock,
        version: deps.version,
        files: deps.files,
        replicaKeys: (owner) => vault.open().replicaKeys(owner),
      })
      await backup.recover()
      const account = createAccountService({
        bank,
        keys,
        session,
        ...(deps.openExternal ? { openExternal: deps.openExternal } : {}),
      })
      const passwords = createPasswordService({ store: docStore, bank, session, unlock, keys, calls: payments.calls })
      const deregister = createDeregisterService({ dataDir: deps.dataDir, bank, session, keys, outbox, wipe: forgetCustomer })
      const twoFactor = createTwoFactorService({
        bank,
        session,
        files: deps.files,
        language: async () => (await settings.get()).language,
      })
      services = {
        settings,
        unlock,
        session,
        activation,
        outbox,
        sync,
        replica,
        wallet,
        backup,
        payments,
        account,
        passwords,
        deregister,
        twoFactor,
      }
      return services
    })()
    return opening
  }

  /**
   * 注销, once the bank has closed the wallet: the services stop (and forget what they held in memory:
   * the session, outbox passwords, the wizard), the vault wipes sealed documents and keychain entries
   * (src/main/core/vault-gate.ts), then the plain files that remain go: the outbox hint, and the
   * automatic backups unless the user keeps them (with the key that opens them). The next call opens
   * everything afresh, as on a new computer; the renderer deletes its replica and shows the welcome.
   */
  async function forgetCustomer(deleteAutoBackups: boolean): Promise<number> {
    const old = services
    old?.sync.stop()
    old?.payments.dispose()
    old?.unlock.dispose()
    services = undefined
    opening = undefined
    phonesOfInterest.clear()
    const autoDir = join(deps.dataDir, 'backups', 'auto')
    const kept = deleteAutoBackups ? 0 : (await listAutoBackups(autoDir)).length
    await vault.wipe({
      accounts: [PAYCODE_SECRET_ACCOUNT, AUTO_BACKUP_KEY_ACCOUNT],
      keep: kept > 0 ? [AUTO_BACKUP_KEY_ACCOUNT] : [],
    })
    const stateDir = join(deps.dataDir, 'state')
    await rm(join(stateDir, OUTBOX_HINT_FILE), { force: true })
    await removeIfEmpty(stateDir)
    if (kept === 0) {
      await rm(autoDir, { recursive: true, force: true })
      await removeIfEmpty(join(deps.dataDir, 'backups'))
    }
    events.emit('session.changed', { status: 'none', offline: false, profile: null })
    return kept
  }

  // 模拟短信: only codes for the phones this app is working with reach the notification.
  const phonesOfInterest = new Set<string>()
  const stopSms = deps.simulatedSms?.((m) => {
    if (!phonesOfInterest.has(m.phone)) return
    events.emit('sms.received', {
      phoneMasked: maskPhone(m.phone),
      code: m.code,
      purpose: m.purpose,
      at: m.sentAt,
      expiresAt: m.expiresAt,
    })
  })

  let pendingDeepLink: string | null = null

  async function afterVaultChange<T>(status: T): Promise<T> {
    await handBankKey()
    return status
  }

  const handlers: HandlerMap<Contract> = {
    'print.toPdf': async ({ fileName }) =>
      deps.files.printToPdf ? deps.files.printToPdf(fileName) : { kind: 'unavailable' as const },
    'deeplink.take': () => {
      const link = pendingDeepLink
      pendingDeepLink = null
      return link ? { link } : null
    },
    'window.protect': ({ surface, on }) => {
      deps.protectContent?.(surface, on)
      return null
    },
    ...aboutHandlers({
      name: APP_NAME,
      version: deps.version,
      shell: deps.shell,
      dataDir: deps.dataDir,
      ...(deps.licencesDir ? { licencesDir: deps.licencesDir } : {}),
      ...(deps.openPath ? { openPath: deps.openPath } : {}),
    }),
    'app.info': () => ({
      name: APP_NAME,
      version: deps.version,
      platform: platformOf(deps.platform),
      shell: deps.shell,
      bootId,
    }),
    'settings.appearance': async () => {
      const { language, theme } = await (await open()).settings.get()
      return { language, theme }
    },
    'settings.get': async () => (await open()).settings.get(),
    'settings.set': async (patch) => {
      const s = await open()
      const next = await s.settings.set(patch)
      s.unlock.setIdleMs(next.autoLockMinutes * 60_000)
      return next
    },
    'vault.status': () => vault.status(),
    'vault.openWithPassphrase': async ({ passphrase }) => afterVaultChange(await vault.openWithPassphrase(passphrase)),
    'vault.retry': async () => afterVaultChange(await vault.retry()),
    'vault.resetAfterKeyLoss': async () => afterVaultChange(await vault.resetAfterKeyLoss()),

    'activation.state': async () => (await open()).activation.state(),
    'activation.register': async (input) => {
      phonesOfInterest.add(input.phone.trim())
      return (await open()).activation.register(input)
    },
    'activation.sendSms': async () => {
      const s = await open()
      phonesOfInterest.add((await s.activation.state()).draft.phone)
      return s.activation.sendSms()
    },
    'activation.verify': async ({ code }) => (await open()).activation.verify(code),
    'activation.bindCard': async (input) => (await open()).activation.bindCard(input),
    'activation.setPayPassword': async ({ payPassword }) => (await open()).activation.setPayPassword(payPassword),
    'activation.back': async () => (await open()).activation.back(),
    'activation.cancel': async () => (await open()).activation.cancel(),

    'session.status': async () => (await open()).session.status(),
    'session.signIn': async ({ phone, password }) => {
      phonesOfInterest.add(phone.trim())
      return (await open()).session.signIn(phone.trim(), password)
    },
    'session.challenge': async ({ code }) => (await open()).session.answerChallenge(code),
    'session.abandonChallenge': async () => {
      ;(await open()).session.abandonChallenge()
      return null
    },
    'session.unlock': async ({ password }) => (await open()).session.unlockWith(password),
    'session.lock': async () => (await open()).session.lock(),
    'session.activity': async () => (await open()).session.touch(),

    'sync.attach': async ({ cursor }) => {
      const { sync, replica } = await open()
      // A cursor this customer's keys did not seal (another customer, a reset key) is refused here,
      // so the renderer clears its replica and starts from the beginning.
      await replica.unwrapCursor(cursor)
      return sync.attach(cursor)
    },
    'replica.key': async () => (await open()).replica.key(),
    'replica.seal': async (page) => (await open()).replica.seal(page),
    'sync.ack': async (ack) => (await open()).sync.ack(ack),
    'sync.now': async () => (await open()).sync.syncNow(),
    'sync.status': async () => (await open()).sync.status(),
    'outbox.list': async () => (await (await open()).outbox.list()).map(outboxView),
    'outbox.cancel': async ({ id }) => outboxView(await (await open()).outbox.cancel(id)),
    'wallet.summary': async () => (await open()).wallet.summary(),
    'backup.checkPassphrase': async ({ passphrase }) => (await open()).backup.checkPassphrase(passphrase),
    'backup.stageBegin': async () => (await open()).backup.stageBegin(),
    'backup.stage': async (chunk) => (await open()).backup.stage(chunk),
    'backup.create': async ({ passphrase, ...staged }) => (await open()).backup.create(passphrase, staged),
    'backup.uploadBegin': async ({ bytes }) => (await open()).backup.uploadBegin(bytes),
    'backup.upload': async (piece) => (await open()).backup.upload(piece),
    'backup.inspect': async (source) => (await open()).backup.inspect(source),
    'backup.open': async (source) => (await open()).backup.open(source),
    'backup.openPage': async ({ restoreId, page }) => (await open()).backup.openPage(restoreId, page),
    'backup.commitRestore': async ({ restoreId }) => {
      const s = await open()
      const done = await s.backup.commitRestore(restoreId)
      s.unlock.setIdleMs(done.settings.autoLockMinutes * 60_000)
      return done
    },
    'backup.undoRestore': async () => {
      const s = await open()
      const done = await s.backup.undoRestore()
      s.unlock.setIdleMs(done.settings.autoLockMinutes * 60_000)
      return done
    },
    'backup.autoRun': async (staged) => {
      const s = await open()
      s.unlock.assertUnlocked()
      return s.backup.autoRun(staged)
    },
    'backup.autoList': async () => (await open()).backup.autoList(),
    'twofa.status': async () => (await open()).twoFactor.status(),
    'twofa.enroll': async () => (await open()).twoFactor.enroll(),
    'twofa.confirm': async ({ code }) => (await open()).twoFactor.confirm(code),
    'twofa.disable': async ({ password, code }) => (await open()).twoFactor.disable(password, code),
    'twofa.saveRecoveryCodes': async ({ codes }) => (await open()).twoFactor.saveRecoveryCodes(codes),
    ...paymentHandlers(open),
    ...accountHandlers(open),

    'password.overview': async () => (await open()).passwords.overview(),
    'password.changeLogin': async (input) => (await open()).passwords.changeLogin(input),
    'password.changePay': async (input) => (await open()).passwords.changePay(input),
    'password.forgotPaySms': async () => (await open()).passwords.forgotPaySms(),
    'password.forgotPay': async (input) => (await open()).passwords.forgotPay(input),
    'password.forgotLoginSms': async (input) => {
      phonesOfInterest.add(input.phone.trim())
      return (await open()).passwords.forgotLoginSms(input)
    },
    'password.forgotLogin': async (input) => {
      phonesOfInterest.add(input.phone.trim())
      return (await open()).passwords.forgotLogin(input)
    },
    'password.snoozeReminder': async () => (await open()).passwords.snooze(),
    'password.setReminder': async (input) => (await open()).passwords.setReminder(input),
    'password.setSmallAmount': async (input) => (await open()).passwords.setSmallAmount(input),
    ...wealthHandlers(async () => (await open()).payments.wealth),
    ...deregisterHandlers(async () => (await open()).deregister),
  }

  // Unlocking (or signing in) may let a stalled sync go on.
  events.subscribe((name, payload) => {
    if (name === 'session.changed' && (payload as { status: string }).status === 'unlocked') services?.sync.nudge()
  })

  const guard = createLockGuard({
    assertVaultOpen: () => void vault.open(),
    walletLocked: async () => (await open()).session.isLocked(),
  })
  // What the transports forward: while the wallet is locked only the lock screen's events go out.
  const outward: EventBus = {
    emit: events.emit,
    subscribe: (listener) =>
      events.subscribe((name, payload) => {
        if (isEventAllowedWhileLocked(name) || (services && !services.session.lockedNow())) listener(name, payload)
      }),
  }
  return {
    handlers,
    guard,
    events: outward,
    shellEvents: { subscribe: (listener) => events.subscribe(listener) },
    vault,
    bank,
    services: open,
    async lockNow() {
      // Nothing to lock before the vault is open or before anyone has signed in on this computer.
      if (!services || !(await services.session.status()).profile) return
      if (!services.session.lockedNow()) await services.session.lock()
    },
    offerDeepLink(url) {
      pendingDeepLink = url
      events.emit('deeplink.pay', { link: url })
    },
    async dispose() {
      stopSms?.()
      services?.sync.stop()
      services?.payments.dispose()
      services?.unlock.dispose()
    },
  }
}
