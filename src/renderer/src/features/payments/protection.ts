import { onBeforeUnmount, watch, type Ref } from 'vue'
import { call } from '@renderer/api/client'

export type ProtectedSurface = 'paycode' | 'password'

/**
 * Tells main while a pay code or the payment-password sheet is on screen, so that the window is kept out
 * of screenshots and screen recordings then (src/main/shell/session-hygiene.ts). Without `shown` the
 * surface counts as shown for as long as the component is mounted. Best effort: a shell without content
 * protection (the browser harness) simply ignores it.
 */
export function useContentProtection(surface: ProtectedSurface, shown?: Ref<boolean>): void {
  let on = false
  const tell = (next: boolean) => {
    if (next === on) return
    on = next
    call('window.protect', { surface, on: next }).catch(() => undefined)
  }
  if (shown) watch(shown, (now) => tell(now), { immediate: true })
  else tell(true)
  onBeforeUnmount(() => tell(false))
}
