/**
 * The licences of the libraries the app ships, listed by the build for 设置 → 关于 (src/main/core/about.ts
 * reads them). electron.vite.config.ts adds these plugins:
 *
 *   bundledLicences(part)   each bundle (main, preload, renderer): rollup-plugin-license lists the packages
 *                           whose code ended up in it, into out/licences/<part>.json
 *   shippedLicences()       main's build only: license-checker-rseidelsohn lists the production dependencies,
 *                           which electron-vite leaves external and electron-builder copies into the app's
 *                           node_modules, into out/licences/node_modules.json
 *
 * Every list is an array of { name, version, licence, text } (text: the package's licence file, or null).
 * `npm run licences` writes node_modules.json alone, without a build.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import license from 'rollup-plugin-license'
import { init as checkLicences, type ModuleInfos } from 'license-checker-rseidelsohn'
import type { Plugin } from 'vite'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const LICENCES_DIR = join(root, 'out', 'licences')

export interface ListedLicence {
  name: string
  version: string
  licence: string
  text: string | null
}

function writeList(file: string, list: ListedLicence[]): void {
  mkdirSync(dirname(file), { recursive: true })
  const sorted = [...list].sort((a, b) => a.name.localeCompare(b.name, 'en') || a.version.localeCompare(b.version, 'en'))
  writeFileSync(file, `${JSON.stringify(sorted, null, 1)}\n`)
}

/** The packages bundled into one of electron-vite's builds. */
export function bundledLicences(part: 'main' | 'preload' | 'renderer', dir: string = LICENCES_DIR): Plugin {
  const file = join(dir, `${part}.json`)
  return license({
    thirdParty: {
      includePrivate: false,
      multipleVersions: true,
      output: {
        file,
        template: (dependencies) =>
          `${JSON.stringify(
            dependencies
              .filter((d) => d.name)
              .map((d) => ({ name: d.name!, version: d.version ?? '', licence: d.license ?? 'UNKNOWN', text: d.licenseText?.trim() || null }))
              .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.version.localeCompare(b.version, 'en')),
            null,
            1,
          )}\n`,
      },
    },
  }) as Plugin
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice)/i

/** The production dependencies (package.json `dependencies` and `optionalDependencies`, with theirs). */
export function listShipped(start: string = root): Promise<ListedLicence[]> {
  return new Promise((done, fail) => {
    checkLicences(
      {
        start,
        production: true,
        excludePrivatePackages: true,
        customFormat: { name: '', version: '', licenses: '', licenseFile: '', licenseText: '' },
      },
      (error: Error | null, packages: ModuleInfos) => {
        if (error) return fail(error)
        done(
          Object.values(packages).map((info) => {
            const i = info as typeof info & { name?: string; version?: string; licenseText?: string }
            const licences = Array.isArray(i.licenses) ? i.licenses.join(' OR ') : (i.licenses ?? 'UNKNOWN')
            const fromLicenceFile = i.licenseFile && LICENCE_FILE.test(basename(i.licenseFile))
            return {
              name: i.name ?? '',
              version: i.version ?? '',
              licence: licences.replace(/\*$/, ''),
              text: fromLicenceFile && i.licenseText ? i.licenseText : null,
            }
          }),
        )
      },
    )
  })
}

/** In main's build: the list of what electron-builder ships beside the bundles. */
export function shippedLicences(dir: string = LICENCES_DIR): Plugin {
  return {
    name: 'icbc-wallet:shipped-licences',
    apply: 'build',
    async closeBundle() {
      writeList(join(dir, 'node_modules.json'), await listShipped())
    },
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const list = await listShipped()
  writeList(join(LICENCES_DIR, 'node_modules.json'), list)
  process.stdout.write(`licences: ${list.length} shipped packages in ${join(LICENCES_DIR, 'node_modules.json')}\n`)
}
