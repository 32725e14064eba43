/**
 * The renderer's half of a backup and a restore, as tests play it against a real core: sealed records
 * staged in chunks, an opened backup read page by page (src/renderer/src/stores/backup.ts does the same).
 */
import {
  BACKUP_CHUNK_RECORDS,
  BACKUP_UPLOAD_PIECE_CHARS,
  type OpenedRestore,
  type RestorePageText,
  SealedRestorePage,
  type SealedSyncState,
} from '../../../src/shared/contract/backup'
import type { SealedBalance, SealedTx } from '../../../src/shared/contract/replica'
import type { BalanceSnapshot, ReplicaTransaction } from '../../../src/shared/contract/sync'
import type { ReplicaSealer } from '../../../src/main/platform/replica/sealer'
import type { startCore } from '../../support/wallet'

type App = Awaited<ReturnType<typeof startCore>>

export interface SealedReplica {
  transactions: SealedTx[]
  balances: SealedBalance[]
  sync: SealedSyncState
}

/** This customer's sealer, as the sync engine seals pages with it. */
export async function sealerOf(app: App): Promise<ReplicaSealer> {
  return (await app.core.services()).replica.sealer()
}

/** Rows as the renderer's replica would hold them after syncing them. */
export async function sealedReplica(
  app: App,
  transactions: readonly ReplicaTransaction[],
  balances: readonly BalanceSnapshot[],
  cursor: string | null,
  lastSyncedAt: number | null = 1_700_000_000_000,
): Promise<SealedReplica> {
  const sealer = await sealerOf(app)
  const lastSeq = Math.max(0, ...transactions.map((t) => t.seq), ...balances.map((b) => b.seq))
  return {
    transactions: transactions.map((t) => sealer.sealTransaction(t)),
    balances: balances.map((b) => sealer.sealBalance(b)),
    sync: { cursor: sealer.wrapCursor(cursor), lastSeq, lastSyncedAt },
  }
}

/** backup.stageBegin, then the records in chunks; what backup.create and backup.autoRun take besides. */
export async function stage(app: App, replica: SealedReplica, perCall = BACKUP_CHUNK_RECORDS) {
  const { stageId } = await app.ok<{ stageId: string }>('backup.stageBegin')
  const records: ({ t: SealedTx } | { b: SealedBalance })[] = [
    ...replica.transactions.map((t) => ({ t })),
    ...replica.balances.map((b) => ({ b })),
  ]
  for (let at = 0; at < records.length; at += perCall) {
    const chunk = records.slice(at, at + perCall)
    await app.ok('backup.stage', {
      stageId,
      transactions: chunk.flatMap((r) => ('t' in r ? [r.t] : [])),
      balances: chunk.flatMap((r) => ('b' in r ? [r.b] : [])),
    })
  }
  return {
    stageId,
    counts: { transactions: replica.transactions.length, balances: replica.balances.length },
    sync: replica.sync,
  }
}

/** backup.open's records, every page. */
export async function readPages(app: App, opened: OpenedRestore): Promise<SealedRestorePage> {
  const out: SealedRestorePage = { transactions: [], balances: [], terms: [] }
  for (let page = 0; page < opened.pages; page++) {
    // Checked as strictly as the router checks an answer: the worker's text is passed on unparsed.
    const text = await app.ok<RestorePageText>('backup.openPage', { restoreId: opened.restoreId, page })
    const got = SealedRestorePage.parse(JSON.parse(text.json))
    out.transactions.push(...got.transactions)
    out.balances.push(...got.balances)
    out.terms.push(...got.terms)
  }
  return out
}

/**
 * A file the user chose, handed to main as the renderer does (backup.uploadBegin, then backup.upload in
 * pieces of BACKUP_UPLOAD_PIECE_CHARS): the BackupSource that names it.
 */
export async function uploadFile(app: App, bytes: Buffer, passphrase: string) {
  const { uploadId } = await app.ok<{ uploadId: string }>('backup.uploadBegin', { bytes: bytes.length })
  const step = (BACKUP_UPLOAD_PIECE_CHARS / 4) * 3
  for (let at = 0; at < bytes.length; at += step) {
    await app.ok('backup.upload', { uploadId, at, piece: bytes.subarray(at, at + step).toString('base64') })
  }
  return { kind: 'file', uploadId, passphrase } as const
}
