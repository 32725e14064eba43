import { deriveReplicaKeys, type ReplicaKeys } from '../platform/replica/sealer'
import { createHash } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { StoreUnavailable, VaultStatus } from '../../shared/contract/vault'
import { AppError } from '../../shared/errors'
import {
  createSealedStore,
  discardSealedData,
  generationAccount,
  hasSealedData,
  keychainLabel,
  loadOrCreateDataKey,
  PASSPHRASE_LABEL,
  readStoreMarker,
  removeStoreMarker,
  safeStorageLabel,
  SECRET_ACCOUNTS,
  SECRET_FILES,
  selectSecretStore,
  writeStoreMarker,
  type CorruptEvent,
  type SafeStorageLike,
  type ScryptParams,
  type SecretStore,
  type SecretStoreKind,
  type SelectSecretStoreOptions,
  type StoreName,
  UNLOCK_DOC,
} from '../platform/vault'
import { OUTBOX_DOC } from '../platform/sync/outbox'
import { readOutboxHint } from './outbox-hint'
import type { Clock, DocStore } from '../base/ports'

/**
 * Sealed documents whose older copy put back would undo something the user relies on, so each carries
 * a generation counter kept in the secret store (src/main/platform/vault/sealed-store.ts, GenerationOptions):
 * - the unlock document holds the failure count of the offline unlock: an older copy would reset the
 *   back-off. Its previous generation does not stand in even for a damaged file (one write back would
 *   be one failure less); a refused or damaged one means no offline verifier until the next online
 *   sign-in (src/main/platform/vault/unlock.ts), never a verifier with fewer failures.
 * - the outbox: an older copy would queue again payments that were settled or cancelled. Its real
 *   previous generation still stands in for a damaged file, so disk damage does not lose the queue.
 */
const ROLLBACK_GUARDED = {
  [UNLOCK_DOC]: { previousAfterDamage: false },
  [OUTBOX_DOC]: { previousAfterDamage: true },
} as const

export interface OpenVault {
  secrets: SecretStore
  docStore: DocStore
  /** The replica's keys for one customer, derived from the data key (src/main/platform/replica/sealer.ts). */
  replicaKeys(owner: string): ReplicaKeys
}

export interface VaultGateOptions {
  dataDir: string
  platform: NodeJS.Platform
  clock: Clock
  /** Electron's safeStorage; absent in the harness. */
  safeStorage?: SafeStorageLike
  loadKeytar?: SelectSecretStoreOptions['loadKeytar']
  /** How long the keychain may take to answer at start (default 5 s); tests shorten it. */
  probeTimeoutMs?: number
  /** KDF parameters for a new master passphrase; tests pass cheap ones. */
  scrypt?: ScryptParams
  /** A fixed secret store (harness dev mode, tests) instead of the selection. */
  secrets?: SecretStore
  onCorrupt?: (event: CorruptEvent) => void
}

export interface VaultGate {
  status(): VaultStatus
  /** The open vault; throws VAULT_LOCKED, KEYRING_UNAVAILABLE or KEY_MISSING until it is open. */
  open(): OpenVault
  openWithPassphrase(passphrase: string): Promise<VaultStatus>
  /** After store-unavailable or key-missing: runs the selection again (the keychain may answer now). */
  retry(): Promise<VaultStatus>
  /**
   * Last resort after store-unavailable or key-missing: discards the sealed state and starts clean.
   * Refused (RESET_BLOCKED_UNSETTLED) while the outbox hint counts an item that was sent once.
   */
  resetAfterKeyLoss(): Promise<VaultStatus>
  /** 注销: forgets this computer's customer (wipeForDeregistration below). */
  wipe(options: WipeOptions): Promise<VaultStatus>
}

