import { app, BrowserWindow, dialog, powerMonitor, safeStorage, session, shell } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmbeddedBank, type EmbeddedBank } from './platform/bank/embedded'
import { createWalletCore, type WalletCore } from './ipc/wallet'
import type { WalletCoreDeps } from './core'
import { registerElectronIpc } from './ipc/electron/index'
import { cspFor } from './shell/csp'
import { DEEP_LINK_SCHEME, deliverDeepLinkArgs, onDeepLink } from './base/deep-link'
import { createOpenExternalGuarded } from './shell/electron/external'
import { electronBackupFiles } from './shell/electron/files'
import { registerAppScheme, serveAppProtocol } from './shell/electron/protocol'
import { hardenSession } from './shell/electron/session'
import { hardenWebContents } from './shell/electron/web-contents'
import { lockOnSystemEvents } from './shell/electron/power'
import { createContentProtection } from './shell/session-hygiene'
import { createMainWindow, focusWindow } from './shell/electron/window'
import { installAppMenu } from './shell/electron/app-menu'
import { createTray, type TrayHandle } from './shell/electron/tray'
import { appIconPaths, appIconsDir } from './shell/icons'
import { showNotification } from './shell/electron/notify'
import { resolveShellMode } from './base/url-guard'
import { mainStrings } from './base/strings'
import type { ShellNavigate } from '../shared/contract'
import { chooseBank } from './shell/bank-choice'
import { DEBUG_REFUSAL_TITLE, debugSwitchRefusal } from './shell/debug-switches'
import {
  closeAction,
  INITIAL_SHELL_STATE,
  nextShellState,
  trayAction,
  trayMenu,
  trayTooltip,
  type ShellState,
  type TrayItemId,
} from './shell/tray'
import { noticeOf, notificationFor, type NotificationSpec, type ShellNotice, type WindowState } from './shell/notifications'

/*
 * The thin Electron shell: window, security, protocols. Everything the renderer can ask for goes
 * through the core's router (the same one the browser harness uses); the decisions made here live in
 * pure modules under ./shell, which unit tests assert.
 */

// First of all: a packaged app opened to a debugger would hand the wallet to whoever attaches.
const debugRefusal = debugSwitchRefusal({
  isPackaged: app.isPackaged,
  argv: process.argv,
  platform: process.platform,
  env: process.env,
})

const here = fileURLToPath(new URL('.', import.meta.url))
const preloadPath = join(here, '../preload/index.cjs')
const rendererRoot = join(here, '../renderer')

const mode = resolveShellMode({ isPackaged: app.isPackaged, rendererUrl: process.env['ELECTRON_RENDERER_URL'] })
const devTools = !app.isPackaged

let mainWindow: BrowserWindow | undefined
let core: WalletCore | undefined
let bank: EmbeddedBank | undefined
let disposeIpc: (() => void) | undefined
let disposePower: (() => void) | undefined
let disposeShellEvents: (() => void) | undefined
let tray: TrayHandle | undefined
/** Set once the app is on its way out (退出, the menu's Quit, the OS ending the session): the window really closes. */
let quitting = false
/** The language, 关闭窗口时最小化到托盘 and the wallet's lock, as main's shell follows them (src/main/shell/tray.ts). */
let shellState: ShellState = INITIAL_SHELL_STATE
const openExternalGuarded = createOpenExternalGuarded(() => shellState.language)

/** The tray's icon file for this platform (src/main/shell/icons.ts); a missing file gives an empty image and a log line. */
const trayIconPath = (): string =>
  appIconPaths(
    process.platform,
    appIconsDir({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() }),
  ).tray
// Out of screen capture while a pay code or the password sheet is shown (src/main/shell/session-hygiene.ts).
const protection = createContentProtection((on) => mainWindow?.setContentProtection(on))

// A fresh data folder for tests (tests/e2e-electron); never honoured by a packaged app.
const dataDirOverride = process.env['ICBC_WALLET_DATA_DIR']
if (!app.isPackaged && dataDirOverride) app.setPath('userData', dataDirOverride)

registerAppScheme()

/** Links that arrive before the core exists (macOS may send open-url before 'ready'). */
const earlyLinks: string[] = []
function deliverDeepLink(url: string): void {
  if (core) core.offerDeepLink(url)
  else earlyLinks.push(url)
}

function handleDeepLinkArgs(argv: readonly string[]): void {
  deliverDeepLinkArgs(argv, deliverDeepLink)
}

