import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { resolvedFile, target } from '../support/imports'

/**
 * What the renderer evaluates before its first screen: the modules reached from src/renderer/src/main.ts
 * by static imports (dynamic `import()` starts a chunk of its own, loaded later; `import type` is gone
 * from the output). Every module here is parsed and run at each start, so a heavy package reached from
 * one small helper costs every start (zod's schemas and tldts's public-suffix list did: ~350 kB).
 */
const ROOT = resolve(import.meta.dirname, '../..')

function scriptOf(file: string): string {
  const text = readFileSync(file, 'utf8')
  if (!file.endsWith('.vue')) return text
  return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
}

/** Static, value-carrying imports and re-exports of one module (`import type` and `export type` left out). */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, scriptOf(file), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  const out: string[] = []
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      out.push((node.moduleSpecifier as ts.StringLiteral).text)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      out.push((node.moduleSpecifier as ts.StringLiteral).text)
    }
  }
  return out
}

function startGraph(): { modules: Set<string>; packages: Map<string, string> } {
  const entry = join(ROOT, 'src/renderer/src/main.ts')
  const modules = new Set<string>([entry])
  /** package → the first module found importing it */
  const packages = new Map<string, string>()
  const queue = [entry]
  while (queue.length > 0) {
    const file = queue.pop()!
    for (const spec of staticImports(file)) {
      if (target(file, spec) === undefined) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!
        if (!packages.has(name)) packages.set(name, file.slice(ROOT.length + 1))
        continue
      }
      const local = resolvedFile(file, spec)
      if (local === undefined) throw new Error(`cannot resolve ${spec} from ${file}`)
      // Styles and images are the bundler's, not modules that run.
      if (!/\.(ts|vue)$/.test(local) || modules.has(local)) continue
      modules.add(local)
      queue.push(local)
    }
  }
  return { modules, packages }
}

describe("the renderer's start", () => {
  const { modules, packages } = startGraph()

  it('reaches the first screen through the modules it needs (the walk itself finds them)', () => {
    const rel = [...modules].map((m) => m.slice(ROOT.length + 1))
    expect(rel).toContain('src/renderer/src/App.vue')
    expect(rel).toContain('src/renderer/src/db/seal.ts')
    expect(rel).toContain('src/renderer/src/db/queries.ts')
    expect(rel).toContain('src/shared/contract/replica-format.ts')
    expect([...packages.keys()]).toEqual(expect.arrayContaining(['vue', 'pinia', 'dexie', 'element-plus']))
  })

  it('loads neither zod (the contract checks at the bridge, in main) nor tldts (the link guard, at the first link)', () => {
    expect(packages.get('zod'), 'zod is imported at the start by this module').toBeUndefined()
    expect(packages.get('tldts'), 'tldts is imported at the start by this module').toBeUndefined()
    const rel = [...modules].map((m) => m.slice(ROOT.length + 1))
    // The schema modules themselves: each builds its schemas when it is evaluated.
    expect(rel.filter((m) => /^src\/shared\/(contract\/(?!replica-format|constants)|bank-api\/(?!kinds))/.test(m))).toEqual([])
    expect(rel).not.toContain('src/shared/link-guard.ts')
  })
})
