import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ActivationState, ActivationStep } from '@shared/contract'
import { call } from '@renderer/api/client'
import { useAsyncAction } from '@renderer/composables/useAsyncAction'

export type ActivationAction = 'load' | 'register' | 'sendSms' | 'verify' | 'bindCard' | 'setPayPassword' | 'back' | 'cancel'

export interface RegisterForm {
  phone: string
  name: string
  idNumber: string
  password: string
}

/**
 * The wizard as main reports it. One call at a time (a second submit while one is running is ignored);
 * after a network failure `retry()` sends the very same request again, so main reuses its idempotency key.
 */
export const useActivationStore = defineStore('activation', () => {
  const state = ref<ActivationState>()
  const { busy, error, failed, canRetry, clearError, run, retry } = useAsyncAction<ActivationAction>()

  const step = computed<ActivationStep | undefined>(() => state.value?.step)

  const setState = (next: ActivationState) => {
    if (state.value?.step !== next.step) clearError()
    state.value = next
  }

  const load = () => run('load', () => call('activation.state'), setState)

  const register = (form: RegisterForm) => run('register', () => call('activation.register', { ...form, agreed: true }), setState)

  const sendSms = () =>
    run(
      'sendSms',
      () => call('activation.sendSms'),
      (sms) => {
        if (state.value) state.value = { ...state.value, sms }
      },
    )

  const verify = (code: string) => run('verify', () => call('activation.verify', { code }), setState)

  const bindCard = (pan: string, reservedPhone: string) =>
    run('bindCard', () => call('activation.bindCard', { pan, reservedPhone }), setState)

  const setPayPassword = (payPassword: string) =>
    run('setPayPassword', () => call('activation.setPayPassword', { payPassword }), setState)

  const back = () => run('back', () => call('activation.back'), setState)

  const cancel = () => run('cancel', () => call('activation.cancel'), setState)

  return {
    state,
    step,
    busy,
    error,
    failed,
    canRetry,
    clearError,
    load,
    register,
    sendSms,
    verify,
    bindCard,
    setPayPassword,
    back,
    cancel,
    retry,
  }
})