export interface WipeOptions {
  /** Every keychain account the app files secrets under, besides the data key. */
  accounts: readonly string[]
  /** Accounts to leave in the store (the automatic backups' key, when the user keeps those backups). */
  keep: readonly string[]
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
 * Opens the vault at start: decides where secrets live, loads or creates the data key and opens the
 * sealed store. When the user must act first (master passphrase, a store that does not answer, a lost
 * key) the gate stays closed and says why; handlers that need storage call open() and fail with a
 * stable code meanwhile.
 */
export async function openVaultGate(options: VaultGateOptions): Promise<VaultGate> {
  const { dataDir, platform } = options
  const stateDir = join(dataDir, 'state')
  let secrets: SecretStore | undefined
  let vault: OpenVault | undefined
  let state: VaultStatus['state'] = 'passphrase-required'
  let isNew = false
  let openPassphrase: ((passphrase: string) => Promise<SecretStore>) | undefined
  let unavailable: StoreUnavailable | undefined
  /** Retry, reset and the passphrase run one at a time: each may replace the store and the key. */
  let queue: Promise<unknown> = Promise.resolve()
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task)
    queue = run.catch(() => {})
    return run
  }

  function openSealed(store: SecretStore, dataKey: Buffer): void {
    secrets = store
    const generations = { secrets: store, documents: ROLLBACK_GUARDED }
    vault = {
      secrets: store,
      docStore: createSealedStore({ dir: stateDir, dataKey, clock: options.clock, onCorrupt: options.onCorrupt, generations }),
      replicaKeys: (owner) => deriveReplicaKeys(dataKey, owner),
    }
    state = 'ready'
    unavailable = undefined
    openPassphrase = undefined
  }

  /** Records the store of a data key that now exists, unless it is recorded already (or is a fixed test store). */
  async function record(store: SecretStore): Promise<void> {
    const name = storeNameOf(store.describe().kind)
    if (name && !(await readStoreMarker(dataDir))) await writeStoreMarker(dataDir, name, options.clock.now())
  }

  async function openWith(store: SecretStore): Promise<void> {
    const named = namespacedSecrets(store, dataDir)
    let dataKey: Buffer
    try {
      dataKey = await loadOrCreateDataKey(named, { hasExistingData: await hasSealedData(stateDir) })
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      // The store was chosen but failed to read or keep the key (a keychain that locked again, a
      // safeStorage that cannot decrypt): the key may well be there, so this is no loss either.
      const name = storeNameOf(store.describe().kind)
      const stuck: StoreUnavailable | undefined =
        error.code === 'KEYRING_UNAVAILABLE' && name ? { store: name, reason: 'error' } : undefined
      if (error.code !== 'KEY_MISSING' && !stuck) throw error
      secrets = named
      openPassphrase = undefined
      state = stuck ? 'store-unavailable' : 'key-missing'
      unavailable = stuck
      return
    }
    await record(store)
    openSealed(named, dataKey)
  }

  async function select(): Promise<void> {
    if (options.secrets) return openWith(options.secrets)
    const selection = await selectSecretStore({
      platform,
      dataDir,
      safeStorage: options.safeStorage,
      loadKeytar: options.loadKeytar,
      probeTimeoutMs: options.probeTimeoutMs,
      scrypt: options.scrypt,
      now: () => options.clock.now(),
    })
    if (selection.status === 'ready') return openWith(selection.store)
    secrets = undefined
    if (selection.status === 'store-unavailable') {
      state = 'store-unavailable'
      unavailable = { store: selection.store, reason: selection.reason }
      openPassphrase = undefined
      return
    }
    state = 'passphrase-required'
    unavailable = undefined
    isNew = selection.isNew
    openPassphrase = selection.open
  }

  await select()

  function status(): VaultStatus {
    const info = secrets?.describe()
    const out: VaultStatus = {
      state,
      isNew,
      storeLabel: info?.label ?? (unavailable ? labelOf(unavailable.store, platform) : PASSPHRASE_LABEL),
      storeKind: info?.kind ?? (unavailable ? kindOf(unavailable.store) : openPassphrase ? 'passphrase' : 'none'),
    }
    if (state === 'store-unavailable' && unavailable) out.unavailable = unavailable
    return out
  }

  return {
    status,
    open() {
      if (vault) return vault
      if (state === 'key-missing') throw new AppError('KEY_MISSING', 'the data key is missing', { remedy: 'sign-in-again-or-restore-backup' })
      if (state === 'store-unavailable')
        throw new AppError('KEYRING_UNAVAILABLE', 'the secret store that holds the data key did not answer', { ...unavailable })
      throw new AppError('VAULT_LOCKED', 'the master passphrase is needed first')
    },
    openWithPassphrase: (passphrase) =>
      serial(async () => {
        if (state !== 'passphrase-required' || !openPassphrase) return status()
        await openWith(await openPassphrase(passphrase))
        isNew = false
        return status()
      }),
    retry: () =>
      serial(async () => {
        if (state === 'store-unavailable' || state === 'key-missing') await select()
        return status()
      }),
    resetAfterKeyLoss: () =>
      serial(async () => {
        if (state !== 'key-missing' && state !== 'store-unavailable') return status()
        const sentOnce = await readOutboxHint(stateDir)
        if (sentOnce !== 0) {
          throw new AppError(
            'RESET_BLOCKED_UNSETTLED',
            'a payment that was sent once is still waiting in the outbox; its outcome at the bank may be unknown',
            { sentOnce: sentOnce ?? null },
          )
        }
        await discardSealedData(stateDir)
        // Nothing sealed is left, so no key can be stranded: the next key may go to whichever store answers.
        await removeStoreMarker(dataDir)
        if (state === 'key-missing' && secrets) {
          const store = secrets
          await store.delete(SECRET_ACCOUNTS.dataKey)
          const dataKey = await loadOrCreateDataKey(store, { hasExistingData: false })
          await record(store)
          openSealed(store, dataKey)
          return status()
        }
        await select()
        return status()
      }),
    wipe: (wipeOptions) =>
      serial(async () => {
        await wipeForDeregistration(dataDir, secrets, wipeOptions)
        vault = undefined
        secrets = undefined
        isNew = false
        await select()
        return status()
      }),
  }
}

