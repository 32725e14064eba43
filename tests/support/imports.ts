import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** Reading the import graph of the sources, for the layering tests (tests/unit/main-layering.test.ts, tests/unit/mock-bank-layering.test.ts). */

const ROOT = process.cwd()
const ALIASES: Record<string, string> = {
  '@shared/': join(ROOT, 'src/shared/'),
  '@renderer/': join(ROOT, 'src/renderer/src/'),
}

/** Every .ts, .vue, .mjs and .js file below a folder. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return filesUnder(path)
    return /\.(ts|vue|mjs|js)$/.test(name) ? [path] : []
  })
}

/** Every module a file loads or names, types included: `import … from`, `export … from`, `import '…'`, `import('…')`. */
export function specifiersOf(file: string): string[] {
  const source = readFileSync(file, 'utf8')
  const found = [
    ...source.matchAll(/^\s*(?:import|export)\s[^'"]*?\sfrom\s+'([^']+)'/gm),
    ...source.matchAll(/^\s*import\s+'([^']+)'/gm),
    ...source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ]
  return found.map((m) => m[1]!)
}

/** Where a specifier points in the repository (a path without extension), or undefined for a package or node: import. */
export function target(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return resolve(dirname(file), specifier)
  const alias = Object.keys(ALIASES).find((a) => specifier.startsWith(a))
  return alias ? join(ALIASES[alias]!, specifier.slice(alias.length)) : undefined
}

/** The file a specifier loads: `x` → x.ts, x.vue, x/index.ts, as the bundler resolves it; undefined for packages. */
export function resolvedFile(file: string, specifier: string): string | undefined {
  const to = target(file, specifier)
  if (to === undefined) return undefined
  return [to, `${to}.ts`, `${to}.vue`, join(to, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile())
}

/** Import cycles among `files` (strongly connected components of more than one file, or a file importing itself). */
export function importCycles(files: string[]): string[][] {
  const known = new Set(files)
  const edges = new Map(
    files.map((f) => [f, specifiersOf(f).map((s) => resolvedFile(f, s)).filter((t): t is string => t !== undefined && known.has(t))]),
  )
  // Tarjan's algorithm.
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (v: string): void => {
    index.set(v, counter)
    low.set(v, counter++)
    stack.push(v)
    onStack.add(v)
    for (const w of edges.get(v)!) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) !== index.get(v)) return
    const component: string[] = []
    let w: string
    do {
      w = stack.pop()!
      onStack.delete(w)
      component.push(w)
    } while (w !== v)
    if (component.length > 1 || edges.get(v)!.includes(v)) cycles.push(component.sort())
  }
  for (const f of files) if (!index.has(f)) visit(f)
  return cycles
}
