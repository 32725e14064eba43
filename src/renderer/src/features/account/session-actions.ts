import { h, ref } from 'vue'
import { useRouter } from 'vue-router'
import { useI18n } from 'vue-i18n'
import { ElCheckbox, ElMessageBox } from 'element-plus'
import Dexie from 'dexie'
import { useSessionStore } from '@renderer/stores/session'
import { clearReplica } from '@renderer/db/replica'
import { UNDO_DB_NAME } from '@renderer/db/backup'
import { replica } from '@renderer/stores/sync'

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

  /**
   * 退出登录, optionally clearing the replica (history, balances, messages, and a restore's undo copy):
   * the rows are sealed either way, and clearing leaves nothing of this customer's history here.
   */
  async function signOut(options: { confirm?: boolean } = {}): Promise<void> {
    const clear = ref(false)
    if (options.confirm !== false) {
      try {
        await ElMessageBox.confirm(
          () =>
            h('div', { class: 'sign-out-confirm' }, [
              h('p', t('account.layout.signOutConfirm')),
              h(
                ElCheckbox,
                {
                  modelValue: clear.value,
                  'onUpdate:modelValue': (value: string | number | boolean) => (clear.value = value === true),
                  'data-testid': 'sign-out-clear',
                },
                () => t('account.layout.signOutClear'),
              ),
            ]),
          t('account.layout.signOutTitle'),
          {
            confirmButtonText: t('account.layout.signOutOk'),
            cancelButtonText: t('common.cancel'),
            type: 'warning',
          },
        )
      } catch {
        return
      }
    }
    if (!(await session.signOut())) return
    if (clear.value) {
      await clearReplica(replica())
      await Dexie.delete(UNDO_DB_NAME)
    }
    await router.replace('/sign-in')
  }

  return { lockNow, signOut }
}
