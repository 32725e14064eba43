import { h, onBeforeUnmount, onMounted } from 'vue'
import { ElNotification, type NotificationHandle } from 'element-plus'
import type { EventPayload } from '@shared/contract'
import { onEvent } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'

export type SimulatedSms = EventPayload<'sms.received'>

const PURPOSES = ['register', 'login', 'deregister', 'reset-login', 'reset-pay'] as const

let current: NotificationHandle | undefined

/**
 * Shows one simulated SMS (模拟短信) as a notification that stays until closed, replacing the previous
 * one so an old code never sits next to a new one. There is no real SMS: the mock bank emits the code.
 */
export function showSimulatedSms(sms: SimulatedSms): NotificationHandle {
  const t = i18n.global.t
  const purpose = (PURPOSES as readonly string[]).includes(sms.purpose) ? sms.purpose : 'other'
  current?.close()
  current = ElNotification({
    title: t('activation.sms.title'),
    type: 'info',
    duration: 0,
    position: 'top-right',
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
      h('p', { style: 'margin:0;font-size:12px;color:var(--el-text-color-secondary)' }, t('activation.sms.note')),
    ]),
  })
  return current
}

/** Listens for `sms.received` while the calling component is mounted. Call once from App.vue's setup. */
export function useSimulatedSms(): void {
  let stop: (() => void) | undefined
  onMounted(() => {
    stop = onEvent('sms.received', showSimulatedSms)
  })
  onBeforeUnmount(() => {
    stop?.()
    current?.close()
    current = undefined
  })
}
