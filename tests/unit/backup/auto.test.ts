import { randomBytes } from 'node:crypto'
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  AUTO_BACKUP_KEEP,
  AUTO_BACKUP_KEY_ACCOUNT,
  decodeBackupFile,
  getAutoBackupKey,
  getOrCreateAutoBackupKey,
  listAutoBackups,
  openBackupFile,
  peekBackup,
  writeAutoBackup,
} from '../../../src/main/platform/backup'
import { autoBackupName } from '../../../src/main/platform/backup/auto'
import { createMemorySecretStore } from '../../../src/main/platform/vault/secret-store'
import type { BackupPayload } from '../../../src/shared/backup-payload'
import { expectBackupError, snapshotDir, useTempDir } from './helpers'
import { samplePayload } from './sample'

const tempDir = useTempDir()
const DAY = 24 * 3600_000
const base = samplePayload(40)

function at(createdAt: number): BackupPayload {
  return { ...base, createdAt }
}

describe('automatic backups', () => {
  it('writes a keychain-key file named after its creation time that opens with the key', async () => {
    const dir = join(await tempDir(), 'backups', 'auto')
    const key = randomBytes(32)
    const createdAt = Date.UTC(2025, 2, 4, 5, 6, 7, 89)
    const result = await writeAutoBackup(dir, at(createdAt), key)
    expect(result.entry).toMatchObject({
      name: 'auto-20250304T050607089Z.iwbk',
      createdAt,
      path: join(dir, 'auto-20250304T050607089Z.iwbk'),
    })
    expect(result.entry.bytes).toBe((await stat(result.entry.path)).size)
    expect(result.removed).toEqual([])
    expect(result.summary).toMatchObject({ kdf: 'keychain-key', createdAt })
    expect(peekBackup(await readFile(result.entry.path)).kdf).toBe('keychain-key')
    expect(await openBackupFile(result.entry.path, key)).toEqual(at(createdAt))
    await expectBackupError(openBackupFile(result.entry.path, 'a passphrase is not the key'), 'BACKUP_WRONG_PASSPHRASE')
  })

  it(`keeps the newest ${AUTO_BACKUP_KEEP}, daily`, async () => {
    const dir = await tempDir()
    const key = randomBytes(32)
    const start = Date.UTC(2025, 0, 1, 3)
    const removed: string[] = []
    for (let day = 0; day < 10; day++) removed.push(...(await writeAutoBackup(dir, at(start + day * DAY), key)).removed)
    const kept = await listAutoBackups(dir)
    expect(kept.map((e) => e.createdAt)).toEqual(Array.from({ length: 7 }, (_, i) => start + (9 - i) * DAY))
    expect(removed).toEqual([0, 1, 2].map((day) => autoBackupName(start + day * DAY)))
    expect((await readdir(dir)).length).toBe(7)
    const newest = await decodeBackupFile(kept[0]!.path, key)
    expect(newest.summary.createdAt).toBe(start + 9 * DAY)
  })

  it('keeps the one just written even when the clock went back, and honours a smaller keep', async () => {
    const dir = await tempDir()
    const key = randomBytes(32)
    for (let day = 1; day <= 3; day++) await writeAutoBackup(dir, at(Date.UTC(2025, 5, day)), key, { keep: 2 })
    const result = await writeAutoBackup(dir, at(Date.UTC(2024, 0, 1)), key, { keep: 2 })
    expect((await listAutoBackups(dir)).map((e) => e.name)).toEqual([autoBackupName(Date.UTC(2025, 5, 3)), result.entry.name])
  })

  it('only ever touches its own files: other files, look-alikes and folders stay', async () => {
    const dir = await tempDir()
    const key = randomBytes(32)
    await writeFile(join(dir, 'notes.txt'), 'mine')
    await writeFile(join(dir, 'auto-2020.iwbk'), 'not one of ours')
    await writeFile(join(dir, 'manual-backup.iwbk'), 'user file')
    await mkdir(join(dir, 'auto-20200101T000000000Z.iwbk.d'))
    for (let day = 0; day < 9; day++) await writeAutoBackup(dir, at(Date.UTC(2025, 0, 1) + day * DAY), key)
    const names = await readdir(dir)
    expect(names).toEqual(
      expect.arrayContaining(['notes.txt', 'auto-2020.iwbk', 'manual-backup.iwbk', 'auto-20200101T000000000Z.iwbk.d']),
    )
    expect(names.length).toBe(4 + 7)
  })

  it('clears temporary files a killed writer left behind', async () => {
    const dir = await tempDir()
    const stale = `${autoBackupName(Date.UTC(2024, 0, 1))}.0123456789ab.tmp`
    await writeFile(join(dir, stale), 'torn')
    await writeAutoBackup(dir, at(Date.UTC(2025, 0, 1)), randomBytes(32))
    expect(await readdir(dir)).toEqual([autoBackupName(Date.UTC(2025, 0, 1))])
  })

  it('changes nothing in the folder when the payload or the key is refused (no write, no pruning)', async () => {
    const dir = await tempDir()
    const key = randomBytes(32)
    for (let day = 0; day < 7; day++) await writeAutoBackup(dir, at(Date.UTC(2025, 0, 1) + day * DAY), key)
    const before = await snapshotDir(dir)
    const invalid = {
      ...at(Date.UTC(2026, 0, 1)),
      profile: { ...at(Date.UTC(2026, 0, 1)).profile, phoneMasked: '13800138000' },
    } as BackupPayload
    await expectBackupError(writeAutoBackup(dir, invalid, key), 'INVALID_INPUT')
    await expectBackupError(writeAutoBackup(dir, at(Date.UTC(2026, 0, 1)), randomBytes(31)), 'INVALID_INPUT')
    expect(await snapshotDir(dir)).toEqual(before)
  })

  it('serializes concurrent writers to one folder', async () => {
    const dir = await tempDir()
    const key = randomBytes(32)
    await Promise.all(Array.from({ length: 10 }, (_, day) => writeAutoBackup(dir, at(Date.UTC(2025, 0, 1) + day * DAY), key)))
    expect((await listAutoBackups(dir)).length).toBe(7)
    expect((await readdir(dir)).length).toBe(7)
  })

  it('lists nothing for a folder that does not exist', async () => {
    expect(await listAutoBackups(join(await tempDir(), 'missing'))).toEqual([])
  })
})

describe('the automatic-backup key in the SecretStore', () => {
  it('is made once, kept as base64, and the same afterwards', async () => {
    const store = createMemorySecretStore()
    expect(await getAutoBackupKey(store)).toBeUndefined()
    const key = await getOrCreateAutoBackupKey(store)
    expect(key.length).toBe(32)
    expect(await store.get(AUTO_BACKUP_KEY_ACCOUNT)).toBe(key.toString('base64'))
    expect((await getOrCreateAutoBackupKey(store)).equals(key)).toBe(true)
    expect((await getAutoBackupKey(store))?.equals(key)).toBe(true)
  })

  it('reports a damaged stored key instead of using it', async () => {
    const store = createMemorySecretStore({ [AUTO_BACKUP_KEY_ACCOUNT]: 'c2hvcnQ=' })
    await expect(getOrCreateAutoBackupKey(store)).rejects.toMatchObject({ code: 'STORE_CORRUPT' })
  })
})
