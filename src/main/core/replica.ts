import type { PlainSyncPage, ReplicaKey, SyncPage } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { DocStore } from '../base/ports'
import { createReplicaSealer, type ReplicaKeys, type ReplicaSealer } from '../platform/replica/sealer'
import { ProfileDoc } from './profile'

export interface ReplicaServiceDeps {
  store: DocStore
  /** The open vault's key derivation (src/main/core/vault-gate.ts). */
  keys(owner: string): ReplicaKeys
  /** createReplicaSealer unless given (see WalletCoreDeps.replicaSealer in src/main/core/index.ts). */
  makeSealer?: (keys: ReplicaKeys) => ReplicaSealer
}

/**
 * The sealed replica's keys in main (docs/architecture.md, "The sealed replica"): one sealer per
 * customer, keyed by the wallet number of the profile on this computer, so another customer's replica
 * is under other keys. The sync engine seals each page with it; `replica.key` hands the renderer the
 * AES key while the wallet is unlocked (the router's lock guard refuses it otherwise).
 */
export function createReplicaService(deps: ReplicaServiceDeps) {
  let cached: { owner: string; enc: Buffer; sealer: ReplicaSealer } | undefined

  async function sealer(): Promise<ReplicaSealer> {
    const owner = (await deps.store.read('profile', ProfileDoc))?.profile.walletNo
    if (!owner) throw new AppError('LOCKED', 'nobody has signed in on this computer')
    // Derived again each time (microseconds): a data key reset after a loss gives other keys at once.
    const keys = deps.keys(owner)
    if (cached?.owner !== owner || !cached.enc.equals(keys.enc))
      cached = { owner, enc: keys.enc, sealer: (deps.makeSealer ?? createReplicaSealer)(keys) }
    return cached.sealer
  }

  return {
    sealer,
    /** This customer's keys, for a worker thread that seals or opens many rows (src/main/core/backup.ts). */
    async keys(): Promise<ReplicaKeys> {
      const owner = (await deps.store.read('profile', ProfileDoc))?.profile.walletNo
      if (!owner) throw new AppError('LOCKED', 'nobody has signed in on this computer')
      return deps.keys(owner)
    },
    async key(): Promise<ReplicaKey> {
      return (await sealer()).rendererKey()
    },
    async seal(page: PlainSyncPage): Promise<SyncPage> {
      return (await sealer()).sealPage(page)
    },
    /** The bank's cursor inside a replica's sealed one; REPLICA_KEY_MISMATCH when it was sealed under other keys. */
    async unwrapCursor(wrapped: string | null): Promise<string | null> {
      if (wrapped === null) return null
      const cursor = (await sealer()).unwrapCursor(wrapped)
      if (cursor === undefined) throw new AppError('REPLICA_KEY_MISMATCH', 'the replica was sealed under other keys')
      return cursor
    },
  }
}

export type ReplicaService = ReturnType<typeof createReplicaService>
