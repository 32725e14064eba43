import { mkdir, readFile, rename, writeFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { DocStore } from './ports'

/**
 * Opens the main-side document store for a data folder.
 * TEMPORARY (issue [1/7]): plain JSON files; replaced by the vault's sealed store in [2/7].
 */
export async function openDocStore(dataDir: string): Promise<DocStore> {
  const dir = join(dataDir, 'state')
  await mkdir(dir, { recursive: true })
  const file = (name: string) => join(dir, `${name}.json`)
  return {
    async read(name, schema) {
      try {
        return schema.parse(JSON.parse(await readFile(file(name), 'utf8')))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
    },
    async write(name, value) {
      const tmp = `${file(name)}.tmp`
      await writeFile(tmp, JSON.stringify(value))
      await rename(tmp, file(name))
    },
    async remove(name) {
      await rm(file(name), { force: true })
    },
  }
}
