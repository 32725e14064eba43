import type { Router } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without an unlocked session (welcome, wizard, sign-in, lock). */
    public?: boolean
  }
}
import type { ActivationState, SessionStatus } from '@shared/contract'

export interface FlowState {
  session: SessionStatus['status'] | undefined
  wizard: ActivationState | undefined
}

/** A wizard the user has started and not finished (after 账户验证 the session is already open). */
export function wizardUnfinished(wizard: ActivationState | undefined): boolean {
  if (!wizard) return false
  if (wizard.step === 'done') return false
  return wizard.step !== 'register' || wizard.draft.phone !== ''
}

/**
 * Where a navigation may go, given who is signed in: the full-screen public routes (welcome,
 * wizard, sign-in, lock) are always reachable; the app itself only with an unlocked session and a
 * finished wizard. Returns the path to go to instead, or true.
 */
export function decide(to: { path: string; meta: { public?: boolean } }, flow: FlowState): true | string {
  const unfinished = wizardUnfinished(flow.wizard)
  if (to.meta.public) {
    if (flow.session === 'unlocked' && !unfinished && (to.path === '/welcome' || to.path === '/sign-in')) return '/home'
    if (flow.session === 'locked' && to.path !== '/lock' && to.path !== '/sign-in') return '/lock'
    return true
  }
  if (flow.session === 'locked') return '/lock'
  if (unfinished) return '/activate'
  if (flow.session !== 'unlocked') return '/welcome'
  return true
}

let markReady: () => void = () => {}
/** Resolved by App.vue once the vault is open and the session and wizard states are known. */
export const flowReady = new Promise<void>((resolve) => (markReady = resolve))
export function setFlowReady(): void {
  markReady()
}

export function installFlowGuard(router: Router, flow: () => FlowState): void {
  router.beforeEach(async (to) => {
    await flowReady
    const target = decide(to, flow())
    return target === true || target === to.path ? true : target
  })
}
