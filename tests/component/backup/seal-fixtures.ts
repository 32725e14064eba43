/**
 * Sealed records for the renderer's backup tests, made by main's own sealer under the component tests'
 * key (tests/component/sealed-replica.ts), as a sync or a restore would hand them over.
 */
import type { ReplicaKey, SealedBalance, SealedTerm, SealedTx } from '@shared/contract/replica'
import type { BalanceSnapshot, ReplicaTransaction } from '@shared/contract/sync'
import { sealer } from '../sealed-replica'

export const KEY: ReplicaKey = sealer.rendererKey()

export async function sealTx(t: ReplicaTransaction): Promise<SealedTx> {
  return sealer.sealTransaction(t)
}

export const sealTxs = (rows: ReplicaTransaction[]) => Promise.all(rows.map(sealTx))

export async function sealBalance(b: BalanceSnapshot): Promise<SealedBalance> {
  return sealer.sealBalance(b)
}

/** The dictionary entries of these rows. */
export async function terms(rows: ReplicaTransaction[]): Promise<SealedTerm[]> {
  return sealer.terms(rows)
}

/** A sealed cursor as main hands it over. */
export const cursor = (c: string) => sealer.wrapCursor(c)
