import { join, relative, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { filesUnder, specifiersOf, target } from '../support/imports'

const ROOT = process.cwd()
const MOCK_BANK = join(ROOT, 'src/mock-bank')
const SHARED = join(ROOT, 'src/shared')
/** The one file of the wallet that starts the embedded mock bank. */
const SEAM = join(ROOT, 'src/main/platform/bank/embedded.ts')

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

  it('the wallet reaches it through one seam only: src/main/platform/bank/embedded.ts; the renderer and shared code never', () => {
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
