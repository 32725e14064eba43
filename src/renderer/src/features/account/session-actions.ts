import { useRouter } from 'vue-router'
import { useI18n } from 'vue-i18n'
import { ElMessageBox } from 'element-plus'
import { useSessionStore } from '@renderer/stores/session'

/** Whether the shortcuts use ⌘ (macOS) or Ctrl. */
export const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
/** How 立即锁定's shortcut is written on this system. */
export const lockKeys = isMac ? '⌘L' : 'Ctrl+L'

/**
 * 立即锁定 and 退出登录, as the layout and 设置 → 账户与安全 offer them: lock asks main (`session.lock`) and
 * App.vue follows to the lock screen; sign-out asks first, then revokes the token and shows the sign-in screen.
 */
export function useSessionActions() {
  const router = useRouter()
  const { t } = useI18n()
  const session = useSessionStore()

  function lockNow(): void {
    void session.lock()
  }

  async function signOut(options: { confirm?: boolean } = {}): Promise<void> {
    if (options.confirm !== false) {
      try {
        await ElMessageBox.confirm(t('account.layout.signOutConfirm'), t('account.layout.signOutTitle'), {
          confirmButtonText: t('account.layout.signOutOk'),
          cancelButtonText: t('common.cancel'),
          type: 'warning',
        })
      } catch {
        return
      }
    }
    if (await session.signOut()) await router.replace('/sign-in')
  }

  return { lockNow, signOut }
}
