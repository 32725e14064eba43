import { app, BrowserWindow, powerMonitor, safeStorage, session } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmbeddedBank, type BankServer } from './platform/bank/embedded'
import { createWalletCore, type WalletCore } from './ipc/wallet'
import { registerElectronIpc } from './ipc/electron/index'
import { cspFor } from './shell/csp'
import { DEEP_LINK_SCHEME, deepLinkCandidates, onDeepLink } from './base/deep-link'
import { openExternalGuarded } from './shell/electron/external'
import { electronBackupFiles } from './shell/electron/files'
import { registerAppScheme, serveAppProtocol } from './shell/electron/protocol'
import { hardenSession } from './shell/electron/session'
import { hardenWebContents } from './shell/electron/web-contents'
import { lockOnSystemEvents } from './shell/electron/power'
import { createContentProtection } from './shell/session-hygiene'
import { createMainWindow, focusWindow, installAppMenu } from './shell/electron/window'
import { resolveShellMode } from './base/url-guard'

/*
 * The thin Electron shell: window, security, protocols. Everything the renderer can ask for goes
 * through the core's router (the same one the browser harness uses); the decisions made here live in
 * pure modules under ./shell, which unit tests assert.
 */

const here = fileURLToPath(new URL('.', import.meta.url))
const preloadPath = join(here, '../preload/index.cjs')
const rendererRoot = join(here, '../renderer')

const mode = resolveShellMode({ isPackaged: app.isPackaged, rendererUrl: process.env['ELECTRON_RENDERER_URL'] })
const devTools = !app.isPackaged

let mainWindow: BrowserWindow | undefined
let core: WalletCore | undefined
let bank: BankServer | undefined
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
  for (const candidate of deepLinkCandidates(argv)) onDeepLink(candidate, deliverDeepLink)
}

function openWindow(): void {
  mainWindow = createMainWindow({ mode, preloadPath, devTools })
  mainWindow.on('closed', () => (mainWindow = undefined))
  protection.reapply()
}

async function boot(): Promise<void> {
  installAppMenu(devTools)
  hardenSession(session.defaultSession, mode, (contents) => contents !== null && contents === mainWindow?.webContents)
  if (mode.kind === 'production') serveAppProtocol(rendererRoot, cspFor(mode))

  const dataDir = app.getPath('userData')
  // The embedded mock bank (127.0.0.1) unless a bank URL is given; the wallet reaches it only by URL.
  const externalBank = process.env['ICBC_WALLET_BANK_URL']
  bank = externalBank ? undefined : await startEmbeddedBank(dataDir)
  const bankUrl = externalBank ?? bank!.url
  core = await createWalletCore({
    shell: 'electron',
    version: app.getVersion(),
    platform: process.platform,
    dataDir,
    bankUrl,
    simulatedSms: !externalBank,
    vault: { safeStorage },
    files: electronBackupFiles(() => mainWindow),
    protectContent: (surface, on) => protection.set(surface, on),
  })
  // Sleep and a locked screen lock the wallet, as idling does.
  disposePower = lockOnSystemEvents(powerMonitor, () => void core?.lockNow())

  disposeIpc = registerElectronIpc({ router: core.router, events: core.events, mode, mainWindow: () => mainWindow })
  openWindow()
  for (const link of earlyLinks.splice(0)) core.offerDeepLink(link)
  handleDeepLinkArgs(process.argv.slice(1))
}

if (!app.requestSingleInstanceLock()) {
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
