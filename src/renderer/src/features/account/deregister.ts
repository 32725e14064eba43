import { ref, shallowRef } from 'vue'
import Dexie from 'dexie'
import type { DeregisterCheck, SmsTicket } from '@shared/contract'
import { ApiError, call } from '@renderer/api/client'
import { useAsyncAction } from '@renderer/composables/useAsyncAction'
import { describeProblem } from '@renderer/features/problems/describe'
import { i18n } from '@renderer/i18n'
import { UNDO_DB_NAME } from '@renderer/db/backup'
import { forgetReplica, REPLICA_NAME } from '@renderer/stores/sync'

/** What the user types on the last page before 注销: the same words in every language, as the page shows them. */
export const CONFIRM_PHRASE = '确认注销'

const t = (key: string, params: Record<string, unknown> = {}) => i18n.global.t(key, params)

/** The message for a failed step of 注销, in the current language. */
export function deregisterProblem(error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unknown')
  const reason = typeof error.details?.reason === 'string' ? error.details.reason : undefined
  if (error.code === 'DEREGISTER_BLOCKED' && reason && i18n.global.te(`deregister.blocked.${reason}`))
    return t(`deregister.blocked.${reason}`)
  if (error.code === 'CREDENTIALS_INVALID') {
    const left = error.details?.attemptsLeft
    return typeof left === 'number' ? t('deregister.errors.passwordLeft', { n: left }) : t('deregister.errors.password')
  }
  return describeProblem(error).message
}

/** 注销's calls and state: what blocks it, the SMS code, and the deregistration itself. */
export function useDeregistration() {
  const check = shallowRef<DeregisterCheck>()
  const sms = ref<SmsTicket>()
  const action = useAsyncAction<'check' | 'sms' | 'deregister'>()

  const load = () =>
    action.run(
      'check',
      () => call('account.deregisterCheck'),
      (value) => (check.value = value),
    )
  const sendSms = () =>
    action.run(
      'sms',
      () => call('account.deregisterSendSms'),
      (value) => (sms.value = value),
    )

  /**
   * Closes the wallet at the bank; main has wiped its side when this answers. Then this renderer's
   * replica goes (forgetThisComputer) and the app starts afresh at the welcome screen.
   */
  async function deregister(input: { password: string; smsCode: string; totpCode?: string; deleteAutoBackups: boolean }) {
    let kept: number | undefined
    const ok = await action.run(
      'deregister',
      () => call('account.deregister', input),
      (done) => (kept = done.autoBackupsKept),
    )
    return ok ? { autoBackupsKept: kept ?? 0 } : undefined
  }

  return { check, sms, action, load, sendSms, deregister }
}

/** Set across the reload that follows 注销: the welcome screen finishes the wipe and says so. */
export const DEREGISTERED_FLAG = 'icbc-wallet-deregistered'

async function deleteReplicas(): Promise<void> {
  await forgetReplica()
  await Dexie.delete(REPLICA_NAME)
  await Dexie.delete(UNDO_DB_NAME)
}

/**
 * The renderer's part of the wipe: the replica (and a restore's undo copy) deleted, then a fresh start
 * at the welcome screen, so no store keeps anything of the customer in memory either. A deletion that
 * another connection holds up (a view that was reading the replica) is not waited for here: the
 * welcome screen deletes again after the reload, when nothing else has the replica open.
 */
export async function forgetThisComputer(): Promise<void> {
  window.sessionStorage.setItem(DEREGISTERED_FLAG, '1')
  await Promise.race([deleteReplicas().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 3_000))])
  window.location.hash = '#/welcome'
  window.location.reload()
}

/**
 * On the welcome screen after 注销: answers at once whether to say that the wallet was closed (the bank
 * has closed it whatever happens here; false on any other visit), and deletes the replica again, now
 * that nothing has it open. The flag stays until the deletion has succeeded, so a deletion that fails
 * is tried again at the next reload; rows a closed window leaves are sealed under a key that no longer
 * exists and are cleared at the next sign-in (src/renderer/src/db/upgrade.ts, prepareReplica).
 */
export function finishDeregistration(): { deregistered: boolean; wiped: Promise<void> } {
  if (window.sessionStorage.getItem(DEREGISTERED_FLAG) !== '1') return { deregistered: false, wiped: Promise.resolve() }
  const wiped = deleteReplicas().then(() => window.sessionStorage.removeItem(DEREGISTERED_FLAG))
  return { deregistered: true, wiped }
}