function openWindow(): void {
  const win = createMainWindow({ mode, preloadPath, devTools })
  mainWindow = win
  // The title is main's, in the settings' language, not the page's <title>.
  win.on('page-title-updated', (event) => event.preventDefault())
  win.setTitle(mainStrings(shellState.language).windowTitle)
  // 关闭窗口时最小化到托盘: the window hides and the wallet stays in the tray (never on macOS, never while quitting).
  win.on('close', (event) => {
    if (closeAction({ platform: process.platform, closeToTray: shellState.closeToTray, quitting }) !== 'hide') return
    event.preventDefault()
    win.hide()
  })
  // Windows ending the user's session closes the window for real.
  win.on('session-end', () => {
    quitting = true
  })
  win.on('closed', () => (mainWindow = undefined))
  protection.reapply()
}

/** Brings the wallet's window up, making one if there is none (macOS after it was closed). */
function showWindow(): void {
  if (!core) return
  if (!mainWindow || mainWindow.isDestroyed()) openWindow()
  else focusWindow(mainWindow)
}

/** Asks the renderer for a screen; a window still loading gets it once its page (and its listener) is there. */
function navigate(to: ShellNavigate): void {
  const send = () => core?.events.emit('shell.navigate', to)
  const contents = mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : undefined
  if (contents?.isLoading()) contents.once('did-finish-load', send)
  else send()
}

function onTrayItem(item: TrayItemId): void {
  for (const step of trayAction(item, shellState.session)) {
    if (step.kind === 'show') showWindow()
    else if (step.kind === 'navigate') navigate(step.to)
    else if (step.kind === 'lock') void core?.lockNow()
    else {
      quitting = true
      app.quit()
    }
  }
}

function windowState(): WindowState {
  const win = mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined
  return {
    exists: win !== undefined,
    visible: win?.isVisible() ?? false,
    minimized: win?.isMinimized() ?? false,
    focused: win?.isFocused() ?? false,
  }
}

function notify(notice: ShellNotice): void {
  const spec = notificationFor(notice, { window: windowState(), session: shellState.session, language: shellState.language })
  if (!spec) return
  testHooks?.notified.push(spec)
  showNotification(spec, showWindow)
}

/** A new language rebuilds the menu and the tray and retitles the window; a new lock state redraws the tray. */
function applyShellState(next: ShellState): void {
  const before = shellState
  shellState = next
  if (next.language !== before.language) {
    installAppMenu(devTools, next.language)
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.setTitle(mainStrings(next.language).windowTitle)
  }
  if (next.language !== before.language || next.session !== before.session) tray?.update(trayMenu(next), trayTooltip(next))
}

/**
 * For tests/e2e-electron only, never in a packaged app (and only on a test data folder): the tray's menu
 * as built, its items to press, and the notifications shown. Electron has no API that reads a tray's
 * menu or a shown notification back; Playwright reads this from main (`app.evaluate`).
 */
const testHooks =
  !app.isPackaged && dataDirOverride
    ? {
        notified: [] as NotificationSpec[],
        trayMenu: () => trayMenu(shellState),
        pressTray: (item: TrayItemId) => onTrayItem(item),
        state: () => shellState,
      }
    : undefined
if (testHooks) Object.assign(globalThis, { __walletShellTest: testHooks })

/** What the core holds now (at start, and after each unlock: a vault opened by its passphrase only then has settings to read). */
let shellReads = 0
function readShellState(): void {
  // Only the latest read counts: an older one answering late would bring back a state already left.
  const read = ++shellReads
  core
    ?.services()
    .then(async (s) => {
      const [settings, status] = await Promise.all([s.settings.get(), s.session.status()])
      if (read !== shellReads) return
      applyShellState({ language: settings.language, closeToTray: settings.closeToTray, session: status.status })
    })
    .catch(() => {
      // The vault is not open yet (it waits for its passphrase): the defaults hold until it is.
    })
}

/**
 * The embedded mock bank (127.0.0.1, without development routes, answering only the client that holds
 * this launch's secret, its SMS handed to the 模拟短信 notification in-process); a bank URL from the
 * environment only in an unpackaged build (./shell/bank-choice.ts). The bank listens now and opens its
 * journal when the core, its vault open, hands it the storage key from the secret store.
 */
