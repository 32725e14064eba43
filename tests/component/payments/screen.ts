import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Component } from 'vue'
import type { ChannelName } from '@shared/contract'
import type { PaymentDone, TxSummary } from '@shared/contract/payments'
import type { ErrorCode, Result, WireError } from '@shared/errors'
import { setBridge } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'
import { createFakeBridge } from '../fake-bridge'

type Handler = (input: unknown) => Result<unknown> | Promise<Result<unknown>>

export const ok = <T>(value: T) => ({ ok: true as const, value })
export const refuse = (code: ErrorCode, details?: WireError['details']): Result<never> => ({
  ok: false,
  error: { code, message: code, ...(details ? { details } : {}) },
})

/** A payment screen on the fake bridge, with a router (the outcome links to 账单) and the real i18n. */
export async function mountScreen(component: Component, handlers: Partial<Record<ChannelName, Handler>>, props = {}) {
  i18n.global.locale.value = 'zh-CN'
  const fake = createFakeBridge(handlers)
  setBridge(fake.bridge)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => null } },
      { path: '/history', component: { render: () => null } },
    ],
  })
  await router.push('/')
  await router.isReady()
  const wrapper = mount(component, {
    props,
    global: { plugins: [createPinia(), router, i18n, ElementPlus] },
    attachTo: document.body,
  })
  await settle()
  const sent = (channel: ChannelName) => fake.calls.filter((c) => c.channel === channel).map((c) => c.input)
  return { wrapper, fake, sent }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 1))
  }
}

/** An element anywhere in the page (dialogs are teleported to the body). */
export const $ = (testid: string) => document.body.querySelector<HTMLElement>(`[data-testid="${testid}"]`)

export async function typeOnKeypad(digits: string): Promise<void> {
  for (const d of digits) {
    $(`keypad-${d}`)!.click()
    await flushPromises()
  }
  await settle()
}

/** Clicks a button of the message box opened last (earlier ones may still be fading out). */
export async function answerBox(text: string): Promise<string> {
  const box = [...document.body.querySelectorAll('.el-message-box')].at(-1)!
  const said = box.textContent ?? ''
  ;[...box.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === text)!.click()
  await settle()
  return said
}

export function tx(patch: Partial<TxSummary> = {}): TxSummary {
  return {
    txId: 'T1',
    kind: 'transfer_out',
    direction: 'out',
    amountFen: 2000,
    discountFen: 0,
    paidFen: 2000,
    status: 'succeeded',
    title: '转账',
    counterparty: { kind: 'wallet', name: '李*', account: '139****9000' },
    createdAt: 1_750_000_000_000,
    balanceAfterFen: 98_000,
    ...patch,
  }
}

export const done = (patch: Partial<TxSummary> = {}, balanceFen = 98_000): PaymentDone => ({
  queued: false,
  transaction: tx(patch),
  balanceFen,
})

/** A form item shows its error after Element Plus's debounce (100 ms). */
export async function fieldErrors(): Promise<string[]> {
  await new Promise((r) => setTimeout(r, 150))
  await flushPromises()
  return [...document.body.querySelectorAll('.el-form-item__error')].map((e) => e.textContent?.trim() ?? '')
}
