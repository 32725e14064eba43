import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** True when out/renderer is missing or older than any renderer or shared source file. */
export function rendererIsStale(root: string): boolean {
  const built = join(root, 'out/renderer/index.html')
  if (!existsSync(built)) return true
  const sources = [join(root, 'src/renderer'), join(root, 'src/shared'), join(root, 'electron.vite.config.ts')]
  const newestSource = Math.max(...sources.filter(existsSync).map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)))
  return newestSource > statSync(built).mtimeMs
}
