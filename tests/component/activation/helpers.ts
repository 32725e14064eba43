import { defineComponent, h, type Component } from 'vue'
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import ElementPlus from 'element-plus'
import { afterEach, expect, vi } from 'vitest'
import type { ActivationState, ChannelName, SessionStatus, WalletProfile } from '@shared/contract'
import type { ErrorCode, Result, WireError } from '@shared/errors'
import { setBridge } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'
import { activationRoutes } from '@renderer/router/activation-routes'
import { createFakeBridge } from '../fake-bridge'

enableAutoUnmount(afterEach)

type Handler = (input: unknown) => Result<unknown> | Promise<Result<unknown>>

export const PHONE = '13800138000'
/** GB 11643's worked example: born 1949-12-31, check character X. */
export const ID_NUMBER = '11010519491231002X'
export const NAME = '张三'
/** An ICBC BIN (622202) with a Luhn-valid check digit. */
export const ICBC_CARD = '6222020200112233446'

export const PROFILE: WalletProfile = {
  walletNo: '0021000012345678',
  nameMasked: '张*',
  phoneMasked: '138****8000',
  tier: 2,
  tierName: '二类钱包',
  caps: { perTxFen: 5_000_000, dailyFen: 10_000_000, yearlyFen: null, balanceFen: 50_000_000 },
  payPasswordSet: true,
}

export function wizardState(step: ActivationState['step'], patch: Partial<ActivationState> = {}): ActivationState {
  const created = step !== 'register' && step !== 'verify'
  return {
    step,
    draft:
      step === 'register' && !patch.draft
        ? { phone: '', name: '', idNumber: '' }
        : { phone: PHONE, name: NAME, idNumber: ID_NUMBER },
    sms: null,
    card: created && step !== 'card' ? { cardId: 'card-1', bankName: '工商银行', masked: '6222 **** **** 3446' } : null,
    profile: created ? { ...PROFILE, payPasswordSet: step === 'done' } : null,
    ...patch,
  }
}

export function sessionStatus(status: SessionStatus['status'], offline = false): SessionStatus {
  return { status, offline, profile: status === 'none' ? null : PROFILE }
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (code: ErrorCode, details?: WireError['details']): Result<never> => ({
  ok: false,
  error: details ? { code, message: code, details } : { code, message: code },
})

/** Answers the given results in turn, then keeps answering the last one. */
export function sequence(...results: Result<unknown>[]): Handler {
  let i = 0
  return () => results[Math.min(i++, results.length - 1)]!
}

export function setup(handlers: Partial<Record<ChannelName, Handler>>): {
  fake: ReturnType<typeof createFakeBridge>
  pinia: Pinia
} {
  i18n.global.locale.value = 'zh-CN'
  const fake = createFakeBridge(handlers)
  setBridge(fake.bridge)
  const pinia = createPinia()
  setActivePinia(pinia)
  return { fake, pinia }
}

const Stub = defineComponent({ render: () => h('div') })

export function testRouter(): Router {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      ...activationRoutes,
      { path: '/home', component: Stub },
      { path: '/settings', component: Stub },
      { path: '/', component: Stub },
    ],
  })
}

export async function mountView(
  component: Component,
  pinia: Pinia,
  path = '/',
): Promise<{ wrapper: VueWrapper; router: Router }> {
  const router = testRouter()
  await router.push(path)
  await router.isReady()
  const wrapper = mount(component, { global: { plugins: [pinia, i18n, ElementPlus, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** The native input behind a data-testid (Element Plus puts it on the input itself). */
function inputOf(wrapper: VueWrapper, testid: string) {
  const el = wrapper.find(`[data-testid="${testid}"]`)
  if (!el.exists()) throw new Error(`no element ${testid}`)
  return el.element.tagName === 'INPUT' ? el : el.find('input')
}

export async function fill(wrapper: VueWrapper, testid: string, value: string): Promise<void> {
  await inputOf(wrapper, testid).setValue(value)
}

export function valueOf(wrapper: VueWrapper, testid: string): string {
  return (inputOf(wrapper, testid).element as HTMLInputElement).value
}

export async function click(wrapper: VueWrapper, testid: string): Promise<void> {
  await wrapper.find(`[data-testid="${testid}"]`).trigger('click')
  await settle()
}

/** Element Plus shows a form item's error 100 ms after it is set (a debounce); wait that out. */
export async function settle(): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 120))
  await flushPromises()
}

/** Waits for a navigation (route components load lazily). */
export async function routeName(router: Router, name: string): Promise<void> {
  await vi.waitFor(() => expect(router.currentRoute.value.name ?? router.currentRoute.value.path).toBe(name))
}

export function isDisabled(wrapper: VueWrapper, testid: string): boolean {
  return (wrapper.find(`[data-testid="${testid}"]`).element as HTMLButtonElement).disabled
}

export function callsTo(fake: ReturnType<typeof createFakeBridge>, channel: ChannelName): unknown[] {
  return fake.calls.filter((c) => c.channel === channel).map((c) => c.input)
}

/** Types digits on the on-screen keypad. */
export async function keypad(wrapper: VueWrapper, digits: string): Promise<void> {
  for (const d of digits) await wrapper.find(`[data-testid="keypad-${d}"]`).trigger('click')
  await flushPromises()
}
