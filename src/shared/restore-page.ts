/**
 * Reads a page of an opened backup as backup.openPage hands it over (RestorePageText in
 * src/shared/contract/backup.ts: the backup worker's JSON, passed on by main unparsed). Free of zod, so
 * the renderer's bundle does not carry the contract's schemas: the worker wrote the page from records it
 * had checked (src/main/platform/backup/jobs.ts); here its shape is checked before anything is written.
 */
import { BACKUP_CHUNK_RECORDS } from './contract/constants'
import type { SealedRestorePage } from './contract/backup'

export function readRestorePage(page: { json: string }): SealedRestorePage {
  let parsed: unknown
  try {
    parsed = JSON.parse(page.json)
  } catch {
    throw new Error('a page of the opened backup is not JSON')
  }
  const p = parsed as Partial<Record<keyof SealedRestorePage, unknown>> | null
  const lists = [p?.transactions, p?.balances, p?.terms]
  if (!lists.every(Array.isArray) || lists.reduce((n, l) => n + (l as unknown[]).length, 0) > BACKUP_CHUNK_RECORDS) {
    throw new Error('a page of the opened backup is not a page of sealed records')
  }
  return parsed as SealedRestorePage
}
