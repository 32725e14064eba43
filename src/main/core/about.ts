import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { HandlerMap } from '../base/handlers'
import { LICENCE_PARTS, type AppInfo, type Contract, type LicenceEntry, type Licences } from '../../shared/contract'

/**
 * 设置 → 关于 (channels app.about, app.licences, app.openDataFolder). The licence lists are written by the
 * build (electron.vite.config.ts with scripts/licences.ts: one `<part>.json` per bundle plus the packages
 * shipped beside them) into out/licences; main reads them when the screen first asks.
 */
export interface AboutDeps {
  name: string
  version: string
  shell: AppInfo['shell']
  dataDir: string
  /** The folder holding the build's licence lists (Electron: out/licences beside out/main; harness: out/licences). */
  licencesDir?: string
  /** Hands a folder to the system's file manager; answers '' or the reason it failed (Electron: shell.openPath). */
  openPath?: (path: string) => Promise<string>
  /** The main process's runtimes; process.versions unless a test passes others. */
  versions?: Partial<Record<'electron' | 'chrome' | 'node', string>>
}

/** One line of a build's list, as scripts/licences.ts writes it. */
const ListedLicence = z.object({
  name: z.string().min(1),
  version: z.string(),
  licence: z.string(),
  text: z.string().nullable(),
})

async function readPart(dir: string, part: LicenceEntry['parts'][number]): Promise<z.infer<typeof ListedLicence>[] | undefined> {
  let raw: string
  try {
    raw = await readFile(join(dir, `${part}.json`), 'utf8')
  } catch {
    return undefined
  }
  const parsed = z.array(ListedLicence).safeParse(JSON.parse(raw))
  if (parsed.success) return parsed.data
  console.warn(`[about] ${part}.json in ${dir} is not a licence list; left out`)
  return undefined
}

/** Every part's list merged: one entry per package and version, naming the parts it is in, sorted by name. */
export async function readLicences(dir: string | undefined): Promise<Licences> {
  if (!dir) return { available: false, entries: [] }
  const byKey = new Map<string, LicenceEntry>()
  let found = false
  for (const part of LICENCE_PARTS) {
    let list: Awaited<ReturnType<typeof readPart>>
    try {
      list = await readPart(dir, part)
    } catch (error) {
      console.warn(`[about] ${part}.json in ${dir} could not be read: ${String(error)}`)
      continue
    }
    if (!list) continue
    found = true
    for (const item of list) {
      const key = `${item.name}@${item.version}`
      const seen = byKey.get(key)
      if (seen) {
        if (!seen.parts.includes(part)) seen.parts.push(part)
        seen.text ??= item.text
      } else byKey.set(key, { ...item, parts: [part] })
    }
  }
  const entries = [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name, 'en') || a.version.localeCompare(b.version, 'en'))
  return { available: found, entries }
}

export function aboutHandlers(deps: AboutDeps): Pick<HandlerMap<Contract>, 'app.about' | 'app.licences' | 'app.openDataFolder'> {
  const versions = deps.versions ?? process.versions
  let licences: Promise<Licences> | undefined
  return {
    'app.about': () => ({
      name: deps.name,
      version: deps.version,
      shell: deps.shell,
      dataDir: deps.dataDir,
      versions: { electron: versions.electron ?? null, chrome: versions.chrome ?? null, node: versions.node ?? process.versions.node },
    }),
    // Read once: the lists change only with a new build, which is a new start of main.
    'app.licences': () => (licences ??= readLicences(deps.licencesDir)),
    'app.openDataFolder': async () => {
      if (!deps.openPath) return { kind: 'unavailable' as const }
      const failure = await deps.openPath(deps.dataDir)
      return failure ? { kind: 'failed' as const, reason: failure.slice(0, 500) } : { kind: 'opened' as const }
    },
  }
}
