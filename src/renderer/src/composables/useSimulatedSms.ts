import { h, onBeforeUnmount, onMounted } from 'vue'
import type { Router } from 'vue-router'
import { ElNotification, type NotificationHandle } from 'element-plus'
import type { EventPayload } from '@shared/contract'
import { onEvent } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'

export type SimulatedSms = EventPayload<'sms.received'>

const PURPOSES = ['register', 'login', 'deregister', 'reset-login', 'reset-pay'] as const

/** How long a code without a stated validity stays on screen. */
export const SMS_SHOWN_MS = 5 * 60_000

let current: NotificationHandle | undefined

/** Closes the 模拟短信 on screen: its code was used, or the screen that asked for it was left. */
export function closeSimulatedSms(): void {
  current?.close()
  current = undefined
}

/**
 * Shows one simulated SMS (模拟短信) as a notification, replacing the previous one so an old code never
 * sits next to a new one. There is no real SMS: the mock bank emits the code. It closes by itself when
 * the code expires (the bank's `expiresAt`; hovering keeps it), with its close button, when the code is
 * used (closeSimulatedSms) or when the screen that asked for it is left (useSimulatedSms). It sits at
 * the bottom right, clear of the header's language, sync and quick actions.
 */
export function showSimulatedSms(sms: SimulatedSms): NotificationHandle {
  const t = i18n.global.t
  const purpose = (PURPOSES as readonly string[]).includes(sms.purpose) ? sms.purpose : 'other'
  const validMs = sms.expiresAt === undefined ? undefined : sms.expiresAt - sms.at
  const note =
    validMs === undefined || validMs <= 0
      ? t('activation.sms.noteNoExpiry')
      : t('activation.sms.note', { minutes: Math.max(1, Math.round(validMs / 60_000)) })
  current?.close()
  current = ElNotification({
    title: t('activation.sms.title'),
    type: 'info',
    duration: sms.expiresAt === undefined ? SMS_SHOWN_MS : Math.max(1_000, sms.expiresAt - Date.now()),
    showClose: true,
    position: 'bottom-right',
    customClass: 'simulated-sms',
    message: h('div', { class: 'simulated-sms-body', 'data-testid': 'simulated-sms' }, [
      h('p', { style: 'margin:0 0 4px' }, t('activation.sms.to', { phone: sms.phoneMasked })),
      h('p', { style: 'margin:0 0 4px' }, t('activation.sms.purpose', { purpose: t(`activation.sms.purposes.${purpose}`) })),
      h('p', { style: 'margin:0 0 6px' }, [
        `${t('activation.sms.code')} `,
        h(
          'strong',
          { class: 'tabular', style: 'font-size:20px;letter-spacing:3px', 'data-testid': 'simulated-sms-code' },
          sms.code,
        ),
      ]),
      h('p', { style: 'margin:0;font-size:12px;color:var(--el-text-color-secondary)' }, note),
    ]),
  })
  return current
}

/**
 * Listens for `sms.received` while the calling component is mounted. Call once from App.vue's setup,
 * with the router: moving to another screen (a sign-in that went through to 首页) closes the code.
 */
export function useSimulatedSms(router?: Router): void {
  let stop: (() => void) | undefined
  let stopRoute: (() => void) | undefined
  onMounted(() => {
    stop = onEvent('sms.received', showSimulatedSms)
    stopRoute = router?.afterEach((to, from, failure) => {
      if (!failure && to.path !== from.path) closeSimulatedSms()
    })
  })
  onBeforeUnmount(() => {
    stop?.()
    stopRoute?.()
    closeSimulatedSms()
  })
}
