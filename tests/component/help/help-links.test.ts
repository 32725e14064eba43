import 'fake-indexeddb/auto'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { defineComponent, h, type Component } from 'vue'
import { assessLink } from '@shared/link-guard'
import { setBridge } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'
import { routes } from '@renderer/router'
import ComingSoon from '@renderer/components/ComingSoon.vue'
import { PAY_ACTIONS } from '@renderer/features/payments/pay-route'
import HelpView from '@renderer/views/help/HelpView.vue'
import { HELP_SECTIONS, helpLinks } from '@renderer/views/help/topics'
import { createFakeBridge } from '../fake-bridge'

// happy-dom has no 2D canvas: the pay code is drawn by libraries these tests do not look at.
vi.mock('qrcode', () => ({ default: { toCanvas: vi.fn(() => Promise.resolve()) } }))
vi.mock('jsbarcode', () => ({ default: vi.fn() }))

enableAutoUnmount(afterEach)

/** The queries a route understands; a link with any other query lands on a default it did not mean. */
const QUERIES: Record<string, (query: Record<string, unknown>) => boolean> = {
  pay: (q) => Object.keys(q).length === 1 && PAY_ACTIONS.some((a) => a === q.action),
}

function appRouter(): Router {
  return createRouter({ history: createMemoryHistory(), routes })
}

/** Every bank call fails as if offline: a screen mounted here only has to show what it is. */
function offlineBridge() {
  const fake = createFakeBridge({})
  fake.bridge.invoke = async () => ({ ok: false, error: { code: 'NETWORK', message: 'offline' } })
  return fake
}

/**
 * Where an address of the app goes, or why it goes nowhere: an unknown path (the catch-all), a query the
 * route does not understand, or a screen that is the "即将开放" placeholder.
 */
async function problemOf(router: Router, href: string): Promise<string | null> {
  const target = router.resolve(href.replace(/^#/, ''))
  const record = target.matched.at(-1)
  if (!record || target.matched.some((m) => m.redirect !== undefined) || !target.name) return `${href}: no such route`
  const name = String(target.name)
  const accepts = QUERIES[name] ?? ((q: Record<string, unknown>) => Object.keys(q).length === 0)
  if (!accepts(target.query)) return `${href}: ${name} does not understand ${JSON.stringify(target.query)}`
  const entry = record.components?.default
  if (!entry) return `${href}: no screen`
  // The app's screens are lazy: a loader that resolves to the module.
  const view: Component = typeof entry === 'function' ? (await (entry as () => Promise<{ default: Component }>)()).default : entry
  setBridge(offlineBridge().bridge)
  const pinia = createPinia()
  setActivePinia(pinia)
  const screen = mount(view, { shallow: true, global: { plugins: [pinia, router, i18n, ElementPlus] } })
  await flushPromises()
  const placeholder = screen.findComponent(ComingSoon).exists()
  screen.unmount()
  return placeholder ? `${href}: ${name} is a placeholder (即将开放)` : null
}

async function mountHelp(locale: 'zh-CN' | 'en-US' = 'zh-CN') {
  i18n.global.locale.value = locale
  setBridge(offlineBridge().bridge)
  const router = appRouter()
  await router.push('/help')
  await router.isReady()
  const pinia = createPinia()
  setActivePinia(pinia)
  const wrapper = mount(HelpView, { global: { plugins: [pinia, router, i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** The links of the rendered page that stay in the app. */
function appLinks(root: Element): string[] {
  return [...root.querySelectorAll<HTMLAnchorElement>('a[data-testid^="help-link-"]')].map((a) => a.getAttribute('href') ?? '')
}

describe('帮助 has no dead ends', () => {
  it('renders every link of HELP_SECTIONS, in order, and no app link besides', async () => {
    const { wrapper, router } = await mountHelp()
    const expected = helpLinks().map(({ link }) => router.resolve(link.to).href)
    expect(expected.length).toBeGreaterThan(10)
    expect(appLinks(wrapper.element)).toEqual(expected)
    // Any other anchor is an address outside the app, opened only through the link guard.
    const others = [...(wrapper.element as HTMLElement).querySelectorAll('a[href]')].filter(
      (a) => !a.matches('[data-testid^="help-link-"]'),
    )
    expect(others.map((a) => a.getAttribute('data-testid'))).toEqual(others.map(() => 'guarded-link'))
  })

  it('every link of the page goes to a real screen that understands it', async () => {
    const { wrapper, router } = await mountHelp()
    const problems: string[] = []
    for (const href of new Set(appLinks(wrapper.element))) {
      const problem = await problemOf(router, href)
      if (problem) problems.push(problem)
    }
    expect(problems).toEqual([])
  })

  it('the walker itself fails on an unknown address, a query a route ignores and a placeholder screen', async () => {
    const router = appRouter()
    expect(await problemOf(router, '#/help')).toBeNull()
    expect(await problemOf(router, '#/pay?action=online')).toBeNull()
    expect(await problemOf(router, '#/nowhere')).toMatch(/no such route/)
    expect(await problemOf(router, '#/pay?action=checkout-later')).toMatch(/does not understand/)
    expect(await problemOf(router, '#/bills?tab=water')).toMatch(/does not understand/)
    const Soon = defineComponent({ setup: () => () => h(ComingSoon, { title: '优惠', subtitle: '即将开放' }) })
    router.addRoute({ path: '/soon', name: 'soon', component: () => Promise.resolve({ default: Soon }) })
    expect(await problemOf(router, '#/soon')).toMatch(/placeholder/)
  })

  it('an unknown route name cannot even be rendered', () => {
    expect(() => appRouter().resolve({ name: 'no-such-screen' })).toThrow()
  })

  it('answers every question of the product brief, with the wallet beside a bank card as a table', async () => {
    const { wrapper } = await mountHelp()
    const text = wrapper.text()
    for (const question of [
      '如何激活工行数字钱包？',
      '验证码未收到怎么办？',
      '信息填写错误怎么办？',
      '数字钱包可以进行哪些支付？',
      '如何确保数字钱包的安全？',
      '数字钱包与传统银行卡有什么区别？',
      '如何注销数字钱包？',
      '快捷支付怎么用？',
      '如何使用优惠？',
      '如何使用理财？',
      '为什么要备份？怎样备份？',
    ])
      expect(text).toContain(question)
    expect(wrapper.get('[data-testid="help-hotline"]').text()).toBe('95588')
    const table = wrapper.get('[data-testid="help-compare"]')
    const rows = table.findAll('tbody tr').map((r) => r.findAll('th, td').map((c) => c.text()))
    expect(rows.map((r) => r[0])).toEqual(['使用方式', '便捷性', '安全性'])
    expect(rows.every((r) => r.length === 3 && r.every((c) => c.length > 0))).toBe(true)
    const site = wrapper.get('[data-testid="help-official-site"] a')
    const assessed = assessLink(site.attributes('href')!)
    expect(assessed.ok && assessed.flags).toEqual([])
  })

  it('says every question, answer and link in English too', async () => {
    const { wrapper } = await mountHelp('en-US')
    expect(wrapper.text()).not.toMatch(/[\u4e00-\u9fff]/)
    for (const section of HELP_SECTIONS)
      for (const topic of section.topics) {
        expect(i18n.global.te(`help.topics.${topic.id}.title`, 'en-US')).toBe(true)
        expect(i18n.global.te(`help.topics.${topic.id}.body`, 'zh-CN')).toBe(true)
        for (const link of topic.links) expect(i18n.global.te(`help.links.${link.id}`, 'en-US')).toBe(true)
      }
  })
})
