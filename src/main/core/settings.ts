import { DEFAULT_SETTINGS, Settings } from '../../shared/contract'
import type { DocStore } from '../base/ports'
import type { EventBus } from '../base/events'

const DOC = 'settings'

export interface SettingsService {
  get(): Promise<Settings>
  set(patch: Partial<Settings>): Promise<Settings>
}

export function createSettingsService(store: DocStore, events: EventBus): SettingsService {
  let cached: Settings | undefined

  async function get(): Promise<Settings> {
    if (!cached) cached = { ...DEFAULT_SETTINGS, ...((await store.read(DOC, Settings.partial())) ?? {}) }
    return cached
  }

  async function set(patch: Partial<Settings>): Promise<Settings> {
    // A field given as undefined (the contract's partial() lets one through) is a field not given,
    // not one to wipe: spreading it would leave the merged settings invalid.
    const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
    const next = Settings.parse({ ...(await get()), ...given })
    await store.write(DOC, next)
    cached = next
    events.emit('settings.changed', next)
    return next
  }

  return { get, set }
}
