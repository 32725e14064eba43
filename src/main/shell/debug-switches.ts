import { MAIN_STRINGS } from '../base/strings'

/**
 * The command-line switches that open a running app to a debugger: Chromium's DevTools protocol
 * (`--remote-debugging-port`, `--remote-debugging-pipe`) and Node's inspector (`--inspect`,
 * `--inspect-brk`, `--inspect-port`, `--inspect-wait`, …). Whoever attaches can read everything the
 * wallet holds and act as the user, so a packaged app refuses to start with any of them. Pure, so
 * tests/unit/shell/debug-switches.test.ts asserts every form; src/main/index.ts only acts on the answer.
 *
 * This is the second line: a packaged build's Electron fuses (electron-builder.yml `electronFuses`)
 * already make Node ignore `--inspect*` and NODE_OPTIONS; Chromium's `--remote-debugging-*` switches
 * have no fuse.
 */

/**
 * The switch an argument names, in Chromium's and Node's spellings: `--name`, `-name` (Chromium), `/name`
 * (Chromium on Windows); `=value` dropped; lower case (Chromium on Windows ignores case); `_` read as `-`
 * (Node does). Undefined for anything that is not a switch.
 */
function switchName(arg: string, platform: NodeJS.Platform): string | undefined {
  let body: string | undefined
  if (arg.startsWith('--')) body = arg.slice(2)
  else if (arg.startsWith('-')) body = arg.slice(1)
  else if (platform === 'win32' && arg.startsWith('/')) body = arg.slice(1)
  if (!body) return undefined
  return (body.split('=', 1)[0] ?? '').toLowerCase().replace(/_/g, '-')
}

function opensDebugger(name: string): boolean {
  return name === 'remote-debugging-port' || name === 'remote-debugging-pipe' || name === 'inspect' || name.startsWith('inspect-')
}

/** The debugging switches among `args`, each named once, in the order given. */
export function debugSwitchesIn(args: readonly string[], platform: NodeJS.Platform): string[] {
  const found: string[] = []
  for (const arg of args) {
    const name = switchName(arg, platform)
    if (name !== undefined && opensDebugger(name) && !found.includes(name)) found.push(name)
  }
  return found
}

export interface DebugSwitchRefusal {
  switches: string[]
  /** Chinese, then English: shown in a dialog and written to stderr. */
  message: string
  exitCode: number
}

/** Undefined when the app may start; otherwise why it must not. Unpackaged builds may be debugged. */
export function debugSwitchRefusal(input: {
  isPackaged: boolean
  argv: readonly string[]
  platform: NodeJS.Platform
  env: Readonly<Record<string, string | undefined>>
}): DebugSwitchRefusal | undefined {
  if (!input.isPackaged) return undefined
  const fromEnv = (input.env['NODE_OPTIONS'] ?? '').split(/\s+/).filter(Boolean)
  const switches = debugSwitchesIn([...input.argv, ...fromEnv], input.platform)
  if (switches.length === 0) return undefined
  const named = switches.map((s) => `--${s}`)
  // Both languages: the setting is sealed and the vault is not open this early.
  const message = `${MAIN_STRINGS['zh-CN'].debugRefusal(named)}\n${MAIN_STRINGS['en-US'].debugRefusal(named)}`
  return { switches, message, exitCode: 1 }
}

/** The refusal dialog's title, in both languages for the same reason. */
export const DEBUG_REFUSAL_TITLE = `${MAIN_STRINGS['zh-CN'].appName} · ${MAIN_STRINGS['en-US'].appName}`
