import type { AppInfo } from '../../shared/contract'
import { contract } from '../../shared/contract'
import { createRouter, type HandlerMap, type Router } from '../ipc/router'
import { createEventBus, type EventBus } from './events'
import { systemClock, type Clock, type DocStore } from './ports'
import { createSettingsService } from './settings'

export interface WalletCoreDeps {
  shell: AppInfo['shell']
  version: string
  platform: NodeJS.Platform
  /** The app's data folder (Electron: app.getPath('userData'); harness: --data-dir). */
  dataDir: string
  docStore: DocStore
  clock?: Clock
}

export interface WalletCore {
  router: Router
  events: EventBus
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
  const _clock = deps.clock ?? systemClock
  const settings = createSettingsService(deps.docStore, events)

  const handlers: HandlerMap<typeof contract> = {
    'app.info': () => ({ name: '工行数字钱包', version: deps.version, platform: platformOf(deps.platform), shell: deps.shell }),
    'settings.get': () => settings.get(),
    'settings.set': (patch) => settings.set(patch),
  }

  const router = createRouter(contract, handlers)
  return {
    router,
    events,
    async dispose() {},
  }
}