async function connectBank(
  dataDir: string,
): Promise<Pick<WalletCoreDeps, 'bankUrl' | 'bankClientSecret' | 'simulatedSms' | 'bankStorageKey'>> {
  const choice = chooseBank({ isPackaged: app.isPackaged, env: process.env })
  if (choice.kind === 'external')
    return { bankUrl: choice.url, ...(choice.clientSecret ? { bankClientSecret: choice.clientSecret } : {}) }
  if (choice.ignored) console.warn(`[shell] ${choice.ignored} is ignored by the packaged app`)
  const embedded = await startEmbeddedBank(dataDir)
  bank = embedded
  return {
    bankUrl: embedded.url,
    bankClientSecret: embedded.clientSecret,
    simulatedSms: embedded.onSms,
    bankStorageKey: (key) => embedded.provideStorageKey(key),
  }
}

async function boot(): Promise<void> {
  installAppMenu(devTools, shellState.language)
  hardenSession(session.defaultSession, mode, (contents) => contents !== null && contents === mainWindow?.webContents)
  if (mode.kind === 'production') serveAppProtocol(rendererRoot, cspFor(mode))

  const dataDir = app.getPath('userData')
  core = await createWalletCore({
    shell: 'electron',
    version: app.getVersion(),
    platform: process.platform,
    dataDir,
    ...(await connectBank(dataDir)),
    vault: { safeStorage },
    files: electronBackupFiles(
      () => mainWindow,
      () => shellState.language,
    ),
    protectContent: (surface, on) => protection.set(surface, on),
    // The renderer's link guard has shown the domain and had each flag confirmed; main decided again (core/account.ts).
    openExternal: (url) => shell.openExternal(url),
    onIncomingTransfers: (transfers) => notify({ kind: 'transfers.received', transfers }),
    // 设置 → 关于 (core/about.ts): the build's licence lists beside out/main, and the data folder in the file manager.
    licencesDir: join(here, '../licences'),
    openPath: (path) => shell.openPath(path),
  })
  // The shell follows the settings and the lock from every event, locked or not, and turns some into OS notifications.
  disposeShellEvents = core.shellEvents.subscribe((name, payload) => {
    const next = nextShellState(shellState, name, payload)
    if (next !== shellState) {
      // Newer than any read still on its way.
      shellReads++
      applyShellState(next)
    }
    if (name === 'session.changed') readShellState()
    const notice = noticeOf(name, payload)
    if (notice) notify(notice)
  })
  readShellState()
  tray = createTray({
    iconPath: trayIconPath(),
    menu: trayMenu(shellState),
    tooltip: trayTooltip(shellState),
    onItem: onTrayItem,
  })
  // Sleep and a locked screen lock the wallet, as idling does.
  disposePower = lockOnSystemEvents(powerMonitor, () => void core?.lockNow())

  disposeIpc = registerElectronIpc({ router: core.router, events: core.events, mode, mainWindow: () => mainWindow })
  openWindow()
  for (const link of earlyLinks.splice(0)) core.offerDeepLink(link)
  handleDeepLinkArgs(process.argv.slice(1))
}

if (debugRefusal) {
  process.stderr.write(`${debugRefusal.message}\n`)
  // Before 'ready' this is a native dialog on Windows and macOS, stderr on Linux (Electron's dialog docs).
  dialog.showErrorBox(DEBUG_REFUSAL_TITLE, debugRefusal.message)
  app.exit(debugRefusal.exitCode)
} else if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', (_event, argv) => {
    focusWindow(mainWindow)
    handleDeepLinkArgs(argv.slice(1))
  })

  // macOS delivers deep links as open-url, possibly before 'ready'.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    focusWindow(mainWindow)
    onDeepLink(url, deliverDeepLink)
  })

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, mode, openExternalGuarded))

  // Registering an unpackaged dev build as the system handler would hijack links on developers'
  // machines (and CI); installers register the scheme too (electron-builder.yml `protocols`).
  if (app.isPackaged && !app.isDefaultProtocolClient(DEEP_LINK_SCHEME)) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) openWindow()
  })

  // From here on the window's close button closes it, whatever 关闭窗口时最小化到托盘 says.
  app.on('before-quit', () => {
    quitting = true
  })

  let disposed = false
  app.on('will-quit', (event) => {
    if (disposed || !core) return
    disposed = true
    event.preventDefault()
    disposeIpc?.()
    disposePower?.()
    disposeShellEvents?.()
    tray?.destroy()
    tray = undefined
    core
      .dispose()
      .then(() => bank?.close())
      .catch((error: unknown) => console.error('[shell] dispose failed:', error))
      .finally(() => app.quit())
  })

  app
    .whenReady()
    .then(boot)
    .catch((error: unknown) => {
      console.error('[shell] failed to start:', error)
      app.exit(1)
    })
}
