import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import { isErrno, writeFileAtomic } from '../../base/atomic-file'
import { messageOf } from './keytar-store'
import { assertAccount, assertSecretValue, type SecretStore } from './secret-store'

/**
 * The subset of Electron's `safeStorage` this adapter needs. The shell passes `safeStorage` itself
 * (after app 'ready'); nothing in the vault imports electron, so all of this runs in plain Node tests.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  isAsyncEncryptionAvailable?(): Promise<boolean>
  /** Linux only: which OS store protects the key ('basic_text' means none). */
  getSelectedStorageBackend?(): string
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  encryptStringAsync?(plainText: string): Promise<Buffer>
  decryptStringAsync?(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>
}

export type SafeStorageAssessment =
  { usable: true; backend: string } | { usable: false; backend: string; reason: 'unavailable' | 'basic_text' | 'unknown_backend' }

/** Linux backends that really are an OS keyring. Anything else (basic_text, unknown) would be a hard-coded key. */
const SECURE_LINUX_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])

/**
 * On Linux without a keyring, Electron falls back to `basic_text`: encryption "works" with a key baked
 * into the binary, which protects nothing. That case must not count as secure storage.
 */
export async function assessSafeStorage(encryptor: SafeStorageLike, platform: NodeJS.Platform): Promise<SafeStorageAssessment> {
  const backend = platform === 'linux' ? (encryptor.getSelectedStorageBackend?.() ?? 'unknown') : platform
  let available: boolean
  try {
    available = encryptor.isAsyncEncryptionAvailable
      ? await encryptor.isAsyncEncryptionAvailable()
      : encryptor.isEncryptionAvailable()
  } catch {
    available = false
  }
  if (!available) return { usable: false, backend, reason: 'unavailable' }
  if (platform === 'linux' && !SECURE_LINUX_BACKENDS.has(backend)) {
    return { usable: false, backend, reason: backend === 'basic_text' ? 'basic_text' : 'unknown_backend' }
  }
  return { usable: true, backend }
}

export function safeStorageLabel(platform: NodeJS.Platform, backend: string): string {
  if (platform === 'darwin') return 'Electron safeStorage (macOS 钥匙串)'
  if (platform === 'win32') return 'Electron safeStorage (Windows DPAPI)'
  if (backend === 'gnome_libsecret') return 'Electron safeStorage (libsecret)'
  if (backend.startsWith('kwallet')) return 'Electron safeStorage (KWallet)'
  return `Electron safeStorage (${backend})`
}

const SafeStorageFile = z.object({
  format: z.literal('icbc-wallet-secrets-safestorage'),
  version: z.literal(1),
  entries: z.record(z.string(), z.string()),
})
type SafeStorageFile = z.infer<typeof SafeStorageFile>

export interface SafeStorageStoreOptions {
  encryptor: SafeStorageLike
  /** JSON file in the data folder holding one safeStorage ciphertext (base64) per account. */
  file: string
  platform: NodeJS.Platform
}

/**
 * SecretStore whose values are encrypted by safeStorage and kept in a file. Call assessSafeStorage
 * first: this adapter trusts that the backend is a real OS keyring.
 */
export async function openSafeStorageSecretStore(options: SafeStorageStoreOptions): Promise<SecretStore> {
  const { encryptor, file, platform } = options
  const backend = platform === 'linux' ? (encryptor.getSelectedStorageBackend?.() ?? 'unknown') : platform
  const label = safeStorageLabel(platform, backend)
  const entries = new Map(Object.entries((await readSecretsFile(file))?.entries ?? {}))
  let queue: Promise<unknown> = Promise.resolve()

  const encrypt = async (plain: string): Promise<Buffer> =>
    encryptor.encryptStringAsync ? encryptor.encryptStringAsync(plain) : encryptor.encryptString(plain)

  const decrypt = async (cipher: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> =>
    encryptor.decryptStringAsync
      ? encryptor.decryptStringAsync(cipher)
      : { result: encryptor.decryptString(cipher), shouldReEncrypt: false }

  /** Mutations are serialised so two concurrent sets cannot each write a file missing the other's entry. */
  function mutate<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task)
    queue = run.catch(() => {})
    return run
  }

  async function persist(): Promise<void> {
    const doc: SafeStorageFile = { format: 'icbc-wallet-secrets-safestorage', version: 1, entries: Object.fromEntries(entries) }
    await writeFileAtomic(file, JSON.stringify(doc))
  }

  return {
    async get(account) {
      assertAccount(account)
      const stored = entries.get(account)
      if (stored === undefined) return undefined
      let decrypted
      try {
        decrypted = await decrypt(Buffer.from(stored, 'base64'))
      } catch (error) {
        throw new AppError('KEYRING_UNAVAILABLE', `safeStorage could not decrypt "${account}": ${messageOf(error)}`, { account })
      }
      if (decrypted.shouldReEncrypt) {
        // The OS rotated or upgraded the key; re-encrypting is an optimisation, so a failure here is not fatal.
        await mutate(async () => {
          if (entries.get(account) !== stored) return
          entries.set(account, (await encrypt(decrypted.result)).toString('base64'))
          await persist()
        }).catch(() => {})
      }
      return decrypted.result
    },
    async set(account, value) {
      assertAccount(account)
      assertSecretValue(value)
      await mutate(async () => {
        let cipher: Buffer
        try {
          cipher = await encrypt(value)
        } catch (error) {
          throw new AppError('KEYRING_UNAVAILABLE', `safeStorage could not encrypt "${account}": ${messageOf(error)}`, {
            account,
          })
        }
        entries.set(account, cipher.toString('base64'))
        await persist()
      })
    },
    async delete(account) {
      assertAccount(account)
      return mutate(async () => {
        if (!entries.delete(account)) return false
        await persist()
        return true
      })
    },
    describe: () => ({ kind: 'safeStorage', label }),
  }
}

async function readSecretsFile(file: string): Promise<SafeStorageFile | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined
    throw error
  }
  try {
    return SafeStorageFile.parse(JSON.parse(text))
  } catch {
    throw new AppError('STORE_CORRUPT', 'the safeStorage secrets file is damaged', { file: 'safeStorage' })
  }
}
