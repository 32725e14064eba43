/**
 * Does electron-builder.yml agree with what the rest of the repository builds? One function over the four
 * sources (the builder's config, package.json, electron.vite.config.ts, the lockfile's Electron) and the
 * icon folder `npm run icons` wrote; it answers the disagreements in words, so a test can feed it broken
 * inputs and see each one named.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, join, normalize, relative, resolve } from 'node:path'
import { minimatch } from 'minimatch'
import { appIconPaths } from '../../../src/main/shell/icons'
import { PNG_SIZES } from '../../../scripts/icons'

/** The parts of electron-builder's Configuration checked here (app-builder-lib's type, loosely). */
export interface BuilderConfig {
  electronVersion?: string | null
  directories?: { buildResources?: string | null; output?: string | null } | null
  files?: unknown
  extraResources?: unknown
  win?: { icon?: string | null } | null
  mac?: { icon?: string | null } | null
  linux?: { icon?: string | null } | null
}

export interface PackageJson {
  main?: string
  type?: string
  scripts?: Record<string, string>
}

/** electron.vite.config.ts's user config, as electron-vite's resolveConfig loads it. */
export interface ViteParts {
  main?: ViteBuildish
  preload?: ViteBuildish
  renderer?: ViteBuildish & { root?: string }
}
interface ViteBuildish {
  build?: {
    outDir?: string
    rollupOptions?: { input?: Record<string, string> | string; output?: { entryFileNames?: string } | unknown[] }
  }
}

export interface PackagingInput {
  root: string
  builder: BuilderConfig
  pkg: PackageJson
  vite: ViteParts
  /** The electron version package-lock.json installs. */
  lockedElectron: string
  /** Where `npm run icons` wrote (a temporary folder in the test), standing in for `generatedPrefix`. */
  iconsOut: string
  /** The folder the config names for generated icons (scripts/icons.ts DEFAULT_OUT, relative to root). */
  generatedPrefix: string
  /** The licence lists the build writes (scripts/licences.ts), relative to root. */
  licenceFiles: string[]
}

/** electron-vite's output folders: `build.outDir` where the config names one, else out/<part> (its default). */
export function outDirs(root: string, vite: ViteParts): Record<'main' | 'preload' | 'renderer', string> {
  const dir = (part: 'main' | 'preload' | 'renderer') => {
    const named = vite[part]?.build?.outDir
    return named ? resolve(part === 'renderer' && vite.renderer?.root ? resolve(root, vite.renderer.root) : root, named) : resolve(root, 'out', part)
  }
  return { main: dir('main'), preload: dir('preload'), renderer: dir('renderer') }
}

function inputNames(part: ViteBuildish | undefined): string[] {
  const input = part?.build?.rollupOptions?.input
  if (!input) return ['index']
  return typeof input === 'string' ? ['index'] : Object.keys(input)
}

function entryPattern(part: ViteBuildish | undefined, fallback: string): string {
  const output = part?.build?.rollupOptions?.output
  if (output && !Array.isArray(output) && typeof (output as { entryFileNames?: unknown }).entryFileNames === 'string')
    return (output as { entryFileNames: string }).entryFileNames
  return fallback
}

/** The files a build writes that the app loads: each bundle's entries, the renderer's page, the licence lists. */
export function expectedOutputs(input: PackagingInput): string[] {
  const dirs = outDirs(input.root, input.vite)
  // electron-vite builds main as ES modules when package.json says "type": "module" ([name].js), else CJS.
  const mainFiles = inputNames(input.vite.main).map((n) => join(dirs.main, `${n}.js`))
  const preloadFiles = inputNames(input.vite.preload).map((n) =>
    join(dirs.preload, entryPattern(input.vite.preload, '[name].js').replace('[name]', n)),
  )
  const rel = (p: string) => relative(input.root, p).split('\\').join('/')
  return [...mainFiles, ...preloadFiles, join(dirs.renderer, 'index.html')].map(rel).concat(input.licenceFiles)
}

function patterns(value: unknown): string[] {
  if (value === undefined || value === null) return []
  const list = Array.isArray(value) ? value : [value]
  return list.flatMap((p) => (typeof p === 'string' ? [p] : typeof p === 'object' && p && 'filter' in p ? patterns((p as { filter: unknown }).filter) : []))
}

/** Included by electron-builder's `files`: the last pattern that matches decides (a leading ! excludes). */
function included(file: string, globs: string[]): boolean {
  let verdict = false
  for (const glob of globs) {
    const negated = glob.startsWith('!')
    if (minimatch(file, negated ? glob.slice(1) : glob, { dot: true })) verdict = !negated
  }
  return verdict
}

/** A path as the builder resolves a resource: in buildResources first, then in the project (app-builder-lib getResource). */
function resolveResource(input: PackagingInput, path: string): string {
  const mapped = mapGenerated(input, path)
  if (mapped !== path) return mapped
  const buildResources = resolve(input.root, input.builder.directories?.buildResources ?? 'build')
  const inResources = resolve(buildResources, path)
  return existsSync(inResources) ? inResources : resolve(input.root, path)
}

/** A path under the generated icon folder, looked up where the icons were really written for this check. */
function mapGenerated(input: PackagingInput, path: string): string {
  const rel = normalize(path).split('\\').join('/')
  const prefix = normalize(input.generatedPrefix).split('\\').join('/')
  if (rel === prefix) return input.iconsOut
  if (rel.startsWith(`${prefix}/`)) return join(input.iconsOut, rel.slice(prefix.length + 1))
  return path
}

