import { app, BrowserWindow, dialog, powerMonitor, safeStorage, session, shell } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmbeddedBank, type EmbeddedBank } from './platform/bank/embedded'
import { createWalletCore, type WalletCore } from './ipc/wallet'
import type { WalletCoreDeps } from './core'
import { registerElectronIpc } from './ipc/electron/index'
import { cspFor } from './shell/csp'
import { DEEP_LINK_SCHEME, deliverDeepLinkArgs, onDeepLink } from './base/deep-link'
import { openExternalGuarded } from './shell/electron/external'
import { electronBackupFiles } from './shell/electron/files'
import { registerAppScheme, serveAppProtocol } from './shell/electron/protocol'
import { hardenSession } from './shell/electron/session'
import { hardenWebContents } from './shell/electron/web-contents'
import { lockOnSystemEvents } from './shell/electron/power'
import { createContentProtection } from './shell/session-hygiene'
import { createMainWindow, focusWindow, installAppMenu } from './shell/electron/window'
import { resolveShellMode } from './base/url-guard'
import { chooseBank } from './shell/bank-choice'
import { debugSwitchRefusal } from './shell/debug-switches'

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
  mainWindow = createMainWindow({ mode, preloadPath, devTools })
  mainWindow.on('closed', () => (mainWindow = undefined))
  protection.reapply()
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
  installAppMenu(devTools)
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
    files: electronBackupFiles(() => mainWindow),
    protectContent: (surface, on) => protection.set(surface, on),
    // The renderer's link guard has shown the domain and had each flag confirmed; main decided again (core/account.ts).
    openExternal: (url) => shell.openExternal(url),
    // 设置 → 关于 (core/about.ts): the build's licence lists beside out/main, and the data folder in the file manager.
    licencesDir: join(here, '../licences'),
    openPath: (path) => shell.openPath(path),
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
  dialog.showErrorBox('工行数字钱包 · ICBC Wallet', debugRefusal.message)
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

  let disposed = false
  app.on('will-quit', (event) => {
    if (disposed || !core) return
    disposed = true
    event.preventDefault()
    disposeIpc?.()
    disposePower?.()
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
