import { describe, expect, it } from 'vitest'
import {
  closeAction,
  INITIAL_SHELL_STATE,
  isPrivate,
  nextShellState,
  trayAction,
  trayMenu,
  trayTooltip,
  type ShellSession,
  type ShellState,
} from '../../../src/main/shell/tray'
import { DEFAULT_SETTINGS } from '../../../src/shared/contract/constants'

const state = (patch: Partial<ShellState> = {}): ShellState => ({ ...INITIAL_SHELL_STATE, session: 'unlocked', ...patch })
const items = (s: ShellState) => trayMenu(s).filter((i) => i.type !== 'separator')

describe('the tray menu', () => {
  it('has 打开钱包, 付款码, 立即锁定 and 退出, in that order', () => {
    expect(items(state()).map((i) => [i.id, i.label])).toEqual([
      ['open', '打开钱包'],
      ['paycode', '付款码'],
      ['lock', '立即锁定'],
      ['quit', '退出'],
    ])
  })

  it('follows the language setting', () => {
    expect(items(state({ language: 'en-US' })).map((i) => i.label)).toEqual(['Open wallet', 'Pay code', 'Lock now', 'Quit'])
    expect(trayTooltip(state({ language: 'en-US' }))).toBe('ICBC Digital Wallet')
    expect(trayTooltip(state())).toBe('工行数字钱包')
  })

  it.each<[ShellSession, { paycode: boolean; lock: boolean }]>([
    ['unlocked', { paycode: true, lock: true }],
    // Locked: the pay code goes through the lock screen; there is nothing left to lock.
    ['locked', { paycode: true, lock: false }],
    ['unknown', { paycode: true, lock: false }],
    // Nobody signed in on this computer: no pay code, nothing to lock.
    ['none', { paycode: false, lock: false }],
  ])('while %s enables 付款码 %o', (session, enabled) => {
    const menu = items(state({ session }))
    expect(menu.find((i) => i.id === 'paycode')?.enabled).toBe(enabled.paycode)
    expect(menu.find((i) => i.id === 'lock')?.enabled).toBe(enabled.lock)
    expect(menu.find((i) => i.id === 'open')?.enabled).toBe(true)
    expect(menu.find((i) => i.id === 'quit')?.enabled).toBe(true)
  })
})

describe('what a tray item does', () => {
  it('打开钱包 shows the window', () => {
    for (const session of ['unlocked', 'locked', 'none', 'unknown'] as const)
      expect(trayAction('open', session)).toEqual([{ kind: 'show' }])
  })

  it('付款码 shows the window and asks for the pay code, locked or not (the renderer passes the lock screen first)', () => {
    const paycode = [{ kind: 'show' }, { kind: 'navigate', to: { target: 'paycode' } }]
    expect(trayAction('paycode', 'unlocked')).toEqual(paycode)
    expect(trayAction('paycode', 'locked')).toEqual(paycode)
    expect(trayAction('paycode', 'unknown')).toEqual(paycode)
    expect(trayAction('paycode', 'none')).toEqual([{ kind: 'show' }])
  })

  it('立即锁定 locks an unlocked wallet and does nothing to one already locked', () => {
    expect(trayAction('lock', 'unlocked')).toEqual([{ kind: 'lock' }])
    expect(trayAction('lock', 'locked')).toEqual([])
    expect(trayAction('lock', 'unknown')).toEqual([])
    expect(trayAction('lock', 'none')).toEqual([])
  })

  it('退出 quits', () => {
    expect(trayAction('quit', 'unlocked')).toEqual([{ kind: 'quit' }])
    expect(trayAction('quit', 'locked')).toEqual([{ kind: 'quit' }])
  })
})

describe('the window close button', () => {
  it('hides the window on Windows and Linux when 关闭窗口时最小化到托盘 is on', () => {
    expect(closeAction({ platform: 'win32', closeToTray: true, quitting: false })).toBe('hide')
    expect(closeAction({ platform: 'linux', closeToTray: true, quitting: false })).toBe('hide')
  })

  it('closes it when the setting is off (the default)', () => {
    expect(DEFAULT_SETTINGS.closeToTray).toBe(false)
    expect(closeAction({ platform: 'win32', closeToTray: DEFAULT_SETTINGS.closeToTray, quitting: false })).toBe('close')
  })

  it('closes it while the app quits (退出, the menu, the OS), whatever the setting', () => {
    expect(closeAction({ platform: 'win32', closeToTray: true, quitting: true })).toBe('close')
  })

  it('leaves macOS its dock: the window closes and the app stays', () => {
    expect(closeAction({ platform: 'darwin', closeToTray: true, quitting: false })).toBe('close')
  })
})

describe("the shell's state", () => {
  it('starts in Chinese, closing for real, with the lock unknown (private)', () => {
    expect(INITIAL_SHELL_STATE).toEqual({ language: 'zh-CN', closeToTray: false, session: 'unknown' })
    expect(isPrivate(INITIAL_SHELL_STATE.session)).toBe(true)
  })

  it('follows settings.changed and session.changed, and nothing else', () => {
    const settings = { ...DEFAULT_SETTINGS, language: 'en-US' as const, closeToTray: true }
    const a = nextShellState(INITIAL_SHELL_STATE, 'settings.changed', settings)
    expect(a).toEqual({ language: 'en-US', closeToTray: true, session: 'unknown' })
    const b = nextShellState(a, 'session.changed', { status: 'unlocked', offline: false, profile: null })
    expect(b.session).toBe('unlocked')
    expect(isPrivate(b.session)).toBe(false)
    expect(nextShellState(b, 'payment.completed', {})).toBe(b)
    const c = nextShellState(b, 'session.changed', { status: 'locked', offline: false, profile: null })
    expect(isPrivate(c.session)).toBe(true)
    expect(isPrivate('none')).toBe(false)
  })
})
