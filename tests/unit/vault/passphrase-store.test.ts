import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openPassphraseSecretStore } from '../../../src/main/platform/vault/passphrase-store'
import { expectAppError, FAST_SCRYPT, useTempDir } from './helpers'

const tempDir = useTempDir()
const PASS = '正确的主密码 correct horse'

async function created() {
  const file = join(await tempDir(), 'secrets.passphrase.json')
  const store = await openPassphraseSecretStore({ file, passphrase: PASS, scrypt: FAST_SCRYPT })
  await store.set('data-key', 'SECRET-KEY-MATERIAL')
  return { file, store }
}

describe('passphrase secret store', () => {
  it('seals the secrets: neither values nor account names appear in the file', async () => {
    const { file } = await created()
    const text = await readFile(file, 'utf8')
    expect(text).not.toContain('SECRET')
    expect(text).not.toContain('data-key')
    expect(JSON.parse(text)).toMatchObject({
      format: 'icbc-wallet-secrets-passphrase',
      version: 1,
      kdf: { name: 'scrypt', N: 1024, r: 8, p: 1 },
    })
  })

  it('reopens with the right passphrase', async () => {
    const { file } = await created()
    const again = await openPassphraseSecretStore({ file, passphrase: PASS })
    expect(await again.get('data-key')).toBe('SECRET-KEY-MATERIAL')
  })

  it('says WRONG_PASSWORD for a wrong passphrase', async () => {
    const { file } = await created()
    const error = await expectAppError(openPassphraseSecretStore({ file, passphrase: 'not the passphrase' }), 'WRONG_PASSWORD')
    expect(error.details).toEqual({ target: 'master-passphrase' })
  })

  it('keeps the KDF parameters of the file, whatever the caller passes', async () => {
    const { file } = await created()
    const again = await openPassphraseSecretStore({ file, passphrase: PASS, scrypt: { N: 2 ** 12, r: 8, p: 1 } })
    expect(await again.get('data-key')).toBe('SECRET-KEY-MATERIAL')
  })

  it('binds the KDF parameters: editing them makes the file fail authentication', async () => {
    const { file } = await created()
    const doc = JSON.parse(await readFile(file, 'utf8'))
    doc.kdf.N = 2 ** 11
    await writeFile(file, JSON.stringify(doc))
    await expectAppError(openPassphraseSecretStore({ file, passphrase: PASS }), 'WRONG_PASSWORD')
  })

  it('reports a malformed file or absurd KDF parameters as STORE_CORRUPT', async () => {
    const { file } = await created()
    const doc = JSON.parse(await readFile(file, 'utf8'))
    await writeFile(file, JSON.stringify({ ...doc, kdf: { ...doc.kdf, N: 2 ** 30 } }))
    await expectAppError(openPassphraseSecretStore({ file, passphrase: PASS }), 'STORE_CORRUPT')
    await writeFile(file, 'not json')
    await expectAppError(openPassphraseSecretStore({ file, passphrase: PASS }), 'STORE_CORRUPT')
  })

  it('refuses a too short new passphrase', async () => {
    const file = join(await tempDir(), 'secrets.passphrase.json')
    const error = await expectAppError(
      openPassphraseSecretStore({ file, passphrase: '1234567', scrypt: FAST_SCRYPT }),
      'INVALID_INPUT',
    )
    expect(error.details).toEqual({ minLength: 8 })
  })

  it('changes the passphrase: the old one stops working, the secrets stay', async () => {
    const { file, store } = await created()
    await store.changePassphrase('a brand new passphrase')
    await store.set('after', 'change')
    await expectAppError(openPassphraseSecretStore({ file, passphrase: PASS }), 'WRONG_PASSWORD')
    const reopened = await openPassphraseSecretStore({ file, passphrase: 'a brand new passphrase' })
    expect(await reopened.get('data-key')).toBe('SECRET-KEY-MATERIAL')
    expect(await reopened.get('after')).toBe('change')
  })

  it('uses a fresh nonce for every write', async () => {
    const { file, store } = await created()
    const first = JSON.parse(await readFile(file, 'utf8'))
    await store.set('data-key', 'SECRET-KEY-MATERIAL')
    const second = JSON.parse(await readFile(file, 'utf8'))
    expect(second.nonce).not.toBe(first.nonce)
    expect(second.sealed).not.toBe(first.sealed)
  })
})
