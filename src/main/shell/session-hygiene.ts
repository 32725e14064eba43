/**
 * Two promises the wallet keeps about the screen, decided here and applied by thin Electron adapters
 * (src/main/shell/electron/power.ts, src/main/index.ts):
 *  - the wallet locks when the computer goes to sleep or its screen is locked, as it does after idling;
 *  - the window is hidden from screen capture and recording while a pay code or the payment-password
 *    sheet is on it.
 */

/** powerMonitor events after which the wallet locks (suspend: sleep or hibernate; lock-screen: Win+L, ⌃⌘Q, the screensaver lock). */
export const LOCKING_SYSTEM_EVENTS = ['suspend', 'lock-screen'] as const
export type LockingSystemEvent = (typeof LOCKING_SYSTEM_EVENTS)[number]

export function locksWallet(event: string): event is LockingSystemEvent {
  return (LOCKING_SYSTEM_EVENTS as readonly string[]).includes(event)
}

/** What the renderer shows that a screen recorder must not see. */
export const PROTECTED_SURFACES = ['paycode', 'password'] as const
export type ProtectedSurface = (typeof PROTECTED_SURFACES)[number]

export interface ContentProtection {
  /** A surface appeared (`on`) or went away; unknown surfaces are ignored. */
  set(surface: string, on: boolean): void
  /** Whether the window is protected now. */
  active(): boolean
  /** Applies the current state again (a new window). */
  reapply(): void
}

/**
 * Protection is on while at least one surface is shown, and `apply` is told only when that changes.
 * A surface shown twice and hidden once is hidden (the renderer reports states, not counts).
 */
export function createContentProtection(apply: (on: boolean) => void): ContentProtection {
  const shown = new Set<ProtectedSurface>()
  let applied = false
  const update = () => {
    const want = shown.size > 0
    if (want === applied) return
    applied = want
    apply(want)
  }
  return {
    set(surface, on) {
      if (!(PROTECTED_SURFACES as readonly string[]).includes(surface)) return
      if (on) shown.add(surface as ProtectedSurface)
      else shown.delete(surface as ProtectedSurface)
      update()
    },
    active: () => applied,
    reapply: () => apply(applied),
  }
}
