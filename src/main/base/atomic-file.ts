import { randomBytes } from 'node:crypto'
import { access, open, readdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export interface AtomicWriteOptions {
  /** File mode for the new file (POSIX only). Default 0o600: these files are nobody else's business. */
  mode?: number
  /**
   * Keep the file being replaced under this path (same folder), so that a torn or damaged new
   * generation never loses the last good one.
   */
  previousPath?: string
  /** fsync the folder after the rename so the rename itself is durable. Default true; best effort on Windows. */
  syncDir?: boolean
}

const TMP_SUFFIX = '.tmp'

/**
 * Replaces `path` so that a reader (or a process killed at any moment) sees either the old content or
 * the new one, never a mix: write a temporary file in the same folder, fsync it, rename it over the
 * target, fsync the folder.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path)
  const tmp = join(dir, `${basename(path)}.${randomBytes(6).toString('hex')}${TMP_SUFFIX}`)
  try {
    const handle = await open(tmp, 'wx', options.mode ?? 0o600)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    if (options.previousPath !== undefined) await renameIfExists(path, options.previousPath)
    await renameWithRetry(tmp, path)
  } catch (error) {
    await unlink(tmp).catch(() => {})
    throw error
  }
  if (options.syncDir ?? true) await syncDir(dir)
}

/** Makes renames and unlinks in `dir` durable. Windows cannot open a folder for fsync, so there it is skipped. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch (error) {
    // Some file systems (network shares, some FUSE mounts) refuse fsync on a folder; the data file
    // itself was already synced, so this only weakens durability of the rename, not atomicity.
    if (!isErrno(error, 'EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'ENOTSUP')) throw error
  } finally {
    await handle?.close()
  }
}

/** Removes temporary files left behind by writers that were killed mid-write (call only when no writer is running). */
export async function removeStaleTempFiles(dir: string, fileName: string): Promise<number> {
  const pattern = new RegExp(`^${escapeRegExp(fileName)}\\.[0-9a-f]{12}${escapeRegExp(TMP_SUFFIX)}$`)
  let removed = 0
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    if (!pattern.test(entry)) continue
    await unlink(join(dir, entry)).then(
      () => removed++,
      () => {},
    )
  }
  return removed
}

async function renameIfExists(from: string, to: string): Promise<void> {
  try {
    await renameWithRetry(from, to)
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error
  }
}

/** Windows refuses to replace a file that a virus scanner or indexer holds open for a moment; retry briefly there. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to)
      return
    } catch (error) {
      if (process.platform !== 'win32' || attempt >= 8 || !isErrno(error, 'EPERM', 'EACCES', 'EBUSY')) throw error
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt))
    }
  }
}

export function isErrno(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && codes.includes((error as NodeJS.ErrnoException).code ?? '')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false
    throw error
  }
}
