import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = process.cwd()
const MOCK_BANK = join(ROOT, 'src/mock-bank')
const SHARED = join(ROOT, 'src/shared')
/** The one file of the wallet that starts the embedded mock bank. */
const SEAM = join(ROOT, 'src/main/bank/embedded.ts')

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return filesUnder(path)
    return /\.(ts|vue|mjs|js)$/.test(name) ? [path] : []
  })
}

/** Every module a file loads or names, types included: `import … from`, `export … from`, `import '…'`, `import('…')`. */
function specifiersOf(file: string): string[] {
  const source = readFileSync(file, 'utf8')
  const found = [
    ...source.matchAll(/^\s*(?:import|export)\s[^'"]*?\sfrom\s+'([^']+)'/gm),
    ...source.matchAll(/^\s*import\s+'([^']+)'/gm),
    ...source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ]
  return found.map((m) => m[1]!)
}

/** Where a specifier points in the repository, or undefined for a package (or node:) import. */
function target(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return resolve(dirname(file), specifier)
  if (specifier.startsWith('@shared/')) return join(SHARED, specifier.slice('@shared/'.length))
  if (specifier.startsWith('@renderer/')) return join(ROOT, 'src/renderer/src', specifier.slice('@renderer/'.length))
  return undefined
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir + sep)
const name = (path: string) => relative(ROOT, path)

describe('the mock bank stands apart from the wallet', () => {
  it('src/mock-bank imports only itself, src/shared and packages', () => {
    const files = filesUnder(MOCK_BANK)
    expect(files.length).toBeGreaterThan(20)
    const wrong = files.flatMap((file) =>
      specifiersOf(file)
        .filter((s) => {
          const to = target(file, s)
          return to !== undefined && !inside(to, MOCK_BANK) && !inside(to, SHARED)
        })
        .map((s) => `${name(file)} → ${s}`),
    )
    expect(wrong).toEqual([])
  })

  it('the wallet reaches it through one seam only: src/main/bank/embedded.ts; the renderer and shared code never', () => {
    const reachers = ['src/main', 'src/renderer', 'src/preload', 'src/shared'].flatMap((dir) =>
      filesUnder(join(ROOT, dir)).filter((file) =>
        specifiersOf(file).some((s) => {
          const to = target(file, s)
          return to !== undefined && inside(to, MOCK_BANK)
        }),
      ),
    )
    expect(reachers.map(name)).toEqual([name(SEAM)])
  })
})
