import type { PlainSyncPage, SyncPage } from '../../src/shared/contract/sync'
import { createReplicaSealer, deriveReplicaKeys, type ReplicaSealer } from '../../src/main/platform/replica/sealer'
import { dropReplicaKey, setReplicaKey } from '../../src/renderer/src/db/seal'

/**
 * The sealed replica in component tests: a sealer (main's, src/main/platform/replica/sealer.ts) under a
 * fixed test key, and the renderer's key holder given the same key, as `replica.key` would at unlock.
 */
export const TEST_DATA_KEY = Buffer.alloc(32, 7)

export function testSealer(owner = 'W-TEST-0001'): ReplicaSealer {
  return createReplicaSealer(deriveReplicaKeys(TEST_DATA_KEY, owner))
}

export const sealer = testSealer()

/** Gives the renderer the test customer's key (or another customer's). */
export async function unlockReplica(which: ReplicaSealer = sealer): Promise<void> {
  await setReplicaKey(which.rendererKey())
}

export function lockReplica(): void {
  dropReplicaKey()
}

/** A plain page in the form main sends it; `fromCursor` as the replica holds it (already sealed), if given. */
export function sealPage(page: PlainSyncPage, storedFrom?: string | null, which: ReplicaSealer = sealer): SyncPage {
  const sealed = which.sealPage(page)
  return storedFrom === undefined ? sealed : { ...sealed, fromCursor: storedFrom }
}
