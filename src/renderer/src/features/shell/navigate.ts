import { watch } from 'vue'
import type { RouteLocationRaw, Router } from 'vue-router'
import type { EventPayload } from '@shared/contract'
import { onEvent } from '@renderer/api/client'
import { payLocation } from '@renderer/features/payments/pay-route'

type ShellTarget = EventPayload<'shell.navigate'>['target']

/** The screen each of main's targets names (src/shared/contract/constants.ts SHELL_TARGETS). */
export function shellLocation(target: ShellTarget): RouteLocationRaw {
  switch (target) {
    case 'paycode':
      return payLocation('paycode')
  }
}

/**
 * Follows main's `shell.navigate` (the tray's 付款码). A locked wallet goes through the lock screen
 * first: the request waits while the wallet is locked or a public screen (lock, sign-in) is shown, and
 * is carried out once that screen has moved on by itself (to 首页 after unlocking); pushing at once
 * would race its navigation. A newer request replaces one still waiting. Call once, from App.vue's setup.
 */
export function followShellNavigation(router: Router, unlocked: () => boolean, listen: typeof onEvent = onEvent): () => void {
  let waiting: ShellTarget | null = null
  function go(): void {
    if (waiting === null || !unlocked() || router.currentRoute.value.meta.public) return
    const to = shellLocation(waiting)
    waiting = null
    void router.push(to)
  }
  const stopRoutes = router.afterEach((_to, _from, failure) => {
    if (!failure) go()
  })
  const stopWatch = watch(unlocked, go)
  const stopEvent = listen('shell.navigate', ({ target }) => {
    waiting = target
    go()
  })
  return () => {
    stopRoutes()
    stopWatch()
    stopEvent()
  }
}