const SCRIPT_FILE = /\b(?:tsx|node)\s+((?:\.\/)?(?:scripts|src|bench)\/[\w./-]+\.(?:ts|mts|js|mjs|cjs))/g

export function packagingProblems(input: PackagingInput): string[] {
  const problems: string[] = []
  const { builder, pkg, root } = input

  // Electron: the installers embed the runtime the lockfile installed, and say so.
  if (!builder.electronVersion) problems.push('electron-builder.yml names no electronVersion')
  else if (builder.electronVersion !== input.lockedElectron)
    problems.push(`electronVersion ${builder.electronVersion} is not the Electron package-lock.json installs (${input.lockedElectron})`)

  const buildResources = builder.directories?.buildResources
  if (!buildResources || !existsSync(resolve(root, buildResources)) || !statSync(resolve(root, buildResources)).isDirectory())
    problems.push(`directories.buildResources ${String(buildResources)} is not a folder`)

  // package.json main is what electron-vite's main build writes.
  const outputs = expectedOutputs(input)
  const mainEntry = relative(root, join(outDirs(root, input.vite).main, 'index.js')).split('\\').join('/')
  const declaredMain = pkg.main ? normalize(pkg.main).split('\\').join('/').replace(/^\.\//, '') : undefined
  if (declaredMain !== mainEntry) problems.push(`package.json main ${String(pkg.main)} is not main's build entry ${mainEntry}`)

  // files: every output the app loads is packaged, and every pattern packages something.
  const globs = patterns(builder.files)
  if (globs.length === 0) problems.push('electron-builder.yml has no files')
  for (const file of ['package.json', ...outputs])
    if (!included(file, globs)) problems.push(`files leaves out ${file}, which the app loads`)
  for (const glob of globs.filter((g) => !g.startsWith('!')))
    if (!['package.json', ...outputs].some((f) => minimatch(f, glob, { dot: true })))
      problems.push(`files pattern ${glob} matches nothing the build writes`)

  // Icons: every platform's resolves, in the format the platform takes.
  const icon = (platform: 'win' | 'mac' | 'linux', check: (path: string) => string | undefined) => {
    const named = builder[platform]?.icon
    if (!named) return problems.push(`${platform}.icon is not set`)
    const path = resolveResource(input, named)
    if (!existsSync(path)) return problems.push(`${platform}.icon ${named} does not exist after npm run icons`)
    const wrong = check(path)
    if (wrong) problems.push(`${platform}.icon ${named}: ${wrong}`)
  }
  icon('win', (p) => {
    const bytes = readFileSync(p)
    if (bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) return 'not an .ico'
    const sizes = Array.from({ length: bytes.readUInt16LE(4) }, (_, i) => bytes[6 + i * 16] || 256)
    const missing = [16, 24, 32, 48, 64, 128, 256].filter((s) => !sizes.includes(s))
    return missing.length ? `lacks sizes ${missing.join(', ')}` : undefined
  })
  icon('mac', (p) => (readFileSync(p).subarray(0, 4).toString('latin1') === 'icns' ? undefined : 'not an .icns'))
  icon('linux', (p) => {
    if (!statSync(p).isDirectory()) return 'not a folder of PNGs'
    const missing = PNG_SIZES.filter((n) => !existsSync(join(p, `${n}x${n}.png`)))
    return missing.length ? `lacks ${missing.map((n) => `${n}x${n}.png`).join(', ')}` : undefined
  })

  // extraResources: each source exists; the icon folder has what the window and tray load on every OS.
  const extra = Array.isArray(builder.extraResources) ? builder.extraResources : builder.extraResources ? [builder.extraResources] : []
  for (const item of extra) {
    const from = typeof item === 'string' ? item : (item as { from?: string }).from
    if (!from) continue
    const path = isAbsolute(from) ? from : mapGenerated(input, from) === from ? resolve(root, from) : mapGenerated(input, from)
    if (!existsSync(path)) {
      problems.push(`extraResources ${from} does not exist`)
      continue
    }
    const to = typeof item === 'string' ? item : (item as { to?: string }).to
    if (to === 'icons')
      for (const platform of ['win32', 'darwin', 'linux'] as const) {
        const paths = appIconPaths(platform, path)
        for (const file of [paths.window, paths.tray]) if (file && !existsSync(file)) problems.push(`the ${platform} app icon ${relative(path, file)} is not in ${from}`)
      }
  }
  if (!extra.some((item) => typeof item === 'object' && item && (item as { to?: string }).to === 'icons'))
    problems.push('extraResources does not copy the app icons to <resources>/icons (src/main/shell/icons.ts)')

  // package.json scripts: every `npm run X` names a script, every script file exists.
  const scripts = pkg.scripts ?? {}
  for (const [name, command] of Object.entries(scripts)) {
    for (const m of command.matchAll(/\bnpm run(?:-script)?\s+([\w:.-]+)/g))
      if (!(m[1]! in scripts)) problems.push(`script ${name} runs npm run ${m[1]}, which does not exist`)
    for (const m of command.matchAll(SCRIPT_FILE))
      if (!existsSync(resolve(root, m[1]!))) problems.push(`script ${name} names ${m[1]}, which does not exist`)
  }
  for (const name of Object.keys(scripts))
    if (name.startsWith('pre') && name.length > 3 && !(name.slice(3) in scripts) && !['prepare', 'prepublishOnly', 'prepack'].includes(name))
      problems.push(`script ${name} runs before ${name.slice(3)}, which does not exist`)
  if (!scripts.dist?.includes('electron-builder')) problems.push('script dist does not run electron-builder')
  if (!scripts.predist?.includes('npm run icons')) problems.push('script predist does not make the icons electron-builder.yml names')

  return problems
}
