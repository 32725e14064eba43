import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { paymentChannels } from '../../../src/shared/contract/payments'

const ROOT = process.cwd()
const SRC = join(ROOT, 'src/renderer/src')

/** Every .ts and .vue file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|vue)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
}

interface Import {
  spec: string
  /** The names imported as values (`import { call } …`), for named imports. */
  names: string[]
}

/** Static imports, re-exports and dynamic import() calls, type-only ones included: a view folder's types are its own too. */
function importsOf(file: string): Import[] {
  const source = readFileSync(file, 'utf8')
  const found: Import[] = []
  for (const m of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?([^'"]*?)\s*from\s+'([^']+)'/gm)) {
    const names = m[1] ? [] : [...(m[2]!.match(/\{([^}]*)\}/)?.[1] ?? '').split(',')]
    found.push({
      spec: m[3]!,
      names: names
        .map((n) => n.trim())
        .filter((n) => n && !n.startsWith('type '))
        .map((n) => n.split(/\s+as\s+/)[0]!),
    })
  }
  for (const m of source.matchAll(/import\(\s*'([^']+)'\s*\)/g)) found.push({ spec: m[1]!, names: [] })
  return found
}

/** The file an import points at, relative to src/renderer/src; undefined for packages and @shared. */
function target(file: string, spec: string): string | undefined {
  if (spec.startsWith('@renderer/')) return spec.slice('@renderer/'.length)
  if (spec.startsWith('.')) return relative(SRC, resolve(dirname(file), spec))
  return undefined
}

const at = (file: string) => relative(SRC, file)
/** `views/<area>/…` → area. */
const areaOf = (path: string) => /^views\/([^/]+)\//.exec(path)?.[1]

describe('renderer layering', () => {
  const all = sources(SRC)

  it('keeps each view folder to itself: what two screens share lives in features/, components/ or composables/', () => {
    const crossing: string[] = []
    for (const file of all.filter((f) => areaOf(at(f)))) {
      for (const { spec } of importsOf(file)) {
        const to = target(file, spec)
        if (to?.startsWith('views/') && areaOf(to) !== areaOf(at(file))) crossing.push(`${at(file)} → ${spec}`)
      }
    }
    expect(crossing).toEqual([])
  })

  it('lets only the router and App.vue import views (components/, features/ and the rest never do)', () => {
    const outside = all.filter((f) => !at(f).startsWith('views/') && !at(f).startsWith('router/') && at(f) !== 'App.vue')
    expect(outside.some((f) => at(f).startsWith('features/'))).toBe(true)
    const wrong = outside.flatMap((file) =>
      importsOf(file)
        .filter(({ spec }) => target(file, spec)?.startsWith('views/'))
        .map(({ spec }) => `${at(file)} → ${spec}`),
    )
    expect(wrong).toEqual([])
  })

  it('keeps views off the bridge: no view imports call or onEvent', () => {
    const direct = all
      .filter((f) => at(f).startsWith('views/'))
      .flatMap((file) =>
        importsOf(file)
          .filter(({ spec, names }) => target(file, spec) === 'api/client' && names.some((n) => n === 'call' || n === 'onEvent'))
          .map(() => at(file)),
      )
    expect(direct).toEqual([])
  })

  it('calls the payment channels only from features/payments', () => {
    const channels = new Set(Object.keys(paymentChannels))
    const elsewhere: string[] = []
    let inside = 0
    for (const file of all) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bcall\(\s*'([^']+)'/g)) {
        if (!channels.has(m[1]!)) continue
        if (at(file).startsWith('features/payments/')) inside++
        else elsewhere.push(`${at(file)}: ${m[1]}`)
      }
    }
    expect(elsewhere).toEqual([])
    expect(inside).toBeGreaterThan(20)
  })
})

describe('renderer layering in ESLint (eslint.config.js)', () => {
  const eslint = new ESLint({ cwd: ROOT })
  const refused = async (path: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) })
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line)
  }

  it('refuses a view importing another view folder, by alias or by climbing out of its own', async () => {
    const code = [
      "import { a } from '@renderer/views/transfer/a'",
      "import { b } from '../transfer/b'",
      "import { c } from './c'",
      "import { d } from '@renderer/features/payments/d'",
      '',
    ].join('\n')
    expect(await refused('src/renderer/src/views/pay/probe.ts', code)).toEqual([1, 2])
    const nested = ["import { a } from '../../history/a'", "import { b } from '../b'", "import { c } from './c'", ''].join('\n')
    expect(await refused('src/renderer/src/views/pay/parts/probe.ts', nested)).toEqual([1])
  }, 60_000)

  it('refuses components/ and features/ importing views, and keeps the renderer free of electron', async () => {
    expect(await refused('src/renderer/src/components/probe.ts', "import { a } from '@renderer/views/pay/a'\n")).toEqual([1])
    expect(await refused('src/renderer/src/features/payments/probe.ts', "import { a } from '../../views/pay/a'\n")).toEqual([1])
    expect(await refused('src/renderer/src/views/pay/probe.ts', "import { a } from 'electron'\n")).toEqual([1])
  }, 60_000)
})
