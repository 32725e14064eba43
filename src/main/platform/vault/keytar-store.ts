import { AppError } from '../../../shared/errors'
import { assertAccount, assertSecretValue, SECRET_SERVICE, type SecretStore } from './secret-store'

/** The part of keytar we use; tests and a future replacement implement just this. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

export interface KeytarStoreOptions {
  platform: NodeJS.Platform
  service?: string
}

/**
 * Loads keytar's native module on demand. A missing or ABI-mismatched binary throws at load time, which
 * a static import would turn into a crash of the whole main process.
 */
const KEYTAR_MODULE: string = 'keytar'

export async function loadKeytar(): Promise<KeytarLike> {
  try {
    // An optional dependency: absent where its native build failed (no libsecret headers), so the
    // name is not given to the type checker or the bundler to resolve.
    const mod = (await import(/* @vite-ignore */ KEYTAR_MODULE)) as KeytarLike & { default?: KeytarLike }
    const keytar = mod.default ?? mod
    if (typeof keytar.getPassword !== 'function') throw new Error('unexpected module shape')
    return keytar
  } catch (error) {
    throw new AppError('KEYRING_UNAVAILABLE', `keytar failed to load: ${messageOf(error)}`)
  }
}

/** A harmless read of an account that never exists: proves the keychain daemon answers, without prompting or writing. */
export async function probeKeytar(keytar: KeytarLike, timeoutMs: number, service: string = SECRET_SERVICE): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  let timedOut = false
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true
      reject(new Error(`no answer within ${timeoutMs} ms`))
    }, timeoutMs)
    timer.unref()
  })
  try {
    await Promise.race([keytar.getPassword(service, '__probe__'), timeout])
  } catch (error) {
    // A keychain that is slow (locked, daemon still starting) is told apart from one that refuses, so the user is told which.
    throw new AppError('KEYRING_UNAVAILABLE', `keychain unreachable: ${messageOf(error)}`, { timedOut })
  } finally {
    clearTimeout(timer)
  }
}

export function keychainLabel(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return '系统钥匙串 (macOS 钥匙串)'
    case 'win32':
      return '系统钥匙串 (Windows 凭据管理器)'
    default:
      return '系统钥匙串 (libsecret)'
  }
}

export function createKeytarSecretStore(keytar: KeytarLike, options: KeytarStoreOptions): SecretStore {
  const service = options.service ?? SECRET_SERVICE
  const label = keychainLabel(options.platform)
  // keytar's errors never contain the secret, but they are rewrapped anyway so callers see one stable code.
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      throw new AppError('KEYRING_UNAVAILABLE', `keychain ${what} failed: ${messageOf(error)}`)
    }
  }
  return {
    async get(account) {
      assertAccount(account)
      return (await call('read', () => keytar.getPassword(service, account))) ?? undefined
    },
    async set(account, value) {
      assertAccount(account)
      assertSecretValue(value)
      await call('write', () => keytar.setPassword(service, account, value))
    },
    async delete(account) {
      assertAccount(account)
      return call('delete', () => keytar.deletePassword(service, account))
    },
    describe: () => ({ kind: 'keychain', label }),
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
