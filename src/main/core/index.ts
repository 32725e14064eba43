import type { AppInfo } from '../../shared/contract'
import { contract } from '../../shared/contract'
import { createRouter, type HandlerMap, type Router } from '../ipc/router'
import { createEventBus, type EventBus } from './events'
import { systemClock, type Clock } from './ports'
import { createSettingsService, type SettingsService } from './settings'
import { openVaultGate, type VaultGate, type VaultGateOptions } from './vault-gate'

export interface WalletCoreDeps {
  shell: AppInfo['shell']
  version: string
  platform: NodeJS.Platform
  /** The app's data folder (Electron: app.getPath('userData'); harness: --data-dir). */
  dataDir: string
  /** Where secrets may live: Electron passes safeStorage; the harness may pass a fixed store. */
  vault?: Pick<VaultGateOptions, 'safeStorage' | 'loadKeytar' | 'secrets'>
  clock?: Clock
}

export interface WalletCore {
  router: Router
  events: EventBus
  vault: VaultGate
  dispose(): Promise<void>
}

function platformOf(p: NodeJS.Platform): AppInfo['platform'] {
  return p === 'win32' || p === 'darwin' || p === 'linux' ? p : 'other'
}

/**
 * The composition root. Electron main and the browser harness both call this, so the renderer talks
 * to exactly the same services whichever shell carries the bridge.
 */
export async function createWalletCore(deps: WalletCoreDeps): Promise<WalletCore> {
  const events = createEventBus()
  const clock = deps.clock ?? systemClock
  const vault = await openVaultGate({
    dataDir: deps.dataDir,
    platform: deps.platform,
    clock,
    ...deps.vault,
    onCorrupt: ({ name, generation }) => events.emit('vault.corrupt', { name, generation }),
  })

  // Services that keep state need the open vault; they are built the first time they are asked for.
  let settings: SettingsService | undefined
  const settingsService = () => (settings ??= createSettingsService(vault.open().docStore, events))

  const handlers: HandlerMap<typeof contract> = {
    'app.info': () => ({ name: '工行数字钱包', version: deps.version, platform: platformOf(deps.platform), shell: deps.shell }),
    'settings.get': () => settingsService().get(),
    'settings.set': (patch) => settingsService().set(patch),
    'vault.status': () => vault.status(),
    'vault.openWithPassphrase': ({ passphrase }) => vault.openWithPassphrase(passphrase),
    'vault.resetAfterKeyLoss': () => vault.resetAfterKeyLoss(),
  }

  const router = createRouter(contract, handlers)
  return {
    router,
    events,
    vault,
    async dispose() {},
  }
}
