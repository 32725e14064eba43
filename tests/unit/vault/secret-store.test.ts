import { join } from 'node:path'
import { createMemorySecretStore } from '../../../src/main/platform/vault/secret-store'
import { openPassphraseSecretStore } from '../../../src/main/platform/vault/passphrase-store'
import { openSafeStorageSecretStore } from '../../../src/main/platform/vault/safe-storage'
import { fakeSafeStorage, FAST_SCRYPT, useTempDir } from './helpers'
import { secretStoreContract } from './secret-store-contract'

const tempDir = useTempDir()
const freshFile = async (name: string) => join(await tempDir(), name)

secretStoreContract('memory', async () => createMemorySecretStore())

secretStoreContract('safeStorage', async () =>
  openSafeStorageSecretStore({
    encryptor: fakeSafeStorage(),
    file: await freshFile('secrets.safestorage.json'),
    platform: 'linux',
  }),
)

secretStoreContract('passphrase', async () =>
  openPassphraseSecretStore({
    file: await freshFile('secrets.passphrase.json'),
    passphrase: 'correct horse battery',
    scrypt: FAST_SCRYPT,
  }),
)
