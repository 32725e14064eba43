import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const MAIN = join(process.cwd(), 'src/main')
/** The shell's decision modules, with the URL and link rules (base) and the sender checks (ipc/electron) they moved to. */
const DECISIONS = [
  ...readdirSync(join(MAIN, 'shell'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(MAIN, 'shell', f)),
  join(MAIN, 'base/url-guard.ts'),
  join(MAIN, 'base/deep-link.ts'),
  join(MAIN, 'ipc/electron/bridge.ts'),
  join(MAIN, 'ipc/electron/sender.ts'),
]

/** Value imports only: `import type …` is erased and loads nothing. */
function valueImports(file: string): string[] {
  const source = readFileSync(file, 'utf8')
  return [...source.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!)
}

describe('shell layering', () => {
  it('keeps the decision modules free of electron (only shell/electron/* may import it)', () => {
    expect(DECISIONS.length).toBeGreaterThanOrEqual(9)
    for (const file of DECISIONS) expect(valueImports(file), file).not.toContain('electron')
  })

  it('keeps zod and the contract schemas out of the sandboxed preload', () => {
    for (const file of ['src/preload/bridge.ts', 'src/preload/names.ts', 'src/preload/index.ts']) {
      const imports = valueImports(join(process.cwd(), file))
      expect(
        imports.filter((i) => i.includes('shared') || i === 'zod'),
        file,
      ).toEqual([])
    }
  })
})
