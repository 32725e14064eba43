import { join, relative, sep } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { filesUnder, importCycles, resolvedFile, specifiersOf } from '../support/imports'

/**
 * The main process in layers, each importing only itself and the ones below it (docs/architecture.md):
 * base → platform → core → ipc → shell. eslint.config.js refuses the same imports while editing.
 */
const LAYERS = ['base', 'platform', 'core', 'ipc', 'shell'] as const
type Layer = (typeof LAYERS)[number]

const ROOT = process.cwd()
const MAIN = join(ROOT, 'src/main')
const SHARED = join(ROOT, 'src/shared')
const name = (path: string) => relative(ROOT, path)

/** src/main/<layer>/…; src/main/index.ts is Electron's entry, which wires the shell. */
function layerOf(file: string): Layer | undefined {
  const rel = relative(MAIN, file)
  if (rel === 'index.ts') return 'shell'
  const first = rel.split(sep)[0]
  return LAYERS.find((l) => l === first)
}

const files = filesUnder(MAIN)

describe('the layers of src/main', () => {
  it('every file of main sits in one of the layers', () => {
    expect(files.length).toBeGreaterThan(60)
    expect(files.filter((f) => layerOf(f) === undefined).map(name)).toEqual([])
    for (const layer of LAYERS) expect(files.some((f) => layerOf(f) === layer), layer).toBe(true)
  })

  it('no import runs up a layer (types included)', () => {
    const upward = files.flatMap((file) => {
      const from = LAYERS.indexOf(layerOf(file)!)
      return specifiersOf(file)
        .map((spec) => ({ spec, to: resolvedFile(file, spec) }))
        .filter(({ to }) => to !== undefined && to.startsWith(MAIN + sep) && LAYERS.indexOf(layerOf(to)!) > from)
        .map(({ spec, to }) => `${name(file)} (${layerOf(file)}) → ${spec} (${layerOf(to!)})`)
    })
    expect(upward).toEqual([])
  })

  it('the base layer imports only src/shared and packages', () => {
    const outside = files
      .filter((f) => layerOf(f) === 'base')
      .flatMap((file) =>
        specifiersOf(file)
          .filter((spec) => {
            const to = resolvedFile(file, spec)
            return to !== undefined && !to.startsWith(join(MAIN, 'base') + sep) && !to.startsWith(SHARED + sep)
          })
          .map((spec) => `${name(file)} → ${spec}`),
      )
    expect(outside).toEqual([])
  })

  it('there is no import cycle in main and shared code', () => {
    const cycles = importCycles([...files, ...filesUnder(SHARED)]).map((c) => c.map(name))
    expect(cycles).toEqual([])
  })

  it('ESLint refuses an upward import in every layer, and allows the downward ones', async () => {
    const eslint = new ESLint({ cwd: ROOT })
    const refused = async (file: string, spec: string) => {
      const [result] = await eslint.lintText(`import { x } from '${spec}'\nexport const y = x\n`, { filePath: join(ROOT, file) })
      return result!.messages.some((m) => /no-restricted-imports/.test(m.ruleId ?? ''))
    }
    expect(await refused('src/main/base/x.ts', '../platform/vault')).toBe(true)
    expect(await refused('src/main/base/x.ts', '../core/session')).toBe(true)
    expect(await refused('src/main/platform/sync/x.ts', '../../core/events')).toBe(true)
    expect(await refused('src/main/platform/sync/x.ts', '../../ipc/router')).toBe(true)
    expect(await refused('src/main/core/x.ts', '../ipc/router')).toBe(true)
    expect(await refused('src/main/core/payments/x.ts', '../../shell/menu')).toBe(true)
    expect(await refused('src/main/ipc/x.ts', '../shell/menu')).toBe(true)
    expect(await refused('src/main/platform/bank/embedded.ts', '../../core/session')).toBe(true)

    expect(await refused('src/main/platform/sync/x.ts', '../../base/events')).toBe(false)
    expect(await refused('src/main/core/x.ts', '../platform/sync/outbox')).toBe(false)
    expect(await refused('src/main/ipc/x.ts', '../core')).toBe(false)
    expect(await refused('src/main/shell/x.ts', '../ipc/wallet')).toBe(false)
    // A package whose path ends like a layer is no layer.
    expect(await refused('src/main/platform/backup/x.ts', '@zxcvbn-ts/core')).toBe(false)
  })
})
