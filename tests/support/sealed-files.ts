import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { aesGcmOpen } from '../../src/main/platform/vault/crypto'
import { PREVIOUS_EXT, SEALED_EXT, splitSealedFile } from '../../src/main/platform/vault/sealed-store'

/*
 * Reads sealed documents the way an attacker holding the data key would: every generation on disk
 * (current and `.prev`), decrypted without the store's schema, fallbacks or generation counter, so a
 * test can look for what a document should no longer hold.
 */

/** The plaintext of one sealed file (the JSON envelope), or undefined if it does not open under the key. */
export async function sealedPlaintext(path: string, name: string, dataKey: Uint8Array): Promise<string | undefined> {
  const parts = splitSealedFile(await readFile(path))
  if (!parts) return undefined
  const plain = aesGcmOpen(Buffer.from(dataKey), parts.nonce, parts.body, Buffer.concat([parts.header, Buffer.from(name, 'utf8')]))
  return plain?.toString('utf8')
}

/** Every generation of every sealed document in `dir`: file name → plaintext. */
export async function allSealedPlaintexts(dir: string, dataKey: Uint8Array): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const entry of await readdir(dir)) {
    const name = entry.endsWith(PREVIOUS_EXT)
      ? entry.slice(0, -PREVIOUS_EXT.length)
      : entry.endsWith(SEALED_EXT)
        ? entry.slice(0, -SEALED_EXT.length)
        : undefined
    if (name === undefined) continue
    const plain = await sealedPlaintext(join(dir, entry), name, dataKey)
    if (plain === undefined) throw new Error(`${entry} does not open under the data key`)
    out.set(entry, plain)
  }
  return out
}
