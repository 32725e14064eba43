import { describe, expect, it } from 'vitest'
import { loadOrCreateDataKey } from '../../../src/main/platform/vault/data-key'
import { createMemorySecretStore, SECRET_ACCOUNTS, type SecretStore } from '../../../src/main/platform/vault/secret-store'
import { expectAppError } from './helpers'

describe('loadOrCreateDataKey', () => {
  it('creates a random 256-bit key on first start and stores it as base64', async () => {
    const store = createMemorySecretStore()
    const key = await loadOrCreateDataKey(store, { hasExistingData: false })
    expect(key).toHaveLength(32)
    expect(await store.get(SECRET_ACCOUNTS.dataKey)).toBe(key.toString('base64'))
    const other = await loadOrCreateDataKey(createMemorySecretStore(), { hasExistingData: false })
    expect(other.equals(key)).toBe(false)
  })

  it('returns the stored key on later starts', async () => {
    const store = createMemorySecretStore()
    const first = await loadOrCreateDataKey(store, { hasExistingData: false })
    expect((await loadOrCreateDataKey(store, { hasExistingData: true })).equals(first)).toBe(true)
  })

  it('throws KEY_MISSING with the way forward when data exists but the key is gone, and creates nothing', async () => {
    const store = createMemorySecretStore()
    const error = await expectAppError(loadOrCreateDataKey(store, { hasExistingData: true }), 'KEY_MISSING')
    expect(error.details).toEqual({ reason: 'missing', backend: 'memory', remedy: 'sign-in-again-or-restore-backup' })
    expect(error.message).toMatch(/sign in again.*restore a backup/)
    expect(await store.get(SECRET_ACCOUNTS.dataKey)).toBeUndefined()
  })

  it('never overwrites an unreadable key', async () => {
    for (const bad of ['not base64!', 'c2hvcnQ=', Buffer.alloc(33).toString('base64')]) {
      const store = createMemorySecretStore({ [SECRET_ACCOUNTS.dataKey]: bad })
      for (const hasExistingData of [true, false]) {
        const error = await expectAppError(loadOrCreateDataKey(store, { hasExistingData }), 'KEY_MISSING')
        expect(error.details).toMatchObject({ reason: 'malformed' })
      }
      expect(await store.get(SECRET_ACCOUNTS.dataKey)).toBe(bad)
    }
  })

  it('says KEYRING_UNAVAILABLE when the store accepts the key but does not keep it', async () => {
    const forgetful: SecretStore = { ...createMemorySecretStore(), get: async () => undefined }
    await expectAppError(loadOrCreateDataKey(forgetful, { hasExistingData: false }), 'KEYRING_UNAVAILABLE')
  })
})
