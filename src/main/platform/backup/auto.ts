/**
 * Automatic backups (设置 → 数据备份 → 自动备份): written into the app's data folder under a random
 * 256-bit key that lives in the SecretStore, so no passphrase and no KDF (the header says
 * 'keychain-key'). The newest AUTO_BACKUP_KEEP files are kept. When to run one is the caller's choice.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readdir, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { BackupPayload, BackupSummary } from '../../../shared/backup-payload'
import { AppError } from '../../../shared/errors'
import { isErrno, syncDir, writeFileAtomic } from '../../base/atomic-file'
import type { SecretStore } from '../vault/secret-store'
import { packBackup, type CreateBackupOptions } from './backup'
import { BACKUP_EXTENSION } from './file'
import { AUTO_BACKUP_KEY_BYTES } from './keys'

export const AUTO_BACKUP_KEEP = 7
/** SecretStore account of the automatic-backup key (base64). */
export const AUTO_BACKUP_KEY_ACCOUNT = 'backup-auto-key'

/** auto-20250101T093000123Z.iwbk: UTC, so names sort in creation order on every platform. */
const AUTO_NAME = /^auto-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.iwbk$/
/** Temporary files of writeFileAtomic for those names, left only by a writer that was killed. */
const AUTO_TEMP = /^auto-\d{8}T\d{9}Z\.iwbk\.[0-9a-f]{12}\.tmp$/

export interface AutoBackupEntry {
  name: string
  path: string
  createdAt: number
  bytes: number
}

export interface AutoBackupResult {
  entry: AutoBackupEntry
  summary: BackupSummary
  /** Names of older automatic backups removed by retention. */
  removed: string[]
}

export function autoBackupName(createdAt: number): string {
  const iso = new Date(createdAt).toISOString() // 2025-01-01T09:30:00.123Z
  return `auto-${iso.replace(/[-:]/g, '').replace('.', '')}`.replace(/Z$/, `Z${BACKUP_EXTENSION}`)
}

function parseAutoName(name: string): number | undefined {
  const m = AUTO_NAME.exec(name)
  if (!m) return undefined
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map(Number) as [number, number, number, number, number, number, number]
  return Date.UTC(y, mo - 1, d, h, mi, s, ms)
}

/** The key for automatic backups, or undefined when none was ever made (then there is nothing to restore). */
export async function getAutoBackupKey(store: SecretStore): Promise<Buffer | undefined> {
  const stored = await store.get(AUTO_BACKUP_KEY_ACCOUNT)
  if (stored === undefined) return undefined
  const key = Buffer.from(stored, 'base64')
  if (key.length !== AUTO_BACKUP_KEY_BYTES) throw new AppError('STORE_CORRUPT', 'automatic backup key is damaged')
  return key
}

export async function getOrCreateAutoBackupKey(store: SecretStore): Promise<Buffer> {
  const existing = await getAutoBackupKey(store)
  if (existing !== undefined) return existing
  const key = randomBytes(AUTO_BACKUP_KEY_BYTES)
  await store.set(AUTO_BACKUP_KEY_ACCOUNT, key.toString('base64'))
  return key
}

/** Automatic backups in `dir`, newest first. A missing folder has none. */
export async function listAutoBackups(dir: string): Promise<AutoBackupEntry[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return []
    throw error
  }
  const entries: AutoBackupEntry[] = []
  for (const name of names) {
    const createdAt = parseAutoName(name)
    if (createdAt === undefined) continue
    const path = join(dir, name)
    try {
      const info = await stat(path)
      if (info.isFile()) entries.push({ name, path, createdAt, bytes: info.size })
    } catch (error) {
      // Removed between readdir and stat by a concurrent prune.
      if (!isErrno(error, 'ENOENT')) throw error
    }
  }
  return entries.sort((a, b) => b.createdAt - a.createdAt || (a.name < b.name ? 1 : -1))
}

const locks = new Map<string, Promise<unknown>>()

/** One writer per folder at a time, so retention and stale-temp cleanup never race a write of ours. */
async function withDirLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const previous = locks.get(dir) ?? Promise.resolve()
  const run = previous.then(work, work)
  const settled = run.then(
    () => {},
    () => {},
  )
  locks.set(dir, settled)
  try {
    return await run
  } finally {
    if (locks.get(dir) === settled) locks.delete(dir)
  }
}

/**
 * Writes one automatic backup named after payload.createdAt, then keeps the newest `keep` (the one just
 * written always among them). Nothing in `dir` changes when the payload or key is refused.
 */
export async function writeAutoBackup(
  dir: string,
  payload: BackupPayload,
  key: Uint8Array,
  options: Pick<CreateBackupOptions, 'onProgress'> & { keep?: number } = {},
): Promise<AutoBackupResult> {
  const packed = await packBackup(payload, key, { onProgress: options.onProgress })
  return writeAutoBackupBytes(dir, packed, options)
}

/**
 * writeAutoBackup for a backup already packed under the automatic-backup key (a worker thread packs
 * the app's: src/main/core/backup.ts). Named after summary.createdAt; the same retention.
 */
export async function writeAutoBackupBytes(
  dir: string,
  packed: { bytes: Uint8Array; summary: BackupSummary },
  options: { keep?: number } = {},
): Promise<AutoBackupResult> {
  const keep = Math.max(1, options.keep ?? AUTO_BACKUP_KEEP)
  return withDirLock(dir, async () => {
    await mkdir(dir, { recursive: true })
    await removeStaleTemps(dir)
    const name = autoBackupName(packed.summary.createdAt)
    const path = join(dir, name)
    await writeFileAtomic(path, packed.bytes, { mode: 0o600 })
    const all = await listAutoBackups(dir)
    const others = all.filter((e) => e.name !== name)
    const removed: string[] = []
    for (const old of others.slice(keep - 1)) {
      try {
        await unlink(old.path)
        removed.push(old.name)
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error
      }
    }
    if (removed.length) await syncDir(dir)
    return {
      entry: { name, path, createdAt: packed.summary.createdAt, bytes: packed.bytes.length },
      summary: packed.summary,
      removed,
    }
  })
}

async function removeStaleTemps(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (AUTO_TEMP.test(name)) await unlink(join(dir, name)).catch(() => {})
  }
}
