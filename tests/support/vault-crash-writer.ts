/**
 * Child process for tests/integration/vault/sealed-crash.test.ts: rewrites one sealed document in an
 * endless loop until the test SIGKILLs it. Before and after each write it prints "B n" / "E n" with a
 * synchronous write, so the parent knows which values a read may legitimately return after the kill.
 *
 *   node --import tsx tests/support/vault-crash-writer.ts <dir> <last n>   (key in VAULT_CRASH_KEY, hex)
 */
import { writeSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { createSealedStore } from '../../src/main/platform/vault/sealed-store'

export const CRASH_DOC = 'crash'

/** Content derived from n, so a reader can tell a whole value from a stitched or stale one. */
export function crashPayload(n: number): { n: number; blocks: string[] } {
  return { n, blocks: Array.from({ length: 64 }, (_, i) => `${n}:${i}:`.padEnd(500, String.fromCharCode(97 + ((n + i) % 26)))) }
}

async function main(): Promise<void> {
  const [dir, last] = process.argv.slice(2)
  const key = process.env.VAULT_CRASH_KEY
  if (!dir || !last || !key) throw new Error('usage: vault-crash-writer <dir> <last n>, key in VAULT_CRASH_KEY')
  const store = createSealedStore({ dir, dataKey: Buffer.from(key, 'hex') })
  for (let n = Number(last) + 1; ; n++) {
    writeSync(1, `B ${n}\n`)
    await store.write(CRASH_DOC, crashPayload(n))
    writeSync(1, `E ${n}\n`)
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
