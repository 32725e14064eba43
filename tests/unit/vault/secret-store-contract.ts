import { describe, expect, it } from 'vitest'
import type { SecretStore, SecretStoreKind } from '../../../src/main/platform/vault/secret-store'

/**
 * What every SecretStore backend must do, run against each adapter (the keytar one against the real
 * Secret Service in tests/integration/vault). `prefix` keeps accounts of concurrent runs apart.
 */
export function secretStoreContract(kind: SecretStoreKind, open: () => Promise<SecretStore>, prefix = ''): void {
  describe(`SecretStore contract (${kind})`, () => {
    const account = (name: string) => `${prefix}${name}`

    it('describes itself with its kind and a Chinese label', async () => {
      const info = (await open()).describe()
      expect(info.kind).toBe(kind)
      expect(info.label).toMatch(/[\u4e00-\u9fff]|safeStorage/)
    })

    it('returns undefined for a missing entry and false when deleting it', async () => {
      const store = await open()
      expect(await store.get(account('never-set'))).toBeUndefined()
      expect(await store.delete(account('never-set'))).toBe(false)
    })

    it('sets, gets, overwrites and deletes', async () => {
      const store = await open()
      try {
        await store.set(account('token'), 'first')
        expect(await store.get(account('token'))).toBe('first')
        await store.set(account('token'), 'second')
        expect(await store.get(account('token'))).toBe('second')
        expect(await store.delete(account('token'))).toBe(true)
        expect(await store.get(account('token'))).toBeUndefined()
        expect(await store.delete(account('token'))).toBe(false)
      } finally {
        await store.delete(account('token'))
      }
    })

    it('keeps unicode values and accounts intact', async () => {
      const store = await open()
      const values = {
        [account('中文账户')]: '工商银行 数字钱包 ¥1,234.56',
        [account('emoji')]: '🔐🏦 e\u0301 (combining) and é (precomposed)',
        [account('long')]: 'κλειδί-'.repeat(200),
      }
      try {
        for (const [name, value] of Object.entries(values)) await store.set(name, value)
        for (const [name, value] of Object.entries(values)) expect(await store.get(name)).toBe(value)
      } finally {
        for (const name of Object.keys(values)) await store.delete(name)
      }
    })

    it('keeps accounts apart', async () => {
      const store = await open()
      try {
        await store.set(account('a'), 'value-a')
        await store.set(account('b'), 'value-b')
        await store.delete(account('a'))
        expect(await store.get(account('a'))).toBeUndefined()
        expect(await store.get(account('b'))).toBe('value-b')
      } finally {
        await store.delete(account('a'))
        await store.delete(account('b'))
      }
    })

    it('rejects empty accounts and empty values', async () => {
      const store = await open()
      await expect(store.get('')).rejects.toThrow(TypeError)
      await expect(store.set(account('x'), '')).rejects.toThrow(TypeError)
      await expect(store.delete('')).rejects.toThrow(TypeError)
    })
  })
}
