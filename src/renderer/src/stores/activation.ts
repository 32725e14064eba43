import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ActivationState, ActivationStep } from '@shared/contract'
import { outcomeOf } from '@shared/errors'
import { ApiError, call } from '@renderer/api/client'

/** The bank's answer is unknown or it was not reached (ERROR_OUTCOMES): the same request may be sent again. */
export function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && outcomeOf(error.code) === 'unknown'
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  return new ApiError({ code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) })
}

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
  const busy = ref<ActivationAction | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const failed = ref<ActivationAction | null>(null)
  // Holds the failed request (which may include a password) only until it succeeds or is dropped.
  let again: (() => Promise<boolean>) | undefined

  const step = computed<ActivationStep | undefined>(() => state.value?.step)
  const canRetry = computed(() => error.value !== null && isNetworkError(error.value))

  function clearError(): void {
    error.value = null
    failed.value = null
    again = undefined
  }

  async function run<T>(action: ActivationAction, request: () => Promise<T>, apply: (value: T) => void): Promise<boolean> {
    if (busy.value) return false
    busy.value = action
    error.value = null
    try {
      apply(await request())
      failed.value = null
      again = undefined
      return true
    } catch (e) {
      error.value = toApiError(e)
      failed.value = action
      again = isNetworkError(e) ? () => run(action, request, apply) : undefined
      return false
    } finally {
      busy.value = null
    }
  }

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

  /** Sends the request that failed on the network again, unchanged. */
  async function retry(): Promise<boolean> {
    const request = again
    if (!request || busy.value) return false
    return request()
  }

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