/**
 * 注销 (src/main/core/deregister.ts): the sealed documents first (so that a crash half-way leaves no
 * document whose key is already gone), then every keychain entry of this data folder, then the files
 * that hold secrets and say where they are. A store with entries to keep (the automatic backups' key)
 * keeps its file and its marker: that key stays reachable after the wipe.
 */
async function wipeForDeregistration(dataDir: string, store: SecretStore | undefined, options: WipeOptions): Promise<void> {
  await discardSealedData(join(dataDir, 'state'))
  const keep = new Set(options.keep)
  // The embedded bank's key is the bank's, not the customer's: its journal (other customers, and this one's
  // closed record) must stay readable, or the next start would set the bank's folder aside
  // (src/main/core/bank-key.ts).
  if (store && (await store.get(SECRET_ACCOUNTS.bankStorageKey)) !== undefined) keep.add(SECRET_ACCOUNTS.bankStorageKey)
  if (store) {
    // The generation counters go with the documents they guarded: those are gone and the data key too.
    const generations = Object.keys(ROLLBACK_GUARDED).map(generationAccount)
    for (const account of [SECRET_ACCOUNTS.dataKey, ...Object.values(SECRET_ACCOUNTS), ...generations, ...options.accounts]) {
      if (!keep.has(account)) await store.delete(account)
    }
  }
  if (keep.size > 0) return
  for (const file of Object.values(SECRET_FILES)) await rm(join(dataDir, file), { force: true })
  await removeStoreMarker(dataDir)
}

function storeNameOf(kind: SecretStoreKind): StoreName | undefined {
  return kind === 'keychain' ? 'keytar' : kind === 'safeStorage' || kind === 'passphrase' ? kind : undefined
}

function kindOf(store: StoreName): VaultStatus['storeKind'] {
  return store === 'keytar' ? 'keychain' : store
}

function labelOf(store: StoreName, platform: NodeJS.Platform): string {
  if (store === 'keytar') return keychainLabel(platform)
  // Which Linux keyring backs safeStorage is only known once it answers.
  if (store === 'safeStorage') return platform === 'linux' ? 'Electron safeStorage' : safeStorageLabel(platform, platform)
  return PASSPHRASE_LABEL
}
