import { onBeforeUnmount, onMounted } from 'vue'
import { useSessionStore } from '@renderer/stores/session'

const EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel'] as const

/**
 * Postpones main's idle lock while the user is active: mouse and keyboard activity anywhere in the
 * window becomes at most one `session.activity` call per 30 s. Call once from App.vue's setup.
 */
export function useActivityPing(): void {
  const session = useSessionStore()
  const onActivity = () => session.touchActivity()
  onMounted(() => {
    session.listen()
    for (const name of EVENTS) window.addEventListener(name, onActivity, { passive: true })
  })
  onBeforeUnmount(() => {
    for (const name of EVENTS) window.removeEventListener(name, onActivity)
  })
}
