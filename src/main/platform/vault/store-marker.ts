import { readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { isErrno, pathExists, syncDir, writeFileAtomic } from '../../base/atomic-file'
import { hasSealedData } from './sealed-store'

/**
 * Which secret store holds this installation's data key. Without this record a keychain that is
 * merely slow or a native module that failed to load on one start looked exactly like a lost key: the
 * selection fell through to another store, which has no data key, and the user was offered only to
 * delete everything. With it, selection stays with the named store and says when it does not answer.
 */
export const STORE_NAMES = ['keytar', 'safeStorage', 'passphrase'] as const
export type StoreName = (typeof STORE_NAMES)[number]

/** In the data folder, beside the secrets files. Holds a name and a time, never a secret. */
export const STORE_MARKER_FILE = 'secrets.store.json'

const StoreMarker = z.object({ store: z.enum(STORE_NAMES), since: z.number() })
export type StoreMarker = z.infer<typeof StoreMarker>

/** The two file-backed stores keep their secrets here (inside the data folder). */
export const SECRET_FILES = {
  safeStorage: 'secrets.safestorage.json',
  passphrase: 'secrets.passphrase.json',
} as const

/** The sealed documents' folder inside the data folder. */
export const STATE_DIR = 'state'

/** The record, or undefined when there is none (or it cannot be read: then it is inferred again). */
export async function readStoreMarker(dataDir: string): Promise<StoreMarker | undefined> {
  let text: string
  try {
    text = await readFile(join(dataDir, STORE_MARKER_FILE), 'utf8')
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined
    throw error
  }
  try {
    const parsed = StoreMarker.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

export async function writeStoreMarker(dataDir: string, store: StoreName, since: number): Promise<StoreMarker> {
  const marker: StoreMarker = { store, since }
  await writeFileAtomic(join(dataDir, STORE_MARKER_FILE), JSON.stringify(marker))
  return marker
}

/** After the sealed data was discarded on purpose: the next data key may go to whichever store answers. */
export async function removeStoreMarker(dataDir: string): Promise<void> {
  try {
    await unlink(join(dataDir, STORE_MARKER_FILE))
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return
    throw error
  }
  await syncDir(dataDir)
}

/**
 * An installation from before the record: where its data key lives follows from what is on disk, in
 * the order the selection of those versions looked (a passphrase file won over everything, then a
 * safeStorage file, else the keychain). Nothing sealed yet means there is no key to lose: undefined.
 */
export async function inferStoreName(dataDir: string): Promise<StoreName | undefined> {
  if (!(await hasSealedData(join(dataDir, STATE_DIR)))) return undefined
  if (await pathExists(join(dataDir, SECRET_FILES.passphrase))) return 'passphrase'
  if (await pathExists(join(dataDir, SECRET_FILES.safeStorage))) return 'safeStorage'
  return 'keytar'
}

/** The record, inferred and written down once for an installation that has none yet. */
export async function resolveStoreMarker(dataDir: string, now: () => number): Promise<StoreMarker | undefined> {
  const recorded = await readStoreMarker(dataDir)
  if (recorded) return recorded
  const inferred = await inferStoreName(dataDir)
  return inferred ? writeStoreMarker(dataDir, inferred, now()) : undefined
}
