import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { VaultStatus } from '../../shared/contract/vault'
import { AppError } from '../../shared/errors'
import {
  createSealedStore,
  discardSealedData,
  hasSealedData,
  loadOrCreateDataKey,
  SECRET_ACCOUNTS,
  selectSecretStore,
  type CorruptEvent,
  type SafeStorageLike,
  type SecretStore,
  type SelectSecretStoreOptions,
} from '../vault'
import type { Clock, DocStore } from './ports'

export interface OpenVault {
  secrets: SecretStore
  docStore: DocStore
}

export interface VaultGateOptions {
  dataDir: string
  platform: NodeJS.Platform
  clock: Clock
  /** Electron's safeStorage; absent in the harness. */
  safeStorage?: SafeStorageLike
  loadKeytar?: SelectSecretStoreOptions['loadKeytar']
  /** A fixed secret store (harness dev mode, tests) instead of the selection. */
  secrets?: SecretStore
  onCorrupt?: (event: CorruptEvent) => void
}

export interface VaultGate {
  status(): VaultStatus
  /** The open vault; throws VAULT_LOCKED (or KEY_MISSING) until it is open. */
  open(): OpenVault
  openWithPassphrase(passphrase: string): Promise<VaultStatus>
  resetAfterKeyLoss(): Promise<VaultStatus>
}

/**
 * Keychain accounts are namespaced by data folder, so several profiles (and parallel test harnesses)
 * on one OS account never share or clobber each other's keys.
 */
export function namespacedSecrets(store: SecretStore, dataDir: string): SecretStore {
  const prefix = createHash('sha256').update(dataDir).digest('hex').slice(0, 16)
  const name = (account: string) => `${prefix}:${account}`
  return {
    get: (account) => store.get(name(account)),
    set: (account, value) => store.set(name(account), value),
    delete: (account) => store.delete(name(account)),
    describe: () => store.describe(),
  }
}

/**
 * Opens the vault at start: decides where secrets live (once), loads or creates the data key and
 * opens the sealed store. When the user must act first (master passphrase, lost key) the gate stays
 * closed and says why; handlers that need storage call open() and fail with a stable code meanwhile.
 */
export async function openVaultGate(options: VaultGateOptions): Promise<VaultGate> {
  const stateDir = join(options.dataDir, 'state')
  let secrets: SecretStore | undefined
  let vault: OpenVault | undefined
  let state: VaultStatus['state'] = 'passphrase-required'
  let isNew = false
  let openPassphrase: ((passphrase: string) => Promise<SecretStore>) | undefined

  async function openWith(store: SecretStore): Promise<void> {
    secrets = namespacedSecrets(store, options.dataDir)
    try {
      const dataKey = await loadOrCreateDataKey(secrets, { hasExistingData: await hasSealedData(stateDir) })
      vault = { secrets, docStore: createSealedStore({ dir: stateDir, dataKey, clock: options.clock, onCorrupt: options.onCorrupt }) }
      state = 'ready'
    } catch (error) {
      if (error instanceof AppError && error.code === 'KEY_MISSING') {
        state = 'key-missing'
        return
      }
      throw error
    }
  }

  if (options.secrets) {
    await openWith(options.secrets)
  } else {
    const selection = await selectSecretStore({
      platform: options.platform,
      dataDir: options.dataDir,
      safeStorage: options.safeStorage,
      loadKeytar: options.loadKeytar,
    })
    if (selection.status === 'ready') await openWith(selection.store)
    else {
      isNew = selection.isNew
      openPassphrase = selection.open
    }
  }

  function status(): VaultStatus {
    const info = secrets?.describe()
    return {
      state,
      isNew,
      storeLabel: info?.label ?? '主密码保护（未检测到系统密钥环）',
      storeKind: info?.kind ?? (openPassphrase ? 'passphrase' : 'none'),
    }
  }

  return {
    status,
    open() {
      if (vault) return vault
      if (state === 'key-missing') throw new AppError('KEY_MISSING', 'the data key is missing', { remedy: 'sign-in-again-or-restore-backup' })
      throw new AppError('VAULT_LOCKED', 'the master passphrase is needed first')
    },
    async openWithPassphrase(passphrase) {
      if (state !== 'passphrase-required' || !openPassphrase) return status()
      await openWith(await openPassphrase(passphrase))
      isNew = false
      return status()
    },
    async resetAfterKeyLoss() {
      if (state !== 'key-missing' || !secrets) return status()
      await discardSealedData(stateDir)
      await secrets.delete(SECRET_ACCOUNTS.dataKey)
      const dataKey = await loadOrCreateDataKey(secrets, { hasExistingData: false })
      vault = { secrets, docStore: createSealedStore({ dir: stateDir, dataKey, clock: options.clock, onCorrupt: options.onCorrupt }) }
      state = 'ready'
      return status()
    },
  }
}
