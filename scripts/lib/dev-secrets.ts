import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from '../../src/main/platform/vault'
import type { SecretStore } from '../../src/main/platform/vault'

const File = z.record(z.string(), z.string())

/**
 * The harness's fallback where no OS keyring answers (a developer shell without a D-Bus session):
 * secrets in a PLAIN file in the data folder, labelled as such in 设置 → 安全. Harness only — this
 * file lives under scripts/ and is never packaged; the app itself never stores a secret unencrypted.
 */
export function createDevFileSecretStore(dataDir: string): SecretStore {
  const path = join(dataDir, 'secrets.dev-insecure.json')
  async function load(): Promise<Record<string, string>> {
    try {
      return File.parse(JSON.parse(await readFile(path, 'utf8')))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw error
    }
  }
  async function save(data: Record<string, string>): Promise<void> {
    await writeFileAtomic(path, JSON.stringify(data))
  }
  return {
    async get(account) {
      return (await load())[account]
    },
    async set(account, value) {
      await save({ ...(await load()), [account]: value })
    },
    async delete(account) {
      const data = await load()
      if (!(account in data)) return false
      delete data[account]
      await save(data)
      return true
    },
    describe: () => ({ kind: 'dev-file', label: '开发测试用明文文件（不安全，仅限浏览器测试环境）' }),
  }
}
