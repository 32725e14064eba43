import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import { isErrno, writeFileAtomic } from '../../base/atomic-file'
import type { PassphraseAttempts } from './passphrase-attempts'
import { aesGcmOpen, aesGcmSeal, deriveKey, SALT_BYTES, STRONG_SCRYPT, type ScryptParams } from './crypto'
import { assertAccount, assertSecretValue, type SecretStore } from './secret-store'

export const PASSPHRASE_LABEL = '主密码保护（未检测到系统密钥环）'
export const MIN_PASSPHRASE_LENGTH = 8

const PassphraseFile = z.object({
  format: z.literal('icbc-wallet-secrets-passphrase'),
  version: z.literal(1),
  kdf: z.object({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.base64() }),
  nonce: z.base64(),
  sealed: z.base64(),
})
type PassphraseFile = z.infer<typeof PassphraseFile>

const Contents = z.object({ entries: z.record(z.string(), z.string()) })

export interface PassphraseStoreOptions {
  /** JSON file in the data folder; created on first open. */
  file: string
  passphrase: string
  /** KDF parameters for a new file (an existing file keeps its own). Tests pass a small N. */
  scrypt?: ScryptParams
  /** Counts the checks of the passphrase against an existing file and makes them wait (passphrase-attempts.ts). */
  attempts?: PassphraseAttempts
}

export interface PassphraseSecretStore extends SecretStore {
  /** Re-encrypts the secrets under a new passphrase (fresh salt); the old one stops working. */
  changePassphrase(next: string): Promise<void>
}

/**
 * Fallback when the OS offers no keyring: the secrets file is sealed (AES-256-GCM) under a key derived
 * from a master passphrase with scrypt. Opens the file, or creates it when absent. A wrong passphrase
 * throws WRONG_PASSWORD; a damaged file STORE_CORRUPT.
 */
export async function openPassphraseSecretStore(options: PassphraseStoreOptions): Promise<PassphraseSecretStore> {
  const { file } = options
  const existing = await readPassphraseFile(file)
  let kdf: PassphraseFile['kdf']
  let key: Buffer
  const entries = new Map<string, string>()

  if (existing) {
    kdf = existing.kdf
    const check = async () => {
      const derived = await deriveFromFile(options.passphrase, existing.kdf)
      const opened = aesGcmOpen(
        derived,
        Buffer.from(existing.nonce, 'base64'),
        Buffer.from(existing.sealed, 'base64'),
        associatedData(existing.kdf),
      )
      if (opened === undefined)
        throw new AppError('WRONG_PASSWORD', 'the master passphrase is wrong', { target: 'master-passphrase' })
      return { derived, opened }
    }
    const { derived, opened: plain } = await (options.attempts ? options.attempts.attempt(check) : check())
    key = derived
    const contents = Contents.safeParse(safeJson(plain.toString('utf8')))
    if (!contents.success)
      throw new AppError('STORE_CORRUPT', 'the passphrase-protected secrets file is damaged', { file: 'passphrase' })
    for (const [account, value] of Object.entries(contents.data.entries)) entries.set(account, value)
  } else {
    assertNewPassphrase(options.passphrase)
    ;({ kdf, key } = await newKey(options.passphrase, options.scrypt ?? STRONG_SCRYPT))
    await persist()
  }

  let queue: Promise<unknown> = Promise.resolve()
  function mutate<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task)
    queue = run.catch(() => {})
    return run
  }

  async function persist(): Promise<void> {
    const plain = Buffer.from(JSON.stringify({ entries: Object.fromEntries(entries) }), 'utf8')
    const { nonce, body } = aesGcmSeal(key, plain, associatedData(kdf))
    const doc: PassphraseFile = {
      format: 'icbc-wallet-secrets-passphrase',
      version: 1,
      kdf,
      nonce: nonce.toString('base64'),
      sealed: body.toString('base64'),
    }
    await writeFileAtomic(file, JSON.stringify(doc))
  }

  return {
    async get(account) {
      assertAccount(account)
      return entries.get(account)
    },
    async set(account, value) {
      assertAccount(account)
      assertSecretValue(value)
      await mutate(async () => {
        entries.set(account, value)
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
    async changePassphrase(next) {
      assertNewPassphrase(next)
      const fresh = await newKey(next, { N: kdf.N, r: kdf.r, p: kdf.p })
      await mutate(async () => {
        kdf = fresh.kdf
        key = fresh.key
        await persist()
      })
    },
    describe: () => ({ kind: 'passphrase', label: PASSPHRASE_LABEL }),
  }
}

async function newKey(passphrase: string, params: ScryptParams): Promise<{ kdf: PassphraseFile['kdf']; key: Buffer }> {
  const salt = randomBytes(SALT_BYTES)
  const key = await deriveKey(passphrase, salt, params)
  return { kdf: { name: 'scrypt', N: params.N, r: params.r, p: params.p, salt: salt.toString('base64') }, key }
}

async function deriveFromFile(passphrase: string, kdf: PassphraseFile['kdf']): Promise<Buffer> {
  try {
    return await deriveKey(passphrase, Buffer.from(kdf.salt, 'base64'), kdf)
  } catch (error) {
    if (error instanceof RangeError)
      throw new AppError('STORE_CORRUPT', 'the passphrase-protected secrets file is damaged', { file: 'passphrase' })
    throw error
  }
}

/** The KDF parameters and salt are bound to the ciphertext, so editing them fails authentication. */
function associatedData(kdf: PassphraseFile['kdf']): Buffer {
  return Buffer.from(`icbc-wallet-secrets-passphrase/v1|${kdf.name}|${kdf.N}|${kdf.r}|${kdf.p}|${kdf.salt}`, 'utf8')
}

function assertNewPassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string' || [...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new AppError('INVALID_INPUT', `the master passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`, {
      minLength: MIN_PASSPHRASE_LENGTH,
    })
  }
}

async function readPassphraseFile(file: string): Promise<PassphraseFile | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined
    throw error
  }
  const parsed = PassphraseFile.safeParse(safeJson(text))
  if (!parsed.success)
    throw new AppError('STORE_CORRUPT', 'the passphrase-protected secrets file is damaged', { file: 'passphrase' })
  return parsed.data
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
