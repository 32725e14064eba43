import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pathExists, removeStaleTempFiles, writeFileAtomic } from '../../../src/main/base/atomic-file'
import { useTempDir } from './helpers'

const tempDir = useTempDir()

describe('writeFileAtomic', () => {
  it('creates and replaces a file, leaving no temporary file behind', async () => {
    const dir = await tempDir()
    const file = join(dir, 'snapshot.json')
    await writeFileAtomic(file, 'one')
    await writeFileAtomic(file, Buffer.from('two'))
    expect(await readFile(file, 'utf8')).toBe('two')
    expect(await readdir(dir)).toEqual(['snapshot.json'])
  })

  it.skipIf(process.platform === 'win32')('creates files readable by the owner only', async () => {
    const file = join(await tempDir(), 'secret.json')
    await writeFileAtomic(file, 'x')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
  })

  it('keeps the replaced file as the previous generation when asked', async () => {
    const dir = await tempDir()
    const file = join(dir, 'doc')
    await writeFileAtomic(file, 'v1', { previousPath: join(dir, 'doc.prev') })
    expect(await pathExists(join(dir, 'doc.prev'))).toBe(false)
    await writeFileAtomic(file, 'v2', { previousPath: join(dir, 'doc.prev') })
    await writeFileAtomic(file, 'v3', { previousPath: join(dir, 'doc.prev') })
    expect(await readFile(file, 'utf8')).toBe('v3')
    expect(await readFile(join(dir, 'doc.prev'), 'utf8')).toBe('v2')
  })

  it('leaves the old file untouched and cleans up when the write fails', async () => {
    const dir = await tempDir()
    const file = join(dir, 'doc')
    await writeFileAtomic(file, 'old')
    // A folder where the previous generation should go makes the rename fail after the temp file exists.
    await mkdir(join(dir, 'doc.prev'))
    await writeFile(join(dir, 'doc.prev', 'occupied'), '')
    await expect(writeFileAtomic(file, 'new', { previousPath: join(dir, 'doc.prev') })).rejects.toThrow()
    expect(await readFile(file, 'utf8')).toBe('old')
    expect((await readdir(dir)).sort()).toEqual(['doc', 'doc.prev'])
  })

  it('fails when the folder does not exist', async () => {
    await expect(writeFileAtomic(join(await tempDir(), 'missing', 'doc'), 'x')).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

describe('removeStaleTempFiles', () => {
  it('removes only temporary files of the given file', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'doc.0123456789ab.tmp'), 'torn')
    await writeFile(join(dir, 'doc'), 'keep')
    await writeFile(join(dir, 'other.0123456789ab.tmp'), 'keep')
    expect(await removeStaleTempFiles(dir, 'doc')).toBe(1)
    expect((await readdir(dir)).sort()).toEqual(['doc', 'other.0123456789ab.tmp'])
  })
})
