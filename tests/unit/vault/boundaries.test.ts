import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const VAULT = 'src/main/platform/vault'

async function sources(): Promise<Array<{ file: string; text: string }>> {
  const files = (await readdir(VAULT)).filter((f) => f.endsWith('.ts'))
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(join(VAULT, file), 'utf8') })))
}

describe('vault boundaries', () => {
  it('stays plain Node: nothing imports electron (the shell injects safeStorage)', async () => {
    for (const { file, text } of await sources())
      expect(text, file).not.toMatch(/from ['"]electron['"]|require\(['"]electron['"]\)/)
  })

  it('never logs: secrets pass through every function here', async () => {
    for (const { file, text } of await sources()) expect(text, file).not.toMatch(/\bconsole\.|process\.std(out|err)\.write/)
  })
})
