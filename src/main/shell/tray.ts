import type { Language, SessionStatus, Settings, ShellNavigate } from '../../shared/contract'
import { DEFAULT_SETTINGS } from '../../shared/contract/constants'
import { mainStrings } from '../base/strings'

/**
 * The tray (打开钱包, 付款码, 立即锁定, 退出), what each item does given the wallet's state, and what
 * closing the window does. Pure: the Electron glue is src/main/shell/electron/tray.ts, wired by
 * src/main/index.ts; tests/unit/shell/tray.test.ts.
 */

/**
 * What the shell knows of the wallet: none (nobody has signed in on this computer), locked, unlocked,
 * or unknown (the vault is not open yet: counts as locked wherever it matters).
 */
export type ShellSession = SessionStatus['status'] | 'unknown'

export interface ShellState {
  language: Language
  closeToTray: boolean
  session: ShellSession
}

export const INITIAL_SHELL_STATE: ShellState = {
  language: DEFAULT_SETTINGS.language,
  closeToTray: DEFAULT_SETTINGS.closeToTray,
  session: 'unknown',
}

/** The state after one of the core's events (settings and session; everything else leaves it as it is). */
export function nextShellState(state: ShellState, event: string, payload: unknown): ShellState {
  if (event === 'settings.changed') {
    const s = payload as Settings
    return { ...state, language: s.language, closeToTray: s.closeToTray }
  }
  if (event === 'session.changed') return { ...state, session: (payload as SessionStatus).status }
  return state
}

/** Whether what the wallet holds must stay off the screen's edges (tray, notifications): locked, or not known yet. */
export function isPrivate(session: ShellSession): boolean {
  return session === 'locked' || session === 'unknown'
}

export const TRAY_ITEMS = ['open', 'paycode', 'lock', 'quit'] as const
export type TrayItemId = (typeof TRAY_ITEMS)[number]

export interface TrayItemSpec {
  id?: TrayItemId
  label?: string
  enabled?: boolean
  type?: 'separator'
}

/**
 * The tray's menu in the settings' language. 付款码 needs a wallet (locked is fine: the lock screen
 * comes first); 立即锁定 only while unlocked (already locked, or nobody signed in: nothing to lock).
 */
export function trayMenu(state: ShellState): TrayItemSpec[] {
  const words = mainStrings(state.language).tray
  return [
    { id: 'open', label: words.open, enabled: true },
    { id: 'paycode', label: words.payCode, enabled: state.session !== 'none' },
    { type: 'separator' },
    { id: 'lock', label: words.lockNow, enabled: state.session === 'unlocked' },
    { type: 'separator' },
    { id: 'quit', label: words.quit, enabled: true },
  ]
}

export function trayTooltip(state: ShellState): string {
  return mainStrings(state.language).windowTitle
}

export type TrayStep = { kind: 'show' } | { kind: 'navigate'; to: ShellNavigate } | { kind: 'lock' } | { kind: 'quit' }

/**
 * What a tray item does, in order. 付款码 shows the window and asks the renderer for the pay code,
 * whether or not the wallet is locked: the renderer keeps the request until the lock screen has been
 * passed (src/renderer/src/features/shell/navigate.ts), and main's lock guard refuses the pay code
 * before that anyway. 立即锁定 on a wallet already locked (or without anyone signed in) does nothing.
 */
export function trayAction(item: TrayItemId, session: ShellSession): TrayStep[] {
  switch (item) {
    case 'open':
      return [{ kind: 'show' }]
    case 'paycode':
      return session === 'none' ? [{ kind: 'show' }] : [{ kind: 'show' }, { kind: 'navigate', to: { target: 'paycode' } }]
    case 'lock':
      return session === 'unlocked' ? [{ kind: 'lock' }] : []
    case 'quit':
      return [{ kind: 'quit' }]
  }
}

/**
 * What the window's close button does: with 关闭窗口时最小化到托盘 on (Windows, Linux) the window
 * hides and the app stays in the tray; on macOS the window closes and the app stays in the dock, as
 * macOS apps do; and once the app is quitting (退出, the menu's Quit, the OS shutting down) it closes.
 */
export function closeAction(input: { platform: NodeJS.Platform; closeToTray: boolean; quitting: boolean }): 'hide' | 'close' {
  if (input.quitting || input.platform === 'darwin') return 'close'
  return input.closeToTray ? 'hide' : 'close'
}
