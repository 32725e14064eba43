import { mkdtemp, rm } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from 'electron-vite'
// electron-builder's own loader and schema check (app-builder-lib is the package electron-builder runs).
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DEFAULT_OUT, generateIcons, iconOutputs } from '../../../scripts/icons'
import { LICENCES_DIR } from '../../../scripts/licences'
import { LICENCE_PARTS } from '../../../src/shared/contract'
import { packagingProblems, type BuilderConfig, type PackageJson, type PackagingInput, type ViteParts } from './check'

const root = resolve(import.meta.dirname, '../../..')
let iconsOut: string
let input: PackagingInput

beforeAll(async () => {
  iconsOut = await mkdtemp(join(tmpdir(), 'icons-'))
  generateIcons(iconsOut)
  const builder = await getConfig(root, null, null)
  const debug = { add: () => undefined, isEnabled: false } as unknown as Parameters<typeof validateConfiguration>[1]
  await validateConfiguration(builder, debug)
  const loaded = (await resolveConfig({ root }, 'build', 'production')).config as ViteParts
  // Only what decides where the builds write (the plugins are functions, which a clone cannot copy).
  const part = (p: ViteParts['renderer']) => ({
    ...(p?.root ? { root: p.root } : {}),
    build: JSON.parse(JSON.stringify({ outDir: p?.build?.outDir, rollupOptions: { input: p?.build?.rollupOptions?.input, output: p?.build?.rollupOptions?.output } })) as NonNullable<ViteParts['main']>['build'],
  })
  const vite: ViteParts = { main: part(loaded.main), preload: part(loaded.preload), renderer: part(loaded.renderer) }
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> }
  input = {
    root,
    builder: builder as BuilderConfig,
    pkg: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson,
    vite,
    lockedElectron: lock.packages['node_modules/electron']!.version,
    iconsOut,
    generatedPrefix: relative(root, DEFAULT_OUT),
    licenceFiles: LICENCE_PARTS.map((p) => relative(root, join(LICENCES_DIR, `${p}.json`)).split('\\').join('/')),
  }
}, 60_000)

afterAll(async () => {
  if (iconsOut) await rm(iconsOut, { recursive: true, force: true })
})

const clone = <T>(value: T): T => structuredClone(value)

describe('electron-builder.yml agrees with package.json, electron.vite.config.ts and the lockfile', () => {
  it('has no disagreement', () => {
    expect(packagingProblems(input)).toEqual([])
  })

  it('npm run icons writes every file it promises, and the config names the generated folder', () => {
    for (const file of iconOutputs()) expect(readFileSync(join(iconsOut, file)).length, file).toBeGreaterThan(0)
    expect(input.builder.win?.icon).toMatch(/^build\/generated\//)
    expect(input.builder.mac?.icon).toMatch(/^build\/generated\//)
    expect(input.builder.linux?.icon).toMatch(/^build\/generated\//)
  })

  it('names each disagreement of a broken config', () => {
    const broken = clone(input)
    broken.builder.electronVersion = '44.0.0'
    broken.builder.files = ['package.json', 'dist/main/**', 'out/preload/**', 'out/renderer/**', '!out/renderer/index.html']
    broken.builder.win = { icon: 'build/generated/app.ico' }
    broken.builder.mac = { icon: 'build/generated/png/16x16.png' }
    broken.builder.linux = { icon: 'build/generated/icon.ico' }
    broken.builder.extraResources = [{ from: 'build/missing', to: 'icons' }]
    broken.builder.directories = { buildResources: 'no-such-folder' }
    broken.pkg = clone(input.pkg)
    broken.pkg.main = './out/main/main.js'
    broken.pkg.scripts = { ...input.pkg.scripts, dist: 'npm run bundle && electron-builder', icons: 'tsx scripts/no-icons.ts', prefoo: 'true' }
    const problems = packagingProblems(broken)
    const expected = [
      'electronVersion 44.0.0 is not the Electron package-lock.json installs',
      'directories.buildResources no-such-folder is not a folder',
      'package.json main ./out/main/main.js is not main\'s build entry out/main/index.js',
      'files leaves out out/main/index.js',
      'files leaves out out/renderer/index.html',
      'files leaves out out/licences/renderer.json',
      'files pattern dist/main/** matches nothing the build writes',
      'win.icon build/generated/app.ico does not exist',
      'mac.icon build/generated/png/16x16.png: not an .icns',
      'linux.icon build/generated/icon.ico: not a folder of PNGs',
      'extraResources build/missing does not exist',
      'script dist runs npm run bundle, which does not exist',
      'script icons names scripts/no-icons.ts, which does not exist',
      'script prefoo runs before foo, which does not exist',
    ]
    for (const line of expected) expect(problems.some((p) => p.startsWith(line)), `${line}\nin:\n${problems.join('\n')}`).toBe(true)
  })

  it('follows electron-vite: a main build written elsewhere leaves package.json main and the files behind', () => {
    const moved = clone(input)
    moved.vite = { ...moved.vite, main: { build: { ...moved.vite.main?.build, outDir: 'out/app' } } }
    const problems = packagingProblems(moved)
    expect(problems).toContain('package.json main ./out/main/index.js is not main\'s build entry out/app/index.js')
    expect(problems).toContain('files leaves out out/app/index.js, which the app loads')
  })

  it('wants an electronVersion and the app icons among the resources', () => {
    const bare = clone(input)
    bare.builder.electronVersion = null
    bare.builder.extraResources = []
    const problems = packagingProblems(bare)
    expect(problems).toContain('electron-builder.yml names no electronVersion')
    expect(problems).toContain('extraResources does not copy the app icons to <resources>/icons (src/main/shell/icons.ts)')
  })

  it('finds an icon set that lacks a size', async () => {
    const { rm: remove } = await import('node:fs/promises')
    const partial = await mkdtemp(join(tmpdir(), 'icons-partial-'))
    try {
      generateIcons(partial)
      await remove(join(partial, 'png', '48x48.png'))
      await remove(join(partial, 'app', 'trayTemplate.png'))
      const problems = packagingProblems({ ...input, iconsOut: partial })
      expect(problems).toContain('linux.icon build/generated/png: lacks 48x48.png')
      expect(problems).toContain('the darwin app icon trayTemplate.png is not in build/generated/app')
    } finally {
      await rm(partial, { recursive: true, force: true })
    }
  })
})
