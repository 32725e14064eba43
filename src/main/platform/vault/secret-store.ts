/**
 * Where secrets (the data key, session tokens, device secrets) live. Callers only see this port, so the
 * backend (keytar is archived upstream) can be replaced without touching them.
 */
export type SecretStoreKind = 'keychain' | 'safeStorage' | 'passphrase' | 'memory' | 'dev-file'

export interface SecretStoreInfo {
  kind: SecretStoreKind
  /** Short Chinese text for 设置 → 安全 ("密钥保存在：<label>"). */
  label: string
}

export interface SecretStore {
  get(account: string): Promise<string | undefined>
  set(account: string, value: string): Promise<void>
  /** Resolves true when an entry was removed, false when there was none. */
  delete(account: string): Promise<boolean>
  describe(): SecretStoreInfo
}

/** Service name under which every entry is filed in the OS keychain. */
export const SECRET_SERVICE = 'icbc-wallet-desktop'

/** Well-known account names, so that every module files the same secret under the same name. */
export const SECRET_ACCOUNTS = {
  dataKey: 'data-key',
  sessionToken: 'session-token',
  deviceSecret: 'device-secret',
  /** Prefix of the per-document generation counters of the sealed store (see generationAccount). */
  docGeneration: 'doc-generation',
  /** The embedded mock bank's storage key (32 bytes, base64url): src/main/core/bank-key.ts. */
  bankStorageKey: 'bank-storage-key',
} as const

/**
 * Where the sealed store keeps the highest generation written of a counted document
 * (sealed-store.ts): beside the data key, outside the folder a rollback would copy files into.
 */
export function generationAccount(documentName: string): string {
  return `${SECRET_ACCOUNTS.docGeneration}:${documentName}`
}

export function createMemorySecretStore(initial: Record<string, string> = {}): SecretStore {
  const entries = new Map(Object.entries(initial))
  return {
    async get(account) {
      assertAccount(account)
      return entries.get(account)
    },
    async set(account, value) {
      assertAccount(account)
      assertSecretValue(value)
      entries.set(account, value)
    },
    async delete(account) {
      assertAccount(account)
      return entries.delete(account)
    },
    describe: () => ({ kind: 'memory', label: '内存（仅用于测试）' }),
  }
}

/** Empty account names are a programming error; keytar would reject them with a less useful message. */
export function assertAccount(account: string): void {
  if (typeof account !== 'string' || account.length === 0) throw new TypeError('SecretStore: account must be a non-empty string')
}

/** Every backend must accept the same values; keytar rejects empty strings, so the port does too. */
export function assertSecretValue(value: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError('SecretStore: value must be a non-empty string')
}
